"""A review's `scores` must be {criterion code: score}: a list or a string is a 400 naming the field, nothing saved."""

import pytest

from applications.models import Status
from reviews.models import Review
from reviews.services import assignment_accept, assignment_create

from .factories import ApplicationFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("scores", [[4, 3], ["novelty", 4], "4", "novelty=4"])
def test_scores_given_as_a_list_or_a_string_are_refused_and_the_draft_is_kept(setup, api_client, scores):
    reviewer = ReviewerFactory()
    app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    assignment_accept(assignment_id=assignment.pk, actor=reviewer)
    review = Review.objects.get(assignment=assignment)
    api_client.force_authenticate(reviewer)
    url = f"/api/v1/reviews/{review.pk}/"
    assert api_client.patch(url, {"scores": {"novelty": 4}}, format="json").status_code == 200

    answer = api_client.patch(url, {"scores": scores}, format="json")

    assert answer.status_code == 400
    assert answer.json()["errors"]["scores"] == ["評点は {観点コード: 点数} の形式で入力してください。"]
    review.refresh_from_db()
    assert review.scores == {"novelty": 4}
