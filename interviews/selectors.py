"""Reads of the interviews app. `interviews_for_user` is THE scoping query: the applicant sees their own
interview, a panelist the interviews they sit on (never one they have a conflict with), officers those in
scope, directors all. Anything else is absent (404)."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from programs.models import Call
from reviews.conflicts import conflicted_ids
from reviews.models import ConflictOfInterest, ReviewerProfile
from reviews.selectors import calls_for_officer, reviewer_pool

from .models import Interview, InterviewSlot, InterviewStatus, PanelMember
from .permissions import officer_q

LIVE = (InterviewStatus.OFFERED, InterviewStatus.CHANGE_REQUESTED, InterviewStatus.CONFIRMED, InterviewStatus.HELD)
HELD = (InterviewStatus.HELD, InterviewStatus.SCORED)


def _sits_on(user) -> Exists:
    conflicted = ConflictOfInterest.objects.filter(
        reviewer_id=user.pk, application_id=OuterRef("interview__application_id")
    )
    return Exists(
        PanelMember.objects.filter(interview_id=OuterRef("pk"), reviewer_id=user.pk).exclude(Exists(conflicted))
    )


def interviews_for_user(user) -> QuerySet[Interview]:
    qs = Interview.objects.select_related(
        "application__call__stage__interview_rubric", "application__applicant", "slot"
    ).prefetch_related(Prefetch("panel", queryset=PanelMember.objects.select_related("reviewer")))
    if not user.is_authenticated:
        return qs.none()
    if user.is_director:
        return qs
    visible = Q(application__applicant=user) | Q(sits_on=True)
    if user.is_officer:
        visible |= officer_q(user)
    return qs.annotate(sits_on=_sits_on(user)).filter(visible)


def interview_calls_for_officer(user) -> QuerySet[Call]:
    """Calls whose interviews an officer (or director) runs: in scope, the stage uses interviews."""
    return calls_for_officer(user).filter(stage__uses_interviews=True)


def call_interviews(call) -> QuerySet[Interview]:
    return (
        Interview.objects.filter(application__call=call)
        .select_related("application__applicant", "slot")
        .prefetch_related(Prefetch("panel", queryset=PanelMember.objects.select_related("reviewer")))
        .order_by("slot__starts_at", "id")
    )


def call_slots(call) -> QuerySet[InterviewSlot]:
    live = Interview.objects.filter(slot=OuterRef("pk")).exclude(status=InterviewStatus.CANCELLED)
    return InterviewSlot.objects.filter(call=call).annotate(taken=Exists(live)).order_by("starts_at", "id")


def free_slots(call) -> QuerySet[InterviewSlot]:
    return call_slots(call).filter(taken=False)


def conflicted_reviewer_ids(application, reviewer_ids) -> set[int]:
    """The reviewers among `reviewer_ids` with a conflict with `application` (the one rule, `reviews.conflicts`)."""
    return conflicted_ids(application_id=application.pk, person_ids=reviewer_ids)


def panel_candidates(interview) -> list[ReviewerProfile]:
    """The call's reviewer pool minus the panel and every reviewer with a conflict with the application."""
    pool = list(reviewer_pool(interview.application.call))
    seated = set(interview.panel.values_list("reviewer_id", flat=True))
    conflicted = conflicted_reviewer_ids(interview.application, [p.user_id for p in pool])
    return [p for p in pool if p.user_id not in seated | conflicted]


def panel_seat(interview, user) -> PanelMember | None:
    return PanelMember.objects.filter(interview=interview, reviewer=user).first() if user.is_authenticated else None


def held_interview_count(*, call_ids=None) -> int:
    qs = Interview.objects.filter(status__in=HELD)
    if call_ids is not None:
        qs = qs.filter(application__call_id__in=list(call_ids))
    return qs.count()


def panel_seats(application) -> dict:
    """The application's interview panelists for `applications.identity`: 面接審査委員N in the order they were seated."""
    from applications.identity import PANELIST, Seat

    seated = PanelMember.objects.filter(interview__application=application).order_by("id")
    return {
        user_id: Seat(PANELIST, n)
        for n, user_id in enumerate(dict.fromkeys(seated.values_list("reviewer_id", flat=True)), start=1)
    }
