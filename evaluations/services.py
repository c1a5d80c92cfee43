"""Writes of evaluations: scheduling from the catalog, the panel, scores, and the outcome.

- `schedule_evaluations(award)`: one evaluation per year of the stage's `EvaluationPlan` that falls
  inside the award (and before its last fiscal year); idempotent (a second run creates nothing).
- `evaluator_assign`: an evaluator from the reviewer pool, refused when conflicted with the award's
  application (the same detection and records as review assignments, `reviews.conflicts`).
- `evaluation_score_save` / `evaluation_score_submit`: scores on the evaluation rubric, validated by the
  review scoresheet's rules (`reviews.scoresheet`), the weighted mean as in reviews.
- `evaluation_transition`: one row of `EVALUATION_WORKFLOW`; an outcome's effect on the award
  (new yearly budgets, an early end) runs in the same transaction (`carry_out_outcome`).
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Award, AwardStatus
from awards.schedule import fiscal_years_between
from awards.services import award_budgets_revise, award_change_end_date, award_transition
from notifications.services import notify
from programs.fiscal import fiscal_year_bounds
from reviews.conflicts import conflicted_ids, refuse_if_conflicted
from reviews.models import ReviewerProfile
from reviews.scoresheet import _comment_errors, _score_errors
from reviews.scoring import weighted_score
from sangaku import bounds
from sangaku.errors import Forbidden, NotFound, Problem, Refused, invalid

from .models import (
    YEAR_INDEX_MAX,
    YEAR_INDEX_MIN,
    Evaluation,
    EvaluationAssignment,
    EvaluationAssignmentEvent,
    EvaluationPlan,
    EvaluationStatus,
    EvaluatorStatus,
    Outcome,
)
from .permissions import is_evaluation_officer
from .workflow import ASSIGNMENT_WORKFLOW, COUNTED_EVALUATOR_STATES, EVALUATION_WORKFLOW

# An evaluation in fiscal year N is due on this day of that fiscal year, so its outcome applies from N + 1.
DUE_MONTH, DUE_DAY = 1, 31


def due_on_for(fiscal_year: int, *, starts_on: dt.date | None = None) -> dt.date:
    """31 January of the fiscal year; the year's last day when the award starts after that day."""
    due = dt.date(fiscal_year + 1, DUE_MONTH, DUE_DAY)
    if starts_on is not None and due <= starts_on:
        return fiscal_year_bounds(fiscal_year)[1]
    return due


def plan_for(award: Award) -> EvaluationPlan | None:
    return (
        EvaluationPlan.objects.select_related("stage__rubric", "evaluation_rubric")
        .filter(stage_id=award.application.call.stage_id)
        .first()
    )


def _award_years(award: Award) -> list[int]:
    return fiscal_years_between(award.starts_on, award.ends_on)


@transaction.atomic
def schedule_evaluations(award: Award) -> list[Evaluation]:
    """Create the evaluations the stage's plan asks of `award`; returns those created (none on a rerun).

    Year n of the plan is the award's n-th fiscal year; only years with a fiscal year after them inside
    the award are scheduled (an evaluation in the last year could change nothing). Planned and running
    awards only.
    """
    plan = plan_for(award)
    if plan is None or award.status not in (AwardStatus.PLANNED, AwardStatus.ACTIVE):
        return []
    years = _award_years(award)
    rows = [
        Evaluation(
            award=award,
            year_index=n,
            fiscal_year=years[n - 1],
            due_on=due_on_for(years[n - 1], starts_on=award.starts_on),
            rubric=plan.rubric,
        )
        for n in sorted(set(plan.evaluation_years))
        if n < len(years)
    ]
    existing = set(Evaluation.objects.filter(award=award).values_list("year_index", flat=True))
    new = [row for row in rows if row.year_index not in existing]
    # Two runs at once: the unique (award, year_index) lets the database keep one.
    Evaluation.objects.bulk_create(new, ignore_conflicts=True)
    return new


