"""Builders for award tests: real drafts taken through the real workflow (no status inserts)."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import Role
from applications.demo_files import demo_proposal_rows
from applications.models import Application, BudgetLine, MemberRole, Status, TeamMember
from applications.services import application_transition
from awards.models import Award, ProgressReport
from programs.models import Call, Stage
from tests.applications.factories import ApplicationFactory
from tests.factories import UserFactory

NOTE = "テスト: 担当者判断"


def saved(user):
    """Factory users skip the post-generation save; store the password so session logins stay valid."""
    user.save()
    return user


def officer_for(*, platforms=(), programs=()):
    user = saved(UserFactory(role=Role.OFFICER))
    user.officer_platforms.set(platforms)
    user.officer_programs.set(programs)
    return user


def open_call(*, stage: Stage, platform=None, field="", requires_predecessor=None, code=None, fiscal_year=None) -> Call:
    now = timezone.now()
    fy = fiscal_year or (now.year if now.month >= 4 else now.year - 1)
    return Call.objects.create(
        code=code or f"T-{stage.code}-{platform.code if platform else field}-{Call.objects.count() + 1}",
        stage=stage,
        platform=platform,
        field=field,
        fiscal_year=fy,
        title=f"テスト公募 {stage.name}",
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=10),
        requires_predecessor=requires_predecessor,
    )


def draft(
    *,
    call: Call,
    applicant,
    title="全固体電池向け固体電解質の事業化に向けた概念実証",
    summary=None,
    effort=30,
    amount=3_000_000,
    months=12,
    predecessor=None,
    members=(),
) -> Application:
    first_fy = max(call.fiscal_year, _fy(call.closes_at))
    application = Application.objects.create(
        call=call,
        applicant=applicant,
        institution=applicant.affiliation,
        title=title,
        summary=summary if summary is not None else f"{title}。",
        keywords="電池、材料",
        requested_amount=amount,
        duration_months=months,
        predecessor_award_id=predecessor.pk if predecessor else None,
    )
    direct = -(-amount * 10 // 13)  # rounded up, so indirect stays within 30 %
    BudgetLine.objects.create(application=application, fiscal_year=first_fy, category="equipment", amount=direct)
    BudgetLine.objects.create(
        application=application, fiscal_year=first_fy, category="indirect", amount=amount - direct
    )
    TeamMember.objects.create(
        status="accepted",
        application=application,
        name=str(applicant),
        user=applicant,
        role=MemberRole.PI,
        effort_percent=effort,
    )
    for role in call.stage.required_team_roles or []:
        if role != MemberRole.PI and not any(m.get("role") == role for m in members):
            TeamMember.objects.create(status="accepted", application=application, name="テスト参画機関", role=role)
    for member in members:
        TeamMember.objects.create(status="accepted", application=application, **member)
    _partners_confirmed(application)
    demo_proposal_rows([application])
    return application


def _partners_confirmed(application: Application) -> None:
    """Where the stage asks partners to confirm (Step 2, COI-NEXT), each partner row has a contact who confirmed."""
    from applications.consent import consent_required, is_partner_row

    if not consent_required(application):
        return
    for row in application.members.select_related("institution"):
        if is_partner_row(row) and row.user_id is None:
            contact = UserFactory(display_name=f"{row.name} 担当")
            row.user = row.consented_by = contact
            row.consented_at = timezone.now()
            row.save(update_fields=["user", "consented_by", "consented_at"])


def _fy(instant) -> int:
    from programs.fiscal import fiscal_year_of

    return fiscal_year_of(instant)


def submit(application: Application) -> Application:
    return application_transition(application_id=application.pk, action="submit", actor=application.applicant)


def to_review(application: Application, officer) -> Application:
    submit(application)
    application_transition(application_id=application.pk, action="screen", actor=officer)
    return application_transition(
        application_id=application.pk, action="start_review", actor=officer, note=NOTE, override=True
    )


def accept(application: Application, officer) -> Award:
    to_review(application, officer)
    application_transition(application_id=application.pk, action="accept", actor=officer, note=NOTE, override=True)
    return Award.objects.get(application=application)


class AwardFactory(factory.django.DjangoModelFactory):
    """An award row in a given state (for reporting tests); `accept()` above makes one through the workflow."""

    class Meta:
        model = Award

    application = factory.SubFactory(ApplicationFactory, status=Status.ACCEPTED)
    award_number = factory.Sequence(lambda n: f"AW-{n:05d}")
    holder = factory.LazyAttribute(lambda a: a.application.applicant)
    amount_total = 5_000_000
    starts_on = dt.date(2024, 10, 1)
    ends_on = dt.date(2025, 9, 30)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    award = factory.SubFactory(AwardFactory)
    kind = "annual"
    fiscal_year = factory.Sequence(lambda n: 2024 + n)
    due_on = dt.date(2025, 5, 31)
