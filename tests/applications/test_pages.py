"""The server-rendered pages: the applicant's path, the officer's list, detail and actions."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from applications import services
from applications.models import Application, ApplicationEvent, Status

from .factories import ELF_BYTES, PDF_BYTES, first_budget_year, make_complete, make_draft

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def test_applicant_path_through_the_pages(world):
    client = login(world["owner"])
    call = world["call"]
    assert f"/calls/{call.pk}/apply/" in text(client.get("/"))

    response = client.post(f"/calls/{call.pk}/apply/")
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/applications/{application.pk}/edit/"

    # Checking before anything is filled lists every problem with its field.
    page = text(client.get(f"/applications/{application.pk}/submit/"))
    for label in ("課題名", "概要", "申請額", "予算"):
        assert f"<strong>{label}</strong>" in page
    assert "課題名を入力してください。" in page

    year = first_budget_year(call)
    response = client.post(
        f"/applications/{application.pk}/edit/",
        {
            "section": "main",
            "title": "ページからの申請",
            "summary": "概要",
            "keywords": "A, B",
            "requested_amount": "3900000",
            "duration_months": "12",
            f"budget_{year}_equipment": "2000000",
            f"budget_{year}_personnel": "1000000",
            f"budget_{year}_indirect": "900000",
        },
    )
    assert response.status_code == 302
    page = text(client.get(f"/applications/{application.pk}/edit/"))
    totals = page.split("<tfoot>")[1].split("</tfoot>")[0]
    assert "2,000,000" in totals and "900,000" in totals and "3,900,000" in totals  # computed on save

    response = client.post(
        f"/applications/{application.pk}/edit/",
        {
            "section": "member",
            "member-name": "共同 研究者",
            "member-role": "co_investigator",
            "member-effort_percent": "150",
        },
    )
    assert response.status_code == 400 and "エフォートは1〜100" in text(response)
    response = client.post(
        f"/applications/{application.pk}/edit/",
        {
            "section": "member",
            "member-name": "共同 研究者",
            "member-role": "co_investigator",
            "member-effort_percent": "20",
        },
    )
    assert response.status_code == 302

    response = client.post(
        f"/applications/{application.pk}/edit/",
        {
            "section": "attachment",
            "attachment-kind": "proposal",
            "attachment-file": SimpleUploadedFile("x.pdf", ELF_BYTES),
        },
    )
    assert response.status_code == 400 and "実行ファイルは添付できません" in text(response)
    response = client.post(
        f"/applications/{application.pk}/edit/",
        {
            "section": "attachment",
            "attachment-kind": "proposal",
            "attachment-file": SimpleUploadedFile("提案書.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    assert "提案書.pdf" in text(client.get(f"/applications/{application.pk}/edit/"))

    page = text(client.get(f"/applications/{application.pk}/submit/"))
    assert "問題は見つかりませんでした" in page
    response = client.post(f"/applications/{application.pk}/submit/")
    assert response.status_code == 302 and response["Location"] == f"/applications/{application.pk}/receipt/"
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.receipt_number in text(client.get(response["Location"]))

    # Frozen: the edit page sends the applicant back to the detail page and nothing changes.
    response = client.post(f"/applications/{application.pk}/edit/", {"section": "main", "title": "変更"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "ページからの申請"

    page = text(client.get("/applications/mine/"))
    assert application.receipt_number in page and "提出済" in page

    assert "本当に取り下げますか" in text(client.get(f"/applications/{application.pk}/withdraw/"))
    response = client.post(f"/applications/{application.pk}/withdraw/", {"note": "都合により"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    transitions = list(
        ApplicationEvent.objects.filter(application=application)
        .exclude(from_status="draft", to_status="draft")
        .values_list("action", "from_status", "to_status")
    )
    assert transitions == [("submit", "draft", "submitted"), ("withdraw", "submitted", "withdrawn")]
    page = text(client.get(f"/applications/{application.pk}/"))
    assert "提出済 → 取下げ" in page and "都合により" in page


def test_officer_list_filters_and_exports_csv_with_bom(world):
    ksac = make_complete(world["call"], world["owner"], title="京都の課題")
    services.application_transition(application_id=ksac.pk, action="submit", actor=world["owner"])
    make_draft(world["other_call"], world["other"], title="東京の課題")
    director = login(world["director"])
    page = text(director.get("/applications/?platform=ksac"))
    assert "京都の課題" in page and "東京の課題" not in page
    page = text(director.get("/applications/?status=draft"))
    assert "東京の課題" in page and "京都の課題" not in page

    response = director.get("/applications/export.csv?platform=KSAC")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "受付番号" and len(rows) == 2
    assert rows[1][0] == Application.objects.get(pk=ksac.pk).receipt_number and rows[1][2] == "京都の課題"

    officer_out = login(world["officer_out"])
    assert "京都の課題" not in text(officer_out.get("/applications/"))
    assert login(world["owner"]).get("/applications/").status_code == 404
    assert login(world["owner"]).get("/applications/export.csv").status_code == 404


def test_officer_actions_from_the_detail_page_need_a_note_where_the_table_says(world):
    application = make_complete(world["call"], world["owner"])
    services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    officer = login(world["officer"])
    page = text(officer.get(f"/applications/{application.pk}/"))
    assert f"/applications/{application.pk}/actions/return/" in page and "/actions/screen/" in page

    response = officer.post(f"/applications/{application.pk}/actions/return/", {"return-note": ""})
    assert response.status_code == 400 and "理由を入力してください。" in text(response)
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED

    assert officer.post(f"/applications/{application.pk}/actions/screen/", {}).status_code == 302
    response = officer.post(
        f"/applications/{application.pk}/actions/reject_ineligible/",
        {"reject_ineligible-note": "要件外", "confirm": "yes"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.INELIGIBLE
    assert "要件外" in text(officer.get(f"/applications/{application.pk}/"))
    # The applicant sees the result but has no officer actions.
    page = text(login(world["owner"]).get(f"/applications/{application.pk}/"))
    assert "要件不備" in page and "/actions/" not in page


def test_an_officer_returns_and_the_applicant_edits_again(world):
    application = make_complete(world["call"], world["owner"])
    services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    response = login(world["officer"]).post(
        f"/applications/{application.pk}/actions/return/", {"return-note": "予算表を修正", "confirm": "yes"}
    )
    assert response.status_code == 302
    owner = login(world["owner"])
    assert owner.get(f"/applications/{application.pk}/edit/").status_code == 200


@pytest.mark.parametrize(
    ("role", "url"), [("owner", "/applications/mine/"), ("officer", "/applications/"), ("director", "/applications/")]
)
def test_list_pages_make_a_constant_number_of_queries(world, role, url):
    client = login(world[role])
    client.get(url)  # the first page after signing in also notes in the session that there is no 2FA

    def count(n):
        while Application.objects.count() < n:
            application = make_complete(world["call"], world["owner"])
            if Application.objects.count() % 2:
                services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200 and text(response).count("/applications/") >= n
        return len(ctx.captured_queries)

    assert count(2) == count(10)
