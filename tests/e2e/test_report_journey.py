"""Journey (e): the officer requests a platform report, a real Celery worker builds it, the XLSX downloads."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from applications.services import application_transition
from tests.e2e.conftest import login
from tests.e2e.scenario import screened_applications, users
from tests.integration.conftest import queue, workers  # noqa: F401  (fixtures: a real worker on its own queue)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_officer_rebuilds_the_platform_report_and_downloads_the_xlsx(page, shot, catalog, workers):  # noqa: F811
    call, applications = screened_applications(["高耐久電極の開発", "医療用センサの実証"], applicant="applicant")
    officer = users()["officer-ksac"]
    for action in ("start_review", "accept"):
        application_transition(
            application_id=applications[0].pk, action=action, actor=officer, override=True, note="E2E準備"
        )
    workers()

    login(page, "officer-ksac")
    page.goto(page.base_url + "/reporting/dashboard/")
    page.get_by_role("button", name="今すぐ再作成").click()
    # The page refreshes itself until the worker has finished.
    page.get_by_text("集計が完了しました。").wait_for(timeout=60_000)
    shot(page, "officer-dashboard")
    page.goto(page.base_url + "/office/")
    expect(page.get_by_role("heading", name="公募ごとの進捗")).to_be_visible()
    expect(page.get_by_role("link", name=call.title)).to_be_visible()
    shot(page, "officer-desk")
    page.goto(page.base_url + "/reporting/dashboard/")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel（XLSX）").click()
    workbook = openpyxl.load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read()))
    rows = [row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    records = [dict(zip(header, row, strict=False)) for row in rows[1:] if row and row[0] != header[0]]
    ksac_step1 = [
        r for r in records if (r["プラットフォーム"], r["段階"], r["年度"]) == ("KSAC", "ステップ1", call.fiscal_year)
    ]
    assert len(ksac_step1) == 1, records[:3]
    assert ksac_step1[0]["受付件数"] == 2
    assert ksac_step1[0]["採択"] == 1
    assert ksac_step1[0]["採択額（円）"] == applications[0].requested_amount
