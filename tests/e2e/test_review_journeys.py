"""Journeys (b) reviewer and (c) officer, in the browser against a live server on PostgreSQL."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from reviews.models import Assignment, ConflictOfInterest, Review
from reviews.services import assignment_accept, assignment_create, review_save_draft, review_submit
from tests.e2e.conftest import login
from tests.e2e.scenario import screened_applications, start_review, users

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_reviewer_declares_a_conflict_on_one_assignment_and_scores_another(page, shot, catalog):
    call, (related, other) = screened_applications(["全固体電池の量産プロセス開発", "半導体材料の評価装置"])
    people = users()
    for application in (related, other):
        assignment_create(application_id=application.pk, reviewer=people["reviewer1"], actor=people["officer-ksac"])

    login(page, "reviewer1")
    page.goto(page.base_url + "/review/")
    shot(page, "reviewer-workspace")
    row = page.get_by_role("row").filter(has_text=related.title)
    row.get_by_text("辞退する（利害関係の申告）").click()
    row.get_by_label("利害関係がある（申告して辞退）").check()
    row.get_by_label("利害関係の種類（ある場合）").select_option("relative")
    row.get_by_label("メモ").fill("申請者は親族です。")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    row.get_by_role("button", name="辞退する").click()
    page.wait_for_load_state("networkidle")
    assert "元に戻せません" in asked[0]

    row = page.get_by_role("row").filter(has_text=other.title)
    row.get_by_role("button", name="受諾する").click()
    # Accepting goes straight to the scoring form.
    expect(page.get_by_role("heading", name=re.compile("審査結果の入力"))).to_be_visible()
    # Scores are saved only while document review runs: the officer opens it once the reviewers accepted.
    start_review(other, people["officer-ksac"])
    page.reload()
    for select in page.locator("select[name^='score_']").all():
        select.select_option("3")
    page.get_by_label("総合判定").select_option("fund")
    page.get_by_label("申請者へのコメント（審査委員名は伏せて開示）").fill("市場検証の計画が具体的で良い。")
    page.get_by_label("担当者へのコメント（非開示）").fill("予算の人件費がやや多い。")
    shot(page, "reviewer-scoring")
    page.get_by_role("button", name="提出する（以後変更できません）").click()
    expect(page.get_by_text("提出済み").first).to_be_visible()

    conflict = ConflictOfInterest.objects.get(reviewer=people["reviewer1"], application=related)
    assert (conflict.kind, conflict.source) == ("relative", "declared")
    assert Assignment.objects.get(reviewer=people["reviewer1"], application=related).status == "declined"
    review = Review.objects.get(assignment__reviewer=people["reviewer1"], assignment__application=other)
    assert review.status == "submitted" and review.scores and review.comment_to_officer
    # The conflicted application is now out of the reviewer's sight.
    response = page.goto(page.base_url + f"/applications/{related.pk}/")
    assert response.status == 404


def test_officer_auto_assigns_ranks_accepts_one_and_rejects_one(page, shot, catalog):
    call, applications = screened_applications(
        ["AI創薬の事業化検証", "農業IoTセンサーの実証", "再生医療材料の量産"], applicant="applicant"
    )

    login(page, "officer-ksac")
    page.goto(page.base_url + f"/review/calls/{call.pk}/")
    page.get_by_role("link", name="割当案を表示（保存しません）").click()
    expect(page.get_by_role("heading", name=re.compile("割当案"))).to_be_visible()
    shot(page, "officer-auto-assign-preview")
    page.get_by_role("button", name="この案で割り当てて依頼を送る").click()
    assignments = Assignment.objects.filter(application__call=call)
    assert assignments.count() == 3 * len(applications)
    conflicted = set(ConflictOfInterest.objects.values_list("reviewer_id", "application_id"))
    assert conflicted, "reviewer4 (京都大学) conflicts with the 京都大学 applicant"
    assert not conflicted & set(assignments.values_list("reviewer_id", "application_id"))

    # Reviewers accept and score (their side is journey (b)); one application is scored higher.
    scores = {applications[0].pk: "4", applications[1].pk: "2", applications[2].pk: "3"}
    for assignment in assignments.select_related("reviewer", "application"):
        assignment_accept(assignment_id=assignment.pk, actor=assignment.reviewer)
    page.goto(page.base_url + f"/review/calls/{call.pk}/")
    for _ in applications:
        page.get_by_role("button", name="書面審査開始").first.click()
    assert set(Application.objects.filter(call=call).values_list("status", flat=True)) == {"in_review"}
    for assignment in assignments.select_related("reviewer", "application", "review"):
        value = int(scores[assignment.application_id])
        criteria = assignment.application.call.stage.rubric.criteria.all()
        review_save_draft(
            review_id=assignment.review.pk,
            actor=assignment.reviewer,
            data={
                "scores": {c.code: value for c in criteria},
                "recommendation": "fund",
                "comment_to_applicant": "良い",
                "comment_to_officer": f"担当者だけに: {assignment.reviewer.username}",
            },
        )
        review_submit(review_id=assignment.review.pk, actor=assignment.reviewer)

    page.goto(page.base_url + f"/review/calls/{call.pk}/ranking/")
    rows = page.locator("table tbody tr")
    assert applications[0].title in rows.nth(0).inner_text()
    assert applications[1].title in rows.nth(2).inner_text()
    shot(page, "officer-ranking")

    # The officer opens the reviews from the ranking and reads the confidential comments.
    rows.nth(0).get_by_role("link", name=applications[0].title).click()
    expect(page.get_by_role("heading", name=re.compile("審査結果一覧"))).to_be_visible()
    for assignment in assignments.filter(application=applications[0]).select_related("reviewer"):
        expect(page.get_by_text(f"担当者だけに: {assignment.reviewer.username}")).to_be_visible()
    shot(page, "officer-review-sheet")

    # Deciding asks first and names the consequence; dismissing it changes nothing.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="採択", exact=True).click()
    page.wait_for_timeout(300)
    assert "採択課題が作成され、申請者に通知されます" in asked[0]
    assert Application.objects.get(pk=applications[0].pk).status == "in_review"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="採択", exact=True).click()
    expect(page.get_by_text("「採択」を実行しました").first).to_be_visible()

    page.goto(page.base_url + f"/review/calls/{call.pk}/ranking/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("table tbody tr").filter(has_text=applications[1].title).get_by_role(
        "button", name="不採択", exact=True
    ).click()
    page.wait_for_load_state("networkidle")

    statuses = dict(Application.objects.filter(call=call).values_list("pk", "status"))
    assert statuses[applications[0].pk] == "accepted"
    assert statuses[applications[1].pk] == "rejected"
    assert statuses[applications[2].pk] == "in_review"
    assert Application.objects.get(pk=applications[0].pk).award.status == "active"
