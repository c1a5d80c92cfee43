"""Page routes of this app, mounted at the site root by sangaku/urls.py."""

urlpatterns: list = []
