"""Seed step: FY2024 gap-fund Step 1 / Step 2 proposals per platform, decided through the workflow."""

import datetime as dt
import math

from django.contrib.auth import get_user_model

from applications.models import Application, MemberRole
from programs import seed_data
from programs.models import Call, Institution, InstitutionKind, Platform

from .demo_support import (
    PARTNERS,
    PSI_STEP2_IN_REVIEW,
    REJECTED_SHARE,
    REVIEW_NOTE,
    SEED_PREFIX,
    STEP1_FORMS,
    STEP2_FORMS,
    TOPICS,
    midnight_after,
    officer_for,
    partner_contacts,
    person_name,
    run_flow,
    seed_budget,
    seed_draft,
    seed_title,
    seed_users,
)
from .models import Award
from .services import award_mark_planned


def seed_gap_fund(*, today: dt.date, timeline) -> int:
    calls = {c.code: c for c in Call.objects.filter(code__regex=r"^GF-[A-Z]+-2024-S[12]$").select_related("stage")}
    User = get_user_model()
    demo_holders = {
        "KSAC": User.objects.filter(username="applicant").first(),
        "GTIE": User.objects.filter(username="applicant2").first(),
    }
    created = 0
    topic_no = 0
    for p_index, spec in enumerate(seed_data.PLATFORMS):
        code = spec["code"]
        platform = Platform.objects.prefetch_related("lead_institutions").get(code=code)
        s1, s2 = calls.get(f"GF-{code}-2024-S1"), calls.get(f"GF-{code}-2024-S2")
        if s1 is None or s2 is None:
            continue
        if Application.objects.filter(call__in=[s1, s2], applicant__username__startswith=SEED_PREFIX).exists():
            continue
        leads = list(platform.lead_institutions.order_by("id"))
        officer = officer_for(code, "GAPFUND")
        partners = [
            Institution.objects.update_or_create(name=name, defaults={"kind": InstitutionKind.VC})[0]
            for name in PARTNERS[code]
        ]
        contacts = partner_contacts(partners)
        s1_accept = spec["step1_adopted"]
        s1_total = s1_accept + math.ceil(s1_accept * REJECTED_SHARE)
        if spec["step2_adopted"] is None:
            s2_accept, s2_total, s2_in_review = 0, PSI_STEP2_IN_REVIEW, True
        else:
            s2_accept = spec["step2_adopted"]
            s2_total, s2_in_review = s2_accept + math.ceil(s2_accept * REJECTED_SHARE), False

        specs = []
        for stage_key, total in (("s1", s1_total), ("s2", s2_total)):
            for i in range(total):
                if i == 0 and (stage_key == "s2" or demo_holders.get(code)):
                    continue  # the first Step 1 goes to a demo applicant where there is one; the first Step 2 to its holder
                n = p_index * 97 + i * 3 + (0 if stage_key == "s1" else 50)
                specs.append(
                    (f"{SEED_PREFIX}{code.lower()}-{stage_key}-{i + 1:03d}", person_name(n), leads[i % len(leads)])
                )
        users = seed_users(specs)

        # Step 1: submitted in June 2024, decided the day after the call closed.
        close1 = midnight_after(s1.closes_at)
        step1_awards = []
        for i in range(s1_total):
            if i == 0 and demo_holders.get(code):
                applicant = demo_holders[code]
            else:
                applicant = users[f"{SEED_PREFIX}{code.lower()}-s1-{i + 1:03d}"]
            institution = applicant.affiliation or leads[0]
            title, summary, keywords = seed_title(topic_no, STEP1_FORMS)
            topic_no += 1
            direct = 2_400_000 + (i * 137_000) % 1_400_000
            application = seed_draft(
                call=s1,
                applicant=applicant,
                institution=institution,
                title=title,
                summary=summary,
                keywords=keywords,
                months=12,
                budget=seed_budget({2024: direct}),
                members=[
                    {"name": str(applicant), "user": applicant, "institution": institution, "role": MemberRole.PI,
                     "effort_percent": 20 + (i % 4) * 5},
                    {"name": person_name(i + 300 + p_index), "institution": institution,
                     "role": MemberRole.CO_INVESTIGATOR, "effort_percent": 10},
                ],
            )  # fmt: skip
            submitted = close1 - dt.timedelta(days=18 - (i % 17), hours=5)
            decision = close1 + dt.timedelta(hours=17)
            steps = [
                ("submit", submitted),
                ("screen", close1 + dt.timedelta(hours=9)),
            ]
            if i < s1_accept:
                steps += [("start_review", close1 + dt.timedelta(hours=10)), ("accept", decision)]
            elif (i - s1_accept) % 5 == 4:
                steps += [("reject_ineligible", close1 + dt.timedelta(hours=11))]
            else:
                steps += [("start_review", close1 + dt.timedelta(hours=10)), ("reject", decision)]
            run_flow(application, officer=officer, steps=steps, note=REVIEW_NOTE, timeline=timeline)
            if i < s1_accept:
                step1_awards.append(application)
            created += 1

        # Step 2: joint proposals with a commercialisation partner; the first cites its PI's Step 1 award.
        close2 = midnight_after(s2.closes_at)
        for i in range(s2_total):
            predecessor = None
            if i == 0 and step1_awards:
                first = Award.objects.get(application=step1_awards[0])
                applicant, predecessor = first.holder, first
                title, summary, keywords = seed_title(TOPICS.index(topic_of(step1_awards[0].title)), STEP2_FORMS)
            else:
                applicant = users[f"{SEED_PREFIX}{code.lower()}-s2-{i + 1:03d}"]
                title, summary, keywords = seed_title(topic_no, STEP2_FORMS)
                topic_no += 1
            institution = applicant.affiliation or leads[0]
            direct = 12_000_000 + (i * 911_000) % 3_000_000
            application = seed_draft(
                call=s2,
                applicant=applicant,
                institution=institution,
                title=title,
                summary=summary,
                keywords=keywords,
                months=36,
                budget=seed_budget({2024: direct // 2, 2025: direct, 2026: direct}),
                predecessor=predecessor,
                members=[
                    {"name": str(applicant), "user": applicant, "institution": institution, "role": MemberRole.PI,
                     "effort_percent": 40},
                    {"name": partners[i % len(partners)].name, "institution": partners[i % len(partners)],
                     "role": MemberRole.COMMERCIALISATION_PARTNER, "contact": contacts[partners[i % len(partners)].pk]},
                ],
            )  # fmt: skip
            steps = [
                ("submit", close2 - dt.timedelta(days=10 - (i % 9), hours=3)),
                ("screen", close2 + dt.timedelta(hours=9)),
                ("start_review", close2 + dt.timedelta(hours=10)),
            ]
            if not s2_in_review:
                steps.append(("accept" if i < s2_accept else "reject", close2 + dt.timedelta(hours=17)))
            run_flow(application, officer=officer, steps=steps, note=REVIEW_NOTE, timeline=timeline)
            if spec["step2_note"] == "予定" and i < s2_accept:
                # The seed reports these adoptions as 予定 (planned): planned awards, not active ones.
                award_mark_planned(award_id=application.award.pk, actor=officer, note="採択予定（デモデータ）")
            created += 1
    return created


def topic_of(title: str) -> tuple[str, str]:
    for topic in TOPICS:
        if title.startswith(topic[0]):
            return topic
    return TOPICS[0]
