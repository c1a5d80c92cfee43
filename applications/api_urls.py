"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from django.urls import path

from sangaku.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("applications", api.ApplicationViewSet, basename="application")
router.register(
    r"applications/(?P<application_pk>\d+)/budget-lines", api.BudgetLineViewSet, basename="application-budget-line"
)
router.register(r"applications/(?P<application_pk>\d+)/members", api.TeamMemberViewSet, basename="application-member")
router.register(
    r"applications/(?P<application_pk>\d+)/attachments", api.AttachmentViewSet, basename="application-attachment"
)
router.register("invitations", api.InvitationViewSet, basename="invitation")

urlpatterns = [
    path("calls/<int:call_id>/export/", api.CallExportView.as_view(), name="call-export"),
    *router.urls,
]
