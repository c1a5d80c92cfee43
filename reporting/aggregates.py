"""The platform report as set-based SQL: one GROUP BY per source table, merged per group.

One row per platform × fiscal year × program × stage (× field for programs that
call by field and, in 政策重点分野, sub-field; COI-NEXT rows have no platform). Every figure is a conditional
aggregate (`Count(filter=Q(...))`, `Sum`) computed by the database; Python only
merges the grouped results (applications, awards, review assignments, progress reports,
interviews held, interim evaluations by outcome, contracted and paid money) by their group key. The award
counts and the amount awarded come from `awards.figures`, the selector the desk and the award list use.
"""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.models import Application, Status
from awards.figures import STATUS_FIGURES, award_figures_by
from awards.models import Award, ProgressReport
from evaluations.models import Evaluation, EvaluationStatus, Outcome
from finance.models import Contract, Invoice, InvoiceStatus
from finance.workflow import SIGNED_STATES
from interviews.models import Interview
from interviews.selectors import HELD as HELD_INTERVIEW_STATES
from programs.fiscal import JST
from reporting.overdue import overdue_reports_q, overdue_reviews_q
from reviews.models import Assignment, AssignmentStatus, ReviewStatus

# Counted as received: submitted or any later state (a withdrawal only if it happened after submission).
RECEIVED_STATES = (
    Status.SUBMITTED,
    Status.SCREENING,
    Status.IN_REVIEW,
    Status.INTERVIEW,
    Status.INFO_REQUESTED,
    Status.ACCEPTED,
    Status.REJECTED,
    Status.INELIGIBLE,
)
OPEN_ASSIGNMENT_STATES = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)

METRICS = (
    "received",
    "screening",
    "in_review",
    "accepted",
    "rejected",
    "withdrawn",
    *STATUS_FIGURES,  # awards_planned, awards_active, awards_completed, awards_terminated, awards_promoted
    "amount_requested",
    "amount_awarded",
    "reviews_completed",
    "reviews_overdue",
    "reports_overdue",
    "interviews_held",
    "evaluations_open",
    "evaluations_continue",
    "evaluations_continue_with_conditions",
    "evaluations_budget_change",
    "evaluations_stop",
    "amount_contracted",
    "amount_paid",
)

# Group key: lookups from Call, prefixed per source table.
_GROUP = {
    "platform": "platform__code",
    "platform_name": "platform__name",
    "platform_order": "platform_id",
    "fiscal_year": "fiscal_year",
    "program": "stage__program__code",
    "program_name": "stage__program__name",
    "program_order": "stage__program_id",
    "stage": "stage__code",
    "stage_name": "stage__name",
    "stage_order": "stage__order",
    "field": "field",
    "sub_field": "sub_field",
}
_KEY = ("platform", "fiscal_year", "program", "stage", "field", "sub_field")


def _grouped(qs, call_path: str, fiscal_year: int | None, **aggregates) -> list[dict]:
    prefix = f"{call_path}__"
    if fiscal_year is not None:
        qs = qs.filter(**{f"{prefix}fiscal_year": fiscal_year})
    names = {f"{prefix}{lookup}": name for name, lookup in _GROUP.items()}
    rows = qs.order_by().values(*names).annotate(**aggregates)
    return [{**{names[k]: v for k, v in row.items() if k in names}, **{k: row[k] for k in aggregates}} for row in rows]


def application_figures(fiscal_year: int | None = None) -> list[dict]:
    received = Q(status__in=RECEIVED_STATES) | Q(status=Status.WITHDRAWN, submitted_at__isnull=False)
    return _grouped(
        Application.objects.all(),
        "call",
        fiscal_year,
        received=Count("id", filter=received),
        screening=Count("id", filter=Q(status__in=(Status.SUBMITTED, Status.SCREENING))),
        in_review=Count("id", filter=Q(status__in=(Status.IN_REVIEW, Status.INTERVIEW, Status.INFO_REQUESTED))),
        accepted=Count("id", filter=Q(status=Status.ACCEPTED)),
        rejected=Count("id", filter=Q(status__in=(Status.REJECTED, Status.INELIGIBLE))),
        withdrawn=Count("id", filter=Q(status=Status.WITHDRAWN, submitted_at__isnull=False)),
        amount_requested=Coalesce(Sum("requested_amount", filter=received), 0),
    )


