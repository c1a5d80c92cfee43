"""Reviews follow their application: editable and submittable only while it is under review or interview."""

import pytest

from applications.models import Status
from applications.services import application_transition
from reviews.models import Review, ReviewStatus

from .factories import ReviewableApplicationFactory, ReviewerFactory
from .helpers import scored


def _ranking(api_client, officer, call):
    api_client.force_authenticate(officer)
    return api_client.get(f"/api/v1/calls/{call.pk}/ranking/").json()


@pytest.mark.parametrize(
    ("start", "action", "reason"),
    [
        (Status.IN_REVIEW, "reject", "「不採択」で決定済みのため"),
        (Status.IN_REVIEW, "withdraw", "現在「取下げ」のため"),
        (Status.SCREENING, "return", "現在「作成中」のため"),
    ],
)
def test_a_decided_withdrawn_or_returned_application_freezes_its_reviews(setup, api_client, start, action, reason):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    done = scored(app, ReviewerFactory(), setup["officer"], novelty=5, market=5)
    pending = scored(app, ReviewerFactory(), setup["officer"], novelty=2, market=2, submit=False)
    if start != Status.IN_REVIEW:
        type(app).objects.filter(pk=app.pk).update(status=start)
    actor = app.applicant if action == "withdraw" else setup["officer"]
    application_transition(application_id=app.pk, action=action, actor=actor, note="理由")
    decided = _ranking(api_client, setup["officer"], setup["call"])

    api_client.force_authenticate(pending.assignment.reviewer)
    url = f"/api/v1/reviews/{pending.pk}/"
    edit = api_client.patch(url, {"comment_to_applicant": "後から変更"}, format="json")
    submit = api_client.post(url + "submit/")
    for response in (edit, submit):
        assert response.status_code == 409 and reason in response.json()["detail"]
    pending.refresh_from_db()
    assert (pending.status, pending.comment_to_applicant, pending.scores) == (
        ReviewStatus.DRAFT,
        "",
        {"novelty": 2, "market": 2},
    )
    assert Review.objects.get(pk=done.pk).status == ReviewStatus.SUBMITTED
    if action == "reject":
        assert _ranking(api_client, setup["officer"], setup["call"]) == decided


def test_a_review_in_the_interview_stage_can_still_be_submitted(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.INTERVIEW)
    review = scored(app, ReviewerFactory(), setup["officer"], novelty=3, market=3)
    assert review.status == ReviewStatus.SUBMITTED


def test_the_scoring_page_shows_why_a_frozen_review_cannot_be_saved(setup, client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    review = scored(app, ReviewerFactory(), setup["officer"], novelty=2, market=2, submit=False)
    application_transition(application_id=app.pk, action="reject", actor=setup["officer"])
    client.force_login(review.assignment.reviewer)
    response = client.post(f"/review/reviews/{review.pk}/autosave/", {"score_novelty": "4"})
    assert response.status_code == 409 and "決定済みのため" in response.content.decode()
    review.refresh_from_db()
    assert review.scores == {"novelty": 2, "market": 2}


def test_a_reviewer_who_accepted_before_review_opened_is_told_why_there_is_no_form(setup, client):
    from reviews.services import assignment_accept, assignment_create

    from .helpers import login

    app = ReviewableApplicationFactory(call=setup["call"], status=Status.SCREENING)
    reviewer = ReviewerFactory()
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    assignment_accept(assignment_id=assignment.pk, actor=reviewer)
    review = Review.objects.get(assignment=assignment)
    login(client, reviewer)
    page = client.get(f"/review/reviews/{review.pk}/").content.decode()
    assert "この申請は現在「形式審査中」です" in page and "書面審査を開始すると入力できる" in page
    assert "hx-post" not in page  # no form that could not save
    type(app).objects.filter(pk=app.pk).update(status=Status.IN_REVIEW)
    assert "hx-post" in client.get(f"/review/reviews/{review.pk}/").content.decode()
