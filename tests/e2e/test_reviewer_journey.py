"""Journey: a reviewer bids, is assigned by the officer's auto-assignment, scores with per-criterion comments and
discusses; the chair writes the meta-review; the officer sees it on the ranking."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.discussion import chair_designate
from reviews.models import Assignment, Bid, MetaReview, Review, ReviewDiscussionPost
from reviews.services import assignment_accept, review_save_draft, review_submit
from tests.e2e.conftest import login
from tests.e2e.scenario import screened_applications, start_review, users

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _switch(page, username):
    page.context.clear_cookies()
    login(page, username)


def test_bid_assign_score_discuss_meta_review_ranking(page, shot, catalog):
    call, (app,) = screened_applications(["固体電池の界面設計"])
    call.bids_due_at = timezone.now() + dt.timedelta(days=3)
    call.save(update_fields=["bids_due_at"])
    people = users()
    reviewer, officer = people["reviewer1"], people["officer-ksac"]

    # The reviewer bids from their home.
    login(page, "reviewer1")
    page.goto(page.base_url + "/review/")
    page.get_by_role("link", name=call.title).click()
    page.get_by_label(f"{app.title} の審査希望").select_option("eager")
    page.get_by_role("button", name="審査希望を保存する").click()
    page.wait_for_load_state("networkidle")
    assert Bid.objects.get(reviewer=reviewer, application=app).choice == "eager"

    # The officer runs the auto-assignment; the eager bidder is among the reviewers.
    _switch(page, "officer-ksac")
    page.goto(page.base_url + f"/review/calls/{call.pk}/?preview=1")
    page.get_by_role("button", name="この案で割り当てて依頼を送る").click()
    page.wait_for_load_state("networkidle")
    assignments = list(Assignment.objects.filter(application=app).select_related("reviewer"))
    assert reviewer.pk in {a.reviewer_id for a in assignments}
    chair_designate(call_id=call.pk, actor=officer, user_id=reviewer.pk)  # the chair of the whole call
    others = [a for a in assignments if a.reviewer_id != reviewer.pk]
    for a in others:
        assignment_accept(assignment_id=a.pk, actor=a.reviewer)

    # The reviewer accepts and scores with a comment on each criterion.
    _switch(page, "reviewer1")
    page.goto(page.base_url + "/review/")
    page.get_by_role("row").filter(has_text=app.title).get_by_role("button", name="受諾する").click()
    start_review(app, officer)
    criteria = list(app.call.stage.rubric.criteria.all())
    for a in others:  # another reviewer has submitted too
        review_save_draft(
            review_id=Review.objects.get(assignment=a).pk,
            actor=a.reviewer,
            data={"scores": {c.code: 2 for c in criteria}, "comments": {c.code: "要検討" for c in criteria},
                  "recommendation": "do_not_fund", "comment_to_applicant": "他の審査委員の所見"},
        )  # fmt: skip
        review_submit(review_id=Review.objects.get(assignment=a).pk, actor=a.reviewer)
    page.reload()
    for select in page.locator("select[name^='score_']").all():
        select.select_option("4")
    for area in page.locator("textarea[name^='comment_']:not([name^='comment_to'])").all():
        area.fill("観点ごとの所見です。")
    page.get_by_label("総合判定").select_option("fund")
    page.get_by_role("button", name="提出する（以後変更できません）").click()
    expect(page.get_by_text("審査結果を提出しました。")).to_be_visible()
    mine = Review.objects.get(assignment__reviewer=reviewer, assignment__application=app)
    assert mine.status == "submitted" and set(mine.comments) == {c.code for c in criteria}

    # The discussion: the other review is there; the reviewer posts; as chair, writes the meta-review.
    page.get_by_role("link", name="審査の議論へ").click()
    expect(page.get_by_role("heading", name=re.compile("審査の議論"))).to_be_visible()
    page.get_by_label("本文").fill("市場性の評価が分かれています。")
    page.get_by_role("button", name="投稿する（投稿後は変更できません）").click()
    expect(page.locator("#discussion-posts")).to_contain_text("市場性の評価が分かれています。")
    page.get_by_label("推薦").select_option("borderline")
    page.get_by_label("メタレビュー").fill("技術は優れるが市場性に疑問。面接で確認を。")
    page.get_by_role("button", name="メタレビューを保存する").click()
    expect(page.locator("#meta-review")).to_contain_text("ボーダーライン")
    assert ReviewDiscussionPost.objects.filter(application=app).count() == 1
    assert MetaReview.objects.get(application=app).author == reviewer

    # The officer sees the meta-review beside the scores on the ranking.
    _switch(page, "officer-ksac")
    page.goto(page.base_url + f"/review/calls/{call.pk}/ranking/")
    row = page.locator("table tbody tr").filter(has_text=app.title)
    expect(row.locator(".meta-review")).to_contain_text("ボーダーライン")
    expect(row.locator(".meta-review")).to_contain_text("技術は優れるが市場性に疑問")
    shot(page, "officer-ranking-meta-review")
