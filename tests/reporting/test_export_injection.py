"""Exports never hand a spreadsheet a formula: text cells starting with = + - @ tab CR get a leading quote."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from applications.models import Status
from reporting.models import PlatformReport
from reporting.services import platform_report_build
from tests.applications.factories import ApplicationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def hostile_catalog(catalog):
    platform = catalog["platforms"]["KSAC"]
    platform.name = "=cmd|' /C calc'!A0"
    platform.save(update_fields=["name"])
    call = catalog["calls"]["GF-KSAC-2024-S1"]
    for index, title in enumerate(HOSTILE):
        ApplicationFactory(
            call=call, status=Status.SUBMITTED, title=title, receipt_number=f"INJ-{index}", requested_amount=1000
        )
    return catalog


def test_officer_csv_quotes_every_cell_that_starts_like_a_formula(hostile_catalog):
    director = Client()
    director.force_login(UserFactory(role="director"))
    response = director.get("/applications/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    titles = sorted(row[2] for row in rows[1:])
    assert titles == sorted("'" + title for title in HOSTILE)
    assert all(row[9] == "1000" for row in rows[1:])  # amounts untouched


def test_platform_report_csv_and_xlsx_neutralise_formulas_and_keep_numbers(hostile_catalog):
    report = PlatformReport.objects.create(fiscal_year=2024)
    platform_report_build(report_id=report.pk)
    client = Client()
    client.force_login(UserFactory(role="director"))

    response = client.get(f"/api/v1/platform-reports/{report.pk}/download/?format=csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    ksac = [row for row in table if "calc" in row["プラットフォーム"]]
    assert [row["プラットフォーム"] for row in ksac] == ["'=cmd|' /C calc'!A0"]

    response = client.get(f"/api/v1/platform-reports/{report.pk}/download/?format=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'=cmd|' /C calc'!A0" in texts
    assert not any(text.startswith(("=", "+", "-", "@", "\t", "\r")) for text in texts)
    assert all(cell.data_type != "f" for cell in cells)  # no formula cells at all
    received = [cell.value for cell in cells if isinstance(cell.value, int)]
    assert received and all(isinstance(value, int) for value in received)


def test_negative_numbers_stay_numbers_and_text_is_quoted():
    from sangaku.spreadsheet import safe_row

    assert safe_row([-5, 0, None, "-5", "=1+1", "普通の文字", "a=b"]) == [
        -5,
        0,
        None,
        "'-5",
        "'=1+1",
        "普通の文字",
        "a=b",
    ]
