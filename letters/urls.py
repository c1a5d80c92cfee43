from django.urls import path

from . import batch, views

app_name = "letters"

urlpatterns = [
    path("letters/<int:pk>/", views.letter, name="letter"),
    path("letters/<int:pk>/pdf/", views.letter_download, name="pdf"),
    path("letters/applications/<int:application_id>/", views.compose, name="compose"),
    path("letters/calls/<int:call_id>/templates/", views.templates, name="templates"),
    path("letters/calls/<int:call_id>/batch/", batch.batch, name="batch"),
]
