import pytest

from evaluations.models import EvaluationPlan
from tests.awards.factories import accept, draft, officer_for, open_call, saved
from tests.factories import InstitutionFactory, UserFactory
from tests.reviews.factories import ReviewerFactory


@pytest.fixture
def plan(catalog):
    """Step 2 awards are evaluated in their 2nd fiscal year, on the stage's own rubric."""
    stage = catalog["stages"]["STEP2"]
    return EvaluationPlan.objects.create(stage=stage, evaluation_years=[2], evaluation_rubric=stage.rubric)


@pytest.fixture
def people(catalog):
    from accounts.models import Role

    return {
        "holder": saved(UserFactory(affiliation=InstitutionFactory(name="京都評価大学"))),
        "other": saved(UserFactory(affiliation=InstitutionFactory(name="大阪評価大学"))),
        "officer": officer_for(platforms=[catalog["platforms"]["KSAC"]]),
        "officer_out": officer_for(platforms=[catalog["platforms"]["GTIE"]]),
        "director": saved(UserFactory(role=Role.DIRECTOR)),
        "evaluator": saved(ReviewerFactory(affiliation=InstitutionFactory(name="東北評価大学"))),
        "evaluator2": saved(ReviewerFactory(affiliation=InstitutionFactory(name="九州評価大学"))),
    }


@pytest.fixture
def award(catalog, plan, people):
    """A running Step 2 award of three years (four fiscal years), accepted after the plan exists."""
    call = open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["KSAC"])
    return accept(draft(call=call, applicant=people["holder"], months=36, amount=30_000_000), people["officer"])


def full_scores(evaluation) -> dict:
    return {c.code: c.scale_max for c in evaluation.rubric.criteria.all()}


def comments_for(evaluation) -> dict:
    return {c.code: "所見" for c in evaluation.rubric.criteria.all() if c.comment_required}


@pytest.fixture
def scored(award, people):
    """The award's evaluation started, one evaluator assigned who has submitted full marks."""
    from evaluations import services

    evaluation = award.evaluations.get()
    services.evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=people["officer"])
    services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=people["evaluator"], actor=people["officer"])
    services.evaluation_score_save(
        evaluation_id=evaluation.pk,
        actor=people["evaluator"],
        scores=full_scores(evaluation),
        comments=comments_for(evaluation),
    )
    services.evaluation_score_submit(evaluation_id=evaluation.pk, actor=people["evaluator"])
    evaluation.refresh_from_db()
    return evaluation
