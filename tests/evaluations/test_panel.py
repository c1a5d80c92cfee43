"""The panel reuses the review machinery: the reviewer pool, the conflict rules, the rubric's scoring rules."""

import pytest

from evaluations import services
from evaluations.models import EvaluationAssignment
from reviews.models import ConflictOfInterest
from sangaku.errors import DomainError, Invalid, Refused
from tests.factories import UserFactory
from tests.reviews.factories import ReviewerFactory

from .conftest import comments_for, full_scores

pytestmark = pytest.mark.django_db


def _started(award, people):
    evaluation = award.evaluations.get()
    services.evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=people["officer"])
    return evaluation


def test_a_reviewer_with_a_recorded_conflict_is_refused_as_evaluator(award, people):
    evaluation = _started(award, people)
    ConflictOfInterest.objects.create(
        reviewer=people["evaluator"], application=award.application, kind="relative", source="declared"
    )
    with pytest.raises(Invalid) as exc:
        services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=people["evaluator"], actor=people["officer"])
    assert exc.value.code == "conflict_of_interest"
    assert not EvaluationAssignment.objects.filter(evaluation=evaluation).exists()
    assert people["evaluator"] not in services.eligible_evaluators(evaluation)


def test_a_reviewer_of_the_holders_institution_is_refused_as_evaluator(award, people):
    evaluation = _started(award, people)
    colleague = ReviewerFactory(affiliation=people["holder"].affiliation)
    with pytest.raises(Invalid) as exc:
        services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=colleague, actor=people["officer"])
    assert exc.value.code == "conflict_of_interest"
    assert not EvaluationAssignment.objects.exists()


def test_only_the_reviewer_pool_sits_on_the_panel(award, people):
    evaluation = _started(award, people)
    with pytest.raises(Invalid):
        services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=UserFactory(), actor=people["officer"])


def test_an_officer_out_of_scope_cannot_assign(award, people):
    evaluation = _started(award, people)
    with pytest.raises(DomainError) as exc:
        services.evaluator_assign(
            evaluation_id=evaluation.pk, evaluator=people["evaluator"], actor=people["officer_out"]
        )
    assert exc.value.status_code == 403


def test_assigning_twice_keeps_one_row_and_one_invitation(award, people):
    from notifications.models import Notification

    evaluation = _started(award, people)
    for _ in range(2):
        services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=people["evaluator"], actor=people["officer"])
    assert EvaluationAssignment.objects.filter(evaluation=evaluation).count() == 1
    assert Notification.objects.filter(kind="evaluation_assignment", recipient=people["evaluator"]).count() == 1


def test_scores_are_checked_against_the_evaluation_rubric_and_weighted(award, people):
    evaluation = _started(award, people)
    services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=people["evaluator"], actor=people["officer"])
    criteria = list(evaluation.rubric.criteria.all())
    top = criteria[0].scale_max
    with pytest.raises(Invalid):
        services.evaluation_score_save(
            evaluation_id=evaluation.pk, actor=people["evaluator"], scores={criteria[0].code: top + 1}
        )
    with pytest.raises(Invalid):
        services.evaluation_score_save(evaluation_id=evaluation.pk, actor=people["evaluator"], scores={"nope": 1})
    # An incomplete sheet cannot be submitted.
    services.evaluation_score_save(
        evaluation_id=evaluation.pk, actor=people["evaluator"], scores={criteria[0].code: top}
    )
    if len(criteria) > 1:
        with pytest.raises(Invalid):
            services.evaluation_score_submit(evaluation_id=evaluation.pk, actor=people["evaluator"])
    services.evaluation_score_save(
        evaluation_id=evaluation.pk,
        actor=people["evaluator"],
        scores=full_scores(evaluation),
        comments=comments_for(evaluation),
    )
    assignment = services.evaluation_score_submit(evaluation_id=evaluation.pk, actor=people["evaluator"])
    assert assignment.status == "submitted" and assignment.submitted_at is not None
    assert assignment.weighted_score == pytest.approx(float(top))
    with pytest.raises(Refused):
        services.evaluation_score_save(evaluation_id=evaluation.pk, actor=people["evaluator"], scores={})


def test_someone_not_on_the_panel_cannot_score(award, people):
    evaluation = _started(award, people)
    with pytest.raises(DomainError) as exc:
        services.evaluation_score_save(
            evaluation_id=evaluation.pk, actor=people["evaluator2"], scores=full_scores(evaluation)
        )
    assert exc.value.status_code == 404
