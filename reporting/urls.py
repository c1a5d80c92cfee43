"""Page routes of this app, mounted at the site root by sangaku/urls.py."""

from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("office/", views.office, name="office"),
    path("reporting/dashboard/", views.dashboard, name="dashboard"),
    path("reporting/dashboard/rebuild/", views.rebuild, name="rebuild"),
]
