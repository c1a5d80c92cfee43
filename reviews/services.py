"""Writes of the review app: assignments (by hand and automatic), responses, reviews.

Refusals (the `sangaku.errors` model): `invalid(...)` for bad input (400 with
field errors), `ReviewStateError` for a move the current
state forbids (409), `NotFound` when the object is out of the actor's reach (404).
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Status
from applications.permissions import is_officer_for
from applications.services import application_record_event
from notifications.services import notify
from programs.models import Call
from sangaku.errors import NotFound, Refused, invalid

from .affinity import affinity_matrix
from .conflicts import (
    ACTIVE_ASSIGNMENT_STATUSES,
    DECLARABLE_KINDS,
    conflict_record,
    conflicts_detect_and_record,
    detect_conflicts,
    recorded_conflict_pairs,
)
from .models import (
    Assignment,
    AssignmentStatus,
    ConflictKind,
    ConflictSource,
    Recommendation,
    Review,
    ReviewerProfile,
    ReviewStatus,
)
from .scoring import weighted_score
from .selectors import calls_for_officer, reviewer_pool
from .solver import solve_min_cost_flow

# Applications that may still receive reviewers.
ASSIGNABLE_STATUSES = (Status.SUBMITTED, Status.SCREENING, Status.IN_REVIEW, Status.INTERVIEW)


class ReviewStateError(Refused):
    """The object's state forbids the move (HTTP 409)."""

    default_code = "conflict"


def _out_of_reach() -> NotFound:
    return NotFound(_("見つかりません。"))


def default_due_at(now=None) -> dt.datetime:
    days = int(settings.REVIEW_DUE_DAYS)
    return (now or timezone.now()) + dt.timedelta(days=days)


def _conflict_message(kinds) -> str:
    labels = "・".join(str(ConflictKind(k).label) for k in sorted(kinds))
    return _(
        "この審査委員はこの申請と利害関係（%(kinds)s）があるため割り当てできません。別の審査委員を選んでください。"
    ) % {"kinds": labels}


def _application_text(app) -> str:
    return " ".join(filter(None, [app.title, app.title_en, app.summary, app.keywords]))


def _notify_assignment(assignment: Assignment) -> None:
    app = assignment.application
    due = timezone.localtime(assignment.due_at).strftime("%Y-%m-%d %H:%M")
    notify(
        recipient=assignment.reviewer,
        kind="assignment_invitation",
        subject=_("審査のご依頼: %(number)s") % {"number": app.receipt_number or app.pk},
        body=_("「%(title)s」の審査をお願いします。審査期限: %(due)s。/review/ から受諾または辞退してください。")
        % {"title": app.title, "due": due},
        dedup_key=f"assignment_invitation:{assignment.pk}",
        link="/review/",
    )


def _call_load(call_id: int, reviewer_ids) -> dict[int, int]:
    load = dict.fromkeys(reviewer_ids, 0)
    for reviewer_id in Assignment.objects.filter(
        application__call_id=call_id, reviewer_id__in=list(reviewer_ids), status__in=ACTIVE_ASSIGNMENT_STATUSES
    ).values_list("reviewer_id", flat=True):
        load[reviewer_id] += 1
    return load


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
        raise _out_of_reach()
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
    kinds = detect_conflicts(application_ids=[application.pk], reviewer_ids=[reviewer.pk]).get(
        (reviewer.pk, application.pk), set()
    )
    kinds |= set(application.conflicts.filter(reviewer=reviewer).values_list("kind", flat=True))
    if kinds:
        raise invalid({"reviewer": _conflict_message(kinds)})
    if Assignment.objects.filter(application=application, reviewer=reviewer).exists():
        raise invalid({"reviewer": _("この審査委員は既にこの申請に割り当てられています（辞退・取消を含む）。")})
    load = _call_load(application.call_id, [reviewer.pk])[reviewer.pk]
    if load >= profile.max_load_per_call:
        raise invalid(
            {
                "reviewer": _("この審査委員はこの公募で上限（%(cap)s件）まで割り当て済みです。")
                % {"cap": profile.max_load_per_call}
            }
        )
    affinity = float(affinity_matrix([_application_text(application)], [profile.expertise])[0, 0])
    assignment = Assignment.objects.create(
        reviewer=reviewer,
        application=application,
        due_at=due_at or default_due_at(),
        affinity=affinity,
        assigned_by=actor,
    )
    _notify_assignment(assignment)
    return assignment


@dataclass
class AutoAssignResult:
    proposal: list[dict] = field(default_factory=list)  # application, reviewer, affinity
    unfilled: list[dict] = field(default_factory=list)  # application, needed, proposed, reason
    total_affinity: float = 0.0
    saved: bool = False
    assignments: list[Assignment] = field(default_factory=list)


