"""Writes of the review app: assignments by hand, the reviewer's responses, conflicts recorded by officers.

Automatic assignment lives in `reviews.auto_assign`, the scoresheet in `reviews.scoresheet`;
the names below are the one place callers import them from.

Refusals (the `sangaku.errors` model): `invalid(...)` for bad input (400 with
field errors), `ReviewStateError` for a move the current
state forbids (409), `NotFound` when the object is out of the actor's reach (404).
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, Status
from applications.permissions import is_officer_for
from sangaku.errors import invalid

from .affinity import affinity_matrix
from .assigning import (
    ASSIGNABLE_STATUSES,
    application_text,
    call_load,
    default_due_at,
    notify_assignment,
    record_assigned,
)
from .auto_assign import AutoAssignResult, reviewers_auto_assign
from .conflicts import (
    DECLARABLE_KINDS,
    conflict_record,
    conflicts_detect_and_record,
    refuse_if_conflicted,
)
from .errors import ReviewStateError, out_of_reach
from .models import (
    Assignment,
    AssignmentStatus,
    ConflictKind,
    ConflictSource,
    Review,
    ReviewerProfile,
    ReviewStatus,
)
from .replacements import replacements_record
from .scoresheet import EDITABLE_FIELDS, review_save_draft, review_submit
from .workflow import ASSIGNMENT_WORKFLOW, REVIEW_WORKFLOW


@transaction.atomic
def assignment_create(*, application_id: int, reviewer, actor, due_at: dt.datetime | None = None) -> Assignment:
    """An officer assigns one reviewer to one application by hand. Conflicts and load caps are enforced."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__stage")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not is_officer_for(actor, application):
        raise out_of_reach()
    if application.status not in ASSIGNABLE_STATUSES:
        raise invalid(
            {
                "application": _("状態が「%(status)s」の申請には審査委員を割り当てられません。")
                % {"status": Status(application.status).label}
            }
        )
    profile = ReviewerProfile.objects.filter(user=reviewer, active=True).first()
    if profile is None:
        raise invalid(
            {"reviewer": _("有効な審査委員として登録されていない利用者です。審査委員名簿を確認してください。")}
        )
    # Detected afresh (the refusal rolls back any write, so nothing is recorded here) plus recorded ones.
    refuse_if_conflicted(application_id=application.pk, person=reviewer, field="reviewer", seat=_("この申請の審査委員"))
    if Assignment.objects.filter(application=application, reviewer=reviewer).exists():
        raise invalid({"reviewer": _("この審査委員は既にこの申請に割り当てられています（辞退・取消を含む）。")})
    load = call_load(application.call_id, [reviewer.pk])[reviewer.pk]
    if load >= profile.max_load_per_call:
        raise invalid(
            {
                "reviewer": _("この審査委員はこの公募で上限（%(cap)s件）まで割り当て済みです。")
                % {"cap": profile.max_load_per_call}
            }
        )
    affinity = float(affinity_matrix([application_text(application)], [profile.expertise])[0, 0])
    assignment = Assignment.objects.create(
        reviewer=reviewer,
        application=application,
        due_at=due_at or default_due_at(),
        affinity=affinity,
        assigned_by=actor,
    )
    replaced = replacements_record([assignment], actor).get(assignment.pk)
    note = _("交代（前任: %(reviewer)s）") % {"reviewer": replaced.reviewer} if replaced else ""
    record_assigned([assignment], actor, note=note)
    notify_assignment(assignment)
    return assignment


def _own_assignment_locked(assignment_id: int, actor) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application__call__stage")
        .filter(pk=assignment_id, reviewer=actor)
        .first()
    )
    if assignment is None:
        raise out_of_reach()
    return assignment


def _validate_declaration(kind: str) -> None:
    if kind not in DECLARABLE_KINDS:
        choices = "、".join(f"{k.value}（{k.label}）" for k in DECLARABLE_KINDS)
        raise invalid({"conflict_kind": _("利害関係の種類は次から選んでください: %(choices)s") % {"choices": choices}})


