"""What manual and automatic assignment share: which applications take reviewers, due dates, load, the invitation."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from applications.workflow import PENDING_STATES
from notifications.services import notify
from sangaku.bulk import among, bulk_insert

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


def notify_assignments(assignments, call) -> None:
    """The auto-assignment's invitations: one per reviewer (and due date), listing every application it gave
    them, as conference systems do; a reviewer given fifteen applications gets one message, not fifteen.
    One INSERT and one hand-over to the worker whatever their number; each still once only (the dedup key
    names the reviewer and the first assignment of the batch)."""
    from notifications.services import Pending, notification_render, notify_bulk

    batches: dict[tuple[int, dt.datetime], list[Assignment]] = {}
    for assignment in sorted(assignments, key=lambda a: a.pk):
        batches.setdefault((assignment.reviewer_id, assignment.due_at), []).append(assignment)
    items = []
    for (reviewer_id, _due_at), batch in batches.items():
        reviewer = batch[0].reviewer
        context = {
            **_invitation_context(batch[0]),  # the name, the due date in JST and the link, as a single invitation
            "call": call.title,
            "count": len(batch),
            "items": [
                {"number": a.application.receipt_number or str(a.application_id), "application": a.application.title}
                for a in batch
            ],
        }
        language = getattr(reviewer, "preferred_language", "ja")
        subject, body = notification_render(kind="assignment_invitations", language=language, context=context)
        items.append(
            Pending(
                recipient_id=reviewer_id,
                kind="assignment_invitations",
                subject=subject,
                body=body,
                dedup_key=f"assignment_invitations:{reviewer_id}:{batch[0].pk}",
                link="/review/",
            )
        )
    notify_bulk(items=items)


def record_assigned(assignments, actor, note: str = "") -> None:
    """The audit trail's first row: who assigned the reviewer and when (creation, not a transition).

    One statement however many (an auto-assignment writes thousands)."""
    bulk_insert(
        AssignmentEvent,
        per_row={"assignment_id": ("bigint", [a.pk for a in assignments])},
        same={
            "actor_id": getattr(actor, "pk", None),
            "action": "assign",
            "from_status": "",
            "to_status": str(AssignmentStatus.INVITED),
            "note": note,
            "at": timezone.now(),
        },
    )


def call_load(call_id: int, reviewer_ids) -> dict[int, int]:
    load = dict.fromkeys(reviewer_ids, 0)
    for reviewer_id in Assignment.objects.filter(
        among("reviewer_id", reviewer_ids), application__call_id=call_id, status__in=ACTIVE_ASSIGNMENT_STATUSES
    ).values_list("reviewer_id", flat=True):
        load[reviewer_id] += 1
    return load
