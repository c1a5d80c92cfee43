"""Reviews: rubric-validated scores, draft autosave, submit locks, who may read what."""

from applications.models import Status
from reviews.models import AssignmentStatus, Review, ReviewStatus
from reviews.services import assignment_accept, assignment_create

from .factories import ReviewableApplicationFactory, ReviewerFactory
from .helpers import scored


def accepted_review(setup, app, reviewer) -> Review:
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    assignment_accept(assignment_id=assignment.pk, actor=reviewer)
    return Review.objects.get(assignment=assignment)


def test_accepting_creates_a_draft_the_reviewer_autosaves_and_submits(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    reviewer = ReviewerFactory()
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    api_client.force_authenticate(reviewer)
    listed = api_client.get("/api/v1/assignments/").json()
    assert [a["id"] for a in listed["results"]] == [assignment.pk]
    response = api_client.post(f"/api/v1/assignments/{assignment.pk}/accept/")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    review_id = response.json()["review"]

    url = f"/api/v1/reviews/{review_id}/"
    assert api_client.patch(url, {"scores": {"novelty": 4}, "comment_to_applicant": "良い"}).status_code == 200
    assert api_client.patch(url, {"comment_to_officer": "内部メモ"}).json()["scores"] == {"novelty": 4}

    missing = api_client.post(url + "submit/")
    assert missing.status_code == 400
    errors = missing.json()["errors"]
    assert any("市場性" in m and "market" in m for m in errors["scores"])
    assert "recommendation" in errors

    api_client.patch(url, {"scores": {"market": 2}, "recommendation": "fund_with_changes"})
    done = api_client.post(url + "submit/")
    assert done.status_code == 200
    body = done.json()
    assert body["status"] == "submitted"
    assert body["weighted_score"] == (4 * 2 + 2 * 1) / 3
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.COMPLETED

    locked = api_client.patch(url, {"comment_to_applicant": "変更"})
    assert locked.status_code == 409
    assert api_client.post(url + "submit/").status_code == 409
    assert Review.objects.get(pk=review_id).comment_to_applicant == "良い"


def test_scores_outside_the_scale_or_not_integers_or_unknown_are_refused(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    reviewer = ReviewerFactory()
    review = accepted_review(setup, app, reviewer)
    api_client.force_authenticate(reviewer)
    url = f"/api/v1/reviews/{review.pk}/"
    for scores, needle in (
        ({"novelty": 6}, "1〜5"),
        ({"novelty": 0}, "1〜5"),
        ({"novelty": 2.5}, "整数"),
        ({"novelty": "abc"}, "整数"),
        ({"design": 3}, "design"),
    ):
        response = api_client.patch(url, {"scores": scores}, format="json")
        assert response.status_code == 400, scores
        assert needle in response.json()["errors"]["scores"][0]
    review.refresh_from_db()
    assert review.scores == {}


def test_reviewer_never_reads_another_review_before_submitting_their_own(setup, api_client):
    setup["stage"].reviewers_see_other_reviews = True
    setup["stage"].save()
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    first, second = ReviewerFactory(), ReviewerFactory()
    done = scored(app, first, setup["officer"], novelty=5, market=4, confidential="申請者には秘密")
    mine = accepted_review(setup, app, second)
    api_client.force_authenticate(second)
    assert api_client.get(f"/api/v1/reviews/{done.pk}/").status_code == 404
    assert [r["id"] for r in api_client.get("/api/v1/reviews/").json()["results"]] == [mine.pk]

    api_client.patch(
        f"/api/v1/reviews/{mine.pk}/", {"scores": {"novelty": 3, "market": 3}, "recommendation": "fund"}, format="json"
    )
    assert api_client.post(f"/api/v1/reviews/{mine.pk}/submit/").status_code == 200
    peer = api_client.get(f"/api/v1/reviews/{done.pk}/")
    assert peer.status_code == 200
    assert "comment_to_officer" not in peer.json() and "reviewer" not in peer.json()
    assert api_client.patch(f"/api/v1/reviews/{done.pk}/", {"comment_to_applicant": "x"}).status_code == 404


def test_other_reviews_stay_hidden_after_submit_when_the_stage_says_so(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    first, second = ReviewerFactory(), ReviewerFactory()
    done = scored(app, first, setup["officer"], novelty=5, market=4)
    scored(app, second, setup["officer"], novelty=3, market=3)
    api_client.force_authenticate(second)
    assert api_client.get(f"/api/v1/reviews/{done.pk}/").status_code == 404


def test_officer_reads_every_review_in_scope_with_confidential_comments(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    review = scored(app, ReviewerFactory(), setup["officer"], novelty=5, market=4, confidential="内部")
    api_client.force_authenticate(setup["officer"])
    body = api_client.get(f"/api/v1/reviews/{review.pk}/").json()
    assert body["comment_to_officer"] == "内部" and body["reviewer"] == review.assignment.reviewer_id


def test_declined_assignment_discards_the_draft(setup):
    app = ReviewableApplicationFactory(call=setup["call"])
    reviewer = ReviewerFactory()
    review = accepted_review(setup, app, reviewer)
    from reviews.services import assignment_decline

    assignment_decline(assignment_id=review.assignment_id, actor=reviewer)
    review.refresh_from_db()
    assert review.status == ReviewStatus.DISCARDED


def test_list_endpoints_do_not_query_per_row(setup, api_client, django_assert_max_num_queries):
    reviewer = ReviewerFactory()
    for _ in range(5):
        accepted_review(setup, ReviewableApplicationFactory(call=setup["call"]), reviewer)
    api_client.force_authenticate(reviewer)
    with django_assert_max_num_queries(6):
        assignments = api_client.get("/api/v1/assignments/").json()
    with django_assert_max_num_queries(6):
        reviews = api_client.get("/api/v1/reviews/").json()
    assert assignments["count"] == 5 and reviews["count"] == 5