def _lock_award_for(award_id: int, actor) -> Award:
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("application__call__stage__program", "application__call__platform")
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        raise NotFound(_("採択課題が見つかりません。"))
    from awards.permissions import is_officer_for_award

    if not is_officer_for_award(actor, award):
        raise Forbidden(_("この採択課題の評価を登録する権限がありません。"))
    return award


@transaction.atomic
def evaluation_create(*, award_id: int, actor, year_index: int, due_on: dt.date | None = None) -> Evaluation:
    """Add one evaluation to a running award by hand (officer in scope): its n-th fiscal year, an optional due date."""
    award = _lock_award_for(award_id, actor)
    if award.status not in (AwardStatus.PLANNED, AwardStatus.ACTIVE):
        raise Refused(
            _("実施中の課題だけ評価を登録できます（現在: %(status)s）。") % {"status": AwardStatus(award.status).label},
            code="illegal_transition",
        )
    years = _award_years(award)
    if not YEAR_INDEX_MIN <= int(year_index) <= min(len(years), YEAR_INDEX_MAX):
        raise invalid(
            {
                "year_index": _("%(lo)s〜%(hi)s年度目で入力してください（この課題の実施期間）。")
                % {"lo": YEAR_INDEX_MIN, "hi": min(len(years), YEAR_INDEX_MAX)}
            }
        )
    year_index = int(year_index)
    if Evaluation.objects.filter(award=award, year_index=year_index).exists():
        raise Refused(
            _("%(n)s年度目の評価は既に登録されています。") % {"n": year_index},
            problems=[Problem("year_index", _("別の年度を選んでください。"))],
            code="duplicate",
        )
    plan = plan_for(award)
    fiscal_year = years[year_index - 1]
    return Evaluation.objects.create(
        award=award,
        year_index=year_index,
        fiscal_year=fiscal_year,
        due_on=due_on or due_on_for(fiscal_year, starts_on=award.starts_on),
        rubric=plan.rubric if plan else award.application.call.stage.rubric,
    )


def _lock_evaluation(evaluation_id: int) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("award__application__call__stage__program", "award__application__call__platform", "rubric")
        .filter(pk=evaluation_id)
        .first()
    )
    if evaluation is None:
        raise NotFound(_("評価が見つかりません。"))
    return evaluation


def _require_officer(actor, evaluation, label: str) -> None:
    if not is_evaluation_officer(actor, evaluation):
        raise Forbidden(_("この評価に対して「%(label)s」を行う権限がありません。") % {"label": label})


def _require_open(evaluation) -> None:
    if evaluation.status not in (EvaluationStatus.SCHEDULED, EvaluationStatus.IN_REVIEW):
        raise Refused(
            _("この評価は「%(status)s」のため変更できません。") % {"status": EvaluationStatus(evaluation.status).label},
            code="illegal_transition",
        )


@transaction.atomic
def evaluation_update(*, evaluation_id: int, actor, due_on: dt.date) -> Evaluation:
    """Move the due date of an open evaluation (officer in scope)."""
    evaluation = _lock_evaluation(evaluation_id)
    _require_officer(actor, evaluation, _("評価期限の変更"))
    _require_open(evaluation)
    if not bounds.DATE_MIN <= due_on <= bounds.DATE_MAX:
        raise invalid({"due_on": str(bounds.DATE_MESSAGE)})
    evaluation.due_on = due_on
    evaluation.save(update_fields=["due_on"])
    return evaluation


def evaluator_conflicts(evaluation: Evaluation, evaluator_ids) -> set[int]:
    """Evaluators conflicted with the award's application (the one rule, `reviews.conflicts`)."""
    return conflicted_ids(application_id=evaluation.award.application_id, person_ids=evaluator_ids)


