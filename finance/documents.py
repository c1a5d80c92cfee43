"""The contract as a PDF (the font set-up of `letters.pdf`), and the officer's signed paper copy."""

import io

from django.core.files import File
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from letters.pdf import FONT, HEIGHT, LINE, MARGIN, _wrap
from programs.fiscal import reiwa_label


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def contract_lines_text(contract) -> list[str]:
    from .rules import rules_for_award

    rules = rules_for_award(contract.award)
    rows = [f"  {rules.label(line.category)}: {_yen(line.amount)}" for line in contract.lines.all()]
    if contract.revision:
        rows += ["", "変更前との差額:"] + [
            f"  {rules.label(line.category)}: {line.difference:+,}円"
            for line in contract.lines.all()
            if line.difference
        ]
    return rows


def contract_pdf(contract) -> bytes:
    award = contract.award
    title = "委託研究変更契約書" if contract.revision else "委託研究契約書"
    body = [
        f"契約番号: {contract.number}",
        f"課題番号: {award.award_number}",
        f"課題名: {award.application.title}",
        f"委託者: {contract.funder}",
        f"受託者: {contract.institution.name}",
        f"年度: {reiwa_label(contract.fiscal_year)}",
        f"契約期間: {contract.period_start.isoformat()} 〜 {contract.period_end.isoformat()}",
        f"契約額: {_yen(contract.amount)}",
        "",
        "費目別内訳:",
        *contract_lines_text(contract),
        "",
        "契約条件:",
        contract.conditions,
    ]
    if contract.amends_id:
        body.insert(1, f"変更前の契約: {contract.amends.number}")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    page.setTitle(f"{title} {contract.number}")
    y = HEIGHT - MARGIN
    page.setFont(FONT, 14)
    page.drawString(MARGIN, y, title)
    y -= LINE * 1.6
    page.setFont(FONT, 10.5)
    for line in _wrap("\n".join(body)):
        if y < MARGIN:
            page.showPage()
            page.setFont(FONT, 10.5)
            y = HEIGHT - MARGIN
        page.drawString(MARGIN, y, line)
        y -= LINE
    page.save()
    return buffer.getvalue()


def store_signed_copy(contract, uploaded) -> None:
    """Check the upload like every other file (size, sniffed type, clean name) and keep it on the contract."""
    from applications.attachments import check_upload, sanitize_filename

    checked = check_upload(uploaded)
    name = sanitize_filename(getattr(uploaded, "name", "") or "contract.pdf", checked.content_type)
    contract.signed_copy_name = name
    contract.signed_copy.save(f"{contract.pk}/{checked.sha256}", File(checked.file), save=False)
