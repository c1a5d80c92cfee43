"""Read queries for applications: the one scoping selector every list, detail, page and download uses."""

from django.db.models import Q, QuerySet

from programs.selectors import officer_scope_q

from .models import Application, ApplicationEvent, Attachment, Status, TeamMember

# Assignment statuses that let a reviewer read the application (reviews.models.AssignmentStatus values).
REVIEWER_VISIBLE_ASSIGNMENT_STATUSES = ("invited", "accepted", "completed")


def applications_for_user(user) -> QuerySet[Application]:
    """Applications `user` may see; anything else is a 404 for them.

    - director: all;
    - officer: applications of calls in their platforms or programs;
    - everyone else (applicants, reviewers — often the same researcher): their own, those whose
      team lists them, and those assigned to them for review (invited, accepted or completed),
      never a draft and never one they have a conflict of interest with.
    """
    qs = Application.objects.select_related("call__stage__program", "call__platform", "applicant", "institution")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_director:
        return qs
    if user.is_officer:
        return qs.filter(officer_scope_q(user, platform_path="call__platform", program_path="call__stage__program"))
    # A researcher may both apply and review: own/team applications, plus the ones assigned to
    # them for review (never a draft, never one they have a conflict of interest with).
    on_team = TeamMember.objects.filter(user=user).values("application_id")
    assigned = Application.objects.filter(
        assignments__reviewer=user, assignments__status__in=REVIEWER_VISIBLE_ASSIGNMENT_STATUSES
    ).values("pk")
    conflicted = Application.objects.filter(conflicts__reviewer=user).values("pk")
    reviewing = Q(pk__in=assigned) & ~Q(status=Status.DRAFT) & ~Q(pk__in=conflicted)
    return qs.filter(Q(applicant=user) | Q(pk__in=on_team) | reviewing)


def attachments_for_user(user) -> QuerySet[Attachment]:
    """Attachments (not removed) of the applications `user` may see."""
    return Attachment.objects.filter(
        application__in=applications_for_user(user).values("pk"), removed_at__isnull=True
    ).select_related("application")


def application_events(application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor").order_by("at", "id")
