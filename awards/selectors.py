"""Read queries for awards and progress reports: the one scoping selector for lists, details, pages and downloads."""

import datetime as dt

from django.db.models import BooleanField, Count, ExpressionWrapper, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.selectors import team_application_ids
from programs.selectors import officer_scope_q
from sangaku.nplusone import repeated_on_purpose

from .models import Award, AwardEvent, ProgressReport, ReportAttachment, ReportEvent
from .workflow import DELIVERED_REPORT_STATES


def overdue_q(today: dt.date | None = None, prefix: str = "") -> Q:
    """Reports past their due date and not yet submitted or accepted."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}due_on__lt": today}) & ~Q(**{f"{prefix}status__in": DELIVERED_REPORT_STATES})


def _overdue_reports_count():
    """The number of an award's overdue reports, as a subquery: no join, so each award stays one row (a join on
    reports multiplied any count or sum taken over the awards by the number of their reports)."""
    overdue = (
        ProgressReport.objects.filter(overdue_q(), award=OuterRef("pk"))
        .order_by()
        .values("award")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(overdue, output_field=IntegerField()), 0)


def awards_for_user(user) -> QuerySet[Award]:
    """Awards `user` may see; anything else is a 404 for them.

    - director: all;
    - officer: awards of calls in their platforms or programs;
    - everybody: awards they hold and awards whose application lists them as a team member.
    """
    qs = Award.objects.select_related(
        "application__call__stage__program", "application__call__platform", "holder", "predecessor", "successor"
    ).annotate(overdue_reports=_overdue_reports_count())
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_director:
        return qs
    visible = Q(holder=user) | Q(application__in=team_application_ids(user))
    if user.is_officer:
        visible |= officer_scope_q(
            user, platform_path="application__call__platform", program_path="application__call__stage__program"
        )
    return qs.filter(visible)


def reports_for_user(user) -> QuerySet[ProgressReport]:
    """Progress reports of the awards `user` may see."""
    return (
        ProgressReport.objects.filter(award__in=awards_for_user(user).values("pk"))
        .select_related("award__holder", "award__application__call__stage", "award__application__call__platform")
        .annotate(is_overdue=ExpressionWrapper(overdue_q(), output_field=BooleanField()))
    )


def report_attachments_for_user(user) -> QuerySet[ReportAttachment]:
    return ReportAttachment.objects.filter(report__in=reports_for_user(user).values("pk")).select_related("report")


def award_events(award: Award) -> QuerySet[AwardEvent]:
    return award.events.select_related("actor").order_by("at", "id")


def report_events(report: ProgressReport) -> QuerySet[ReportEvent]:
    return report.events.select_related("actor").order_by("at", "id")


def award_chain(award: Award) -> list[Award]:
    """The whole promotion chain an award belongs to, earliest stage first (Step 1 → Step 2; 育成型 → 本格型)."""
    chain = [award]
    seen = {award.pk}
    current = award
    # One query per step, on purpose: a chain holds at most a few awards (Step 1 → Step 2; 育成型 → 本格型).
    with repeated_on_purpose():
        while current.predecessor_id and current.predecessor_id not in seen:
            current = Award.objects.select_related("application__call__stage", "predecessor").get(
                pk=current.predecessor_id
            )
            chain.insert(0, current)
            seen.add(current.pk)
    current = award
    while True:
        nxt = Award.objects.select_related("application__call__stage").filter(predecessor_id=current.pk).first()
        if nxt is None or nxt.pk in seen:
            break
        chain.append(nxt)
        seen.add(nxt.pk)
        current = nxt
    return chain
