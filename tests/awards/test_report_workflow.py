import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import ReportEvent, ReportStatus
from notifications.models import Notification

from .factories import accept, draft, open_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(catalog, ksac_officer, researcher):
    award = accept(
        draft(
            call=open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"]),
            applicant=researcher,
        ),
        ksac_officer,
    )
    return award.reports.get(kind="annual", fiscal_year=award.budgets.first().fiscal_year)


def _act(api_client, user, report, action, **data):
    api_client.force_authenticate(user)
    return api_client.post(f"/api/v1/reports/{report.pk}/actions/{action}/", data, format="json")


def test_submit_accept_with_events_and_a_notification(api_client, report, researcher, ksac_officer):
    response = _act(api_client, researcher, report, "submit", body="初年度の成果: 試作機を完成。")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted" and response.json()["body"].startswith("初年度")

    response = _act(api_client, ksac_officer, report, "accept")
    assert response.status_code == 200 and response.json()["status"] == "accepted"

    events = list(ReportEvent.objects.filter(report=report).values_list("action", "from_status", "to_status", "actor"))
    assert events == [
        ("submit", "pending", "submitted", researcher.pk),
        ("accept", "submitted", "accepted", ksac_officer.pk),
    ]
    accept_event = ReportEvent.objects.get(report=report, action="accept")
    # (the researcher also has the decision on the application that made the award)
    notification = Notification.objects.get(recipient=researcher, kind="report_accept")
    assert notification.dedup_key == f"report_accept:{report.pk}:{accept_event.pk}"
    assert "受理" in notification.subject

    api_client.force_authenticate(researcher)
    trail = api_client.get(f"/api/v1/reports/{report.pk}/events/").json()["results"]
    assert [e["action"] for e in trail] == ["submit", "accept"]


def test_revision_request_needs_a_note_then_the_holder_resubmits(api_client, report, researcher, ksac_officer):
    _act(api_client, researcher, report, "submit", body="報告")
    refused = _act(api_client, ksac_officer, report, "request_revision")
    assert refused.status_code == 400 and "note" in refused.json()["errors"]

    response = _act(api_client, ksac_officer, report, "request_revision", note="経費の内訳を追記してください。")
    assert response.json()["status"] == "revision_requested"
    event = ReportEvent.objects.get(report=report, action="request_revision")
    notification = Notification.objects.get(recipient=researcher, kind="report_request_revision")
    assert notification.dedup_key == f"report_request_revision:{report.pk}:{event.pk}"
    assert "経費の内訳を追記してください。" in notification.body

    api_client.force_authenticate(researcher)
    assert api_client.patch(f"/api/v1/reports/{report.pk}/", {"body": "追記した報告"}, format="json").status_code == 200
    response = _act(api_client, researcher, report, "submit")
    assert response.json()["status"] == "submitted" and response.json()["body"] == "追記した報告"
    assert _act(api_client, ksac_officer, report, "accept").json()["status"] == "accepted"
    assert list(ReportEvent.objects.filter(report=report).values_list("action", flat=True)) == [
        "submit",
        "request_revision",
        "submit",
        "accept",
    ]


def test_an_empty_report_cannot_be_submitted(api_client, report, researcher):
    response = _act(api_client, researcher, report, "submit")
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING


def test_only_the_holder_submits_and_only_an_officer_accepts(api_client, report, researcher, ksac_officer):
    assert _act(api_client, ksac_officer, report, "submit", body="代理提出").status_code == 403
    _act(api_client, researcher, report, "submit", body="報告")
    assert _act(api_client, researcher, report, "accept").status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_illegal_moves_are_409_and_change_nothing(api_client, report, researcher, ksac_officer):
    assert _act(api_client, ksac_officer, report, "accept").status_code == 409
    _act(api_client, researcher, report, "submit", body="報告")
    assert _act(api_client, researcher, report, "submit", body="二重提出").status_code == 409
    assert _act(api_client, ksac_officer, report, "approve").status_code == 400
    report.refresh_from_db()
    assert (report.status, report.body) == (ReportStatus.SUBMITTED, "報告")
    assert ReportEvent.objects.filter(report=report).count() == 1


def test_attachments_are_sniffed_and_downloaded_through_the_permission_check(
    api_client, report, researcher, gtie_officer, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path)}},
    }
    api_client.force_authenticate(researcher)
    url = f"/api/v1/reports/{report.pk}/attachments/"
    bad = api_client.post(url, {"file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00binary")}, format="multipart")
    assert bad.status_code == 400 and "file" in bad.json()["errors"]
    good = api_client.post(url, {"file": SimpleUploadedFile("../報告書", b"%PDF-1.4 test")}, format="multipart")
    assert good.status_code == 201
    assert good.json()["original_name"] == "報告書.pdf" and good.json()["content_type"] == "application/pdf"
    download = api_client.get(good.json()["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    api_client.force_authenticate(gtie_officer)
    assert api_client.get(good.json()["download_url"]).status_code == 404
    # A report with only an attachment may be submitted.
    assert _act(api_client, researcher, report, "submit").json()["status"] == "submitted"


def test_report_page_lets_the_holder_save_and_submit(client, report, researcher):
    client.force_login(researcher)
    page = client.get(f"/awards/reports/{report.pk}/")
    assert page.status_code == 200 and "提出する" in page.content.decode()
    client.post(f"/awards/reports/{report.pk}/", {"body": "下書き", "save": "1"})
    report.refresh_from_db()
    assert (report.status, report.body) == (ReportStatus.PENDING, "下書き")
    client.post(f"/awards/reports/{report.pk}/", {"body": "完成版", "submit": "1", "confirm": "yes"})
    report.refresh_from_db()
    assert (report.status, report.body) == (ReportStatus.SUBMITTED, "完成版")
    mine = client.get("/awards/mine/").content.decode()
    assert "提出が必要な報告" in mine
