"""Replacements: a reviewer who declines, or is withdrawn for a conflict, leaves a hole.

A hole is a declined or withdrawn assignment with no `replaced_by`, on an application that
still takes reviewers. The board marks it 「交代が必要」, the officer's desk counts it, and the
officers in scope are notified once per hole (outbox, dedup key). The officer fills it with the
ordinary manual assignment: the new assignment is linked to the oldest open hole of the same
application (`replaced_by`) and a `replace` event on the old assignment names the successor.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Role
from notifications.services import notify
from sangaku.bulk import among

from .assigning import ASSIGNABLE_STATUSES
from .models import Assignment, AssignmentEvent, AssignmentStatus

HOLE_STATUSES = (AssignmentStatus.DECLINED, AssignmentStatus.WITHDRAWN)


def open_holes_q() -> Q:
    """Assignments whose place is empty and still needs filling."""
    return Q(status__in=HOLE_STATUSES, replaced_by__isnull=True, application__status__in=ASSIGNABLE_STATUSES)


def holes_of(application) -> list[Assignment]:
    """The open holes of an application with prefetched `assignments` (the board)."""
    if application.status not in ASSIGNABLE_STATUSES:
        return []
    return [a for a in application.assignments.all() if a.status in HOLE_STATUSES and a.replaced_by_id is None]


def _officers_of(application):
    call = application.call
    return (
        get_user_model()
        .objects.filter(role=Role.OFFICER, is_active=True)
        .filter(Q(officer_platforms=call.platform_id) | Q(officer_programs=call.stage.program_id))
        .distinct()
    )


def replacement_needed_notify(assignment: Assignment) -> int:
    """Tell the officers in scope that this assignment needs a replacement; never twice for one hole."""
    application = assignment.application
    if assignment.status not in HOLE_STATUSES or application.status not in ASSIGNABLE_STATUSES:
        return 0
    sent = 0
    for officer in _officers_of(application):
        sent += bool(
            notify(
                recipient=officer,
                kind="replacement_needed",
                context={
                    "name": officer.display_name or officer.username,
                    "number": application.receipt_number or str(application.pk),
                    "application": application.title,
                    "reviewer": str(assignment.reviewer),
                    "status": AssignmentStatus(assignment.status).label,
                    "link": f"/review/calls/{application.call_id}/",
                },
                dedup_key=f"replacement_needed:{assignment.pk}:{officer.pk}",
                link=f"/review/calls/{application.call_id}/",
            )
        )
    return sent


def replacements_record(new_assignments, actor) -> dict[int, Assignment]:
    """Link new assignments to the open holes of their applications, oldest hole first, one for one;
    each replaced assignment gets a `replace` event naming its successor. Returns {new pk: replaced}."""
    new_assignments = list(new_assignments)
    holes: dict[int, list[Assignment]] = {}
    for hole in (
        Assignment.objects.select_for_update(of=("self",))
        .filter(open_holes_q(), among("application_id", {a.application_id for a in new_assignments}))
        .exclude(among("id", [a.pk for a in new_assignments]))
        .order_by("responded_at", "id")
    ):
        holes.setdefault(hole.application_id, []).append(hole)
    replaced, events = {}, []
    for new in new_assignments:
        queue = holes.get(new.application_id)
        if not queue:
            continue
        old = queue.pop(0)
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
        replaced[new.pk] = old
        events.append(
            AssignmentEvent(
                assignment=old,
                actor=actor,
                action="replace",
                from_status=old.status,
                to_status=old.status,
                note=_("後任の審査委員: %(reviewer)s") % {"reviewer": new.reviewer},
            )
        )
    AssignmentEvent.objects.bulk_create(events)
    return replaced