def eligible_evaluators(evaluation: Evaluation):
    """Active reviewers of the pool, without the conflicted ones and those already on the panel."""
    from accounts.models import User

    pool = list(ReviewerProfile.objects.filter(active=True).values_list("user_id", flat=True))
    taken = set(evaluation.assignments.exclude(status=EvaluatorStatus.WITHDRAWN).values_list("evaluator_id", flat=True))
    conflicted = evaluator_conflicts(evaluation, pool) if pool else set()
    return User.objects.filter(pk__in=set(pool) - taken - conflicted).order_by("display_name", "username")


@transaction.atomic
def evaluator_assign(*, evaluation_id: int, evaluator, actor) -> EvaluationAssignment:
    """Put an evaluator from the reviewer pool on the panel (officer in scope); a conflicted one is refused."""
    evaluation = _lock_evaluation(evaluation_id)
    _require_officer(actor, evaluation, _("評価委員の割当"))
    _require_open(evaluation)
    if not ReviewerProfile.objects.filter(user=evaluator, active=True).exists():
        raise invalid({"evaluator": _("評価委員は審査委員の名簿（有効な審査委員）から選んでください。")})
    refuse_if_conflicted(
        application_id=evaluation.award.application_id, person=evaluator, field="evaluator", seat=_("評価委員")
    )
    existing = evaluation.assignments.filter(evaluator=evaluator).first()
    if existing is not None:
        if existing.status != EvaluatorStatus.WITHDRAWN:
            return existing  # the same request again
        raise Refused(_("取り消した評価委員は再び割り当てられません。"), code="withdrawn")
    assignment = EvaluationAssignment.objects.create(evaluation=evaluation, evaluator=evaluator, assigned_by=actor)
    EvaluationAssignmentEvent.objects.create(
        assignment=assignment, actor=actor, action="assign", from_status="", to_status=assignment.status
    )
    notify(
        recipient=evaluator,
        kind="evaluation_assignment",
        context={
            "name": evaluator.display_name or evaluator.username,
            "award": evaluation.award.award_number,
            "title": evaluation.award.application.title,
            "due": evaluation.due_on.isoformat(),
            "link": f"/evaluations/{evaluation.pk}/",
        },
        dedup_key=f"evaluation_assignment:{assignment.pk}",
        link=f"/evaluations/{evaluation.pk}/",
    )
    return assignment


def _criteria(evaluation: Evaluation):
    """The rubric's criteria, read once per evaluation object (scores, then comments, are checked)."""
    if "_criteria" not in evaluation.__dict__:
        rubric = evaluation.rubric or evaluation.award.application.call.stage.rubric
        evaluation.__dict__["_criteria"] = list(rubric.criteria.all()) if rubric else []
    return evaluation.__dict__["_criteria"]


def _own_assignment_locked(evaluation_id: int, actor) -> EvaluationAssignment:
    assignment = (
        EvaluationAssignment.objects.select_for_update(of=("self",))
        .select_related("evaluation__rubric", "evaluation__award__application__call__stage")
        .filter(evaluation_id=evaluation_id, evaluator=actor)
        .exclude(status=EvaluatorStatus.WITHDRAWN)
        .first()
    )
    if assignment is None:
        raise NotFound(_("評価が見つかりません。"))
    if assignment.evaluation.status != EvaluationStatus.IN_REVIEW:
        raise Refused(
            _("評価中の評価だけ評点を入力できます（現在: %(status)s）。")
            % {"status": EvaluationStatus(assignment.evaluation.status).label},
            code="not_in_review",
        )
    return assignment


