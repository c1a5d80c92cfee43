"""The report page's one form: the text and a chosen file go together, so a chosen file is never dropped."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import ReportStatus
from awards.services import report_transition

from .factories import accept, draft, open_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(catalog, ksac_officer, researcher, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path)}},
    }
    award = accept(
        draft(
            call=open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"]),
            applicant=researcher,
        ),
        ksac_officer,
    )
    return award.reports.get(kind="annual", fiscal_year=award.budgets.first().fiscal_year)


def test_submitting_with_a_chosen_file_keeps_the_file(client, report, researcher):
    client.force_login(researcher)
    upload = SimpleUploadedFile("成果報告.pdf", b"%PDF-1.4 results")
    client.post(f"/awards/reports/{report.pk}/", {"body": "成果", "file": upload, "submit": "1", "confirm": "yes"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert list(report.attachments.values_list("original_name", flat=True)) == ["成果報告.pdf"]
    assert "成果報告.pdf" in client.get(f"/awards/reports/{report.pk}/").content.decode()


def test_a_refused_file_stops_the_submit_and_says_why_beside_the_field(client, report, researcher):
    client.force_login(researcher)
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00binary")
    response = client.post(
        f"/awards/reports/{report.pk}/", {"body": "成果", "file": upload, "submit": "1", "confirm": "yes"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING and not report.attachments.exists()
    page = response.content.decode()
    assert 'class="field has-error"' in page and "添付ファイル（任意）" in page


def test_revision_reasons_are_shown_at_the_top(client, report, researcher, ksac_officer):
    report_transition(report_id=report.pk, action="submit", actor=researcher, body="初版")
    report_transition(report_id=report.pk, action="request_revision", actor=ksac_officer, note="予算執行の内訳を追記")
    client.force_login(researcher)
    page = client.get(f"/awards/reports/{report.pk}/").content.decode()
    assert "修正を依頼された点" in page
    assert page.index("予算執行の内訳を追記") < page.index('name="body"')


def test_submitting_without_confirmation_saves_nothing_and_says_the_consequence(client, report, researcher):
    client.force_login(researcher)
    upload = SimpleUploadedFile("成果報告.pdf", b"%PDF-1.4 results")
    response = client.post(f"/awards/reports/{report.pk}/", {"body": "成果", "file": upload, "submit": "1"})
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING and report.body == "" and not report.attachments.exists()
    page = response.content.decode()
    assert "提出すると報告は確定し" in page
    assert "選んだファイルはまだ添付されていません" in page
    assert 'type="checkbox" name="confirm"' in page and "成果" in page


def test_a_revision_request_tells_the_holder_in_reiwa_with_a_full_link(report, researcher, ksac_officer, settings):
    from notifications.models import Notification
    from programs.fiscal import reiwa_label

    settings.SITE_URL = "https://sangaku.example.jp"
    report_transition(report_id=report.pk, action="submit", actor=researcher, body="初版")
    report_transition(report_id=report.pk, action="request_revision", actor=ksac_officer, note="内訳を追記")
    mail = Notification.objects.filter(recipient=researcher, kind="report_request_revision").first()
    assert reiwa_label(report.fiscal_year) in mail.subject
    assert f"{report.fiscal_year}年度" not in mail.subject + mail.body
    assert "内訳を追記" in mail.body and f"https://sangaku.example.jp/awards/reports/{report.pk}/" in mail.body
