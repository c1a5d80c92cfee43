"""Pages: reviewer workspace and scoring form, officer board and ranking, the applicant's anonymised comments."""

from applications.models import Status, TeamMember
from reviews.models import Assignment, AssignmentStatus, Review, ReviewStatus
from reviews.services import assignment_create
from tests.factories import UserFactory

from .factories import ReviewableApplicationFactory, ReviewerFactory
from .helpers import login, scored


def test_reviewer_accepts_scores_and_submits_from_the_workspace(setup, client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW, title="全固体電池の量産")
    reviewer = ReviewerFactory()
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    login(client, reviewer)
    page = client.get("/review/")
    assert page.status_code == 200
    assert "全固体電池の量産" in page.content.decode()

    response = client.post(f"/review/assignments/{assignment.pk}/accept/")
    review = Review.objects.get(assignment=assignment)
    assert response.status_code == 302 and response["Location"] == f"/review/reviews/{review.pk}/"
    form = client.get(f"/review/reviews/{review.pk}/").content.decode()
    assert "新規性" in form and "市場性" in form  # the rubric is shown

    data = {"score_novelty": "4", "score_market": "", "recommendation": "fund", "comment_to_applicant": "期待"}
    client.post(f"/review/reviews/{review.pk}/", {**data, "save": "1"})
    review.refresh_from_db()
    assert review.scores == {"novelty": 4} and review.status == ReviewStatus.DRAFT
    refused = client.post(f"/review/reviews/{review.pk}/", {**data, "submit": "1"}, follow=True)
    refused_page = refused.content.decode()
    # The missing score is named beside its own criterion, in words (no criterion code).
    assert "「市場性」の評点を選んでください。" in refused_page and "（market）" not in refused_page
    client.post(f"/review/reviews/{review.pk}/", {**data, "score_market": "3", "submit": "1"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.COMPLETED


def test_decline_with_conflict_from_the_workspace_hides_the_application(setup, client):
    app = ReviewableApplicationFactory(call=setup["call"], title="見えなくなる課題")
    reviewer = ReviewerFactory()
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    login(client, reviewer)
    client.post(
        f"/review/assignments/{assignment.pk}/decline/",
        {"has_conflict": "yes", "conflict_kind": "competitor", "note": "競合企業", "confirm": "yes"},
    )
    assert "見えなくなる課題" not in client.get("/review/").content.decode()
    assert client.get(f"/applications/{app.pk}/").status_code == 404


def test_reviewer_cannot_open_someone_elses_scoring_form(setup, client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    review = scored(app, ReviewerFactory(), setup["officer"], novelty=3, market=3, submit=False)
    login(client, ReviewerFactory())
    assert client.get(f"/review/reviews/{review.pk}/").status_code == 404


def test_officer_board_preview_apply_and_ranking_decision(setup, client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.SCREENING, title="電池材料")
    blocked = ReviewerFactory(affiliation=app.institution)
    ReviewerFactory(profile__expertise="電池")
    ReviewerFactory(profile__expertise="材料")
    login(client, setup["officer"])
    assert setup["call"].title in client.get("/review/calls/").content.decode()
    board = client.get(f"/review/calls/{setup['call'].pk}/").content.decode()
    assert f"{blocked}: 同一機関" in board
    preview = client.get(f"/review/calls/{setup['call'].pk}/?preview=1").content.decode()
    assert "割当案" in preview and not Assignment.objects.exists()
    client.post(f"/review/calls/{setup['call'].pk}/auto-assign/")
    assignments = list(Assignment.objects.filter(application=app))
    assert len(assignments) == 2 and blocked.pk not in {a.reviewer_id for a in assignments}

    for a in assignments:
        scored_review = Review.objects.create(assignment=a)
        Assignment.objects.filter(pk=a.pk).update(status=AssignmentStatus.ACCEPTED)
        assert scored_review.pk
    client.post(f"/review/applications/{app.pk}/decide/", {"action": "start_review", "next": "board"})
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW
    ranking = client.get(f"/review/calls/{setup['call'].pk}/ranking/").content.decode()
    assert "電池材料" in ranking
    assert "審査数不足（必要2件）" in ranking and "担当者判断の理由（必須）" in ranking
    refused = client.post(f"/review/applications/{app.pk}/decide/", {"action": "accept", "confirm": "yes"}, follow=True)
    assert "未提出の審査が2件あります" in refused.content.decode()
    # Fewer reviews than the stage requires: rejecting, too, needs the officer's override with a note.
    refused = client.post(f"/review/applications/{app.pk}/decide/", {"action": "reject"}, follow=True)
    assert "提出された審査結果が0件です" in refused.content.decode()
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW
    decision = {"action": "reject", "note": "評点不足", "override": "on"}
    asked = client.post(f"/review/applications/{app.pk}/decide/", decision)
    assert "不採択にすると申請者に結果が通知されます。" in asked.content.decode()
    app.refresh_from_db()
    assert app.status == Status.IN_REVIEW
    client.post(f"/review/applications/{app.pk}/decide/", {**decision, "confirm": "yes"})
    app.refresh_from_db()
    assert app.status == Status.REJECTED


def test_officer_pages_are_404_outside_scope(setup, client):
    app = ReviewableApplicationFactory(call=setup["call"])
    login(client, UserFactory(role="officer"))
    assert client.get(f"/review/calls/{setup['call'].pk}/").status_code == 404
    assert client.get(f"/review/calls/{setup['call'].pk}/ranking/").status_code == 404
    assert client.post(f"/review/applications/{app.pk}/decide/", {"action": "reject"}).status_code == 404


def test_applicant_sees_only_comments_to_the_applicant_anonymised_after_the_decision(setup, client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    first = ReviewerFactory(display_name="審査 一郎")
    second = ReviewerFactory(display_name="審査 二郎")
    scored(app, first, setup["officer"], novelty=4, market=4, comment="市場分析が丁寧", confidential="内部情報X")
    scored(app, second, setup["officer"], novelty=2, market=3, comment="体制に課題", confidential="内部情報Y")
    co = UserFactory()
    TeamMember.objects.create(status="accepted", application=app, name="共同", user=co, role="co_investigator")
    url = f"/applications/{app.pk}/reviews/"

    login(client, app.applicant)
    assert client.get(url).status_code == 404  # not decided yet
    type(app).objects.filter(pk=app.pk).update(status=Status.REJECTED)
    page = client.get(url).content.decode()
    assert "市場分析が丁寧" in page and "体制に課題" in page
    assert "審査委員A" in page and "審査委員B" in page
    for secret in ("内部情報X", "内部情報Y", "審査 一郎", "審査 二郎", first.username, second.username):
        assert secret not in page
    login(client, co)
    assert client.get(url).status_code == 200
    login(client, UserFactory())
    assert client.get(url).status_code == 404
    login(client, first)
    assert client.get(url).status_code == 404
