"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from sangaku.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register(r"applications/(?P<application_pk>\d+)/messages", api.MessageViewSet, basename="application-message")

urlpatterns = router.urls
