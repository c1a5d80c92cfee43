"""CSV (UTF-8 with BOM, for Excel) and XLSX (a sheet per program) exports of platform report rows."""

import csv
import io
import re

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from programs.models import CoiNextField, PolicySubField
from sangaku.spreadsheet import safe_row

COLUMNS = [
    ("program_name", _("プログラム")),
    ("stage_name", _("段階")),
    ("platform_name", _("プラットフォーム")),
    ("field_label", _("分野")),
    ("sub_field_label", _("重点分野")),
    ("fiscal_year", _("年度")),
    ("received", _("受付件数")),
    ("screening", _("受付・形式審査中")),
    ("in_review", _("審査中（面接含む）")),
    ("accepted", _("採択")),
    ("rejected", _("不採択（要件不備含む）")),
    ("withdrawn", _("取下げ")),
    ("awards_planned", _("予定の課題")),
    ("awards_active", _("実施中の課題")),
    ("awards_completed", _("終了した課題")),
    ("awards_terminated", _("中止した課題")),
    ("awards_promoted", _("昇格した課題")),
    ("amount_requested", _("申請額（円）")),
    ("amount_awarded", _("採択額（円）")),
    ("amount_contracted", _("契約額（円）")),
    ("amount_paid", _("支払額（円）")),
    ("reviews_completed", _("審査完了")),
    ("reviews_overdue", _("審査期限超過")),
    ("reports_overdue", _("報告期限超過")),
    ("interviews_held", _("面接審査の実施")),
    ("evaluations_open", _("中間評価（予定・評価中）")),
    ("evaluations_continue", _("中間評価: 継続")),
    ("evaluations_continue_with_conditions", _("中間評価: 条件付き継続")),
    ("evaluations_budget_change", _("中間評価: 予算変更")),
    ("evaluations_stop", _("中間評価: 中止")),
]
_FIELD_LABELS = {f.value: f.label for f in CoiNextField}
_SUB_FIELD_LABELS = {f.value: f.label for f in PolicySubField}


def _cell(row: dict, key: str):
    if key == "field_label":
        return str(_FIELD_LABELS.get(row.get("field") or "", "")) if row.get("field") else ""
    if key == "sub_field_label":
        return str(_SUB_FIELD_LABELS.get(row.get("sub_field") or "", ""))
    if key == "platform_name":
        return row.get("platform_name") or ""
    return row.get(key)


def headers() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


def to_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(safe_row(headers()))
    for row in rows:
        writer.writerow(safe_row(_cell(row, key) for key, _label in COLUMNS))
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(name: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "", name)[:31] or "sheet"
    base, n = title, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def to_xlsx(rows: list[dict]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    by_program: dict[str, list[dict]] = {}
    for row in rows:
        by_program.setdefault(row.get("program_name") or row.get("program"), []).append(row)
    taken: set[str] = set()
    if not by_program:
        by_program[str(_("集計"))] = []
    for program_name, program_rows in by_program.items():
        sheet = workbook.create_sheet(_sheet_title(program_name, taken))
        sheet.append(safe_row(headers()))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in program_rows:
            sheet.append(safe_row(_cell(row, key) for key, _label in COLUMNS))
        for index, (key, _label) in enumerate(COLUMNS, start=1):
            if key.startswith("amount_"):
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "#,##0"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
