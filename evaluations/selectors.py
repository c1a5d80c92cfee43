"""Reads: the one scoping selector per object (`evaluations_for_user`, `evaluation_assignments_for_user`).

- director: every evaluation;
- officer: evaluations of awards in their platforms or programs;
- the award's holder and accepted team members: their award's evaluations (without evaluator identities);
- an evaluator: the evaluations they are assigned to (not withdrawn);
- anybody else: nothing (a 404).
"""

from django.db.models import Avg, Count, Q, QuerySet

from awards.selectors import awards_for_user

from .models import Evaluation, EvaluationAssignment, EvaluatorStatus
from .workflow import COUNTED_EVALUATOR_STATES


def evaluations_for_user(user) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.select_related(
        "award__holder", "award__application__call__stage__program", "award__application__call__platform", "rubric"
    ).annotate(
        panel_size=Count("assignments", filter=~Q(assignments__status=EvaluatorStatus.WITHDRAWN), distinct=True),
        panel_submitted=Count("assignments", filter=Q(assignments__status__in=COUNTED_EVALUATOR_STATES), distinct=True),
        panel_score=Avg("assignments__weighted_score", filter=Q(assignments__status__in=COUNTED_EVALUATOR_STATES)),
    )
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_director:
        return qs
    visible = Q(award__in=awards_for_user(user).values("pk")) | Q(
        pk__in=EvaluationAssignment.objects.filter(evaluator=user)
        .exclude(status=EvaluatorStatus.WITHDRAWN)
        .values("evaluation_id")
    )
    return qs.filter(visible)


def evaluations_of_award(user, award) -> QuerySet[Evaluation]:
    return evaluations_for_user(user).filter(award=award).order_by("year_index", "id")


def evaluation_assignments_for_user(user, evaluation) -> QuerySet[EvaluationAssignment]:
    """The panel rows `user` may read: all for officers in scope, their own for an evaluator, none otherwise."""
    from .permissions import sees_panel

    qs = evaluation.assignments.select_related("evaluator").order_by("id")
    if sees_panel(user, evaluation):
        return qs
    return qs.filter(evaluator=user).exclude(status=EvaluatorStatus.WITHDRAWN)


def own_assignment(user, evaluation) -> EvaluationAssignment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return evaluation.assignments.filter(evaluator=user).exclude(status=EvaluatorStatus.WITHDRAWN).first()


def evaluator_seats(application) -> dict:
    """The evaluators of the application's award for `applications.identity`: 評価委員N in the order assigned."""
    from applications.identity import EVALUATOR, Seat

    assigned = EvaluationAssignment.objects.filter(evaluation__award__application=application).order_by("id")
    return {
        user_id: Seat(EVALUATOR, n)
        for n, user_id in enumerate(dict.fromkeys(assigned.values_list("evaluator_id", flat=True)), start=1)
    }
