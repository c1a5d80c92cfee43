"""Seed step: the COI-NEXT hubs, each adopted through a historical call (育成型 → 本格型 promotions included)."""

import datetime as dt

from applications.models import Application, MemberRole
from programs import seed_data
from programs.demo import DEMO_COMPANIES, DEMO_MUNICIPALITIES, coi_call_rules
from programs.fiscal import deadline_instant, reiwa_label, start_instant
from programs.models import Call, CoiNextField, Institution, PolicySubField, Stage

from .demo_support import (
    COI_FIELD_SUFFIX,
    COI_FULL_SCALE_PER_YEAR,
    COI_REVIEW_NOTE,
    SEED_PREFIX,
    midnight_after,
    officer_for,
    partner_contacts,
    run_flow,
    seed_budget,
    seed_draft,
    seed_users,
)
from .models import Award

# The seed's labels of the 政策重点分野 hubs → the sub-field of their call.
SUB_FIELDS = {"量子": PolicySubField.QUANTUM, "バイオ": PolicySubField.BIO, "環エネ": PolicySubField.ENVIRONMENT_ENERGY}


def coi_call(stage: Stage, field: str, fiscal_year: int, *, promotion: bool | None, sub_field: str = "") -> Call:
    kind = "F" if stage.code == "FULL_SCALE" else "N"
    suffix = f"{kind}-{COI_FIELD_SUFFIX[field]}" + (f"-{sub_field.upper()}" if sub_field else "")
    suffix += "-PROMO" if promotion else ""
    label = CoiNextField(field).label + (f"（{PolicySubField(sub_field).label}）" if sub_field else "")
    if stage.code == "FULL_SCALE":
        title = f"{label} 昇格審査（本格型）" if promotion else f"{label} 本格型"
    else:
        title = f"{label} 育成型"
    call, _ = Call.objects.update_or_create(
        code=f"COI-{fiscal_year}-{suffix}",
        defaults={
            "stage": stage,
            "platform": None,
            "field": field,
            "sub_field": sub_field,
            "fiscal_year": fiscal_year,
            "title": f"COI-NEXT {reiwa_label(fiscal_year)} {title}",
            "title_en": f"COI-NEXT FY{fiscal_year} {CoiNextField(field).name.replace('_', ' ').title()} "
            f"{'promotion review' if promotion else stage.name_en}",
            "opens_at": start_instant(dt.date(fiscal_year, 4, 1)),
            "closes_at": deadline_instant(dt.date(fiscal_year, 6, 30)),
            "requires_predecessor": True if promotion else (False if stage.code == "FULL_SCALE" else None),
            "published": True,
            **coi_call_rules(stage.code, field),
        },
    )
    return call


def seed_coinext(*, today: dt.date, timeline) -> int:
    stages = {s.code: s for s in Stage.objects.filter(code__in=["NURTURING", "FULL_SCALE"])}
    if len(stages) < 2:
        return 0
    if Application.objects.filter(
        call__code__startswith="COI-", applicant__username__startswith=f"{SEED_PREFIX}coi-"
    ).exists():
        return 0
    officer = officer_for(None, "COINEXT")
    institutions = {i.name: i for i in Institution.objects.all()}
    for alias, canonical in seed_data.INSTITUTION_ALIASES.items():
        institutions[alias] = institutions[canonical]
    users = seed_users(
        [
            (f"{SEED_PREFIX}coi-{n + 1:02d}", hub["pl_name"], institutions[hub["institution"]])
            for n, hub in enumerate(seed_data.COINEXT_HUBS)
        ]
    )
    created = 0
    for n, hub in enumerate(seed_data.COINEXT_HUBS):
        pl = users[f"{SEED_PREFIX}coi-{n + 1:02d}"]
        institution = institutions[hub["institution"]]
        field, fy = hub["field"], hub["adopted_fy"]
        predecessor = None
        if hub["promoted"]:
            nurturing_call = coi_call(stages["NURTURING"], field, fy - 2, promotion=None)
            nurturing = coi_application(nurturing_call, pl, institution, hub, months=24, per_year=16_000_000)
            run_flow(
                nurturing, officer=officer, steps=coi_steps(nurturing_call, n), note=COI_REVIEW_NOTE, timeline=timeline
            )
            predecessor = Award.objects.get(application=nurturing)
            created += 1
        if hub["stage"] == "NURTURING":
            call = coi_call(stages["NURTURING"], field, fy, promotion=None)
            application = coi_application(call, pl, institution, hub, months=24, per_year=18_000_000)
        else:
            sub_field = SUB_FIELDS.get(hub["field_label"], "") if field == CoiNextField.POLICY_PRIORITY else ""
            call = coi_call(stages["FULL_SCALE"], field, fy, promotion=hub["promoted"], sub_field=sub_field)
            application = coi_application(
                call, pl, institution, hub, months=120, per_year=COI_FULL_SCALE_PER_YEAR[field], predecessor=predecessor
            )
        run_flow(application, officer=officer, steps=coi_steps(call, n), note=COI_REVIEW_NOTE, timeline=timeline)
        created += 1
    return created


def coi_steps(call: Call, n: int) -> list[tuple[str, dt.datetime]]:
    close = midnight_after(call.closes_at)
    return [
        ("submit", close - dt.timedelta(days=5 + n % 20)),
        ("screen", close + dt.timedelta(hours=9)),
        ("start_review", close + dt.timedelta(hours=10)),
        ("accept", close + dt.timedelta(hours=17)),
    ]


def coi_application(call, pl, institution, hub, *, months, per_year, predecessor=None):
    first_fy = call.fiscal_year
    years = months // 12
    # Costs are spent in the award's fiscal years; a hub's first year is shorter (it starts in July).
    per_year_direct = {first_fy + k: (per_year * 10 // 13) // (2 if k == 0 else 1) for k in range(years)}
    # Three institutions or more with a private company (and a lead municipality in 地域共創分野): the call's rules.
    n = hub["adopted_fy"] + len(hub["title"])
    company = Institution.objects.get(name=DEMO_COMPANIES[n % len(DEMO_COMPANIES)])
    third = Institution.objects.get(
        name=DEMO_MUNICIPALITIES[n % len(DEMO_MUNICIPALITIES)]
        if call.field == CoiNextField.REGIONAL
        else DEMO_COMPANIES[(n + 1) % len(DEMO_COMPANIES)]
    )
    contacts = partner_contacts([company, third])  # each confirms participation (参加確認) through the services
    members = [
        {"name": str(pl), "user": pl, "institution": institution, "role": MemberRole.PI, "effort_percent": 50},
        {"name": company.name, "institution": company, "role": MemberRole.PARTICIPATING_INSTITUTION,
         "contact": contacts[company.pk]},
        {"name": third.name, "institution": third, "role": MemberRole.PARTICIPATING_INSTITUTION,
         "contact": contacts[third.pk]},
    ]  # fmt: skip
    stage_label = "育成型" if call.stage.code == "NURTURING" else "本格型"
    return seed_draft(
        call=call,
        applicant=pl,
        institution=institution,
        title=hub["title"],
        summary=f"{hub['title']}（{hub['field_label']}・{stage_label}）。{institution.name}を代表機関として、"
        f"産学官の参画機関とともに研究開発と社会実装を一体的に進める。",
        keywords=f"COI-NEXT、{hub['field_label']}、共創の場",
        months=months,
        budget=seed_budget(per_year_direct),
        members=members,
        predecessor=predecessor,
    )
