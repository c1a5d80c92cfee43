"""e-Rad-ready export of a call: one row per received application, members' 研究者番号, budget by year and category."""

import csv
import io

import openpyxl
import pytest

from applications import services
from applications.invitations import invitation_answer
from applications.models import Application, BudgetCategory, TeamMember
from tests.factories import UserFactory

from .factories import first_budget_year, make_complete

pytestmark = pytest.mark.django_db


def _url(call, fmt):
    return f"/api/v1/calls/{call.pk}/export/?format={fmt}"


@pytest.fixture
def received(world):
    """Two submitted applications (one with two accepted co-investigators, one pending) and one draft."""
    world["owner"].researcher_number = "10000001"
    world["owner"].save(update_fields=["researcher_number"])
    first = make_complete(world["call"], world["owner"], title="=危険な課題名")
    for number in ("20000002", "30000003"):
        person = UserFactory(researcher_number=number)
        member = services.member_upsert(
            application_id=first.pk,
            actor=world["owner"],
            name=str(person),
            role="co_investigator",
            user_id=person.pk,
            effort_percent=10,
        )
        invitation_answer(member_id=member.pk, actor=person, action="accept")
    year = first_budget_year(world["call"])
    services.budget_set(
        application_id=first.pk,
        actor=world["owner"],
        amounts={(year, BudgetCategory.TRAVEL.value): 100_000, (year, BudgetCategory.EQUIPMENT.value): 1_900_000},
    )
    services.application_transition(application_id=first.pk, action="submit", actor=world["owner"])
    # A row still pending (submit refuses one now; a row written before that rule, as a database may hold).
    TeamMember.objects.create(
        application=first,
        name="承諾していない人",
        role="co_investigator",
        user=UserFactory(researcher_number="99999999"),
        status="pending",
    )
    second = make_complete(world["call"], world["other"], title="二つ目の課題")
    second = services.application_transition(application_id=second.pk, action="submit", actor=world["other"])
    make_complete(world["call"], world["other"], title="下書きのまま")
    return {"first": Application.objects.get(pk=first.pk), "second": second, "year": year}


def test_csv_has_one_row_per_application_with_every_members_researcher_number_and_budget(world, received, api_client):
    api_client.force_authenticate(world["officer"])
    response = api_client.get(_url(world["call"], "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert [r[0] for r in body] == sorted([received["first"].receipt_number, received["second"].receipt_number])
    first = next(dict(zip(header, r, strict=True)) for r in body if r[0] == received["first"].receipt_number)
    assert first["課題名"] == "'=危険な課題名"  # formula-injection safe
    assert first["研究代表者 研究者番号"] == "10000001"
    assert {first["共同研究者1 研究者番号"], first["共同研究者2 研究者番号"]} == {"20000002", "30000003"}
    assert "99999999" not in response.content.decode("utf-8-sig")  # pending members do not count
    year = received["year"]
    assert first[f"{year}年度 直接経費（円）"] == "3000000"  # equipment 1.9M + personnel 1M + travel 0.1M
    assert first[f"{year}年度 間接経費（円）"] == "900000"
    assert first["合計（円）"] == "3900000"


def test_xlsx_has_japanese_headers_and_the_same_rows(world, received, api_client):
    api_client.force_authenticate(world["director"])
    response = api_client.get(_url(world["call"], "xlsx"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:2] == ("受付番号", "課題名") and len(values) == 3


@pytest.mark.parametrize("who", ["officer_out", "owner", "reviewer"])
def test_the_export_is_a_404_outside_the_officers_scope(world, received, api_client, who):
    api_client.force_authenticate(world[who])
    assert api_client.get(_url(world["call"], "csv")).status_code == 404


def test_an_unknown_format_is_refused(world, api_client):
    api_client.force_authenticate(world["officer"])
    assert api_client.get(_url(world["call"], "pdf")).status_code in (400, 404)


def test_the_officers_call_page_links_the_download(world, client):
    client.force_login(world["officer"])
    page = client.get(f"/calls/{world['call'].pk}/").content.decode()
    assert f"/api/v1/calls/{world['call'].pk}/export/?format=xlsx" in page
    client.force_login(world["owner"])
    assert "/export/" not in client.get(f"/calls/{world['call'].pk}/").content.decode()
