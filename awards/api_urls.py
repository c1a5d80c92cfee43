"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from sangaku.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("awards", api.AwardViewSet, basename="award")
router.register("reports", api.ReportViewSet, basename="report")
router.register(
    r"applications/(?P<application_id>\d+)/checks", api.ApplicationChecksViewSet, basename="application-checks"
)

urlpatterns = router.urls
