"""On a phone (≤ 640 px) every `table.list` becomes cards whose cells print their column's name from
`data-label` (static/css): a cell without one would be a bare number. Checked over every template."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LIST_TABLE = re.compile(r'<table[^>]*class="[^"]*\blist\b[^"]*"[^>]*>(.*?)</table>', re.S)
UNLABELLED_CELL = re.compile(r"<td\b(?![^>]*data-label)(?![^>]*colspan)[^>]*>")


def test_every_cell_of_a_card_table_names_its_column():
    missing = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for table in LIST_TABLE.finditer(template.read_text(encoding="utf-8")):
            missing += [
                f"{template.relative_to(TEMPLATES)}: {cell}" for cell in UNLABELLED_CELL.findall(table.group(1))
            ]
    assert not missing, "cells without data-label:\n" + "\n".join(missing)
