"""採択一覧: an officer publishes a decided call's adopted projects; the public sees exactly those, and nothing else."""

import csv
import io

import pytest
from openpyxl import load_workbook

from applications.services import application_transition
from results.models import PublicationEvent, ResultPublication
from tests.awards.factories import NOTE, accept, draft, officer_for, open_call, saved, to_review
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(catalog):
    """A KSAC Step 1 call with one adopted, one rejected and one withdrawn application."""
    officer = officer_for(platforms=[catalog["platforms"]["KSAC"]])
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    pi = saved(UserFactory(display_name="京都 太郎", affiliation=InstitutionFactory(name="京都公開大学")))
    award = accept(draft(call=call, applicant=pi, title='=HYPERLINK("x")固体電解質の概念実証'), officer)
    rejected = to_review(draft(call=call, applicant=saved(UserFactory()), title="不採択になった課題"), officer)
    application_transition(application_id=rejected.pk, action="reject", actor=officer, note=NOTE, override=True)
    withdrawn = draft(call=call, applicant=saved(UserFactory()), title="取り下げた課題")
    application_transition(application_id=withdrawn.pk, action="submit", actor=withdrawn.applicant)
    application_transition(application_id=withdrawn.pk, action="withdraw", actor=withdrawn.applicant)
    return {"call": call, "officer": officer, "award": award, "catalog": catalog}


def _publish(client, decided, **extra):
    client.force_login(decided["officer"])
    data = {"action": "publish", "publish-confirm": "on", **extra}
    return client.post(f"/results/manage/calls/{decided['call'].pk}/", data)


def test_nothing_is_public_before_publication(decided, client):
    assert client.get("/api/v1/public/results/").json()["count"] == 0
    assert client.get(f"/results/calls/{decided['call'].pk}/").status_code == 404
    assert "京都 太郎" not in client.get("/results/").content.decode()


def test_publishing_shows_exactly_the_adopted_project_to_anyone(decided, client):
    assert _publish(client, decided).status_code == 302
    client.logout()
    rows = client.get("/api/v1/public/results/").json()["results"]
    assert [(r["title"], r["pi_name"], r["institution"], r["platform"], r["fiscal_year"]) for r in rows] == [
        ('=HYPERLINK("x")固体電解質の概念実証', "京都 太郎", "京都公開大学", "KSAC", decided["call"].fiscal_year)
    ]
    assert rows[0]["number"] == decided["award"].award_number and rows[0]["amount"] is None
    page = client.get(f"/results/calls/{decided['call'].pk}/").content.decode()
    assert "京都 太郎" in page and "不採択になった課題" not in page and "取り下げた課題" not in page


def test_publishing_asks_for_confirmation_and_names_the_consequence(decided, client):
    client.force_login(decided["officer"])
    url = f"/results/manage/calls/{decided['call'].pk}/"
    assert "誰でも見られるようになります" in client.get(url).content.decode()
    response = client.post(url, {"action": "publish"})
    assert response.status_code == 400
    assert "このチェックを入れてください" in response.content.decode()
    assert not ResultPublication.objects.filter(status="published").exists()


def test_an_undecided_call_cannot_be_published_and_the_officer_is_told_why(catalog, client):
    officer = officer_for(platforms=[catalog["platforms"]["KSAC"]])
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    accept(draft(call=call, applicant=saved(UserFactory())), officer)
    to_review(draft(call=call, applicant=saved(UserFactory()), title="まだ審査中"), officer)
    response = _publish(client, {"call": call, "officer": officer})
    assert response.status_code == 400
    assert "まだ採否が決まっていない申請が 1 件あります" in response.content.decode()
    assert not PublicationEvent.objects.exists()
    assert client.get("/api/v1/public/results/").json()["count"] == 0


def test_a_repeated_publish_records_one_event_and_withdrawal_removes_the_list(decided, client):
    _publish(client, decided)
    _publish(client, decided)
    assert PublicationEvent.objects.filter(action="publish").count() == 1
    url = f"/results/manage/calls/{decided['call'].pk}/"
    refused = client.post(url, {"action": "withdraw", "withdraw-note": "誤りがあったため"})
    assert refused.status_code == 400  # not confirmed: still public
    assert client.get("/api/v1/public/results/").json()["count"] == 1
    done = client.post(url, {"action": "withdraw", "withdraw-note": "誤りがあったため", "withdraw-confirm": "on"})
    assert done.status_code == 302
    event = PublicationEvent.objects.get(action="withdraw")
    assert (event.actor, event.note) == (decided["officer"], "誤りがあったため")
    assert client.get("/api/v1/public/results/").json()["count"] == 0
    assert client.get(f"/results/calls/{decided['call'].pk}/").status_code == 404


def test_an_officer_of_another_platform_cannot_publish(decided, client):
    other = officer_for(platforms=[decided["catalog"]["platforms"]["GTIE"]])
    client.force_login(other)
    url = f"/results/manage/calls/{decided['call'].pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "publish", "publish-confirm": "on"}).status_code == 404
    assert not ResultPublication.objects.filter(status="published").exists()


def test_amounts_appear_only_when_published_with_them(decided, client):
    _publish(client, decided, **{"publish-with_amounts": "on"})
    row = client.get("/api/v1/public/results/").json()["results"][0]
    assert row["amount"] == decided["award"].amount_total


def test_filters_select_by_program_platform_and_fiscal_year_and_refuse_nonsense(decided, client):
    _publish(client, decided)
    year = decided["call"].fiscal_year
    assert client.get("/api/v1/public/results/", {"platform": "ksac", "fiscal_year": year}).json()["count"] == 1
    assert client.get("/api/v1/public/results/", {"platform": "GTIE"}).json()["count"] == 0
    assert client.get("/api/v1/public/results/", {"program": "COINEXT"}).json()["count"] == 0
    bad = client.get("/api/v1/public/results/", {"fiscal_year": "99999"})
    assert bad.status_code == 400 and "fiscal_year" in bad.json()["errors"]
    assert client.get("/results/", {"fiscal_year": "abc"}).status_code == 400


def test_downloads_carry_the_rows_and_neutralise_formulas(decided, client):
    _publish(client, decided)
    body = client.get("/results/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:2] == ["年度", "プログラム"]
    assert rows[1][5] == '\'=HYPERLINK("x")固体電解質の概念実証'
    sheet = load_workbook(io.BytesIO(client.get("/results/export.xlsx").content)).active
    assert sheet.cell(row=2, column=6).value == '\'=HYPERLINK("x")固体電解質の概念実証'
    assert sheet.cell(row=2, column=7).value == "京都 太郎"
