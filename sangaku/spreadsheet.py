"""Cells for CSV and XLSX exports that a spreadsheet cannot run as a formula (OWASP CSV injection).

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a
single quote, so Excel and LibreOffice show it as text. Numbers, dates and empty cells pass
unchanged (a negative amount stays a number in XLSX). Every export writes its rows through here.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]
