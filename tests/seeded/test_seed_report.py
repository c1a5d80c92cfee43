"""With the seed dataset loaded, the platform report reproduces the seed document's tables (rows, CSV, XLSX)."""

import csv
import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from programs.models import Platform, Stage
from reporting.models import PlatformReport
from reporting.services import platform_report_build

# 令和6年度 gap-fund adoptions per platform (seed, as of R7.2.18); PSI's Step 2 is under review.
STEP1 = {"TESH": 21, "IJIE": 18, "HSFC": 20, "KSAC": 33, "MASP": 30, "PARKS": 46, "GTIE": 25, "PSI": 32, "TONGALI": 30}
STEP2 = {"TESH": 4, "IJIE": 2, "HSFC": 4, "KSAC": 5, "MASP": 5, "PARKS": 11, "GTIE": 11, "PSI": 0, "TONGALI": 6}
# COI-NEXT hub map (R7年4月): 35 full-scale hubs (co-creation 16, regional 13, policy-priority 6) and 6 nurturing.
FULL_SCALE_BY_FIELD = {"co_creation": 16, "regional": 13, "policy_priority": 6}
FIELD_LABELS = {"co_creation": "共創分野", "regional": "地域共創分野", "policy_priority": "政策重点分野"}


def _figures_from_rows(rows):
    adopted = {
        stage: {r["platform"]: r["accepted"] for r in rows if r["stage"] == stage and r["fiscal_year"] == 2024}
        for stage in ("STEP1", "STEP2")
    }
    psi_step2_in_review = sum(r["in_review"] for r in rows if r["platform"] == "PSI" and r["stage"] == "STEP2")
    full_scale = Counter()
    for r in rows:
        if r["stage"] == "FULL_SCALE":
            full_scale[r["field"]] += r["accepted"]
    nurturing_active = sum(r["awards_active"] for r in rows if r["stage"] == "NURTURING")
    return adopted, psi_step2_in_review, dict(full_scale), nurturing_active


def _figures_from_table(table):
    """The same figures read back from exported cells (Japanese headers, display names)."""
    platform_code = {p.name: p.code for p in Platform.objects.all()}
    stage_code = {s.name: s.code for s in Stage.objects.all()}
    field_code = {label: code for code, label in FIELD_LABELS.items()}
    rows = [
        {
            "platform": platform_code.get(t["プラットフォーム"] or ""),
            "stage": stage_code[t["段階"]],
            "field": field_code.get(t["分野"] or "", ""),
            "fiscal_year": int(t["年度"]),
            "accepted": int(t["採択"]),
            "in_review": int(t["審査中（面接含む）"]),
            "awards_active": int(t["実施中の課題"]),
        }
        for t in table
    ]
    return _figures_from_rows(rows)


@pytest.mark.django_db
def test_report_reproduces_the_seed_tables_in_rows_csv_and_xlsx(seeded, api_client):
    report = PlatformReport.objects.create()
    platform_report_build(report_id=report.pk)
    report.refresh_from_db()

    adopted, psi_in_review, full_scale, nurturing_active = _figures_from_rows(report.rows)
    assert adopted["STEP1"] == STEP1
    assert adopted["STEP2"] == STEP2
    assert psi_in_review > 0, "PSI's Step 2 is still under review"
    assert full_scale == FULL_SCALE_BY_FIELD and sum(full_scale.values()) == 35
    assert nurturing_active == 6

    api_client.force_authenticate(get_user_model().objects.get(username="director"))
    download = f"/api/v1/platform-reports/{report.pk}/download/"
    csv_file = api_client.get(f"{download}?format=csv").content
    assert csv_file.startswith(b"\xef\xbb\xbf")
    csv_table = list(csv.DictReader(io.StringIO(csv_file.decode("utf-8-sig"))))
    assert _figures_from_table(csv_table) == (adopted, psi_in_review, full_scale, nurturing_active)

    workbook = load_workbook(io.BytesIO(api_client.get(f"{download}?format=xlsx").content))
    assert len(workbook.sheetnames) == 2, "a sheet per program"
    xlsx_table = []
    for sheet in workbook.worksheets:
        header, *body = list(sheet.iter_rows(values_only=True))
        xlsx_table += [{k: ("" if v is None else str(v)) for k, v in zip(header, row, strict=True)} for row in body]
    assert _figures_from_table(xlsx_table) == (adopted, psi_in_review, full_scale, nurturing_active)