def award_figures(fiscal_year: int | None = None) -> list[dict]:
    """Awards by state and the amount awarded per group, from `awards.figures` (one row per award)."""
    awards = None if fiscal_year is None else Award.objects.filter(application__call__fiscal_year=fiscal_year)
    names = {f"application__call__{lookup}": name for name, lookup in _GROUP.items()}
    return [
        {**{names[k]: v for k, v in row.items() if k in names}, **{k: v for k, v in row.items() if k not in names}}
        for row in award_figures_by(awards, by=names)
    ]


def review_figures(fiscal_year: int | None = None, *, now: dt.datetime) -> list[dict]:
    return _grouped(
        Assignment.objects.all(),
        "application__call",
        fiscal_year,
        reviews_completed=Count("id", filter=Q(review__status=ReviewStatus.SUBMITTED)),
        reviews_overdue=Count("id", filter=overdue_reviews_q(now)),
    )


def report_figures(fiscal_year: int | None = None, *, today: dt.date) -> list[dict]:
    return _grouped(
        ProgressReport.objects.all(),
        "award__application__call",
        fiscal_year,
        reports_overdue=Count("id", filter=overdue_reports_q(today)),
    )


def interview_figures(fiscal_year: int | None = None) -> list[dict]:
    return _grouped(
        Interview.objects.all(),
        "application__call",
        fiscal_year,
        interviews_held=Count("id", filter=Q(status__in=HELD_INTERVIEW_STATES)),
    )


def evaluation_figures(fiscal_year: int | None = None) -> list[dict]:
    """Interim evaluations (中間評価) by outcome, grouped by the award's call (its stage, field, year)."""
    return _grouped(
        Evaluation.objects.all(),
        "award__application__call",
        fiscal_year,
        evaluations_open=Count("id", filter=Q(status__in=(EvaluationStatus.SCHEDULED, EvaluationStatus.IN_REVIEW))),
        **{
            f"evaluations_{outcome}": Count("id", filter=Q(status=EvaluationStatus.DECIDED, outcome=outcome))
            for outcome in Outcome.values
        },
    )


def finance_figures(fiscal_year: int | None = None) -> list[dict]:
    """Money after the award, grouped by the award's call like `amount_awarded`: contracted (signed contracts
    in force: a 変更契約 replaces what it amends) and paid (payments recorded on invoices)."""
    contracted = _grouped(
        Contract.objects.filter(status__in=SIGNED_STATES),
        "award__application__call",
        fiscal_year,
        amount_contracted=Coalesce(Sum("amount"), 0),
    )
    paid = _grouped(
        Invoice.objects.filter(status=InvoiceStatus.PAID),
        "contract__award__application__call",
        fiscal_year,
        amount_paid=Coalesce(Sum("amount"), 0),
    )
    return contracted + paid


def platform_report_rows(*, fiscal_year: int | None = None, now: dt.datetime | None = None) -> list[dict]:
    """All rows of the platform report (JSON-ready), ordered program → stage → platform → field → year."""
    now = now or timezone.now()
    today = now.astimezone(JST).date()
    merged: dict[tuple, dict] = {}
    for part in (
        application_figures(fiscal_year),
        award_figures(fiscal_year),
        review_figures(fiscal_year, now=now),
        report_figures(fiscal_year, today=today),
        interview_figures(fiscal_year),
        evaluation_figures(fiscal_year),
        finance_figures(fiscal_year),
    ):
        for row in part:
            key = tuple(row[k] for k in _KEY)
            target = merged.setdefault(key, {**{k: row[k] for k in _GROUP}, **dict.fromkeys(METRICS, 0)})
            for metric in METRICS:
                if metric in row:
                    target[metric] += int(row[metric] or 0)
    rows = sorted(
        merged.values(),
        key=lambda r: (
            r["program_order"],
            r["stage_order"],
            r["platform_order"] or 0,
            r["field"],
            r["sub_field"],
            r["fiscal_year"],
        ),
    )
    for row in rows:
        for k in ("platform_order", "program_order", "stage_order"):
            del row[k]
    return rows
