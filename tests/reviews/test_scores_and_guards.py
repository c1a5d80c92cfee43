"""Scores (weighted, calibrated, disagreement, rank) and the workflow guards owned by reviews."""

import pytest

from applications.models import Status
from applications.services import WorkflowError, application_transition
from reviews.models import Review
from reviews.scoring import call_ranking
from reviews.services import assignment_accept, assignment_create

from .factories import ReviewableApplicationFactory, ReviewerFactory
from .helpers import scored


def test_calibration_aligns_a_harsh_and_a_lenient_reviewer(setup, api_client):
    """Same ordering, shifted scales: after calibration the i-th best of each reviewer ties."""
    harsh, lenient = ReviewerFactory(), ReviewerFactory()
    officer = setup["officer"]
    harsh_apps = [ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW) for _ in range(3)]
    lenient_apps = [ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW) for _ in range(3)]
    for app, score in zip(harsh_apps, (1, 2, 3), strict=True):
        scored(app, harsh, officer, novelty=score, market=score)
    for app, score in zip(lenient_apps, (3, 4, 5), strict=True):
        scored(app, lenient, officer, novelty=score, market=score)

    api_client.force_authenticate(officer)
    response = api_client.get(f"/api/v1/calls/{setup['call'].pk}/ranking/")
    assert response.status_code == 200
    rows = {r["application"]: r for r in response.json()["results"]}
    for h, lapp in zip(harsh_apps, lenient_apps, strict=True):
        assert rows[h.pk]["calibrated_score"] == pytest.approx(rows[lapp.pk]["calibrated_score"])
        assert rows[h.pk]["rank"] == rows[lapp.pk]["rank"]
        assert rows[h.pk]["raw_score"] < rows[lapp.pk]["raw_score"]
    # Raw ranks put every lenient proposal first; calibrated ranks interleave them.
    assert rows[harsh_apps[2].pk]["raw_rank"] > rows[lenient_apps[1].pk]["raw_rank"]
    assert rows[harsh_apps[2].pk]["rank"] < rows[lenient_apps[1].pk]["rank"]


def test_weighted_mean_disagreement_and_application_scores(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    calm = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    a, b = ReviewerFactory(), ReviewerFactory()
    scored(app, a, setup["officer"], novelty=5, market=2)  # (10 + 2) / 3 = 4
    scored(app, b, setup["officer"], novelty=2, market=2)  # 2
    scored(calm, a, setup["officer"], novelty=3, market=3)
    scored(calm, b, setup["officer"], novelty=3, market=3)
    api_client.force_authenticate(setup["officer"])
    body = api_client.get(f"/api/v1/applications/{app.pk}/scores/").json()
    assert body["raw_score"] == pytest.approx(3.0)
    assert body["spread"] == pytest.approx(2.0)
    assert body["disagreement"] is True
    assert body["review_count"] == 2
    assert body["criterion_means"] == {"novelty": 3.5, "market": 2.0}
    assert sorted(r["weighted_score"] for r in body["reviews"]) == [2.0, 4.0]
    calm_row = next(r for r in call_ranking(setup["call"]) if r["application"].pk == calm.pk)
    assert calm_row["disagreement"] is False


def test_ranking_query_count_does_not_grow_with_applications(setup, django_assert_max_num_queries):
    reviewer = ReviewerFactory()
    for score in (1, 3, 5, 2):
        scored(
            ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW),
            reviewer,
            setup["officer"],
            novelty=score,
            market=score,
        )
    with django_assert_max_num_queries(2):
        rows = call_ranking(setup["call"])
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]


def screening(setup):
    return ReviewableApplicationFactory(call=setup["call"], status=Status.SCREENING)


def test_start_review_needs_k_accepted_conflict_free_reviewers(setup):
    app = screening(setup)
    officer = setup["officer"]
    one = assignment_create(application_id=app.pk, reviewer=ReviewerFactory(), actor=officer)
    assignment_accept(assignment_id=one.pk, actor=one.reviewer)
    assignment_create(application_id=app.pk, reviewer=ReviewerFactory(), actor=officer)  # invited only
    with pytest.raises(WorkflowError) as refused:
        application_transition(application_id=app.pk, action="start_review", actor=officer)
    assert refused.value.status_code == 400
    assert "assignments" in refused.value.as_dict()["errors"]

    two = assignment_create(application_id=app.pk, reviewer=ReviewerFactory(), actor=officer)
    assignment_accept(assignment_id=two.pk, actor=two.reviewer)
    assert application_transition(application_id=app.pk, action="start_review", actor=officer).status == "in_review"


def test_start_review_override_needs_a_note(setup):
    app = screening(setup)
    officer = setup["officer"]
    with pytest.raises(WorkflowError) as refused:
        application_transition(application_id=app.pk, action="start_review", actor=officer, override=True)
    assert "note" in refused.value.as_dict()["errors"]
    moved = application_transition(
        application_id=app.pk, action="start_review", actor=officer, override=True, note="審査委員不足のため担当者判断"
    )
    assert moved.status == Status.IN_REVIEW


def test_accept_waits_for_every_live_review_unless_overridden(setup):
    officer = setup["officer"]
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    scored(app, ReviewerFactory(), officer, novelty=4, market=4)
    pending = scored(app, ReviewerFactory(), officer, novelty=4, market=4, submit=False)
    with pytest.raises(WorkflowError) as refused:
        application_transition(application_id=app.pk, action="accept", actor=officer)
    assert "reviews" in refused.value.as_dict()["errors"]
    with pytest.raises(WorkflowError):
        application_transition(application_id=app.pk, action="accept", actor=officer, override=True)
    from reviews.services import review_submit

    review_submit(review_id=pending.pk, actor=pending.assignment.reviewer)
    assert application_transition(application_id=app.pk, action="accept", actor=officer).status == Status.ACCEPTED


def test_accept_with_override_and_note_passes_with_reviews_pending(setup):
    officer = setup["officer"]
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    scored(app, ReviewerFactory(), officer, novelty=4, market=4, submit=False)
    moved = application_transition(
        application_id=app.pk, action="accept", actor=officer, override=True, note="面接審査で判断"
    )
    assert moved.status == Status.ACCEPTED
    assert Review.objects.filter(assignment__application=app).count() == 1
