"""Evaluation workflows as data: the evaluation's own table (an officer starts it and records the outcome)
and the evaluator's table (an evaluator submits their scores; an officer withdraws an evaluator).

Each outcome is one row (継続, 条件付き継続, 予算変更, 中止); what an outcome does to the award is carried
out by `evaluations.receivers` inside the same transaction.
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

from sangaku.workflow import Transition, Workflow

from .models import (
    Evaluation,
    EvaluationAssignment,
    EvaluationAssignmentEvent,
    EvaluationEvent,
    EvaluationStatus,
    EvaluatorStatus,
    Outcome,
)


class Actor:
    OFFICER = "officer"  # an officer in scope of the award, or a director
    EVALUATOR = "evaluator"  # the evaluator of an assignment


def _may_evaluation(user, evaluation, who: str) -> bool:
    from .permissions import actor_may

    return actor_may(user, evaluation, who)


def _may_assignment(user, assignment, who: str) -> bool:
    from .permissions import actor_may_on_assignment

    return actor_may_on_assignment(user, assignment, who)


def _apply_evaluation(
    evaluation, transition, *, actor, now, update_fields, conditions=None, budgets=None, stop_on=None, **_context
):
    """An outcome row records the outcome, who decided and when, and what it carries (conditions, budgets, end)."""
    if transition.action not in OUTCOME_ACTIONS:
        return
    evaluation.outcome = transition.action
    evaluation.decided_at = now
    evaluation.decided_by = actor
    update_fields += ["outcome", "decided_at", "decided_by"]
    if transition.action == Outcome.CONTINUE_WITH_CONDITIONS:
        evaluation.conditions = (conditions or "").strip()
        update_fields.append("conditions")
    if transition.action == Outcome.BUDGET_CHANGE:
        evaluation.new_budgets = {str(int(fy)): int(amount) for fy, amount in (budgets or {}).items()}
        update_fields.append("new_budgets")
    if transition.action == Outcome.STOP and stop_on is not None:
        evaluation.stop_on = stop_on
        update_fields.append("stop_on")


def _apply_assignment(assignment, transition, *, now, update_fields, **_context):
    if transition.action == "submit":
        assignment.submitted_at = now
        update_fields.append("submitted_at")


OUTCOME_ACTIONS = tuple(Outcome.values)

EVALUATION_WORKFLOW = Workflow(
    name="evaluation",
    model=Evaluation,
    event_model=EvaluationEvent,
    event_fk="evaluation",
    states=EvaluationStatus,
    may=_may_evaluation,
    related=("award__application__call__stage__program", "award__application__call__platform"),
    apply=_apply_evaluation,
    messages={
        "not_found": gettext_lazy("評価が見つかりません。"),
        "forbidden": gettext_lazy("この評価に対して「%(label)s」を行う権限がありません。"),
        "note_field": gettext_lazy("理由を入力してください。"),
    },
    transitions=[
        Transition(
            "start",
            (EvaluationStatus.SCHEDULED,),
            EvaluationStatus.IN_REVIEW,
            Actor.OFFICER,
            guards=("evaluation_award_running",),
            label=pgettext_lazy("action", "評価開始"),
        ),
        Transition(
            Outcome.CONTINUE,
            (EvaluationStatus.IN_REVIEW,),
            EvaluationStatus.DECIDED,
            Actor.OFFICER,
            guards=("evaluation_panel_scored",),
            decides=True,
            label=pgettext_lazy("action", "継続"),
        ),
        Transition(
            Outcome.CONTINUE_WITH_CONDITIONS,
            (EvaluationStatus.IN_REVIEW,),
            EvaluationStatus.DECIDED,
            Actor.OFFICER,
            guards=("evaluation_panel_scored", "evaluation_conditions_given"),
            decides=True,
            label=pgettext_lazy("action", "条件付き継続"),
        ),
        Transition(
            Outcome.BUDGET_CHANGE,
            (EvaluationStatus.IN_REVIEW,),
            EvaluationStatus.DECIDED,
            Actor.OFFICER,
            guards=("evaluation_panel_scored", "evaluation_budgets_given"),
            decides=True,
            label=pgettext_lazy("action", "予算変更"),
        ),
        Transition(
            Outcome.STOP,
            (EvaluationStatus.IN_REVIEW,),
            EvaluationStatus.DECIDED,
            Actor.OFFICER,
            note_required=True,
            guards=("evaluation_panel_scored",),
            decides=True,
            label=pgettext_lazy("action", "中止"),
        ),
        Transition(
            "cancel",
            (EvaluationStatus.SCHEDULED, EvaluationStatus.IN_REVIEW),
            EvaluationStatus.CANCELLED,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "評価の取りやめ"),
        ),
    ],
)

ASSIGNMENT_WORKFLOW = Workflow(
    name="evaluation_assignment",
    model=EvaluationAssignment,
    event_model=EvaluationAssignmentEvent,
    event_fk="assignment",
    states=EvaluatorStatus,
    may=_may_assignment,
    related=("evaluation__award__application__call__stage__program", "evaluation__award__application__call__platform"),
    apply=_apply_assignment,
    messages={
        "not_found": gettext_lazy("評価委員の割当が見つかりません。"),
        "forbidden": gettext_lazy("この割当に対して「%(label)s」を行う権限がありません。"),
    },
    transitions=[
        Transition(
            "submit",
            (EvaluatorStatus.ASSIGNED,),
            EvaluatorStatus.SUBMITTED,
            Actor.EVALUATOR,
            guards=("evaluation_scores_complete",),
            label=pgettext_lazy("action", "評価を提出"),
        ),
        Transition(
            "withdraw",
            (EvaluatorStatus.ASSIGNED, EvaluatorStatus.SUBMITTED),
            EvaluatorStatus.WITHDRAWN,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "評価委員の取消"),
        ),
    ],
)

EVALUATION_TRANSITIONS = EVALUATION_WORKFLOW.table
# Evaluations still waiting for an outcome (rows people run start from there).
OPEN_EVALUATION_STATES = tuple(sorted(EVALUATION_WORKFLOW.open_states))
COUNTED_EVALUATOR_STATES = (EvaluatorStatus.SUBMITTED,)