@transaction.atomic
def reviewers_auto_assign(*, call_id: int, actor, dry_run: bool = False, due_at: dt.datetime | None = None):
    """Assign reviewers to every application of a call that still needs them, optimally.

    Maximises total affinity subject to k reviewers per application
    (`Stage.reviewers_per_application`), each reviewer's `max_load_per_call`
    (existing assignments in the call count), and no conflicted pair. Existing
    live assignments are kept; a pair that was ever assigned (declined,
    withdrawn) is not proposed again. Applications that cannot get k reviewers
    are reported with the reason. `dry_run` writes nothing.
    """
    if not calls_for_officer(actor).filter(pk=call_id).exists():
        raise _out_of_reach()
    call = Call.objects.select_for_update(of=("self",)).select_related("stage__program").get(pk=call_id)
    k = call.stage.reviewers_per_application
    apps = list(call.applications.filter(status__in=ASSIGNABLE_STATUSES).order_by("id"))
    profiles = list(reviewer_pool(call))
    result = AutoAssignResult()
    if not apps:
        return result
    app_ids = [a.pk for a in apps]
    reviewer_ids = [p.user_id for p in profiles]

    if dry_run:
        conflicted = set(detect_conflicts(application_ids=app_ids, reviewer_ids=reviewer_ids))
        conflicted |= recorded_conflict_pairs(application_ids=app_ids, reviewer_ids=reviewer_ids)
    else:
        conflicted = conflicts_detect_and_record(application_ids=app_ids, reviewer_ids=reviewer_ids, actor=actor)

    existing = list(
        Assignment.objects.filter(application_id__in=app_ids).values_list("reviewer_id", "application_id", "status")
    )
    ever_paired = {(r, a) for r, a, _s in existing}
    have = dict.fromkeys(app_ids, 0)
    for _r, a, status in existing:
        if status in ACTIVE_ASSIGNMENT_STATUSES and (_r, a) not in conflicted:
            have[a] += 1
    load = _call_load(call.pk, reviewer_ids)

    demand = [max(0, k - have[a.pk]) for a in apps]
    capacity = [max(0, p.max_load_per_call - load[p.user_id]) for p in profiles]
    eligible = np.ones((len(apps), len(profiles)), dtype=bool)
    app_index = {a.pk: i for i, a in enumerate(apps)}
    reviewer_index = {p.user_id: j for j, p in enumerate(profiles)}
    for reviewer_id, app_id in conflicted | ever_paired:
        if reviewer_id in reviewer_index and app_id in app_index:
            eligible[app_index[app_id], reviewer_index[reviewer_id]] = False
    affinity = affinity_matrix([_application_text(a) for a in apps], [p.expertise for p in profiles])
    solution = solve_min_cost_flow(affinity, eligible, demand, capacity)
    filled = solution.filled or [0] * len(apps)
    result.total_affinity = round(solution.total_affinity, 6)
    for i, j in sorted(solution.pairs):
        result.proposal.append(
            {"application": apps[i], "reviewer": profiles[j].user, "affinity": round(float(affinity[i, j]), 6)}
        )
    for i, app in enumerate(apps):
        if filled[i] >= demand[i]:
            continue
        candidates = int(eligible[i].sum())
        if have[app.pk] + candidates < k:
            reason = _("利害関係のない審査委員が不足しています（候補%(n)s名、必要%(k)s名）。") % {
                "n": have[app.pk] + candidates,
                "k": k,
            }
        else:
            reason = _("候補の審査委員が担当上限に達しているため不足しています。")
        result.unfilled.append(
            {
                "application": app,
                "needed": k,
                "assigned": have[app.pk] + filled[i],
                "reason": reason,
            }
        )
    if dry_run:
        return result

    due = due_at or default_due_at()
    rows = [
        Assignment(
            reviewer=item["reviewer"],
            application=item["application"],
            due_at=due,
            affinity=item["affinity"],
            assigned_by=actor,
        )
        for item in result.proposal
    ]
    created = Assignment.objects.bulk_create(rows)
    if created and created[0].pk is None:  # backends without RETURNING
        created = list(
            Assignment.objects.filter(
                application_id__in=app_ids, assigned_by=actor, status=AssignmentStatus.INVITED, due_at=due
            ).select_related("application", "reviewer")
        )
    for assignment in created:
        _notify_assignment(assignment)
    for app in {a.application for a in created}:
        application_record_event(
            application=app,
            actor=actor,
            action="reviewers_assigned",
            note=_("審査委員を自動割当しました（%(n)s名）。")
            % {"n": sum(1 for a in created if a.application_id == app.pk)},
        )
    result.saved = True
    result.assignments = created
    return result


def _own_assignment_locked(assignment_id: int, actor) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application__call__stage")
        .filter(pk=assignment_id, reviewer=actor)
        .first()
    )
    if assignment is None:
        raise _out_of_reach()
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
    assignment.status = AssignmentStatus.DECLINED
    assignment.responded_at = timezone.now()
    assignment.save(update_fields=["status", "responded_at"])
    Review.objects.filter(assignment=assignment).update(status=ReviewStatus.DISCARDED)
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
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.responded_at = timezone.now()
    assignment.save(update_fields=["status", "responded_at"])
    Review.objects.get_or_create(assignment=assignment)
    return assignment


