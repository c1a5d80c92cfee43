"""Discussion and meta-review: only the application's submitted reviewers, its chair and the officers take part;
the chair's meta-review shows on the ranking; a revised review keeps the original and says 「改訂済み」."""

import pytest

from accounts.models import Role
from applications.models import Status
from reviews.discussion import chair_designate, discussion_post, meta_review_write, review_revise
from reviews.models import MetaReview, ReviewDiscussionPost, ReviewEvent, ReviewRevision
from reviews.scoring import call_ranking
from reviews.services import assignment_accept, assignment_create, conflict_record_by_officer
from sangaku.errors import NotFound
from tests.factories import UserFactory

from .factories import ReviewableApplicationFactory, ReviewerFactory
from .helpers import login, scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(setup):
    officer = setup["officer"]
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW, title="議論の対象")
    first, second = ReviewerFactory(display_name="一番 審査"), ReviewerFactory(display_name="二番 審査")
    r1 = scored(app, first, officer, novelty=5, market=4, comment="優れている")
    r2 = scored(app, second, officer, novelty=2, market=2, comment="疑問が残る")
    pending = ReviewerFactory()  # assigned and accepted, has not submitted
    assignment_accept(
        assignment_id=assignment_create(application_id=app.pk, reviewer=pending, actor=officer).pk, actor=pending
    )
    conflicted = ReviewerFactory()  # submitted, then a conflict came to light
    scored(app, conflicted, officer, novelty=3, market=3)
    conflict_record_by_officer(reviewer=conflicted, application_id=app.pk, kind="relative", note="", actor=officer)
    other_app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    elsewhere = ReviewerFactory()  # submitted on another application of the call
    scored(other_app, elsewhere, officer, novelty=3, market=3)
    officer_out = UserFactory(role=Role.OFFICER)
    return {
        "app": app, "r1": r1, "r2": r2, "first": first, "second": second, "pending": pending,
        "conflicted": conflicted, "elsewhere": elsewhere, "officer_out": officer_out, **setup,
    }  # fmt: skip


def test_the_discussion_is_for_submitted_reviewers_and_officers_only(world, client):
    app = world["app"]
    discussion_post(application_id=app.pk, actor=world["first"], body="新規性の評価が割れています。")
    page = f"/review/applications/{app.pk}/discussion/"
    post = f"/review/applications/{app.pk}/discussion/posts/"
    for person in (world["first"], world["second"], world["officer"]):
        login(client, person)
        response = client.get(page)
        assert response.status_code == 200
        assert "新規性の評価が割れています。" in response.content.decode()
        assert client.post(post, {"body": f"{person.pk}の意見"}).status_code == 302
    for person in (world["pending"], world["conflicted"], world["elsewhere"], world["officer_out"], UserFactory()):
        login(client, person)
        assert client.get(page).status_code == 404
        assert client.post(post, {"body": "入れない"}).status_code == 404
        with pytest.raises(NotFound):
            discussion_post(application_id=app.pk, actor=person, body="入れない")
    client.logout()
    assert client.get(page).status_code == 302  # to sign-in
    assert ReviewDiscussionPost.objects.filter(application=app).count() == 4


def test_other_reviews_show_where_the_stage_allows(world, client):
    app, stage = world["app"], world["stage"]
    login(client, world["second"])
    stage.reviewers_see_other_reviews = False
    stage.save()
    body = client.get(f"/review/applications/{app.pk}/discussion/").content.decode()
    assert "疑問が残る" in body and "優れている" not in body
    stage.reviewers_see_other_reviews = True
    stage.save()
    body = client.get(f"/review/applications/{app.pk}/discussion/").content.decode()
    assert "疑問が残る" in body and "優れている" in body


def test_the_chair_writes_the_meta_review_and_the_ranking_shows_it(world, client):
    app, officer = world["app"], world["officer"]
    login(client, officer)
    response = client.post(f"/review/calls/{app.call_id}/chair/", {"user": world["first"].pk, "application": app.pk})
    assert response.status_code == 302
    # Not the chair: refused like a stranger, even as a submitted reviewer.
    with pytest.raises(NotFound):
        meta_review_write(application_id=app.pk, actor=world["second"], recommendation="accept", text="推薦")
    login(client, world["first"])
    response = client.post(
        f"/review/applications/{app.pk}/meta-review/", {"recommendation": "borderline", "text": "評価が割れた。"}
    )
    assert response.status_code == 302
    assert MetaReview.objects.get(application=app).author == world["first"]
    row = next(r for r in call_ranking(app.call) if r["application"].pk == app.pk)
    assert row["meta_review"] == {"recommendation": "borderline", "label": "ボーダーライン", "text": "評価が割れた。"}
    login(client, officer)
    assert "ボーダーライン" in client.get(f"/review/calls/{app.call_id}/ranking/").content.decode()
    api = client.get(f"/api/v1/calls/{app.call_id}/ranking/").json()["results"]
    mine = next(r for r in api if r["application"] == app.pk)
    assert mine["meta_recommendation"] == "borderline" and mine["meta_review"] == "評価が割れた。"


