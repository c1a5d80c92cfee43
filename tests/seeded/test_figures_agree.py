"""On the demo, every page, export and API that counts awards says the same: the director's desk (`/office/`),
the award list (`/awards/` and `GET /api/v1/awards/totals/`), the report dashboard (`/reporting/dashboard/`)
and the platform report (API rows, CSV, XLSX) agree per program × platform × fiscal year, and with the
database; the desk also reproduces the seed's 令和6年度 gap-fund adoption table call by call.

The desk once multiplied awards and amounts by the number of report rows per award (2,743 awards and
¥1,769,113,947,236 for a demo of 359 awards and ¥76,095,792,298).
"""

import csv
import io
import re
from collections import Counter, defaultdict

import pytest
from django.db.models import Count, Sum
from openpyxl import load_workbook

from accounts.models import User
from awards.models import Award
from programs.models import Call, Platform, Program
from reporting.exports import COLUMNS
from reporting.models import PlatformReport
from reporting.services import platform_report_build

from .test_seed_report import STEP1, STEP2

pytestmark = [pytest.mark.django_db]

STATUS_COLUMNS = ("awards_planned", "awards_active", "awards_completed", "awards_terminated", "awards_promoted")
LABELS = {key: str(label) for key, label in COLUMNS}
AWARD_TOTALS = re.compile(r'id="award-totals">([\d,]+)件（採択額の合計 ¥([\d,]+)）')
DESK_TOTALS = re.compile(
    r"全プログラムの合計: 申請 [\d,]+件（申請額 ¥[\d,]+）・採択課題 ([\d,]+)件（採択額 ¥([\d,]+)）"
)


def _int(text) -> int:
    return int(str(text or "0").replace(",", ""))


def _from_report_rows(rows) -> dict:
    """{(program name, platform name, fiscal year): (awards, amount)} from report rows keyed by column name."""
    figures = defaultdict(Counter)
    for row in rows:
        key = (row["program_name"], row["platform_name"] or "", int(row["fiscal_year"]))
        figures[key]["awards"] += sum(_int(row[c]) for c in STATUS_COLUMNS)
        figures[key]["amount"] += _int(row["amount_awarded"])
    return {k: (v["awards"], v["amount"]) for k, v in figures.items() if v["awards"] or v["amount"]}


def _from_table(table) -> dict:
    """The same from an exported or shown table whose headers are the columns' Japanese labels."""
    names = ("program_name", "platform_name", "fiscal_year", *STATUS_COLUMNS, "amount_awarded")
    return _from_report_rows([{name: row[LABELS[name]] for name in names} for row in table])


@pytest.fixture
def director_client(seeded, client):
    client.force_login(User.objects.get(username="director"))
    client.get("/office/")  # the first page after signing in also notes in the session that there is no 2FA
    return client


def test_desk_award_list_dashboard_and_platform_report_agree_per_program_platform_and_year(director_client, api_client):
    client = director_client
    report = PlatformReport.objects.create()
    platform_report_build(report_id=report.pk)
    report.refresh_from_db()

    # The database: every award once.
    database = {
        (row["application__call__stage__program__name"], row["application__call__platform__name"] or "", fy): (
            row["n"],
            row["amount"],
        )
        for row in Award.objects.values(
            "application__call__stage__program__name",
            "application__call__platform__name",
            "application__call__fiscal_year",
        )
        .annotate(n=Count("id"), amount=Sum("amount_total"))
        .order_by()
        for fy in [row["application__call__fiscal_year"]]
    }
    total = Award.objects.aggregate(n=Count("id"), amount=Sum("amount_total"))
    assert len(database) > 10 and total["n"] > 300

    # The director's desk, per call folded to program × platform × year, and its grand total line.
    desk_page = client.get("/office/")
    desk = defaultdict(lambda: [0, 0])
    for row in desk_page.context["pipeline"]:
        desk[(row["program"], row["platform"], row["fiscal_year"])][0] += row["awards"]
        desk[(row["program"], row["platform"], row["fiscal_year"])][1] += row["awarded"]
    desk = {k: tuple(v) for k, v in desk.items() if v != [0, 0]}
    assert desk == database
    shown = DESK_TOTALS.search(desk_page.content.decode())
    assert shown and (_int(shown[1]), _int(shown[2])) == (total["n"], total["amount"])

    # The award list page and its API, filtered to each program × platform × year.
    codes = {p.name: p.code for p in Program.objects.all()} | {p.name: p.code for p in Platform.objects.all()}
    api_client.force_authenticate(User.objects.get(username="director"))
    for (program, platform, fiscal_year), expected in database.items():
        params = {"program": codes[program], "fiscal_year": fiscal_year}
        if platform:
            params["platform"] = codes[platform]
        listed = AWARD_TOTALS.search(client.get("/awards/", params).content.decode())
        assert listed and (_int(listed[1]), _int(listed[2])) == expected, (program, platform, fiscal_year)
        api = api_client.get("/api/v1/awards/totals/", params).json()
        assert (api["awards"], api["amount_awarded"]) == expected, (program, platform, fiscal_year)
        assert api["awards"] == sum(api[c] for c in STATUS_COLUMNS)
    everything = AWARD_TOTALS.search(client.get("/awards/").content.decode())
    assert (_int(everything[1]), _int(everything[2])) == (total["n"], total["amount"])

    # The report dashboard (what it shows), the report's API rows, CSV and XLSX.
    dashboard = client.get("/reporting/dashboard/").context
    headers = [str(h) for h in dashboard["headers"]]
    shown_table = [{h: cell["text"] for h, cell in zip(headers, row, strict=True)} for row in dashboard["table"]]
    assert _from_table(shown_table) == database
    api_rows = api_client.get(f"/api/v1/platform-reports/{report.pk}/").json()["rows"]
    assert _from_report_rows(api_rows) == database
    download = f"/api/v1/platform-reports/{report.pk}/download/"
    csv_text = api_client.get(f"{download}?format=csv").content.decode("utf-8-sig")
    assert _from_table(csv.DictReader(io.StringIO(csv_text))) == database
    workbook = load_workbook(io.BytesIO(api_client.get(f"{download}?format=xlsx").content))
    xlsx_table = []
    for sheet in workbook.worksheets:
        header, *body = list(sheet.iter_rows(values_only=True))
        xlsx_table += [{k: ("" if v is None else v) for k, v in zip(header, row, strict=True)} for row in body]
    assert _from_table(xlsx_table) == database


def test_the_desk_reproduces_the_seed_adoption_table_call_by_call(director_client):
    pipeline = director_client.get("/office/").context["pipeline"]
    code_of = dict(Call.objects.values_list("pk", "code"))
    awards = {code_of[row["call_id"]]: row["awards"] for row in pipeline}
    for platform, adopted in STEP1.items():
        assert awards[f"GF-{platform}-2024-S1"] == adopted, platform
    for platform, adopted in STEP2.items():
        assert awards.get(f"GF-{platform}-2024-S2", 0) == adopted, platform
    ksac = next(row for row in pipeline if code_of[row["call_id"]] == "GF-KSAC-2024-S1")
    assert (
        ksac["awarded"]
        == Award.objects.filter(application__call__code="GF-KSAC-2024-S1").aggregate(s=Sum("amount_total"))["s"]
    )
