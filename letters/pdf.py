"""The letter as a PDF (A4, Japanese CID font built into ReportLab: no font files needed)."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "HeiseiMin-W3"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WIDTH, HEIGHT = A4
MARGIN = 20 * mm
LINE = 6 * mm
CHARS_PER_LINE = 40


def _wrap(text: str) -> list[str]:
    lines = []
    for paragraph in text.splitlines() or [""]:
        while len(paragraph) > CHARS_PER_LINE:
            lines.append(paragraph[:CHARS_PER_LINE])
            paragraph = paragraph[CHARS_PER_LINE:]
        lines.append(paragraph)
    return lines


def letter_pdf(letter) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setTitle(letter.subject)
    y = HEIGHT - MARGIN
    page.setFont(FONT, 14)
    for line in _wrap(letter.subject):
        page.drawString(MARGIN, y, line)
        y -= LINE * 1.4
    page.setFont(FONT, 10.5)
    for line in _wrap(letter.body):
        if y < MARGIN:
            page.showPage()
            page.setFont(FONT, 10.5)
            y = HEIGHT - MARGIN
        page.drawString(MARGIN, y, line)
        y -= LINE
    page.save()
    return buffer.getvalue()
