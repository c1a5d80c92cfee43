"""The award figures count only the awards they are given (an officer's scope), and an empty scope is ¥0."""

import pytest

from awards.figures import award_figures_by_call, award_totals
from awards.models import Award
from tests.awards.factories import AwardFactory

pytestmark = pytest.mark.django_db


def test_an_officer_whose_scope_holds_no_award_sees_none_and_zero_yen(catalog):
    AwardFactory(application__call=catalog["calls"]["GF-KSAC-2024-S2"], amount_total=30_000_000)
    totals = award_totals(Award.objects.none())
    assert (totals["awards"], totals["amount_awarded"]) == (0, 0)


def test_the_figures_count_the_awards_in_scope_only_in_total_and_per_call(catalog):
    ksac = catalog["calls"]["GF-KSAC-2024-S2"]
    other = next(c for code, c in catalog["calls"].items() if code != "GF-KSAC-2024-S2")
    mine = AwardFactory(application__call=ksac, amount_total=30_000_000)
    AwardFactory(application__call=other, amount_total=7_000_000)
    scope = Award.objects.filter(pk=mine.pk)

    totals = award_totals(scope)
    assert (totals["awards"], totals["amount_awarded"]) == (1, 30_000_000)
    by_call = award_figures_by_call(scope)
    assert set(by_call) == {ksac.pk}
    assert (by_call[ksac.pk]["awards"], by_call[ksac.pk]["amount_awarded"]) == (1, 30_000_000)
    everything = award_totals()
    assert (everything["awards"], everything["amount_awarded"]) == (2, 37_000_000)
