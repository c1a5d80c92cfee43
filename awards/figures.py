"""Award figures: every count of awards and every amount awarded that a page, export or API shows.

The officer's and director's desk (`/office/`), the award list (`/awards/` and `GET /api/v1/awards/totals/`),
the platform report (its rows, the dashboard, CSV/XLSX and API) and the public results all take their award
figures from here, so they agree. Reads only.

Each figure counts an award once, whatever the queryset handed in joins or annotates: the figures are
computed over `Award.objects.filter(pk__in=<the awards>)`, never over the caller's rows (an annotation
joining progress reports once multiplied awards and amounts by the number of reports).
"""

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from .models import Award, AwardStatus

# Awards by state, in the order of the choices: awards_planned, awards_active, awards_completed, …
STATUS_FIGURES = tuple(f"awards_{status}" for status in AwardStatus.values)
FIGURES = ("awards", "amount_awarded", *STATUS_FIGURES)


def _expressions() -> dict:
    return {
        "awards": Count("id"),
        "amount_awarded": Coalesce(Sum("amount_total"), 0),
        **{f"awards_{status}": Count("id", filter=Q(status=status)) for status in AwardStatus.values},
    }


def each_award_once(awards: QuerySet[Award] | None = None) -> QuerySet[Award]:
    """`awards` (all awards when None) as a plain queryset with one row per award."""
    if awards is None:
        return Award.objects.all()
    return Award.objects.filter(pk__in=awards.order_by().values("pk"))


def award_totals(awards: QuerySet[Award] | None = None) -> dict:
    """Every figure of `awards` (all when None): `awards`, `amount_awarded` (whole yen), `awards_<state>`."""
    return each_award_once(awards).aggregate(**_expressions())


def award_figures_by(awards: QuerySet[Award] | None = None, *, by: Iterable[str]) -> list[dict]:
    """Every figure per group: one dict per distinct value of the Award lookups `by` (the lookups as keys)."""
    by = list(by)
    return list(each_award_once(awards).order_by().values(*by).annotate(**_expressions()))


def award_figures_by_call(awards: QuerySet[Award] | None = None) -> dict[int, dict]:
    """Every figure per call: {call id: {figure: value}} (calls without awards are absent)."""
    return {row.pop("application__call_id"): row for row in award_figures_by(awards, by=["application__call_id"])}
