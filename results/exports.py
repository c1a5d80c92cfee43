"""The public results as CSV (UTF-8 with BOM, for Excel) and XLSX; cells that could run as formulas are neutralised."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .rows import COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """OWASP's CSV-injection rule: a text cell that a spreadsheet would read as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _columns(rows: list[dict]) -> list[tuple[str, str]]:
    with_amounts = any(r["amount"] is not None for r in rows)
    return [(k, str(label)) for k, label in COLUMNS if k != "amount" or with_amounts]


def to_csv(rows: list[dict]) -> bytes:
    columns = _columns(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _k, label in columns])
    for row in rows:
        writer.writerow([_safe(row[k]) for k, _label in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[dict]) -> bytes:
    columns = _columns(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("採択一覧"))
    sheet.append([label for _k, label in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(row[k]) for k, _label in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
