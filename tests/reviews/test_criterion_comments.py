"""Per-criterion comments: keyed like the scores, required where the rubric says so, shown to the
officer on the review sheet and (anonymised, all of them applicant-facing) to the applicant and in the letter.
Every reviewer assignment also starts the assignment's audit trail with an `assign` event."""

import pytest

from applications.models import Status
from applications.services import application_transition
from programs.models import Criterion
from reviews.models import AssignmentEvent, Review, ReviewStatus
from reviews.services import assignment_accept, assignment_create, reviewers_auto_assign

from .factories import ApplicationFactory, ReviewerFactory
from .helpers import login, scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(setup):
    """A draft review on a rubric whose 新規性 criterion requires a comment."""
    Criterion.objects.filter(rubric=setup["rubric"], code="novelty").update(comment_required=True)
    reviewer = ReviewerFactory(display_name="審査 三郎")
    app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    assignment_accept(assignment_id=assignment.pk, actor=reviewer)
    return reviewer, Review.objects.get(assignment=assignment)


def test_api_saves_comments_keyed_like_scores_and_refuses_an_unknown_criterion(draft, api_client):
    reviewer, review = draft
    api_client.force_authenticate(reviewer)
    url = f"/api/v1/reviews/{review.pk}/"
    saved = api_client.patch(url, {"scores": {"novelty": 4}, "comments": {"novelty": "独自の手法"}}, format="json")
    assert saved.status_code == 200 and saved.json()["comments"] == {"novelty": "独自の手法"}

    bad = api_client.patch(url, {"comments": {"budget": "高い"}}, format="json")
    assert bad.status_code == 400
    assert "この評価基準の観点ではありません" in str(bad.json()["errors"]["comments"])
    review.refresh_from_db()
    assert review.comments == {"novelty": "独自の手法"}


def test_api_submit_is_refused_until_the_required_comment_is_written(draft, api_client):
    reviewer, review = draft
    api_client.force_authenticate(reviewer)
    url = f"/api/v1/reviews/{review.pk}/"
    api_client.patch(url, {"scores": {"novelty": 4, "market": 3}, "recommendation": "fund"}, format="json")
    refused = api_client.post(f"{url}submit/")
    assert refused.status_code == 400
    assert "「新規性」へのコメントを入力してください" in str(refused.json()["errors"]["comments"])
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT

    api_client.patch(url, {"comments": {"novelty": "手法が新しい"}}, format="json")
    assert api_client.post(f"{url}submit/").status_code == 200
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED and review.comments == {"novelty": "手法が新しい"}


def test_form_shows_the_missing_required_comment_beside_its_criterion_and_keeps_the_draft(draft, client):
    reviewer, review = draft
    login(client, reviewer)
    url = f"/review/reviews/{review.pk}/"
    data = {"score_novelty": "4", "score_market": "3", "recommendation": "fund", "comment_market": "市場は小さい"}
    page = client.post(url, {**data, "submit": "1"}).content.decode()
    fieldset = page[page.index('id="id_comment_novelty"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert "「新規性」へのコメントを入力してください（必須）。" in fieldset
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT

    response = client.post(url, {**data, "comment_novelty": "着眼点が良い", "submit": "1"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.comments == {"novelty": "着眼点が良い", "market": "市場は小さい"}


def test_autosave_stores_a_criterion_comment(draft, client):
    reviewer, review = draft
    login(client, reviewer)
    response = client.post(f"/review/reviews/{review.pk}/autosave/", {"comment_market": "販路の説明が不足"})
    assert response.status_code == 200 and "一時保存しました" in response.content.decode()
    review.refresh_from_db()
    assert review.comments == {"market": "販路の説明が不足"}
    assert "販路の説明が不足" in client.get(f"/review/reviews/{review.pk}/").content.decode()


def _with_comments(review, comments):
    Review.objects.filter(pk=review.pk).update(comments=comments)


def test_officer_sheet_applicant_page_and_letter_quote_criterion_comments_anonymised(setup, client):
    app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    first = ReviewerFactory(display_name="審査 一郎")
    review = scored(app, first, setup["officer"], novelty=4, market=3, comment="総評です", confidential="内部限りZ")
    _with_comments(review, {"novelty": "新しい測定原理", "market": "顧客像が明確"})
    scored(app, ReviewerFactory(), setup["officer"], novelty=3, market=3)  # the stage needs two reviews

    login(client, setup["officer"])
    sheet = client.get(f"/review/applications/{app.pk}/").content.decode()
    assert "新しい測定原理" in sheet and "顧客像が明確" in sheet

    application_transition(application_id=app.pk, action="accept", actor=setup["officer"], note="")
    letter = client.get(f"/letters/applications/{app.pk}/").content.decode()
    assert "審査委員 A: 総評です" in letter and "新規性: 新しい測定原理" in letter and "市場性: 顧客像が明確" in letter
    assert "内部限りZ" not in letter and "審査 一郎" not in letter

    login(client, app.applicant)
    page = client.get(f"/applications/{app.pk}/reviews/").content.decode()
    assert "審査委員A" in page and "新しい測定原理" in page and "顧客像が明確" in page
    for secret in ("内部限りZ", "審査 一郎", first.username):
        assert secret not in page


def test_every_assignment_manual_or_automatic_starts_with_an_assign_event(setup):
    officer = setup["officer"]
    manual_app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    manual = assignment_create(application_id=manual_app.pk, reviewer=ReviewerFactory(), actor=officer)
    event = AssignmentEvent.objects.get(assignment=manual)
    assert (event.action, event.actor, event.to_status) == ("assign", officer, "invited")

    ApplicationFactory(call=setup["call"], status=Status.SUBMITTED)
    ReviewerFactory(), ReviewerFactory()
    result = reviewers_auto_assign(call_id=setup["call"].pk, actor=officer)
    assert result.assignments
    for assignment in result.assignments:
        events = list(AssignmentEvent.objects.filter(assignment=assignment).values_list("action", "actor"))
        assert events == [("assign", officer.pk)]
