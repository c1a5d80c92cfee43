"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from sangaku.routers import SimpleRouter

from .api import PlatformReportViewSet

router = SimpleRouter()
router.register("platform-reports", PlatformReportViewSet, basename="platform-report")

urlpatterns = router.urls