@transaction.atomic
def evaluation_score_save(
    *, evaluation_id: int, actor, scores=None, comments=None, comment=None
) -> EvaluationAssignment:
    """Save the evaluator's draft scores (partial allowed, each checked against the rubric)."""
    assignment = _own_assignment_locked(evaluation_id, actor)
    if assignment.status != EvaluatorStatus.ASSIGNED:
        raise Refused(_("提出済みの評価は変更できません。"), code="locked")
    criteria = _criteria(assignment.evaluation)
    errors = {}
    if scores is not None:
        merged = {**assignment.scores, **(scores if isinstance(scores, dict) else {})}
        clean, score_errors = _score_errors(
            {k: v for k, v in merged.items() if v not in (None, "")} if isinstance(scores, dict) else scores,
            criteria,
            complete=False,
        )
        if score_errors:
            errors["scores"] = score_errors
        assignment.scores = clean
    if comments is not None:
        merged = {**assignment.comments, **comments} if isinstance(comments, dict) else comments
        clean, comment_errors = _comment_errors(merged, criteria, complete=False)
        if comment_errors:
            errors["comments"] = comment_errors
        assignment.comments = clean
    if comment is not None:
        if len(comment) > bounds.COMMENT_MAX:
            errors["comment"] = [_("%(max)s文字以内で入力してください。") % {"max": bounds.COMMENT_MAX}]
        assignment.comment = comment
    if errors:
        raise invalid(errors)
    assignment.save(update_fields=["scores", "comments", "comment"])
    return assignment


@transaction.atomic
def evaluation_score_submit(*, evaluation_id: int, actor) -> EvaluationAssignment:
    """Check the scores are complete on the rubric, store the weighted mean and lock them (row `submit`)."""
    assignment = _own_assignment_locked(evaluation_id, actor)
    criteria = _criteria(assignment.evaluation)
    if assignment.status == EvaluatorStatus.ASSIGNED:
        clean, errors = _score_errors(assignment.scores, criteria, complete=True)
        if not errors and criteria:
            assignment.weighted_score = weighted_score(clean, criteria)
            assignment.save(update_fields=["weighted_score"])
    return ASSIGNMENT_WORKFLOW.run(pk=assignment.pk, action="submit", actor=actor)


def evaluator_withdraw(*, assignment_id: int, actor, note: str) -> EvaluationAssignment:
    return ASSIGNMENT_WORKFLOW.run(pk=assignment_id, action="withdraw", actor=actor, note=note)


def evaluation_transition(
    *,
    evaluation_id: int,
    action: str,
    actor,
    note: str = "",
    conditions: str | None = None,
    budgets: dict | None = None,
    stop_on: dt.date | None = None,
) -> Evaluation:
    """Run one row of `EVALUATION_WORKFLOW`: start, an outcome (continue, continue_with_conditions,
    budget_change with `budgets` {fiscal year: yen}, stop with a note and an optional `stop_on`), or cancel."""
    params = {}
    if conditions is not None:
        params["conditions"] = conditions
    if budgets is not None:
        params["budgets"] = budgets
    if stop_on is not None:
        params["stop_on"] = stop_on
    return EVALUATION_WORKFLOW.run(pk=evaluation_id, action=action, actor=actor, note=note, **params)


# --- guards (registered in EvaluationsConfig.ready) ------------------------------------------------------------


def evaluation_award_running(evaluation, **_context) -> list[Problem]:
    if evaluation.award.status == AwardStatus.ACTIVE:
        return []
    return [
        Problem(
            "award",
            _("採択課題が実施中ではありません（現在: %(status)s）。")
            % {"status": AwardStatus(evaluation.award.status).label},
            "award_not_active",
        )
    ]


def evaluation_panel_scored(evaluation, **_context) -> list[Problem]:
    """At least one evaluator has submitted, and no evaluator on the panel is still scoring."""
    live = evaluation.assignments.exclude(status=EvaluatorStatus.WITHDRAWN)
    submitted = live.filter(status__in=COUNTED_EVALUATOR_STATES).count()
    waiting = live.filter(status=EvaluatorStatus.ASSIGNED).count()
    if not submitted:
        return [Problem("assignments", _("評価委員の評価がまだ1件も提出されていません。"), "panel_not_scored")]
    if waiting:
        return [
            Problem(
                "assignments",
                _("評価を提出していない評価委員が%(n)s名います（提出を待つか、割当を取り消してください）。")
                % {"n": waiting},
                "panel_not_scored",
            )
        ]
    return []


