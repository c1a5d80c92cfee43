"""Server-rendered pages: the awardee's awards and reports, the officer's award list, detail and checks.

Views fetch through `awards_for_user` / `reports_for_user` (anything else is a 404), call one service and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.attachments import attachment_response
from applications.permissions import is_officer_for
from applications.selectors import applications_for_user, team_application_ids
from programs.consequences import consequence_text
from sangaku.confirm import confirmation_page, confirmed
from sangaku.web_errors import refusal

from . import services
from .checks import application_checks
from .detail_hooks import award_sections
from .figures import award_totals
from .forms import BudgetAdjustForm, EndDateForm, NoteForm, ReportAttachmentForm, ReportBodyForm
from .page_filters import AwardPageFilter
from .permissions import is_award_staff, is_holder, is_officer_for_award
from .report_entry import report_save, revision_reasons
from .schedule import fiscal_years_between
from .selectors import (
    award_chain,
    award_events,
    awards_for_user,
    report_attachments_for_user,
    report_events,
    reports_for_user,
)
from .workflow import AWARD_TRANSITIONS, AWARD_WORKFLOW, OPEN_REPORT_STATES, REPORT_TRANSITIONS, REPORT_WORKFLOW

PAGE_SIZE = 50


@login_required
def mine(request):
    """自分の採択課題: awards the user holds or works on, with the reports still to deliver."""
    user = request.user
    on_team = team_application_ids(user)
    awards = (
        awards_for_user(user)
        .filter(Q(holder=user) | Q(application__in=on_team))
        .prefetch_related("budgets")
        .order_by("-starts_on", "award_number")
    )
    due = reports_for_user(user).filter(award__holder=user, status__in=OPEN_REPORT_STATES).order_by("due_on", "id")
    return render(request, "awards/mine.html", {"awards": awards, "due_reports": due, "today": timezone.localdate()})


@login_required
def officer_list(request):
    """採択課題一覧 (officers and directors): filters, overdue reports highlighted."""
    if not is_award_staff(request.user):
        return redirect("awards:mine")
    qs = awards_for_user(request.user).order_by("-overdue_reports", "-starts_on", "award_number")
    flt = AwardPageFilter(request.GET or None, queryset=qs, user=request.user)
    totals = award_totals(flt.qs)
    paginator = Paginator(flt.qs, PAGE_SIZE)
    paginator.count = totals["awards"]  # the figure shown above the list, from the one award-figure selector
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    searched = flt.form.cleaned_data.get("q", "") if flt.is_bound and flt.is_valid() else ""
    return render(
        request,
        "awards/officer_list.html",
        {"filter": flt, "page": page, "totals": totals, "query": query.urlencode(), "searched": searched},
    )


def _award(request, pk):
    return get_object_or_404(awards_for_user(request.user), pk=pk)


@login_required
def detail(request, pk):
    award = _award(request, pk)
    officer = is_officer_for_award(request.user, award)
    budgets = list(award.budgets.all())
    context = {
        "award": award,
        "budgets": budgets,
        "reports": reports_for_user(request.user).filter(award=award).order_by("due_on", "id"),
        "chain": award_chain(award),
        "events": award_events(award),
        "is_officer": officer,
        "is_holder": is_holder(request.user, award),
        "today": timezone.localdate(),
        "sections": award_sections(request, award),
    }
    # A section may show the stage chain itself (evaluations: award → evaluations → promotion → next award).
    context["chain_replaced"] = any(section.get("replaces_chain") for section in context["sections"])
    if officer:
        years = fiscal_years_between(award.starts_on, award.ends_on)
        if award.status == "active" and timezone.localdate() < award.starts_on:
            context["budget_form"] = BudgetAdjustForm(
                years=years, initial_amounts={b.fiscal_year: b.amount for b in budgets}
            )
        if award.status == "active":
            context["end_date_form"] = EndDateForm(initial={"ends_on": award.ends_on})
        # The officer's rows from this state (a planned award: 開始, once its contracts are signed; 中止).
        context["award_actions"] = [t for t in AWARD_WORKFLOW.actions_from(award.status) if t.who == "officer"]
    return render(request, "awards/detail.html", context)


@login_required
@require_POST
def adjust_budgets(request, pk):
    award = _award(request, pk)
    form = BudgetAdjustForm(
        request.POST,
        years=fiscal_years_between(award.starts_on, award.ends_on),
        initial_amounts={},
    )
    if not form.is_valid():
        messages.error(request, _("金額は0以上の整数（円）で入力してください。"))
        return redirect("awards:detail", pk=award.pk)
    with refusal(request) as refused:
        services.award_budgets_adjust(
            award_id=award.pk, budgets=form.budgets(), actor=request.user, note=form.cleaned_data["note"]
        )
    if not refused:
        messages.success(request, _("予算を調整しました。"))
    return redirect("awards:detail", pk=award.pk)


@login_required
@require_POST
def change_end_date(request, pk):
    award = _award(request, pk)
    form = EndDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("終了日（ends_on）を YYYY-MM-DD の形式で入力してください。"))
        return redirect("awards:detail", pk=award.pk)
    with refusal(request) as refused:
        services.award_change_end_date(
            award_id=award.pk, ends_on=form.cleaned_data["ends_on"], actor=request.user, note=form.cleaned_data["note"]
        )
    if not refused:
        messages.success(request, _("終了日を変更し、未提出の報告の期限を更新しました。"))
    return redirect("awards:detail", pk=award.pk)


@login_required
@require_POST
def award_action(request, pk, action):
    award = _award(request, pk)
    form = NoteForm(request.POST)
    form.is_valid()
    consequence = consequence_text("award", action)
    transition = AWARD_TRANSITIONS.get(action)
    note_missing = transition is not None and transition.note_required and not form.cleaned_data.get("note")
    if consequence and not note_missing and not confirmed(request):
        AWARD_WORKFLOW.check(award, action, request.user, note=form.cleaned_data.get("note", ""))  # who and state first
        return confirmation_page(
            request,
            consequence=consequence,
            subject=f"{award.award_number} {award.application.title}",
            action_label=transition.label,
            back_url=reverse("awards:detail", args=[award.pk]),
        )
    with refusal(request) as refused:
        services.award_transition(
            award_id=award.pk, action=action, actor=request.user, note=form.cleaned_data.get("note", "")
        )
    if not refused:
        messages.success(request, _("採択課題の状態を変更しました。"))
    return redirect("awards:detail", pk=award.pk)


def _report(request, pk):
    return get_object_or_404(reports_for_user(request.user), pk=pk)


@login_required
def report(request, pk):
    """One progress report: the holder writes, attaches and submits; the officer accepts or asks for a revision."""
    report = _report(request, pk)
    holder = is_holder(request.user, report.award)
    editable = holder and report.status in OPEN_REPORT_STATES
    ask_confirm = None
    if request.method == "POST":
        if not editable:
            raise Http404
        form = ReportBodyForm(request.POST, request.FILES)
        submit = "submit" in request.POST
        if submit and not confirmed(request):
            # Nothing is saved: the page comes back with the consequence and a box to tick.
            ask_confirm = {"file_dropped": bool(request.FILES.get("file"))}
        elif form.is_valid():
            with refusal(request, form) as refused:
                report_save(
                    report_id=report.pk,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    uploaded=form.cleaned_data.get("file"),
                    submit=submit,
                )
                messages.success(request, _("報告を提出しました。") if submit else _("下書きを保存しました。"))
            if not refused:
                return redirect("awards:report", pk=report.pk)
    else:
        form = ReportBodyForm(initial={"body": report.body})
    context = {
        "ask_confirm": ask_confirm,
        "report": report,
        "award": report.award,
        "form": form if editable else None,
        "revision_reasons": revision_reasons(report),
        "attachments": report_attachments_for_user(request.user).filter(report=report),
        "events": report_events(report),
        "is_officer": is_officer_for_award(request.user, report.award),
        "officer_actions": [
            t for t in REPORT_TRANSITIONS.values() if t.who == "officer" and report.status in t.sources
        ],
    }
    return render(request, "awards/report.html", context)


@login_required
@require_POST
def report_action(request, pk, action):
    report = _report(request, pk)
    form = NoteForm(request.POST)
    form.is_valid()
    consequence = consequence_text("report", action)
    if consequence and not confirmed(request):
        REPORT_WORKFLOW.check(
            report, action, request.user, note=form.cleaned_data.get("note", "")
        )  # who and state first
        return confirmation_page(
            request,
            consequence=consequence,
            subject=f"{report.award.award_number} {report.get_kind_display()}",
            action_label=REPORT_TRANSITIONS[action].label if action in REPORT_TRANSITIONS else "",
            back_url=reverse("awards:report", args=[report.pk]),
        )
    with refusal(request) as refused:
        services.report_transition(
            report_id=report.pk, action=action, actor=request.user, note=form.cleaned_data.get("note", "")
        )
    if not refused:
        messages.success(request, _("報告の状態を更新しました。"))
    return redirect("awards:report", pk=report.pk)


@login_required
@require_POST
def report_attach(request, pk):
    report = _report(request, pk)
    form = ReportAttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("添付するファイルを選んでください。"))
        return redirect("awards:report", pk=report.pk)
    with refusal(request) as refused:
        services.report_attachment_add(report_id=report.pk, actor=request.user, uploaded=form.cleaned_data["file"])
    if not refused:
        messages.success(request, _("ファイルを添付しました。"))
    return redirect("awards:report", pk=report.pk)


@login_required
def report_attachment_download(request, pk, attachment_id):
    attachment = get_object_or_404(report_attachments_for_user(request.user), pk=attachment_id, report_id=pk)
    return attachment_response(attachment)


@login_required
def application_checks_page(request, application_id):
    """不合理な重複・過度の集中: the officer's view of an application team's other projects."""
    application = applications_for_user(request.user).filter(pk=application_id).first()
    if application is None or not is_officer_for(request.user, application):
        raise Http404
    return render(
        request, "awards/checks.html", {"application": application, "checks": application_checks(application)}
    )
