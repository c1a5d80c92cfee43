"""The edges of the program rules (written for the mutants `make mutate` found alive, docs/testing.md): what counts
as a 事業化推進機関 on a team, and a year's budget exactly at the per-year cap."""

from types import SimpleNamespace

import pytest

from applications.models import MemberRole
from applications.program_rules import _has_requirement, per_year_cap_problems
from programs.models import InstitutionKind, TeamRequirement

PARTNER = TeamRequirement.COMMERCIALISATION_PARTNER


def member(role=MemberRole.CO_INVESTIGATOR, kind=None):
    return SimpleNamespace(role=role, institution=SimpleNamespace(kind=kind) if kind else None)


@pytest.mark.parametrize(
    ("members", "met"),
    [
        ([member(MemberRole.COMMERCIALISATION_PARTNER)], True),  # the role, even without an institution
        ([member(kind=InstitutionKind.VC)], True),  # a VC on the team in any role
        ([member(kind=InstitutionKind.COMPANY)], False),
        ([member()], False),  # no institution, not the role
        ([], False),
    ],
)
def test_what_counts_as_a_commercialisation_partner(members, met):
    assert _has_requirement(PARTNER, members) is met


def test_a_requirement_the_rules_do_not_know_is_met():
    assert _has_requirement("unknown", []) is True


def test_a_year_exactly_at_the_per_year_cap_is_within_it():
    call = SimpleNamespace(effective_max_amount_per_year=1_000_000)
    at_cap = [SimpleNamespace(fiscal_year=2025, amount=600_000), SimpleNamespace(fiscal_year=2025, amount=400_000)]
    assert per_year_cap_problems(call, at_cap) == []
    over = [*at_cap, SimpleNamespace(fiscal_year=2026, amount=1), SimpleNamespace(fiscal_year=2025, amount=1)]
    assert [p.field for p in per_year_cap_problems(call, over)] == ["budget_lines"]
    assert per_year_cap_problems(SimpleNamespace(effective_max_amount_per_year=None), over) == []


def test_the_team_rows_given_are_the_ones_checked_for_partner_consent(world):
    """The submit rule hands its team rows (prefetched or not yet saved) to the consent check: a partner whose
    confirmation is missing is named."""
    from applications.models import MembershipStatus, TeamMember
    from applications.program_rules import program_rule_problems

    from .factories import make_complete

    application = make_complete(world["call"], world["owner"])
    stage = application.call.stage
    stage.partner_consent_required = True
    stage.save(update_fields=["partner_consent_required"])
    partner = TeamMember(
        application=application,
        name="パートナー社",
        role=MemberRole.COMMERCIALISATION_PARTNER,
        status=MembershipStatus.PENDING,
        invite_email="contact@partner.example.jp",
    )
    problems = program_rule_problems(application, members=[partner], lines=[])
    assert any("パートナー社" in str(p.message) for p in problems)
    assert program_rule_problems(application, members=[], lines=[]) == []
