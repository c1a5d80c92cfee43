"""Page routes of this app, mounted at the site root by sangaku/urls.py."""

from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("applications/<int:pk>/messages/", views.post, name="post"),
    path("applications/<int:pk>/messages/files/<int:file_id>/", views.file_download, name="file"),
    path("account/message-delivery/", views.delivery, name="delivery"),
]
