"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from django.urls import path

from .api import ApplicationLetterList

urlpatterns = [
    path("applications/<int:application_id>/letters/", ApplicationLetterList.as_view(), name="application-letters"),
]