def evaluation_conditions_given(evaluation, *, conditions=None, **_context) -> list[Problem]:
    text = (conditions or "").strip()
    if not text:
        return [Problem("conditions", _("継続の条件を入力してください。"), "conditions_required")]
    if len(text) > bounds.NOTE_MAX:
        return [Problem("conditions", _("%(max)s文字以内で入力してください。") % {"max": bounds.NOTE_MAX}, "too_long")]
    return []


def evaluation_budgets_given(evaluation, *, budgets=None, **_context) -> list[Problem]:
    if not isinstance(budgets, dict) or not budgets:
        return [Problem("budgets", _("変更後の年度別予算を入力してください。"), "budgets_required")]
    return []


def evaluation_scores_complete(assignment, **_context) -> list[Problem]:
    criteria = _criteria(assignment.evaluation)
    _clean, errors = _score_errors(assignment.scores, criteria, complete=True)
    _c, comment_errors = _comment_errors(assignment.comments, criteria, complete=True)
    return [Problem("scores", message, "incomplete") for message in [*errors, *comment_errors]]


# --- what an outcome does to the award (receiver of EVALUATION_WORKFLOW.transitioned) --------------------------


def stop_date_for(evaluation: Evaluation) -> dt.date:
    """An evaluation's stop ends the award at the end of the evaluated fiscal year (or on `stop_on`)."""
    return evaluation.stop_on or fiscal_year_bounds(evaluation.fiscal_year)[1]


def carry_out_outcome(evaluation: Evaluation, *, actor, note: str) -> None:
    """Inside the deciding transaction: a budget change rewrites the award's yearly budgets (with an award
    event); a stop ends the award early (end date moved, pending reports regenerated, then 中止) and cancels
    the award's other open evaluations."""
    award_id = evaluation.award_id
    label = _("中間評価（%(n)s年度目）") % {"n": evaluation.year_index}
    if evaluation.outcome == Outcome.BUDGET_CHANGE:
        award_budgets_revise(
            award_id=award_id,
            budgets={int(fy): amount for fy, amount in evaluation.new_budgets.items()},
            actor=actor,
            note=f"{label} {note}".strip(),
        )
    elif evaluation.outcome == Outcome.STOP:
        award = Award.objects.get(pk=award_id)
        ends_on = stop_date_for(evaluation)
        if ends_on <= award.starts_on:
            raise invalid({"stop_on": _("中止日は課題の開始日より後の日付にしてください。")})
        if ends_on < award.ends_on:
            award_change_end_date(award_id=award_id, ends_on=ends_on, actor=actor, note=label)
        award_transition(award_id=award_id, action="terminate", actor=actor, note=f"{label}: {note}")
        for other in Evaluation.objects.filter(
            award_id=award_id, status__in=(EvaluationStatus.SCHEDULED, EvaluationStatus.IN_REVIEW)
        ).exclude(pk=evaluation.pk):
            EVALUATION_WORKFLOW.run(
                pk=other.pk,
                action="cancel",
                actor=actor,
                note=_("課題の中止により取りやめ（%(label)s）") % {"label": label},
            )


def notify_holder_of_outcome(evaluation: Evaluation, event) -> None:
    holder = evaluation.award.holder
    notify(
        recipient=holder,
        kind="evaluation_outcome",
        context={
            "name": holder.display_name or holder.username,
            "award": evaluation.award.award_number,
            "year": evaluation.year_index,
            "link": f"/awards/{evaluation.award_id}/",
        },
        dedup_key=f"evaluation_outcome:{evaluation.pk}:{event.pk}",
        link=f"/awards/{evaluation.award_id}/",
    )