@transaction.atomic
def assignment_decline(*, assignment_id: int, actor, conflict_kind: str = "", note: str = "") -> Assignment:
    """The reviewer declines; with a conflict declaration the conflict is recorded too."""
    assignment = _own_assignment_locked(assignment_id, actor)
    if conflict_kind:
        _validate_declaration(conflict_kind)
    if assignment.status == AssignmentStatus.DECLINED:
        return assignment
    if assignment.status not in (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED):
        raise ReviewStateError(
            _("状態が「%(status)s」の審査割当は辞退できません。")
            % {"status": AssignmentStatus(assignment.status).label}
        )
    reason = note
    if conflict_kind:  # the reason on the event: the declared conflict, and the reviewer's note if any
        reason = _("利害関係（%(kind)s）") % {"kind": ConflictKind(conflict_kind).label} + (f": {note}" if note else "")
    assignment = ASSIGNMENT_WORKFLOW.run(pk=assignment.pk, action="decline", actor=actor, note=reason)
    for review in Review.objects.filter(assignment=assignment).exclude(status=ReviewStatus.DISCARDED):
        REVIEW_WORKFLOW.run(pk=review.pk, action="discard", actor=actor, system=True)
    if conflict_kind:
        conflict_record(
            reviewer=actor,
            application=assignment.application,
            kind=conflict_kind,
            source=ConflictSource.DECLARED,
            note=note,
            actor=actor,
        )
    return assignment


@transaction.atomic
def assignment_accept(*, assignment_id: int, actor, conflict_kind: str = "", note: str = "") -> Assignment:
    """The reviewer accepts and gets a draft review. Declaring a conflict instead turns this into a decline."""
    if conflict_kind:
        return assignment_decline(assignment_id=assignment_id, actor=actor, conflict_kind=conflict_kind, note=note)
    assignment = _own_assignment_locked(assignment_id, actor)
    if assignment.status in (AssignmentStatus.ACCEPTED, AssignmentStatus.COMPLETED):
        return assignment
    if assignment.status != AssignmentStatus.INVITED:
        raise ReviewStateError(
            _("状態が「%(status)s」の審査割当は受諾できません。")
            % {"status": AssignmentStatus(assignment.status).label}
        )
    assignment = ASSIGNMENT_WORKFLOW.run(pk=assignment.pk, action="accept", actor=actor)
    Review.objects.get_or_create(assignment=assignment)
    return assignment


@transaction.atomic
def conflict_record_by_officer(*, reviewer, application_id: int, kind: str, note: str, actor):
    """An officer records a conflict; any live assignment of the pair is withdrawn."""
    application = Application.objects.select_for_update(of=("self",)).filter(pk=application_id).first()
    if application is None or not is_officer_for(actor, application):
        raise out_of_reach()
    if kind not in ConflictKind.values:
        raise invalid({"kind": _("利害関係の種類が正しくありません。")})
    return conflict_record(
        reviewer=reviewer, application=application, kind=kind, source=ConflictSource.OFFICER, note=note, actor=actor
    )


def reviewer_profile_activated(*, profile: ReviewerProfile) -> None:
    """A reviewer joined (or returned to) the pool: check them against every live application."""
    from .conflicts import live_application_ids

    if profile.active:
        conflicts_detect_and_record(application_ids=list(live_application_ids()), reviewer_ids=[profile.user_id])


def application_submitted(*, application, actor) -> None:
    """A new application: check it against every active reviewer."""
    from .conflicts import active_reviewer_ids

    conflicts_detect_and_record(application_ids=[application.pk], reviewer_ids=list(active_reviewer_ids()), actor=actor)


__all__ = [
    "ASSIGNABLE_STATUSES",
    "EDITABLE_FIELDS",
    "AutoAssignResult",
    "ReviewStateError",
    "application_submitted",
    "assignment_accept",
    "assignment_create",
    "assignment_decline",
    "conflict_record_by_officer",
    "default_due_at",
    "review_save_draft",
    "review_submit",
    "reviewer_profile_activated",
    "reviewers_auto_assign",
]
