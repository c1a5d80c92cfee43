"""The officer's application list and CSV export, and the applicant's own list (applications/mine/)."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sangaku.spreadsheet import safe_row

from .models import ApplicationEvent
from .page_filters import ApplicationPageFilter
from .permissions import is_application_staff
from .selectors import applications_for_user, institution_queue_for_user, team_application_ids
from .workflow import event_label

OFFICER_LIST_PAGE_SIZE = 50


def _with_last_event(queryset):
    last = ApplicationEvent.objects.filter(application=OuterRef("pk")).order_by("-at", "-id")
    return queryset.annotate(last_action=Subquery(last.values("action")[:1]), last_at=Subquery(last.values("at")[:1]))


@login_required
def mine(request):
    """The signed-in user's own applications (as PI or team member) with status and latest activity."""
    user = request.user
    on_team = team_application_ids(user)
    applications = list(
        _with_last_event(applications_for_user(user).filter(Q(applicant=user) | Q(pk__in=on_team)).order_by("-id"))
    )
    for application in applications:
        application.last_action_label = _(event_label(application.last_action or ""))
    # A research office (所属機関承認) also sees what waits for its approval.
    queue = list(institution_queue_for_user(user).order_by("submitted_at", "id")) if user.is_research_office else None
    return render(request, "applications/mine.html", {"applications": applications, "institution_queue": queue})


def _officer_filter(request):
    if not is_application_staff(request.user):
        raise Http404
    return ApplicationPageFilter(
        request.GET or None, queryset=applications_for_user(request.user).order_by("-id"), user=request.user
    )


@login_required
def officer_list(request):
    """Applications in the officer's scope, filterable; the same filter feeds the CSV export."""
    filterset = _officer_filter(request)
    page = Paginator(filterset.qs, OFFICER_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    searched = filterset.form.cleaned_data.get("q", "") if filterset.is_bound and filterset.is_valid() else ""
    return render(
        request,
        "applications/officer_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "searched": searched},
    )


CSV_COLUMNS = [
    ("receipt_number", "受付番号"),
    ("status", "状態"),
    ("title", "課題名"),
    ("applicant", "研究代表者"),
    ("institution", "所属機関"),
    ("platform", "プラットフォーム"),
    ("program", "プログラム"),
    ("stage", "段階"),
    ("fiscal_year", "年度"),
    ("requested_amount", "申請額（円）"),
    ("submitted_at", "提出日時"),
]


@login_required
def officer_export(request):
    """CSV of the filtered list, UTF-8 with BOM so Excel shows Japanese correctly."""
    filterset = _officer_filter(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(safe_row(label for _key, label in CSV_COLUMNS))
    for a in filterset.qs.iterator(chunk_size=500):
        writer.writerow(
            safe_row(
                [
                    a.receipt_number or "",
                    a.get_status_display(),
                    a.title,
                    str(a.applicant),
                    a.institution.name,
                    a.call.platform.code if a.call.platform_id else "",
                    a.call.stage.program.code,
                    a.call.stage.code,
                    a.call.fiscal_year,
                    a.requested_amount if a.requested_amount is not None else "",
                    timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
                ]
            )
        )
    return response
