"""The program's conversation in the browser: the officer asks a question, the applicant answers with a file,
the officer decides a batch from the ranking and sends letters, the applicant reads the letter, and the
result appears on the public list."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from applications.models import Application
from applications.services import application_transition
from reviews.services import assignment_accept, assignment_create
from tests.e2e.conftest import login
from tests.e2e.scenario import screened_applications, users

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _to_review(application, people):
    for name in ("reviewer1", "reviewer2"):
        assignment = assignment_create(
            application_id=application.pk, reviewer=people[name], actor=people["officer-ksac"]
        )
        assignment_accept(assignment_id=assignment.pk, actor=people[name])
    application_transition(
        application_id=application.pk,
        action="start_review",
        actor=people["officer-ksac"],
        note="担当者判断で審査開始",
        override=True,
    )


def test_question_answer_batch_decision_letter_and_public_result(page, shot, catalog, tmp_path):
    call, (asked, other) = screened_applications(["固体電池の量産化", "水素センサの事業化"])
    people = users()

    # The officer asks the applicant a question with a due date.
    login(page, "officer-ksac")
    page.goto(page.base_url + f"/applications/{asked.pk}/")
    page.locator("textarea[name='request_info-note']").fill("量産時の原価の見積書を添付してください。")
    due = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    page.locator("input[name='request_info-due_at']").fill(due)
    page.locator("form:has(textarea[name='request_info-note'])").get_by_role("button").click()
    expect(page.get_by_text("追加資料依頼中").first).to_be_visible()

    # The applicant answers with a file; the application returns to screening.
    page.context.clear_cookies()
    login(page, "applicant2")
    page.goto(page.base_url + f"/applications/{asked.pk}/")
    expect(page.get_by_text("量産時の原価の見積書を添付してください。").first).to_be_visible()
    quote = tmp_path / "quote.pdf"
    quote.write_bytes(PDF)
    page.locator("textarea[name='respond_info-note']").fill("見積書を添付します。")
    page.locator("input[name='respond_info-attachments']").set_input_files(str(quote))
    page.get_by_role("button", name="依頼への回答").click()
    expect(page.get_by_role("link", name="quote.pdf").first).to_be_visible()
    shot(page, "applicant-answered-request")
    asked.refresh_from_db()
    assert asked.status == "screening"

    # Both go to review; the officer decides them together from the ranking and sends the letters.
    for application in (asked, other):
        _to_review(application, people)
    page.context.clear_cookies()
    login(page, "officer-ksac")
    # Not yet scored, they come last in the ranking (a page of 50): the last page.
    page.goto(page.base_url + f"/review/calls/{call.pk}/ranking/?page=last")
    for application in (asked, other):
        page.locator(f"input[name='ids'][value='{application.pk}']").check()
    page.locator("#batch select[name='action']").select_option("accept")
    page.locator("#batch input[name='note']").fill("担当者判断（審査前の決定）")
    page.locator("#batch input[name='override']").check()
    page.locator("#batch input[name='send_letters']").check()
    page.get_by_role("button", name="確認画面へ").click()
    expect(page.get_by_text("取り消せません")).to_be_visible()
    page.get_by_role("button", name="「採択」を確定する").click()
    expect(page.get_by_text("2 件完了、0 件できませんでした")).to_be_visible()
    shot(page, "officer-batch-decision")
    assert set(Application.objects.filter(pk__in=[asked.pk, other.pk]).values_list("status", flat=True)) == {"accepted"}

    # The officer publishes the call's results.
    page.goto(page.base_url + f"/results/manage/calls/{call.pk}/")
    page.get_by_label("公開すると、採択課題の課題名・研究代表者名・所属機関が誰でも見られるようになります。").check()
    page.get_by_role("button", name="採択一覧を公開する").click()
    expect(page.get_by_text("公開中")).to_be_visible()

    # The applicant reads the letter; anyone sees the result on the public list.
    page.context.clear_cookies()
    login(page, "applicant2")
    page.goto(page.base_url + f"/applications/{asked.pk}/")
    page.get_by_role("link", name="【採択通知】固体電池の量産化").click()
    expect(page.get_by_role("heading", name="【採択通知】固体電池の量産化")).to_be_visible()
    shot(page, "applicant-reads-letter")
    page.context.clear_cookies()
    page.goto(page.base_url + "/results/")
    expect(page.get_by_text("固体電池の量産化")).to_be_visible()
    expect(page.get_by_text("水素センサの事業化")).to_be_visible()
    shot(page, "public-results")