@transaction.atomic
def conflict_record_by_officer(*, reviewer, application_id: int, kind: str, note: str, actor):
    """An officer records a conflict; any live assignment of the pair is withdrawn."""
    application = Application.objects.select_for_update(of=("self",)).filter(pk=application_id).first()
    if application is None or not is_officer_for(actor, application):
        raise _out_of_reach()
    if kind not in ConflictKind.values:
        raise invalid({"kind": _("利害関係の種類が正しくありません。")})
    return conflict_record(
        reviewer=reviewer, application=application, kind=kind, source=ConflictSource.OFFICER, note=note, actor=actor
    )


def _criteria(review: Review):
    rubric = review.assignment.application.call.stage.rubric
    return list(rubric.criteria.all()) if rubric else []


def _validate_scores(scores, criteria, *, complete: bool) -> dict:
    clean, errors = _score_errors(scores, criteria, complete=complete)
    if errors:
        raise invalid({"scores": errors})
    return clean


def _score_errors(scores, criteria, *, complete: bool) -> tuple[dict, list[str]]:
    """The valid scores and the messages for the others (an empty list when all is well)."""
    if not isinstance(scores, dict):
        return {}, [_("評点は {観点コード: 点数} の形式で入力してください。")]
    by_code = {c.code: c for c in criteria}
    errors = []
    clean = {}
    for code, value in scores.items():
        criterion = by_code.get(code)
        if criterion is None:
            errors.append(_("「%(code)s」はこの評価基準の観点ではありません。") % {"code": code})
            continue
        if value in (None, ""):
            continue
        if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().lstrip("-").isdigit():
            errors.append(_("「%(label)s」の評点は整数で入力してください。") % {"label": criterion.label})
            continue
        value = int(value)
        if not criterion.scale_min <= value <= criterion.scale_max:
            errors.append(
                _("「%(label)s」の評点は%(lo)s〜%(hi)sの整数で入力してください。")
                % {"label": criterion.label, "lo": criterion.scale_min, "hi": criterion.scale_max}
            )
            continue
        clean[code] = value
    if complete:
        for c in criteria:
            if c.code not in clean and c.code not in scores:
                errors.append(_("「%(label)s」（%(code)s）の評点がありません。") % {"label": c.label, "code": c.code})
            elif c.code not in clean and scores.get(c.code) in (None, ""):
                errors.append(_("「%(label)s」（%(code)s）の評点がありません。") % {"label": c.label, "code": c.code})
    return clean, errors


def _own_review_locked(review_id: int, actor) -> Review:
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("assignment__application__call__stage__rubric")
        .filter(pk=review_id, assignment__reviewer=actor)
        .first()
    )
    if review is None or review.status == ReviewStatus.DISCARDED:
        raise _out_of_reach()
    return review


EDITABLE_FIELDS = ("scores", "comment_to_applicant", "comment_to_officer", "recommendation")


@transaction.atomic
def review_save_draft(*, review_id: int, actor, data: dict) -> Review:
    """Autosave: partial scores allowed, each validated against the rubric. Submitted reviews are locked."""
    review = _own_review_locked(review_id, actor)
    if review.status != ReviewStatus.DRAFT:
        raise ReviewStateError(_("提出済みの審査結果は変更できません。"), code="locked")
    if "scores" in data:
        merged = {**review.scores, **(data["scores"] or {})}
        review.scores = _validate_scores(
            {k: v for k, v in merged.items() if v not in (None, "")}, _criteria(review), complete=False
        )
    if "recommendation" in data and data["recommendation"] not in ("", None, *Recommendation.values):
        raise invalid({"recommendation": _("総合判定の値が正しくありません。")})
    for name in ("comment_to_applicant", "comment_to_officer", "recommendation"):
        if name in data:
            setattr(review, name, data[name] or "")
    review.save()
    return review


@transaction.atomic
def review_submit(*, review_id: int, actor) -> Review:
    """Check completeness against the rubric, lock the review and complete the assignment."""
    review = _own_review_locked(review_id, actor)
    if review.status != ReviewStatus.DRAFT:
        raise ReviewStateError(_("この審査結果は既に提出されています。"), code="locked")
    criteria = _criteria(review)
    errors = {}
    clean, score_errors = _score_errors(review.scores, criteria, complete=True)
    if score_errors:
        errors["scores"] = score_errors
    else:
        review.scores = clean
    if not review.recommendation:
        errors["recommendation"] = [_("総合判定を選んでください。")]
    if errors:
        raise invalid(errors)
    review.weighted_score = weighted_score(review.scores, criteria) if criteria else None
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = timezone.now()
    review.save()
    Assignment.objects.filter(pk=review.assignment_id).update(status=AssignmentStatus.COMPLETED)
    return review


def reviewer_profile_activated(*, profile: ReviewerProfile) -> None:
    """A reviewer joined (or returned to) the pool: check them against every live application."""
    from .conflicts import live_application_ids

    if profile.active:
        conflicts_detect_and_record(application_ids=list(live_application_ids()), reviewer_ids=[profile.user_id])


def application_submitted(*, application, actor) -> None:
    """A new application: check it against every active reviewer."""
    from .conflicts import active_reviewer_ids

    conflicts_detect_and_record(application_ids=[application.pk], reviewer_ids=list(active_reviewer_ids()), actor=actor)
