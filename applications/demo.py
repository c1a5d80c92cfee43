"""A handful of demo applications on the calls open today, so `make run` shows a living system.

Idempotent: each application is keyed on (call, applicant, title); one that already
exists is left exactly as it is (including its state), so a second run changes nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from programs.fiscal import fiscal_year_of, start_instant
from programs.models import Call, Institution

from .demo_files import demo_proposal_rows
from .invitations import invitation_answer
from .models import Application, BudgetCategory
from .rules import project_fiscal_years
from .services import (
    application_create_draft,
    application_transition,
    budget_set,
    member_upsert,
    partner_consent,
    pi_effort_set,
)

# (call code suffix, applicant, title, requested yen, months, submit?, partners: (name, role, contact's username))
# Step 2 and COI-NEXT ask each partner's contact to confirm participation (参加確認) before the submit: the contacts
# below are invited, accept and confirm through the services, as a partner would on the pages.
DEMO_APPLICATIONS = [
    ("GF-KSAC-{fy}-S1", "applicant", "細胞培養肉の低コスト培地技術の事業化検証", 4_000_000, 12, True, []),
    ("GF-KSAC-{fy}-S1", "applicant", "AI 創薬スクリーニング基盤の市場調査", 3_000_000, 12, False, []),
    (
        "GF-KSAC-{fy}-S2",
        "applicant",
        "全固体電池用固体電解質の量産プロセス開発",
        39_000_000,
        24,
        True,
        [("京都iCAP", "commercialisation_partner", "partner")],
    ),
    ("GF-GTIE-{fy}-S1", "applicant2", "量子センサを用いた非破壊インフラ診断", 5_000_000, 12, True, []),
    # 所属機関承認: applicant3's institution has a research office, so the submit waits for its approval.
    ("GF-KSAC-{fy}-S1", "applicant3", "ペロブスカイト太陽電池の耐久性評価と量産検証", 4_500_000, 12, True, []),
    ("GF-GTIE-{fy}-S1", "applicant2", "衛星データによる農地モニタリングサービス", 2_600_000, 12, False, []),
    # COI-NEXT 地域共創分野: three institutions or more, a private company and a lead municipality (the call's rules).
    (
        "COI-{fy}-N-REG",
        "applicant2",
        "地域資源循環型スマート農漁村共創拠点",
        26_000_000,
        24,
        True,
        [
            ("共創テクノロジーズ株式会社", "participating_institution", "partner2"),
            ("あおば市", "participating_institution", "partner3"),
        ],
    ),
]


def _budget(call, requested: int, months: int) -> dict[tuple[int, str], int]:
    """Spread the requested amount over the project's fiscal years; indirect costs are 30 % of direct."""
    first, last = project_fiscal_years(call, months)
    years = list(range(first, last + 1))
    amounts: dict[tuple[int, str], int] = {}
    per_year = requested // len(years)
    for index, year in enumerate(years):
        total = per_year if index < len(years) - 1 else requested - per_year * (len(years) - 1)
        direct = -(-total * 10 // 13)  # round up so indirect stays within 30 %
        indirect = total - direct
        equipment = direct // 2
        travel = direct // 10
        personnel = direct // 4
        other = direct - equipment - travel - personnel
        amounts.update(
            {
                (year, BudgetCategory.EQUIPMENT.value): equipment,
                (year, BudgetCategory.TRAVEL.value): travel,
                (year, BudgetCategory.PERSONNEL.value): personnel,
                (year, BudgetCategory.OTHER.value): other,
                (year, BudgetCategory.INDIRECT.value): indirect,
            }
        )
    return amounts


# An institution with a research office (研究推進部門) that approves its researchers' applications (所属機関承認);
# no historical record names it, so only the demo application of applicant3 goes through the step.
RESEARCH_OFFICE_INSTITUTION = "大和科学技術大学"
RESEARCH_OFFICE_USERS = [
    # username, name, 研究者番号, research office?
    ("applicant3", "松本 彩", "10000003", False),
    ("research-office", "森 研究推進課", None, True),
]


def _research_office_users() -> None:
    from programs.demo import DEMO_PASSWORD

    User = get_user_model()
    institution, _created = Institution.objects.get_or_create(
        name=RESEARCH_OFFICE_INSTITUTION,
        defaults={"name_en": "Yamato Institute of Science and Technology", "email_domains": ["yamato-ist.ac.jp"]},
    )
    for username, name, number, office in RESEARCH_OFFICE_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": name,
                "affiliation": institution,
                "researcher_number": number,
                "is_research_office": office,
                "email": f"{username}@yamato-ist.ac.jp",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])


