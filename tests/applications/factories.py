"""Builders for application tests: a complete draft is made through the real services."""

import io
import zipfile

from applications import services
from applications.models import Application, BudgetCategory
from applications.rules import project_fiscal_years

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ELF_BYTES = b"\x7fELF\x02\x01\x01" + b"\x00" * 64
MZ_BYTES = b"MZ\x90\x00" + b"\x00" * 64


def office_bytes(folder: str) -> bytes:
    """A minimal Office Open XML package (zip with [Content_Types].xml and the app's folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


def first_budget_year(call) -> int:
    return project_fiscal_years(call, 12)[0]


def make_draft(call, applicant, **values) -> Application:
    return services.application_create_draft(call=call, applicant=applicant, **values)


def make_complete(call, applicant, *, title="テスト課題") -> Application:
    """A draft that passes every submit rule of a Step-1-like stage (PI only, 12 months)."""
    application = make_draft(
        call,
        applicant,
        title=title,
        summary="概要です。",
        keywords="AI, 事業化",
        requested_amount=3_900_000,
        duration_months=12,
    )
    year = first_budget_year(call)
    services.budget_set(
        application_id=application.pk,
        actor=applicant,
        amounts={
            (year, BudgetCategory.EQUIPMENT.value): 2_000_000,
            (year, BudgetCategory.PERSONNEL.value): 1_000_000,
            (year, BudgetCategory.INDIRECT.value): 900_000,
        },
    )
    application.refresh_from_db()
    return application
