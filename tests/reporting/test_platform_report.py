"""Platform report: set-based aggregates, idempotent build, API (202 + polling), officer scope, CSV/XLSX."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from applications.models import Status
from reporting.aggregates import platform_report_rows
from reporting.models import PlatformReport
from reporting.services import platform_report_build
from tests.applications.factories import ApplicationFactory
from tests.awards.factories import AwardFactory, ProgressReportFactory
from tests.factories import OfficerFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def _row(rows, **key):
    matches = [r for r in rows if all(r[k] == v for k, v in key.items())]
    assert len(matches) == 1, f"expected one row for {key}, got {len(matches)}"
    return matches[0]


@pytest.fixture
def dataset(catalog):
    """KSAC Step 1 FY2024 in every state, one GTIE Step 2 adoption, two COI-NEXT co-creation full-scale hubs."""
    calls = catalog["calls"]
    ksac = calls["GF-KSAC-2024-S1"]
    past = timezone.now() - dt.timedelta(days=5)
    for status, amount in [
        (Status.SUBMITTED, 1_000_000),
        (Status.SCREENING, 2_000_000),
        (Status.IN_REVIEW, 3_000_000),
        (Status.INTERVIEW, 4_000_000),
        (Status.REJECTED, 5_000_000),
        (Status.INELIGIBLE, 6_000_000),
        (Status.WITHDRAWN, 7_000_000),
    ]:
        ApplicationFactory(call=ksac, status=status, requested_amount=amount)
    ApplicationFactory(call=ksac, status=Status.WITHDRAWN, submitted_at=None, requested_amount=99)  # withdrawn draft
    ApplicationFactory.create_batch(2, call=ksac, status=Status.DRAFT, submitted_at=None, requested_amount=99)
    active = AwardFactory.create_batch(
        2, application__call=ksac, application__requested_amount=5_000_000, amount_total=4_500_000
    )
    AwardFactory(
        application__call=ksac, application__requested_amount=5_000_000, amount_total=5_000_000, status="promoted"
    )
    reviewed = ApplicationFactory(call=ksac, status=Status.IN_REVIEW, requested_amount=1)
    ReviewFactory(assignment__application=reviewed)
    AssignmentFactory(application=reviewed, due_at=past)  # overdue, no review
    AssignmentFactory(application=reviewed, due_at=past, status="completed")  # done, not overdue
    AssignmentFactory(application=reviewed)  # due later
    today = timezone.localdate()
    ProgressReportFactory(award=active[0], due_on=today - dt.timedelta(days=1))  # overdue
    ProgressReportFactory(award=active[0], due_on=today - dt.timedelta(days=1), status="submitted")
    ProgressReportFactory(award=active[1], due_on=today + dt.timedelta(days=3))
    AwardFactory(application__call=calls["GF-GTIE-2024-S2"], amount_total=30_000_000)
    coi = next(c for code, c in calls.items() if code.endswith("-F-CO"))
    AwardFactory.create_batch(2, application__call=coi, amount_total=320_000_000)
    return {"ksac": ksac, "coi": coi}


def test_rows_count_every_state_of_a_platform_stage_and_year(dataset):
    rows = platform_report_rows(fiscal_year=2024)
    ksac = _row(rows, platform="KSAC", stage="STEP1", fiscal_year=2024)
    assert ksac == {
        "platform": "KSAC",
        "platform_name": ksac["platform_name"],
        "fiscal_year": 2024,
        "program": "GAPFUND",
        "program_name": ksac["program_name"],
        "stage": "STEP1",
        "stage_name": ksac["stage_name"],
        "field": "",
        "sub_field": "",
        "received": 11,  # 7 in some state + 3 accepted + the reviewed one; drafts and the withdrawn draft are not
        "screening": 2,
        "in_review": 3,
        "accepted": 3,
        "rejected": 2,
        "withdrawn": 1,
        "awards_planned": 0,
        "awards_active": 2,
        "awards_completed": 0,
        "awards_terminated": 0,
        "awards_promoted": 1,
        "amount_requested": 28_000_001 + 15_000_000,
        "amount_awarded": 14_000_000,
        "reviews_completed": 1,
        "reviews_overdue": 1,
        "reports_overdue": 1,
        "interviews_held": 0,
        "evaluations_open": 0,
        "evaluations_continue": 0,
        "evaluations_continue_with_conditions": 0,
        "evaluations_budget_change": 0,
        "evaluations_stop": 0,
        "amount_contracted": 0,
        "amount_paid": 0,
    }
    gtie = _row(rows, platform="GTIE", stage="STEP2")
    assert (gtie["accepted"], gtie["amount_awarded"], gtie["reviews_overdue"]) == (1, 30_000_000, 0)
    assert {r["program"] for r in rows} == {"GAPFUND"}, "FY2024 has no COI-NEXT rows in this data"


def test_coinext_rows_are_per_field_without_platform(dataset):
    rows = platform_report_rows()
    coi = _row(rows, program="COINEXT")
    assert (coi["platform"], coi["stage"], coi["field"], coi["accepted"], coi["awards_active"]) == (
        None,
        "FULL_SCALE",
        "co_creation",
        2,
        2,
    )
    assert coi["amount_awarded"] == 640_000_000


def test_query_count_does_not_grow_with_the_number_of_applications(dataset):
    with CaptureQueriesContext(connection) as small:
        platform_report_rows()
    AwardFactory.create_batch(10, application__call=dataset["ksac"])
    ApplicationFactory.create_batch(10, call=dataset["coi"])
    with CaptureQueriesContext(connection) as large:
        rows = platform_report_rows()
    # one GROUP BY per source: applications, awards (awards.figures), assignments, reports, interviews, evaluations,
    # contracts, invoices
    assert len(large) == len(small) == 8
    assert _row(rows, platform="KSAC", stage="STEP1")["accepted"] == 13


def test_build_is_idempotent_and_a_second_run_changes_nothing(dataset):
    report = PlatformReport.objects.create(fiscal_year=2024)
    assert platform_report_build(report_id=report.pk) is True
    report.refresh_from_db()
    first = (report.status, report.generated_at, report.rows, report.attempts)
    assert report.status == "done" and report.rows and report.attempts == 1
    assert platform_report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert (report.status, report.generated_at, report.rows, report.attempts) == first


@pytest.fixture
def people(catalog):
    return {
        "director": UserFactory(role="director"),
        "ksac": OfficerFactory(platforms=[catalog["platforms"]["KSAC"]]),
        "coinext": OfficerFactory(programs=[catalog["stages"]["FULL_SCALE"].program]),
        "applicant": UserFactory(),
    }


def test_officer_requests_a_report_gets_202_and_polls_it_to_done(
    dataset, people, api_client, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(people["ksac"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_client.post("/api/v1/platform-reports/", {"fiscal_year": 2024}, format="json")
    assert len(callbacks) == 1, "the build is enqueued once, after commit"
    assert response.status_code == 202, response.content
    assert set(response.json()) >= {"id", "status"}
    detail = api_client.get(f"/api/v1/platform-reports/{response.json()['id']}/").json()
    assert detail["status"] == "done" and detail["fiscal_year"] == 2024
    assert {r["platform"] for r in detail["rows"]} == {"KSAC"}, "an officer sees only their platforms' rows"


def test_rows_are_filtered_by_scope_at_read_time(dataset, people, api_client):
    report = PlatformReport.objects.create()
    platform_report_build(report_id=report.pk)
    seen = {}
    for who in ("director", "ksac", "coinext"):
        api_client.force_authenticate(people[who])
        seen[who] = {
            (r["program"], r["platform"])
            for r in api_client.get(f"/api/v1/platform-reports/{report.pk}/").json()["rows"]
        }
    assert seen["director"] == {("GAPFUND", "KSAC"), ("GAPFUND", "GTIE"), ("COINEXT", None)}
    assert seen["ksac"] == {("GAPFUND", "KSAC")}
    assert seen["coinext"] == {("COINEXT", None)}


def test_applicants_cannot_request_or_read_reports(dataset, people, api_client):
    report = PlatformReport.objects.create()
    api_client.force_authenticate(people["applicant"])
    assert api_client.post("/api/v1/platform-reports/", {}, format="json").status_code == 403
    assert api_client.get(f"/api/v1/platform-reports/{report.pk}/").status_code == 403
    assert PlatformReport.objects.count() == 1


def test_invalid_fiscal_year_is_a_field_error(people, api_client):
    api_client.force_authenticate(people["director"])
    response = api_client.post("/api/v1/platform-reports/", {"fiscal_year": "令和"}, format="json")
    assert response.status_code == 400
    assert "fiscal_year" in response.json()["errors"]


def test_csv_download_has_bom_japanese_headers_and_only_rows_in_scope(dataset, people, api_client):
    report = PlatformReport.objects.create(fiscal_year=2024)
    platform_report_build(report_id=report.pk)
    api_client.force_authenticate(people["ksac"])
    response = api_client.get(f"/api/v1/platform-reports/{report.pk}/download/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(table) == 1
    assert table[0]["プラットフォーム"] == "KSAC" or "KSAC" in table[0]["プラットフォーム"]
    assert (table[0]["年度"], table[0]["採択"], table[0]["受付件数"], table[0]["採択額（円）"]) == (
        "2024",
        "3",
        "11",
        "14000000",
    )


def test_xlsx_download_has_a_sheet_per_program(dataset, people, api_client):
    report = PlatformReport.objects.create()
    platform_report_build(report_id=report.pk)
    api_client.force_authenticate(people["director"])
    response = api_client.get(f"/api/v1/platform-reports/{report.pk}/download/?format=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 2
    sheets = {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}
    coi = next(rows for name, rows in sheets.items() if "COI-NEXT" in name)
    header = coi[0]
    assert header[:6] == ("プログラム", "段階", "プラットフォーム", "分野", "重点分野", "年度")
    record = dict(zip(header, coi[1], strict=True))
    assert (record["分野"], record["採択"], record["採択額（円）"]) == ("共創分野", 2, 640_000_000)


def test_download_of_an_unfinished_report_is_refused(people, api_client):
    report = PlatformReport.objects.create()
    api_client.force_authenticate(people["director"])
    response = api_client.get(f"/api/v1/platform-reports/{report.pk}/download/?format=csv")
    assert response.status_code == 409
    assert "完了していません" in response.content.decode()