# The partners' contacts (demo accounts with the demo password): username, name, organisation (None: the first VC).
PARTNER_CONTACTS = [
    ("partner", "木村 聡（事業化推進機関）", None),
    ("partner2", "清水 愛（共創テクノロジーズ）", "共創テクノロジーズ株式会社"),
    ("partner3", "池田 修（あおば市）", "あおば市"),
    ("partner4", "岡田 舞（みらい素材）", "みらい素材株式会社"),
]


def partner_contacts(default_institution=None) -> dict:
    """The partners' demo contacts by username (created once, with the demo password)."""
    from programs.demo import DEMO_PASSWORD

    User = get_user_model()
    contacts = {}
    for username, name, organisation in PARTNER_CONTACTS:
        institution = Institution.objects.filter(name=organisation).first() if organisation else default_institution
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"display_name": name, "affiliation": institution, "email": f"{username}@example.co.jp"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        contacts[username] = user
    return contacts


def partner_join(application, *, name: str, role: str, institution, contact, effort_percent=None) -> None:
    """A partner on a demo draft, through the services: the PI invites the contact, who accepts and confirms."""
    member = member_upsert(
        application_id=application.pk,
        actor=application.applicant,
        name=name,
        role=role,
        institution=institution,
        effort_percent=effort_percent,
        user_id=contact.pk,
    )
    invitation_answer(member_id=member.pk, actor=contact, action="accept")
    partner_consent(application_id=application.pk, member_id=member.pk, actor=contact)


def load(*, today: dt.date, out) -> None:
    User = get_user_model()
    fy = fiscal_year_of(start_instant(today))
    _research_office_users()
    users = {u.username: u for u in User.objects.filter(username__in=["applicant", "applicant2", "applicant3"])}
    partner_institution = Institution.objects.filter(kind="vc").first()
    contacts = partner_contacts(partner_institution)
    created = 0
    for code, username, title, requested, months, submit, partners in DEMO_APPLICATIONS:
        call = Call.objects.select_related("stage__program", "platform").filter(code=code.format(fy=fy)).first()
        applicant = users.get(username)
        if call is None or applicant is None or not call.is_open:
            continue
        if Application.objects.filter(call=call, applicant=applicant, title=title).exists():
            continue
        application = application_create_draft(
            call=call,
            applicant=applicant,
            title=title,
            summary=f"{title}に関する研究成果の社会実装に向けた検証を行う。",
            keywords="社会実装, 事業化, 大学発スタートアップ",
            requested_amount=requested,
            duration_months=months,
        )
        pi_effort_set(application_id=application.pk, actor=applicant, effort_percent=30)
        for name, role, contact in partners:
            named = Institution.objects.filter(name=name).first()
            partner_join(
                application,
                name=name,
                role=role,
                institution=named or partner_institution,
                contact=contacts[contact],
                effort_percent=None if named else 10,
            )
        budget_set(application_id=application.pk, actor=applicant, amounts=_budget(call, requested, months))
        demo_proposal_rows([application])
        if submit:
            application_transition(application_id=application.pk, action="submit", actor=applicant)
        created += 1
    out.write(f"デモ申請: {created}件を追加 / demo applications added: {created}")
