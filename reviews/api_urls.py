"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from django.urls import path

from sangaku.routers import SimpleRouter

from . import api
from .bids_api import CallBids
from .invitations_api import CallReviewerInvitations

router = SimpleRouter()
router.register("assignments", api.AssignmentViewSet, basename="assignment")
router.register("reviews", api.ReviewViewSet, basename="review")
router.register("conflicts", api.ConflictViewSet, basename="conflict")
router.register(r"calls/(?P<call_id>\d+)/auto-assign", api.AutoAssignViewSet, basename="call-auto-assign")
router.register(r"calls/(?P<call_id>\d+)/ranking", api.RankingViewSet, basename="call-ranking")
router.register(r"applications/(?P<application_id>\d+)/scores", api.ScoresViewSet, basename="application-scores")

urlpatterns = [
    path("calls/<int:call_id>/bids/", CallBids.as_view(), name="call-bids"),
    path(
        "calls/<int:call_id>/reviewer-invitations/",
        CallReviewerInvitations.as_view(),
        name="call-reviewer-invitations",
    ),
    *router.urls,
]
