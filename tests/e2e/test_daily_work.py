"""Daily work in the browser: the reviewer's chosen score survives leaving the page (autosave), and an
unsaved change asks before leaving."""

import re

import pytest
from playwright.sync_api import expect

from reviews.models import Review
from reviews.services import assignment_accept, assignment_create
from tests.e2e.conftest import login
from tests.e2e.scenario import screened_applications, start_review, users

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_reviewer_score_survives_leaving_the_page(page, shot, catalog):
    call, (application,) = screened_applications(["小型燃料電池の事業化"])
    people = users()
    assignment = assignment_create(
        application_id=application.pk, reviewer=people["reviewer1"], actor=people["officer-ksac"]
    )
    assignment_accept(assignment_id=assignment.pk, actor=people["reviewer1"])
    start_review(application, people["officer-ksac"])
    review = Review.objects.get(assignment=assignment)
    criteria = list(call.stage.rubric.criteria.all())

    login(page, "reviewer1")
    page.goto(page.base_url + f"/review/reviews/{review.pk}/")
    # The rubric explains each level.
    expect(page.get_by_text(re.compile(r"^4: ")).first).to_be_visible()
    page.locator(f"select[name='score_{criteria[0].code}']").select_option("3")
    expect(page.locator("#autosave-status")).to_contain_text("一時保存しました")
    shot(page, "reviewer-scoring")

    # An unsaved change asks before leaving; staying keeps the text on the page.
    page.get_by_label("担当者へのコメント（非開示）").press_sequentially("未保存")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="ワークスペースへ戻る").click()
    page.wait_for_timeout(300)
    # Typing is autosaved only after a 1.5 s pause, so the click lands on an unsaved change.
    assert asked == ["beforeunload"]
    expect(page.get_by_label("担当者へのコメント（非開示）")).to_have_value("未保存")
    page.goto(page.base_url + "/review/")
    page.goto(page.base_url + f"/review/reviews/{review.pk}/")
    expect(page.locator(f"select[name='score_{criteria[0].code}']")).to_have_value("3")
    review.refresh_from_db()
    assert review.scores == {criteria[0].code: 3} and review.status == "draft"
