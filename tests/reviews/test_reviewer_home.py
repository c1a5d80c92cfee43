"""The reviewer home: open invitations, bids due, reviews due (JST, time left), discussions waiting, finished
work (latest 20, the rest one link away), in a number of queries that does not grow with the workload."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Status
from reviews.discussion import discussion_post
from reviews.services import assignment_accept, assignment_create

from .factories import ReviewableApplicationFactory, ReviewerFactory
from .helpers import login, scored

pytestmark = pytest.mark.django_db


def _workload(setup, reviewer, n: int) -> None:
    officer = setup["officer"]
    for _ in range(n):
        invited = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
        assignment_create(application_id=invited.pk, reviewer=reviewer, actor=officer)
        accepted = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
        a = assignment_create(application_id=accepted.pk, reviewer=reviewer, actor=officer)
        assignment_accept(assignment_id=a.pk, actor=reviewer)
        done = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
        scored(done, reviewer, officer, novelty=3, market=3)
        discussion_post(application_id=done.pk, actor=officer, body="ご意見をください")


def _queries(client) -> int:
    client.get("/review/")  # the first page after signing in also notes in the session that there is no 2FA
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/review/")
    assert response.status_code == 200
    return len(queries)


def test_the_home_costs_the_same_queries_for_2_and_8_of_everything(setup, client):
    small, large = ReviewerFactory(profile__cap=100), ReviewerFactory(profile__cap=100)
    _workload(setup, small, 2)
    _workload(setup, large, 8)
    login(client, small)
    few = _queries(client)
    login(client, large)
    many = _queries(client)
    print(f"reviewer home queries: {few} (2 of each) / {many} (8 of each)")
    assert few == many
    assert many <= 10  # the page target of issue 18


def test_the_home_shows_each_section(setup, client):
    reviewer = ReviewerFactory()
    _workload(setup, reviewer, 1)
    setup["call"].bids_due_at = timezone.now() + dt.timedelta(days=3)
    setup["call"].save()
    login(client, reviewer)
    body = client.get("/review/").content.decode()
    for heading in ("審査希望の受付中", "審査の依頼", "審査中（期限順）", "議論中の申請", "提出済み"):
        assert heading in body
    assert "残り時間" in body and "あと20日" in body  # REVIEW_DUE_DAYS (21) ahead, in days and hours
    assert "新しい投稿あり" in body


def test_finished_work_shows_the_latest_20_and_links_to_the_rest(setup, client):
    reviewer = ReviewerFactory(profile__cap=100)
    for _ in range(21):
        scored(ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW), reviewer, setup["officer"],
               novelty=3, market=3)  # fmt: skip
    login(client, reviewer)
    home = client.get("/review/")
    assert len(home.context["done"]) == 20 and home.context["more_done"]
    everything = client.get("/review/?finished=all")
    assert len(everything.context["page_obj"].object_list) == 21
