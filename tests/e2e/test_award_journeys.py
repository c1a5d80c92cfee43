"""Journey (d): the awardee submits an annual report and the officer accepts it."""

import re

import pytest
from playwright.sync_api import expect

from applications.services import application_transition
from awards.models import ProgressReport, ReportEvent
from tests.e2e.conftest import login
from tests.e2e.scenario import screened_applications, users

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_awardee_submits_an_annual_report_and_the_officer_accepts_it(page, shot, catalog):
    call, (application,) = screened_applications(["固体電解質の量産技術"], applicant="applicant")
    officer = users()["officer-ksac"]
    for action in ("start_review", "accept"):
        application_transition(
            application_id=application.pk, action=action, actor=officer, override=True, note="担当者判断（E2E準備）"
        )
    report = ProgressReport.objects.filter(award__application=application, kind="annual").order_by("due_on").first()
    assert report is not None and report.status == "pending"

    login(page, "applicant")
    page.goto(page.base_url + "/awards/mine/")
    shot(page, "awardee-my-awards")
    row = page.get_by_role("row").filter(has_text=report.award.award_number).filter(has_text="年次報告").first
    row.get_by_role("link", name="年次報告").click()
    page.locator("textarea[name='body']").fill("試作ラインを立ち上げ、歩留まり85%を達成した。")
    # The file is chosen in the same form as the text; submitting asks first and sends both.
    page.get_by_label("添付ファイル（任意）").set_input_files(
        files=[{"name": "成果報告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 results"}]
    )
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_text("提出済").first).to_be_visible()
    assert "添付ファイルも一緒に提出されます" in asked[0]
    expect(page.get_by_role("link", name="成果報告.pdf")).to_be_visible()
    assert list(report.attachments.values_list("original_name", flat=True)) == ["成果報告.pdf"]
    shot(page, "awardee-report-submitted")

    page.get_by_role("button", name="ログアウト").click()
    login(page, "officer-ksac")
    page.goto(page.base_url + f"/awards/{report.award_id}/")
    shot(page, "officer-award-detail")
    page.goto(page.base_url + f"/awards/reports/{report.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="受理").click()
    expect(page.get_by_text(re.compile("受理")).first).to_be_visible()

    report.refresh_from_db()
    assert report.status == "accepted"
    assert list(ReportEvent.objects.filter(report=report).values_list("action", flat=True)) == [
        "attach",
        "submit",
        "accept",
    ]
