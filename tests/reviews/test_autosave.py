"""Autosave of the scoring form: a change is stored as the draft at once; nothing is submitted."""

from applications.models import Status
from reviews.models import Review, ReviewStatus
from reviews.services import assignment_accept, assignment_create

from .factories import ApplicationFactory, ReviewerFactory
from .helpers import login


def _draft(setup):
    reviewer = ReviewerFactory()
    app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    assignment_accept(assignment_id=assignment.pk, actor=reviewer)
    return reviewer, Review.objects.get(assignment=assignment)


def test_autosave_stores_the_chosen_score_and_says_so(setup, client):
    reviewer, review = _draft(setup)
    login(client, reviewer)
    response = client.post(
        f"/review/reviews/{review.pk}/autosave/", {"score_novelty": "4", "comment_to_officer": "メモ"}
    )
    assert response.status_code == 200 and "一時保存しました" in response.content.decode()
    review.refresh_from_db()
    assert review.scores == {"novelty": 4} and review.comment_to_officer == "メモ"
    assert review.status == ReviewStatus.DRAFT
    page = client.get(f"/review/reviews/{review.pk}/").content.decode()
    assert '<option value="4" selected>4</option>' in page


def test_autosave_refuses_a_score_off_the_scale_and_changes_nothing(setup, client):
    reviewer, review = _draft(setup)
    login(client, reviewer)
    response = client.post(f"/review/reviews/{review.pk}/autosave/", {"score_novelty": "9"})
    assert response.status_code == 400 and "自動保存できませんでした" in response.content.decode()
    review.refresh_from_db()
    assert review.scores == {}


def test_nobody_else_can_autosave_a_review(setup, client):
    _reviewer, review = _draft(setup)
    login(client, ReviewerFactory())
    assert client.post(f"/review/reviews/{review.pk}/autosave/", {"score_novelty": "4"}).status_code == 404
