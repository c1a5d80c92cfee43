"""What manual and automatic assignment share: which applications take reviewers, due dates, load, the invitation."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from applications.workflow import PENDING_STATES
from notifications.services import notify

from .conflicts import ACTIVE_ASSIGNMENT_STATUSES
from .models import Assignment, AssignmentEvent, AssignmentStatus

# Applications that may still receive reviewers: submitted and not yet final (derived from the table).
ASSIGNABLE_STATUSES = PENDING_STATES


def default_due_at(now=None) -> dt.datetime:
    days = int(settings.REVIEW_DUE_DAYS)
    return (now or timezone.now()) + dt.timedelta(days=days)


def application_text(app) -> str:
    return " ".join(filter(None, [app.title, app.title_en, app.summary, app.keywords]))


def _invitation_context(assignment: Assignment) -> dict:
    app, reviewer = assignment.application, assignment.reviewer
    return {
        "name": reviewer.display_name or reviewer.username,
        "number": app.receipt_number or str(app.pk),
        "application": app.title,
        "due": timezone.localtime(assignment.due_at).strftime("%Y-%m-%d %H:%M"),
        "link": "/review/",
    }


def notify_assignment(assignment: Assignment) -> None:
    """The invitation: the application's title and number, the due date in JST as people read it, a full link."""
    notify(
        recipient=assignment.reviewer,
        kind="assignment_invitation",
        context=_invitation_context(assignment),
        dedup_key=f"assignment_invitation:{assignment.pk}",
        link="/review/",
    )


def notify_assignments(assignments) -> None:
    """The same invitations for many assignments (the auto-assignment): one INSERT and one hand-over to the
    worker whatever their number; each still once only (its dedup key)."""
    from notifications.services import Pending, notification_render, notify_bulk

    items = []
    for assignment in assignments:
        language = getattr(assignment.reviewer, "preferred_language", "ja")
        subject, body = notification_render(
            kind="assignment_invitation", language=language, context=_invitation_context(assignment)
        )
        items.append(
            Pending(
                recipient_id=assignment.reviewer_id,
                kind="assignment_invitation",
                subject=subject,
                body=body,
                dedup_key=f"assignment_invitation:{assignment.pk}",
                link="/review/",
            )
        )
    notify_bulk(items=items)


def record_assigned(assignments, actor, note: str = "") -> None:
    """The audit trail's first row: who assigned the reviewer and when (creation, not a transition).

    On PostgreSQL one INSERT … SELECT FROM unnest of the ids (an auto-assignment writes thousands)."""
    from django.db import connection
    from django.utils import timezone

    assignments = list(assignments)
    if connection.vendor == "postgresql" and assignments:
        quote = connection.ops.quote_name
        columns = ", ".join(
            quote(c) for c in ("assignment_id", "actor_id", "action", "from_status", "to_status", "note", "at")
        )
        head = f"INSERT INTO {quote(AssignmentEvent._meta.db_table)} ({columns}) "
        body = "SELECT a, %s, 'assign', '', %s, %s, %s FROM unnest(%s::bigint[]) AS x(a)"
        # Only our quoted table and column names are formatted in; every value is a parameter.
        sql = head + body  # nosec B608
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    getattr(actor, "pk", None),
                    str(AssignmentStatus.INVITED),
                    note,
                    timezone.now(),
                    [a.pk for a in assignments],
                ],
            )
        return
    AssignmentEvent.objects.bulk_create(
        [
            AssignmentEvent(
                assignment=a,
                actor=actor,
                action="assign",
                from_status="",
                to_status=AssignmentStatus.INVITED,
                note=note,
            )
            for a in assignments
        ]
    )


def call_load(call_id: int, reviewer_ids) -> dict[int, int]:
    load = dict.fromkeys(reviewer_ids, 0)
    for reviewer_id in Assignment.objects.filter(
        application__call_id=call_id, reviewer_id__in=list(reviewer_ids), status__in=ACTIVE_ASSIGNMENT_STATUSES
    ).values_list("reviewer_id", flat=True):
        load[reviewer_id] += 1
    return load
