"""The officer's and director's desk (/office/): pipeline per call, overdue reviews and reports, recent events.

Every figure comes from the same scoping selectors as the lists it links to, in a
fixed number of queries whatever the number of calls or applications; award counts and
amounts from `awards.figures`, like the award list and the platform report.
"""

from itertools import groupby

from django.db.models import Count, Q, Sum
from django.utils import timezone

from applications.models import ApplicationEvent, Status
from applications.selectors import applications_for_user
from awards.figures import award_figures_by_call
from awards.selectors import awards_for_user, reports_for_user
from notifications.models import Channel, Notification
from reviews.selectors import assignments_for_user

from .overdue import overdue_reports_q, overdue_reviews_q

PIPELINE = [s for s in Status if s != Status.DRAFT]


def pipeline_by_call(user) -> list[dict]:
    """One row per call with applications in scope: counts by status (drafts excluded), the amount
    requested, and the awards made with their amount; ordered program → platform → year."""
    counts = {f"n_{s.value}": Count("id", filter=Q(status=s)) for s in PIPELINE}
    rows = (
        applications_for_user(user)
        .exclude(status=Status.DRAFT)
        .values(
            "call_id",
            "call__title",
            "call__fiscal_year",
            "call__closes_at",
            "call__stage__program_id",
            "call__stage__program__name",
            "call__platform_id",
            "call__platform__name",
        )
        .annotate(total=Count("id"), requested=Sum("requested_amount"), **counts)
        .order_by("call__stage__program_id", "call__platform_id", "-call__fiscal_year", "call__closes_at", "call_id")
    )
    awards = award_figures_by_call(awards_for_user(user))
    return [
        {
            "call_id": row["call_id"],
            "title": row["call__title"],
            "fiscal_year": row["call__fiscal_year"],
            "program_id": row["call__stage__program_id"],
            "program": row["call__stage__program__name"],
            "platform_id": row["call__platform_id"],
            "platform": row["call__platform__name"] or "",
            "total": row["total"],
            "requested": row["requested"] or 0,
            "awards": awards.get(row["call_id"], {}).get("awards", 0),
            "awarded": awards.get(row["call_id"], {}).get("amount_awarded", 0),
            "cells": [(status, row[f"n_{status.value}"]) for status in PIPELINE],
        }
        for row in rows
    ]


def pipeline_groups(rows: list[dict]) -> list[dict]:
    """The rows of `pipeline_by_call` grouped by program and platform, each group with its totals
    (applications, amount requested, awards, amount awarded) — the director's desk folds them."""
    groups = []
    for (_program_id, _platform_id), members in groupby(rows, key=lambda r: (r["program_id"], r["platform_id"])):
        members = list(members)
        groups.append(
            {
                "program": members[0]["program"],
                "platform": members[0]["platform"],
                "rows": members,
                "applications": sum(r["total"] for r in members),
                "requested": sum(r["requested"] for r in members),
                "awards": sum(r["awards"] for r in members),
                "awarded": sum(r["awarded"] for r in members),
                "cells": [(status, sum(dict(r["cells"])[status] for r in members)) for status in PIPELINE],
            }
        )
    return groups


def overdue_reviews(user):
    now = timezone.now()
    return assignments_for_user(user).filter(overdue_reviews_q(now)).order_by("due_at")


def replacements_needed(user):
    """Declined or withdrawn assignments nobody has replaced yet (the board's 「交代が必要」)."""
    from reviews.replacements import open_holes_q

    return (
        assignments_for_user(user)
        .filter(open_holes_q())
        .select_related("application", "reviewer")
        .order_by("responded_at", "id")
    )


def overdue_reports(user):
    return reports_for_user(user).filter(overdue_reports_q()).select_related("award__holder").order_by("due_on")


def recent_events(user, limit: int = 15):
    return (
        ApplicationEvent.objects.filter(application__in=applications_for_user(user).values("pk"))
        .select_related("actor", "application")
        .order_by("-at", "-id")[:limit]
    )


def undelivered_mails(user):
    """E-mails the outbox gave up on (after NOTIFICATION_MAX_ATTEMPTS), to people in the officer's scope.

    Directors see all; an officer those to themselves and to the applicants, reviewers
    and award holders of applications, assignments and awards in their scope.
    """
    failed = Notification.objects.filter(channel=Channel.EMAIL, failed_at__isnull=False)
    if not user.is_director:
        failed = failed.filter(
            Q(recipient=user)
            | Q(recipient__in=applications_for_user(user).values("applicant"))
            | Q(recipient__in=assignments_for_user(user).values("reviewer"))
            | Q(recipient__in=awards_for_user(user).values("holder"))
        )
    return failed.select_related("recipient").order_by("-failed_at", "-id")
