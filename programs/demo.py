"""Demo catalog built from the seed document (see seed_data.py).

`load(now=...)` is idempotent: values depend only on the date of `now`, and every
row is written with update_or_create on its public code, so a second run on the
same day changes nothing.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from accounts.models import Role

from . import seed_data
from .fiscal import deadline_instant, fiscal_year_of, reiwa_label, start_instant
from .models import (
    Call,
    CoiNextField,
    Criterion,
    Institution,
    InstitutionKind,
    Platform,
    Program,
    Rubric,
    Stage,
    TeamRequirement,
)
from .rubric_levels import DESCRIPTORS

DEMO_PASSWORD = "sangaku-demo-2026"

RUBRICS = {
    "JSPS4": {
        "name": "4段階評価（JSPS方式）",
        "name_en": "4-point scale (JSPS style)",
        "criteria": [
            ("novelty", "独創性・新規性", "Originality and novelty", 1),
            ("feasibility", "実現可能性", "Feasibility", 1),
            ("market", "事業化の見通し", "Path to commercialisation", 1),
            ("team", "実施体制", "Team and organisation", 1),
        ],
        "scale": (1, 4),
    },
    "WEIGHTED5": {
        "name": "5段階・重み付き評価",
        "name_en": "Weighted 5-point scale",
        "criteria": [
            (
                "vision",
                "ビジョン・社会的インパクト",
                "Vision and social impact",
                Decimal("2"),
            ),
            ("technology", "技術的優位性", "Technical advantage", Decimal("1.5")),
            (
                "business",
                "事業計画・市場性",
                "Business plan and market",
                Decimal("1.5"),
            ),
            (
                "team",
                "実施体制・事業化推進機関との連携",
                "Team and partner commitment",
                1,
            ),
            ("budget", "予算計画の妥当性", "Budget soundness", 1),
        ],
        "scale": (1, 5),
    },
    # The interview (ヒアリング) panel's rubric of the COI-NEXT stages.
    "HEARING5": {
        "name": "ヒアリング評価（5段階）",
        "name_en": "Interview (5-point scale)",
        "criteria": [
            ("vision", "拠点ビジョンの明確さ", "Clarity of the hub's vision", Decimal("2")),
            ("leadership", "リーダーの構想力・実行力", "Leader's vision and drive", Decimal("1.5")),
            ("commitment", "参画機関・企業のコミットメント", "Commitment of partners and companies", 1),
        ],
        "scale": (1, 5),
    },
}


# Program rules as data (sources in docs/domain.md). JST 共創の場形成支援プログラム 公募概要: caps are
# 委託費（間接経費含む） per fiscal year; a proposal is 3 or more institutions under a university or
# similar as representative, at least one of them a private company; 地域共創分野 also a 幹事自治体.
# 大学等 in JST's calls: universities, national research institutes and public-interest corporations doing
# research (the seed's hub map has one, 川崎市産業振興財団).
UNIVERSITY_OR_SIMILAR = [
    InstitutionKind.UNIVERSITY.value,
    InstitutionKind.RESEARCH_INSTITUTE.value,
    InstitutionKind.FOUNDATION.value,
]
COI_COMPOSITION = {
    "min_institutions": 3,
    "representative_kinds": UNIVERSITY_OR_SIMILAR,
    "required_institution_kinds": [TeamRequirement.COMPANY.value],
}
# Call-level overrides per (stage, field); a field not listed follows its stage.
COI_FIELD_RULES = {
    ("FULL_SCALE", CoiNextField.REGIONAL): {
        "max_amount_per_year": 200_000_000,  # 地域共創分野 本格型: 最大2億円/年度
        "max_amount": 2_000_000_000,  # 10 fiscal years × 2億円
        "required_institution_kinds": [TeamRequirement.COMPANY.value, TeamRequirement.LEAD_MUNICIPALITY.value],
    },
    ("NURTURING", CoiNextField.REGIONAL): {
        "required_institution_kinds": [TeamRequirement.COMPANY.value, TeamRequirement.LEAD_MUNICIPALITY.value],
    },
    ("NURTURING", CoiNextField.FUTURE): {
        "max_amount_per_year": 37_000_000,  # seed deck: 未来共創分野 about 37百万円/年 for 2 fiscal years
        "max_amount": 74_000_000,
        "max_duration_months": 24,
    },
}
CALL_RULE_FIELDS = ("max_amount_per_year", "max_amount", "max_duration_months", "required_institution_kinds")

# Invented partner institutions of the demo teams (a company and a lead municipality per hub).
DEMO_COMPANIES = ["共創テクノロジーズ株式会社", "みらい素材株式会社", "地域イノベーション株式会社"]
DEMO_MUNICIPALITIES = ["あおば市", "さくら町", "みなと市"]


def coi_call_rules(stage_code: str, field: str) -> dict:
    """The call-level rule values of a COI-NEXT call of this stage and field (None = follow the stage)."""
    rules = COI_FIELD_RULES.get((stage_code, field), {})
    return {name: rules.get(name) for name in CALL_RULE_FIELDS}


def _institutions() -> dict[str, Institution]:
    result = {}
    for name, attrs in seed_data.INSTITUTIONS.items():
        result[name], _ = Institution.objects.update_or_create(
            name=name,
            defaults={
                "name_en": attrs["name_en"],
                "kind": attrs["kind"],
                "email_domains": attrs["email_domains"],
            },
        )
    for alias, canonical in seed_data.INSTITUTION_ALIASES.items():
        result[alias] = result[canonical]
    for names, kind in ((DEMO_COMPANIES, InstitutionKind.COMPANY), (DEMO_MUNICIPALITIES, InstitutionKind.MUNICIPALITY)):
        for name in names:
            result[name], _ = Institution.objects.update_or_create(name=name, defaults={"kind": kind})
    return result


def _rubrics() -> dict[str, Rubric]:
    result = {}
    for code, spec in RUBRICS.items():
        rubric, _ = Rubric.objects.update_or_create(
            code=code, defaults={"name": spec["name"], "name_en": spec["name_en"]}
        )
        lo, hi = spec["scale"]
        for order, (ccode, label, label_en, weight) in enumerate(spec["criteria"], start=1):
            Criterion.objects.update_or_create(
                rubric=rubric,
                code=ccode,
                defaults={
                    "order": order,
                    "label": label,
                    "label_en": label_en,
                    "weight": Decimal(weight),
                    "scale_min": lo,
                    "scale_max": hi,
                    "description": DESCRIPTORS.get(code, {}).get(ccode, ""),
                },
            )
        result[code] = rubric
    return result


def _programs(rubrics) -> dict[str, Stage]:
    gap, _ = Program.objects.update_or_create(
        code="GAPFUND",
        defaults={
            "name": "大学発新産業創出基金事業 ギャップファンド",
            "name_en": "University Start-up Creation Fund: Gap Fund",
            "uses_platforms": True,
            "uses_fields": False,
        },
    )
    coi, _ = Program.objects.update_or_create(
        code="COINEXT",
        defaults={
            "name": "共創の場形成支援プログラム（COI-NEXT）",
            "name_en": "COI-NEXT: Program for Forming Co-creation Hubs",
            "uses_platforms": False,
            "uses_fields": True,
        },
    )
    stages = {}
    no_rules = {
        "max_amount_per_year": None,
        "min_institutions": 0,
        "representative_kinds": [],
        "required_institution_kinds": [],
    }
    specs = [
        (gap, 1, "STEP1", "ステップ1", "Step 1", 5_000_000, 12, None, False, False, ["pi"], "JSPS4", no_rules),
        (gap, 2, "STEP2", "ステップ2", "Step 2", 60_000_000, 36, "STEP1", False, True,
         ["pi", "commercialisation_partner"], "WEIGHTED5", no_rules),
        # 育成型: 2.5千万円/年度 for 2 fiscal years.
        (coi, 1, "NURTURING", "育成型", "Nurturing", 50_000_000, 24, None, False, True, ["pi"], "WEIGHTED5",
         {**COI_COMPOSITION, "max_amount_per_year": 25_000_000}),
        # 本格型 (共創分野): 最大3.2億円/年度, 最長10年度.
        (coi, 2, "FULL_SCALE", "本格型", "Full-scale", 3_200_000_000, 120, "NURTURING", True, True,
         ["pi", "participating_institution"], "WEIGHTED5", {**COI_COMPOSITION, "max_amount_per_year": 320_000_000}),
    ]  # fmt: skip
    for (
        program,
        order,
        code,
        name,
        name_en,
        cap,
        months,
        pred,
        pred_req,
        interviews,
        roles,
        rubric,
        rules,
    ) in specs:
        stages[code], _ = Stage.objects.update_or_create(
            code=code,
            defaults={
                "program": program,
                "order": order,
                "name": name,
                "name_en": name_en,
                "max_amount": cap,
                "max_duration_months": months,
                "predecessor": stages.get(pred) if pred else None,
                "predecessor_required": pred_req,
                "uses_interviews": interviews,
                "reviewers_per_application": 3,
                "indirect_rate_max_percent": 30,
                "required_team_roles": roles,
                # 所属機関承認 on the gap fund: only institutions with a research office take the step.
                "institution_approval_required": program == gap,
                # Joint stages (Step 2, COI-NEXT): each partner's contact confirms participation before the submit,
                # and the PI states their effort.
                "partner_consent_required": code != "STEP1",
                "pi_effort_required": code != "STEP1",
                "rubric": rubrics[rubric],
                # COI-NEXT selects by documents and interview, weighed equally in the demo (an example, docs/domain.md).
                "interview_rubric": rubrics["HEARING5"] if interviews else None,
                "document_weight": 50,
                "interview_weight": 50,
                **rules,
            },
        )
    return stages


def _platforms(institutions) -> list[Platform]:
    platforms = []
    for spec in seed_data.PLATFORMS:
        platform, _ = Platform.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "name_en": spec["name_en"],
                "name_ja_long": spec["name_ja_long"],
                "region": spec["region"],
                "region_en": spec["region_en"],
                "institution_count": spec["institution_count"],
            },
        )
        platform.lead_institutions.set([institutions[name] for name in spec["lead_institutions"]])
        platforms.append(platform)
    return platforms


def _call(code, **values) -> Call:
    call, _ = Call.objects.update_or_create(code=code, defaults=values)
    return call


def _calls(stages, platforms, today: dt.date) -> None:
    # FY2024 (令和6年度): the historical gap-fund calls whose adoptions the seed reports.
    for platform in platforms:
        for stage, suffix, opens, closes in (
            (stages["STEP1"], "S1", dt.date(2024, 5, 7), dt.date(2024, 6, 28)),
            (stages["STEP2"], "S2", dt.date(2024, 7, 1), dt.date(2024, 8, 30)),
        ):
            _call(
                f"GF-{platform.code}-2024-{suffix}",
                stage=stage,
                platform=platform,
                field="",
                fiscal_year=2024,
                title=f"{platform.name} {reiwa_label(2024)} ギャップファンド {stage.name}",
                title_en=f"{platform.name} FY2024 Gap Fund {stage.name_en}",
                opens_at=start_instant(opens),
                closes_at=deadline_instant(closes),
                published=True,
            )
    # The current fiscal year: open today, whenever the demo is started.
    fy = fiscal_year_of(start_instant(today))
    opens, closes = today - dt.timedelta(days=14), today + dt.timedelta(days=45)
    for platform in platforms:
        for stage, suffix in ((stages["STEP1"], "S1"), (stages["STEP2"], "S2")):
            _call(
                f"GF-{platform.code}-{fy}-{suffix}",
                stage=stage,
                platform=platform,
                field="",
                fiscal_year=fy,
                title=f"{platform.name} {reiwa_label(fy)} ギャップファンド {stage.name}",
                title_en=f"{platform.name} FY{fy} Gap Fund {stage.name_en}",
                opens_at=start_instant(opens),
                closes_at=deadline_instant(closes),
                published=True,
            )
    coi_calls = [
        ("NURTURING", CoiNextField.REGIONAL, "N-REG", "地域共創分野 育成型", "Regional co-creation, nurturing", None),
        ("NURTURING", CoiNextField.FUTURE, "N-FUT", "未来共創分野 育成型", "Future co-creation, nurturing", None),
        ("FULL_SCALE", CoiNextField.REGIONAL, "F-REG-PROMO", "地域共創分野 昇格審査（本格型）",
         "Regional co-creation, promotion review (full-scale)", True),
        ("FULL_SCALE", CoiNextField.CO_CREATION, "F-CO", "共創分野 本格型", "Co-creation, full-scale", False),
    ]  # fmt: skip
    for stage_code, field, suffix, title, title_en, requires_pred in coi_calls:
        _call(
            f"COI-{fy}-{suffix}",
            stage=stages[stage_code],
            platform=None,
            field=field,
            fiscal_year=fy,
            title=f"COI-NEXT {reiwa_label(fy)} {title}",
            title_en=f"COI-NEXT FY{fy} {title_en}",
            opens_at=start_instant(opens),
            closes_at=deadline_instant(closes),
            requires_predecessor=requires_pred,
            published=True,
            **coi_call_rules(stage_code, field),
        )


DEMO_USERNAMES = [
    "director",
    "officer-ksac",
    "officer-gtie",
    "officer-coinext",
    "applicant",
    "applicant2",
    "applicant3",
    "research-office",
    "partner",
    "reviewer1",
    "reviewer2",
    "reviewer3",
    "reviewer4",
]


def _users(institutions, platforms) -> None:
    User = get_user_model()
    by_code = {p.code: p for p in platforms}
    specs = [
        ("director", "山田 花子", Role.DIRECTOR, "東京大学", None, [], []),
        ("officer-ksac", "佐藤 健", Role.OFFICER, "京都大学", None, ["KSAC"], []),
        ("officer-gtie", "鈴木 一郎", Role.OFFICER, "東京大学", None, ["GTIE"], []),
        (
            "officer-coinext",
            "高橋 真理",
            Role.OFFICER,
            "東京大学",
            None,
            [],
            ["COINEXT"],
        ),
        ("applicant", "田中 太郎", Role.APPLICANT, "京都大学", "10000001", [], []),
        ("applicant2", "伊藤 美咲", Role.APPLICANT, "東京大学", "10000002", [], []),
        ("reviewer1", "渡辺 誠", Role.REVIEWER, "東北大学", "20000001", [], []),
        ("reviewer2", "中村 優子", Role.REVIEWER, "九州大学", "20000002", [], []),
        ("reviewer3", "小林 大輔", Role.REVIEWER, "北海道大学", "20000003", [], []),
        ("reviewer4", "加藤 直子", Role.REVIEWER, "京都大学", "20000004", [], []),
    ]
    programs = {p.code: p for p in Program.objects.all()}
    for username, name, role, inst, rnum, pf_codes, prog_codes in specs:
        institution = institutions[inst]
        domain = institution.email_domains[0] if institution.email_domains else "example.jp"
        user, was_created = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": name,
                "role": role,
                "affiliation": institution,
                "researcher_number": rnum,
                "email": f"{username}@{domain}",
                "is_staff": role == Role.DIRECTOR,
                "is_superuser": role == Role.DIRECTOR,
            },
        )
        if was_created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.officer_platforms.set([by_code[c] for c in pf_codes])
        user.officer_programs.set([programs[c] for c in prog_codes])


def load(*, today: dt.date, out) -> None:
    institutions = _institutions()
    rubrics = _rubrics()
    stages = _programs(rubrics)
    platforms = _platforms(institutions)
    _calls(stages, platforms, today)
    _users(institutions, platforms)


def print_users(out) -> None:
    """The demo accounts and their password, printed last by load_demo (never in production)."""
    User = get_user_model()
    out.write("デモ用ユーザー（パスワード） / demo users (password):")
    for user in User.objects.filter(username__in=DEMO_USERNAMES).order_by("id"):
        out.write(f"  {user.username:<16} {user.role_label:<20} {DEMO_PASSWORD}")
