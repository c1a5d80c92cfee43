"""The ranking is computed when a review changes it, not on every view, and is read a page at a time."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Status
from reviews.ranking_store import RANKING_PAGE_SIZE

from .factories import ReviewableApplicationFactory, ReviewerFactory
from .helpers import login, scored


def _ranking(client, call, page=1):
    return client.get(f"/api/v1/calls/{call.pk}/ranking/?page={page}").json()


def test_a_submitted_review_shows_in_the_ranking_the_officer_already_looked_at(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    scored(app, ReviewerFactory(), setup["officer"], novelty=2, market=2)
    api_client.force_authenticate(setup["officer"])
    before = _ranking(api_client, setup["call"])["results"][0]
    assert before["review_count"] == 1 and before["raw_score"] == 2.0

    scored(app, ReviewerFactory(), setup["officer"], novelty=5, market=5)
    after = _ranking(api_client, setup["call"])["results"][0]
    assert after["review_count"] == 2 and after["raw_score"] == 3.5


def test_a_decision_shows_in_the_ranking_at_once(setup, client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW, title="状態が変わる課題")
    login(client, setup["officer"])
    before = client.get(f"/review/calls/{setup['call'].pk}/ranking/").content.decode()
    assert '<span class="status status-in_review">' in before
    app.status = Status.REJECTED
    app.save()
    after = client.get(f"/review/calls/{setup['call'].pk}/ranking/").content.decode()
    assert '<span class="status status-rejected">' in after and "status-in_review" not in after


def test_the_ranking_comes_a_page_at_a_time(setup, api_client):
    ReviewableApplicationFactory.create_batch(RANKING_PAGE_SIZE + 3, call=setup["call"], status=Status.IN_REVIEW)
    api_client.force_authenticate(setup["officer"])
    first, second = _ranking(api_client, setup["call"], 1), _ranking(api_client, setup["call"], 2)
    assert first["count"] == RANKING_PAGE_SIZE + 3 and first["pages"] == 2
    assert len(first["results"]) == RANKING_PAGE_SIZE and len(second["results"]) == 3
    ids = {r["application"] for r in first["results"]} | {r["application"] for r in second["results"]}
    assert len(ids) == RANKING_PAGE_SIZE + 3


def _ranking_page_queries(client, call) -> int:
    client.get(f"/review/calls/{call.pk}/ranking/")  # the first view after a change computes the ranking
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/review/calls/{call.pk}/ranking/").status_code == 200
    return len(queries)


def test_the_ranking_page_asks_the_same_number_of_queries_for_3_and_30_applications(setup, client):
    login(client, setup["officer"])
    ReviewableApplicationFactory.create_batch(3, call=setup["call"], status=Status.IN_REVIEW)
    few = _ranking_page_queries(client, setup["call"])
    ReviewableApplicationFactory.create_batch(27, call=setup["call"], status=Status.IN_REVIEW)
    many = _ranking_page_queries(client, setup["call"])
    assert few == many and many <= 10