def test_a_chair_for_the_whole_call_and_bad_choices(world, client):
    app = world["app"]
    login(client, world["officer"])
    client.post(f"/review/calls/{app.call_id}/chair/", {"user": world["officer"].pk, "application": ""})
    meta_review_write(application_id=app.pk, actor=world["officer"], recommendation="accept", text="採択を推す")
    assert MetaReview.objects.filter(application=app).count() == 1
    meta_review_write(application_id=app.pk, actor=world["officer"], recommendation="accept", text="採択を推す")
    assert MetaReview.objects.filter(application=app).count() == 1  # the same request twice writes once
    stranger = UserFactory()
    client.post(f"/review/calls/{app.call_id}/chair/", {"user": stranger.pk, "application": app.pk})
    client.post(f"/review/calls/{app.call_id}/chair/", {"user": world["conflicted"].pk, "application": app.pk})
    assert not app.discussion_chairs.exists()  # neither a stranger nor a conflicted reviewer


def test_a_revision_keeps_the_original_and_leaves_one_event(world, client):
    r2, second = world["r2"], world["second"]
    before = r2.weighted_score
    review_revise(
        review_id=r2.pk,
        actor=second,
        data={"scores": {"novelty": 4, "market": 3}, "recommendation": "fund_with_changes"},
        note="議論を踏まえて",
    )
    r2.refresh_from_db()
    old = ReviewRevision.objects.get(review=r2)
    assert old.scores == {"novelty": 2, "market": 2} and old.weighted_score == before and old.recommendation == "fund"
    assert r2.scores == {"novelty": 4, "market": 3} and r2.weighted_score > before
    assert ReviewEvent.objects.filter(review=r2, action="revise").count() == 1
    review_revise(review_id=r2.pk, actor=second, data={"scores": {"novelty": 4, "market": 3}})
    assert ReviewRevision.objects.filter(review=r2).count() == 1  # nothing changed: nothing recorded

    login(client, second)
    assert "改訂済み" in client.get(f"/review/reviews/{r2.pk}/").content.decode()
    response = client.post(
        f"/review/reviews/{r2.pk}/revise/",
        {"score_novelty": "5", "score_market": "5", "recommendation": "fund", "revision_note": "再考"},
    )
    assert response.status_code == 302
    assert ReviewRevision.objects.filter(review=r2).count() == 2
    login(client, world["officer"])
    assert "改訂済み" in client.get(f"/review/applications/{world['app'].pk}/discussion/").content.decode()


def test_reviewers_read_each_other_as_the_same_label_in_the_table_the_thread_and_the_meta_review(world, client):
    """審査委員N is the order of assignment: 一番 is 審査委員1 and 二番 審査委員2 for every reviewer who reads them, in
    the table of reviews, on their posts and on the meta-review; each reads themselves as 「（あなた）」; the
    officer reads the names."""
    app, first, second = world["app"], world["first"], world["second"]
    world["stage"].reviewers_see_other_reviews = True  # so the table lists the other reviews too
    world["stage"].save()
    chair_designate(call_id=app.call_id, actor=world["officer"], user_id=first.pk, application_id=app.pk)
    discussion_post(application_id=app.pk, actor=first, body="一番の意見")
    discussion_post(application_id=app.pk, actor=second, body="二番の意見")
    meta_review_write(application_id=app.pk, actor=first, recommendation="accept", text="取りまとめ")
    page = f"/review/applications/{app.pk}/discussion/"

    login(client, second)
    body = client.get(page).content.decode()
    assert "一番 審査" not in body and first.email not in body
    assert body.count("審査委員1") >= 4  # the table, the post, the meta-review, the chair
    assert "審査委員2（あなた）" in body
    login(client, first)
    body = client.get(page).content.decode()
    assert "二番 審査" not in body and "審査委員2" in body and "審査委員1（あなた）" in body
    login(client, world["officer"])
    body = client.get(page).content.decode()
    assert "一番 審査" in body and "二番 審査" in body and "審査委員1" not in body
