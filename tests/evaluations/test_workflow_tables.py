"""The evaluation and evaluator tables, walked: every action × state × role does exactly what the table says.

The outcome's effect on the award (budgets, early end) is switched off during the walk (the walk
moves one evaluation through states by hand); tests/evaluations/test_outcomes.py checks those effects.
"""

import pytest
from django.utils import timezone

from evaluations.models import EvaluationAssignment, EvaluationAssignmentEvent, EvaluationEvent
from evaluations.workflow import ASSIGNMENT_WORKFLOW, EVALUATION_WORKFLOW, Actor
from tests.workflow_walk import walk

from .conftest import comments_for, full_scores

pytestmark = pytest.mark.django_db

ROLES = ("holder", "other", "officer", "officer_out", "director", "evaluator")


def may_act(role: str, who: str) -> bool:
    if who == Actor.OFFICER:
        return role in ("officer", "director")
    if who == Actor.EVALUATOR:
        return role == "evaluator"
    return False


@pytest.fixture
def effects_off():
    from evaluations.receivers import on_outcome

    EVALUATION_WORKFLOW.transitioned.disconnect(dispatch_uid="evaluations.on_outcome")
    yield
    EVALUATION_WORKFLOW.transitioned.connect(on_outcome, dispatch_uid="evaluations.on_outcome")


@pytest.mark.parametrize("action", list(EVALUATION_WORKFLOW.table))
def test_evaluation_table_every_action_state_and_role(scored, people, action, effects_off):
    roles = {r: people[r] for r in ROLES}
    params = {"conditions": "条件", "budgets": {scored.fiscal_year + 1: 1_000_000}}
    walk(
        EVALUATION_WORKFLOW, scored, EvaluationEvent.objects.filter(evaluation=scored), roles, action, may_act, **params
    )


@pytest.mark.parametrize("action", list(ASSIGNMENT_WORKFLOW.table))
def test_evaluator_table_every_action_state_and_role(award, people, action):
    from evaluations import services

    evaluation = award.evaluations.get()
    services.evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=people["officer"])
    assignment = services.evaluator_assign(
        evaluation_id=evaluation.pk, evaluator=people["evaluator"], actor=people["officer"]
    )
    EvaluationAssignment.objects.filter(pk=assignment.pk).update(
        scores=full_scores(evaluation), comments=comments_for(evaluation), submitted_at=timezone.now()
    )  # the walk puts the row in every state by hand; a submitted row needs its time
    roles = {r: people[r] for r in ROLES}
    events = EvaluationAssignmentEvent.objects.filter(assignment=assignment)
    walk(ASSIGNMENT_WORKFLOW, assignment, events, roles, action, may_act)
