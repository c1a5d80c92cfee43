"""The report dashboard (/reporting/dashboard/): the latest platform report as a table and an SVG chart, with a rebuild button; and the officer's and director's desk (/office/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Window
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from finance.selectors import overdue_invoices as finance_overdue_invoices
from reliability.idempotency import page_idempotent

from .chart import adoption_chart
from .drilldown import drill_url
from .exports import COLUMNS, _cell
from .models import ReportBuildStatus
from .permissions import may_use_reports
from .selectors import latest_done_report_for_user, platform_reports_for_user, report_rows_for_user
from .services import platform_report_request, platform_reports_settle_interrupted

PENDING = (ReportBuildStatus.QUEUED, ReportBuildStatus.RUNNING)


def _display(row: dict, key: str) -> str:
    value = _cell(row, key)
    if key.startswith("amount_"):
        return "" if value is None else f"{value:,}"  # a report built before the column existed has none
    return "" if value is None else str(value)


def _cell_view(row: dict, key: str) -> dict:
    """A cell as shown: its text and, for a non-zero count, the filtered list it counts."""
    text = _display(row, key)
    value = _cell(row, key)
    return {"text": text, "url": drill_url(row, key) if value else ""}


@login_required
def dashboard(request):
    if not may_use_reports(request.user):
        raise Http404
    building = None
    platform_reports_settle_interrupted()  # embedded profile only (no beat): nothing is left "running"
    if request.GET.get("report"):
        if not request.GET["report"].isdecimal():
            raise Http404
        building = get_object_or_404(platform_reports_for_user(request.user), pk=int(request.GET["report"]))
    report = latest_done_report_for_user(request.user)
    rows = report_rows_for_user(report, request.user) if report else []
    context = {
        "report": report,
        "building": building,
        "poll": building is not None and building.status in PENDING,
        "headers": [label for _key, label in COLUMNS],
        "table": [[_cell_view(row, key) for key, _label in COLUMNS] for row in rows],
        "chart": adoption_chart(rows) if rows else None,
    }
    return render(request, "reporting/dashboard.html", context)


@login_required
def office(request):
    """The officer's desk: pipeline per call, what is overdue, what just happened, the adoption chart."""
    if not may_use_reports(request.user):
        raise Http404
    from . import office as desk

    report = latest_done_report_for_user(request.user)
    rows = report_rows_for_user(report, request.user) if report else []
    overdue_reviews = desk.overdue_reviews(request.user)
    overdue_reports = desk.overdue_reports(request.user)
    overdue_invoices = finance_overdue_invoices(request.user).order_by("filed_at", "pk")
    replacements = desk.replacements_needed(request.user)
    undelivered = desk.undelivered_mails(request.user)
    pipeline = desk.pipeline_by_call(request.user)
    context = {}
    for name, rows_of in (
        ("overdue_reviews", overdue_reviews),
        ("replacements", replacements),
        ("overdue_reports", overdue_reports),
        ("overdue_invoices", overdue_invoices),
        ("undelivered", undelivered),
    ):
        context[name], context[f"{name}_count"] = _first_and_count(rows_of)
    context |= {
        "statuses": desk.PIPELINE,
        "pipeline": pipeline,
        "pipeline_groups": desk.pipeline_groups(pipeline),
        "pipeline_totals": {
            "applications": sum(r["total"] for r in pipeline),
            "requested": sum(r["requested"] for r in pipeline),
            "awards": sum(r["awards"] for r in pipeline),
            "awarded": sum(r["awarded"] for r in pipeline),
        },
        "events": desk.recent_events(request.user),
        "report": report,
        "chart": adoption_chart(rows) if rows else None,
    }
    return render(request, "reporting/office.html", context)


def _first_and_count(queryset, limit: int = 20) -> tuple[list, int]:
    """The first `limit` rows and how many there are in all, in one query (a count over the whole set beside
    each row) instead of a list and a COUNT."""
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:limit])
    return rows, (rows[0].rows_in_all if rows else 0)


@login_required
@require_POST
@page_idempotent
def rebuild(request):
    if not may_use_reports(request.user):
        raise Http404
    report = platform_report_request(user=request.user)
    messages.info(request, _("集計の再作成を受け付けました。"))
    return redirect(f"{reverse('reporting:dashboard')}?report={report.pk}")
