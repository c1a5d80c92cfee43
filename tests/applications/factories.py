"""Application factories: complete drafts made through the real services, and rows in a given state for other apps' tests."""

import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import services
from applications.demo_files import demo_proposal_rows
from applications.models import Application, BudgetCategory, Status, TeamMember
from applications.rules import project_fiscal_years
from tests.factories import CallFactory, UserFactory

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
    services.attachment_add(
        application_id=application.pk,
        actor=applicant,
        uploaded=SimpleUploadedFile("提案書.pdf", PDF_BYTES),
        kind="proposal",
    )
    application.refresh_from_db()
    return application


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application row in the state a test needs (default: submitted), no team."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    institution = factory.LazyAttribute(lambda a: a.applicant.affiliation)
    status = Status.SUBMITTED
    receipt_number = factory.Sequence(lambda n: f"R-{n:06d}")
    submitted_at = factory.LazyAttribute(lambda a: None if a.status == Status.DRAFT else timezone.now())
    title = factory.Sequence(lambda n: f"課題{n}")
    requested_amount = 1_000_000


class ReviewableApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application with content reviewers score, its PI on the team and a proposal attached."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    institution = factory.LazyAttribute(lambda a: a.applicant.affiliation)
    status = Status.SUBMITTED
    receipt_number = factory.Sequence(lambda n: f"TEST-{n:05d}")
    title = factory.Sequence(lambda n: f"課題{n}")
    summary = "大学発の新技術を事業化する計画"
    keywords = "材料、電池"
    requested_amount = 1_000_000
    duration_months = 12

    @factory.post_generation
    def pi(self, create, extracted, **kwargs):
        TeamMember.objects.create(
            status="accepted",
            application=self,
            name=str(self.applicant),
            user=self.applicant,
            institution=self.institution,
            role="pi",
        )

    @factory.post_generation
    def proposal(self, create, extracted, **kwargs):
        demo_proposal_rows([self])
