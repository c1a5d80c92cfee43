"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from sangaku.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register(r"calls/(?P<call_id>\d+)/interviews", api.CallInterviewViewSet, basename="call-interviews")
router.register(r"interviews", api.InterviewViewSet, basename="interview")

urlpatterns = router.urls
