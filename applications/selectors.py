"""Read queries for applications: the one scoping selector every list, detail, page and download uses."""

from django.db.models import Q, QuerySet

from programs.selectors import officer_scope_q

from .models import Application, ApplicationEvent, Attachment, MembershipStatus, Status, TeamMember
from .permissions import visibility_hooks_q

# --- The team that counts ---------------------------------------------------------------------------------------
# Only accepted rows count for any rule, check, view, message, letter or export: a pending or declined invitee
# is named on the team but is no member of it. Every reader of "the team" goes through these four functions.


def accepted_team(application=None) -> QuerySet[TeamMember]:
    """Team rows that count (accepted), of one application or of all."""
    rows = TeamMember.objects.filter(status=MembershipStatus.ACCEPTED)
    return rows if application is None else rows.filter(application=application)


def team_application_ids(user) -> QuerySet:
    """Ids of the applications whose accepted team lists `user` (a subquery: `pk__in=` / `application__in=`)."""
    return accepted_team().filter(user=user).values("application_id")


def is_on_team(user, application) -> bool:
    """The applicant, or an accepted member with an account."""
    if not getattr(user, "is_authenticated", False):
        return False
    return application.applicant_id == user.pk or accepted_team(application).filter(user=user).exists()


def team_users(application) -> QuerySet:
    """The accounts of the team that counts (the applicant and accepted members), active only."""
    from django.contrib.auth import get_user_model

    members = accepted_team(application).filter(user__isnull=False).values("user_id")
    return get_user_model().objects.filter(Q(pk=application.applicant_id) | Q(pk__in=members), is_active=True)


def applications_for_user(user) -> QuerySet[Application]:
    """Applications `user` may see; anything else is a 404 for them.

    - director: all;
    - officer: applications of calls in their platforms or programs;
    - everyone else (applicants, reviewers — often the same researcher): their own, those whose
      team lists them (accepted), and those a later app's visibility hook grants (reviews: assigned to them
      for review, never a draft, never one they have a conflict of interest with);
    - a research-office user (所属機関承認) also sees every application of their own institution that was
      sent beyond the draft — never another institution's.
    """
    qs = Application.objects.select_related("call__stage__program", "call__platform", "applicant", "institution")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_director:
        return qs
    if user.is_officer:
        return qs.filter(officer_scope_q(user, platform_path="call__platform", program_path="call__stage__program"))
    # A researcher may both apply and review: own/team applications, plus what the hooks grant.
    granted = Q(applicant=user) | Q(pk__in=team_application_ids(user)) | visibility_hooks_q(user)
    if user.is_research_office and user.affiliation_id:
        granted |= Q(institution_id=user.affiliation_id) & ~Q(status=Status.DRAFT)
    return qs.filter(granted)


def institution_queue_for_user(user) -> QuerySet[Application]:
    """Applications waiting for the approval of `user`'s research office (through the one scoping selector)."""
    if not getattr(user, "is_research_office", False):
        return Application.objects.none()
    return applications_for_user(user).filter(status=Status.INSTITUTION_REVIEW, institution_id=user.affiliation_id)


def attachments_for_user(user) -> QuerySet[Attachment]:
    """Attachments (not removed) of the applications `user` may see."""
    return Attachment.objects.filter(
        application__in=applications_for_user(user).values("pk"), removed_at__isnull=True
    ).select_related("application")


def application_events(application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor").order_by("at", "id")


def invitations_for_user(user) -> QuerySet[TeamMember]:
    """Team rows that name `user` on someone else's application (pending, accepted or declined)."""
    if not getattr(user, "is_authenticated", False):
        return TeamMember.objects.none()
    return (
        TeamMember.objects.filter(user=user)
        .exclude(application__applicant=user)
        .select_related("application__call", "application__applicant")
        .order_by("-id")
    )
