"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
