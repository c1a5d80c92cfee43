"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from django.urls import path

from .api import PublicResultList

urlpatterns = [path("public/results/", PublicResultList.as_view(), name="public-results")]
