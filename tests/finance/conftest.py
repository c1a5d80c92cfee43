import pytest

from tests.awards.factories import accept, draft, officer_for, open_call, saved
from tests.factories import InstitutionFactory, UserFactory


@pytest.fixture
def people(catalog):
    from accounts.models import Role

    pi_inst = InstitutionFactory(name="京都経理大学")
    partner = InstitutionFactory(name="大阪経理大学")
    elsewhere = InstitutionFactory(name="東北経理大学")
    return {
        "holder": saved(UserFactory(affiliation=pi_inst)),
        "other": saved(UserFactory(affiliation=elsewhere)),
        "officer": officer_for(platforms=[catalog["platforms"]["KSAC"]]),
        "officer_out": officer_for(platforms=[catalog["platforms"]["GTIE"]]),
        "director": saved(UserFactory(role=Role.DIRECTOR)),
        "pi_inst": pi_inst,
        "partner": partner,
    }


@pytest.fixture
def award(catalog, people):
    """A Step 2 award of two fiscal years with a partner institution (not started yet: planned)."""
    from awards.schedule import fiscal_years_between
    from awards.services import award_budgets_adjust, award_mark_planned

    call = open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["KSAC"])
    application = draft(
        call=call,
        applicant=people["holder"],
        months=24,
        amount=30_000_000,
        members=[{"name": "大阪 共同", "institution": people["partner"], "role": "co_investigator"}],
    )
    award = accept(application, people["officer"])
    # Research offices join after the acceptance (with one at submit time the stage asks for 所属機関承認).
    people["ro_pi"] = saved(UserFactory(affiliation=people["pi_inst"], is_research_office=True))
    people["ro_partner"] = saved(UserFactory(affiliation=people["partner"], is_research_office=True))
    people["ro_other"] = saved(UserFactory(affiliation=people["other"].affiliation, is_research_office=True))
    years = fiscal_years_between(award.starts_on, award.ends_on)[:2]
    award_budgets_adjust(award_id=award.pk, budgets={y: 15_000_000 for y in years}, actor=people["officer"])
    award_mark_planned(award_id=award.pk, actor=people["officer"])
    award.refresh_from_db()
    return award


def split(award, people, *, indirect_pi=2_100_000):
    """A balanced 配分: per year ¥15,000,000 over the PI's institution and the partner."""
    rows = []
    for fy in award.budgets.values_list("fiscal_year", flat=True):
        rows += [
            {
                "fiscal_year": fy,
                "institution": people["pi_inst"].pk,
                "category": "equipment",
                "amount": 9_100_000 - indirect_pi,
            },
            {"fiscal_year": fy, "institution": people["pi_inst"].pk, "category": "indirect", "amount": indirect_pi},
            {"fiscal_year": fy, "institution": people["partner"].pk, "category": "travel", "amount": 4_700_000},
            {"fiscal_year": fy, "institution": people["partner"].pk, "category": "indirect", "amount": 1_200_000},
        ]
    return rows


@pytest.fixture
def approved(award, people):
    """The 配分 proposed by the holder and approved by the officer: the first year's contracts exist."""
    from finance import services

    services.allocation_save(award_id=award.pk, actor=people["holder"], lines=split(award, people))
    services.allocation_transition(award_id=award.pk, action="propose", actor=people["holder"])
    services.allocation_transition(award_id=award.pk, action="approve", actor=people["officer"])
    return award


def sign_all(award, people, fiscal_year=None):
    from finance import services
    from finance.models import Contract

    ro = {people["pi_inst"].pk: people["ro_pi"], people["partner"].pk: people["ro_partner"]}
    qs = Contract.objects.filter(award=award, status="draft")
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    for contract in qs:
        services.contract_transition(contract_id=contract.pk, action="send", actor=people["officer"])
        services.contract_transition(contract_id=contract.pk, action="sign", actor=ro[contract.institution_id])
