"""Server-rendered pages: the applicant's path (apply → edit → check → submit → receipt) and the officer's list.

Views fetch through `applications_for_user` (anything else is a 404), call one service and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.consequences import consequence_text
from programs.selectors import calls_for_user
from reliability.idempotency import page_idempotent
from sangaku.clock import received_at
from sangaku.conditional import release
from sangaku.confirm import confirmation_page, confirmed
from sangaku.errors import Forbidden
from sangaku.web_errors import refusal

from . import services
from .attachments import attachment_response
from .consent import consent_required, is_partner_row
from .detail_hooks import detail_context_from_hooks
from .draft_warnings import call_rule_warnings
from .forms import (
    ApplicationForm,
    AttachmentForm,
    BudgetGridForm,
    ConsentForm,
    InstitutionCorrectionForm,
    MemberForm,
    NoteForm,
    PiEffortForm,
    RequestInfoForm,
    RespondInfoForm,
)
from .identity import shown_events
from .info_requests import open_request
from .models import BudgetCategory, InfoResponseFile, Status
from .panels import panels_for
from .permissions import accepted_member, actor_may, is_officer_for, may_edit_draft, notes_visible
from .rules import project_fiscal_years, submission_problems
from .selectors import applications_for_user, attachments_for_user
from .workflow import APPLICATION_WORKFLOW, TRANSITIONS, Actor, actions_from

OFFICER_LIST_PAGE_SIZE = 50


def _application(request, pk):
    return get_object_or_404(applications_for_user(request.user), pk=pk)


def _budget_table(application, form=None, lines=None):
    """Rows of fiscal years × categories with totals computed from the saved lines (read here unless given)."""
    lines = list(application.budget_lines.all()) if lines is None else lines
    first, last = project_fiscal_years(application.call, application.duration_months)
    years = sorted(set(range(first, last + 1)) | {line.fiscal_year for line in lines})
    saved = {(line.fiscal_year, line.category): line.amount for line in lines}
    rows = []
    for year in years:
        cells = []
        for category in BudgetCategory:
            amount = saved.get((year, category.value), 0)
            field = form[form.field_name(year, category)] if form is not None else None
            cells.append({"category": category, "amount": amount, "field": field})
        direct = sum(c["amount"] for c in cells if c["category"] != BudgetCategory.INDIRECT)
        rows.append({"year": year, "cells": cells, "direct": direct, "total": sum(c["amount"] for c in cells)})
    column_totals = [(c, sum(saved.get((y, c.value), 0) for y in years)) for c in BudgetCategory]
    return {
        "years": years,
        "categories": list(BudgetCategory),
        "rows": rows,
        "column_totals": column_totals,
        "total": sum(saved.values()),
    }


def _budget_initial(lines) -> dict:
    return {BudgetGridForm.field_name(line.fiscal_year, line.category): line.amount for line in lines}


@login_required
def apply(request, call_id):
    """Confirm and start a draft application to an open call."""
    call = get_object_or_404(calls_for_user(request.user), pk=call_id)
    errors = []
    if request.method == "POST":
        with refusal(request, flash_problems=False) as refused:
            application = services.application_create_draft(call=call, applicant=request.user)
        if not refused:
            messages.success(request, _("申請を作成しました。内容を入力してください。"))
            return redirect("applications:edit", pk=application.pk)
        errors = [p.message for p in refused.problems]
    return render(request, "applications/apply.html", {"call": call, "errors": errors})


@login_required
def edit(request, pk):
    """The draft's form: content, budget grid, team and attachments (each section saved on its own)."""
    application = _application(request, pk)
    if not application.is_editable or not may_edit_draft(request.user, application):
        messages.error(request, _("この申請は現在編集できません（提出後は担当者が差し戻すまで変更できません）。"))
        return redirect("applications:detail", pk=application.pk)
    is_owner = application.applicant_id == request.user.pk
    lines = list(application.budget_lines.all())  # read once: the grid's years, its values and its totals
    years = _budget_table(application, lines=lines)["years"]
    main_form = ApplicationForm(initial={f: getattr(application, f) for f in ApplicationForm.base_fields}, prefix=None)
    budget_form = BudgetGridForm(initial=_budget_initial(lines), years=years)
    member_form = MemberForm(prefix="member")
    members = list(application.members.select_related("institution", "user").order_by("id"))  # read once
    pi_row = next((m for m in members if m.role == "pi"), None)
    pi_form = PiEffortForm(prefix="pi", initial={"effort_percent": pi_row.effort_percent if pi_row else None})
    attachment_form = AttachmentForm(prefix="attachment")
    status = 200
    if request.method == "POST":
        section = request.POST.get("section")
        if section == "main":
            main_form = ApplicationForm(request.POST)
            budget_form = BudgetGridForm(request.POST, years=years)
            forms_ = (main_form, budget_form)
            save = [
                lambda: services.application_update_draft(
                    application_id=application.pk,
                    actor=request.user,
                    version=main_form.cleaned_data.get("version"),
                    **main_form.cleaned_values(),
                ),
                lambda: services.budget_set(
                    application_id=application.pk, actor=request.user, amounts=budget_form.amounts()
                ),
            ]
            done = _("保存しました。")
        elif section == "member" and is_owner:
            member_form = MemberForm(request.POST, prefix="member")
            forms_ = (member_form,)
            save = [
                lambda: services.member_upsert(
                    application_id=application.pk, actor=request.user, **member_form.cleaned_data
                )
            ]
            done = _("実施体制に追加しました。")
        elif section == "pi_effort" and is_owner:
            pi_form = PiEffortForm(request.POST, prefix="pi")
            forms_ = (pi_form,)
            save = [
                lambda: services.pi_effort_set(
                    application_id=application.pk,
                    actor=request.user,
                    effort_percent=pi_form.cleaned_data["effort_percent"],
                )
            ]
            done = _("研究代表者のエフォートを保存しました。")
        elif section == "attachment":
            attachment_form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
            forms_ = (attachment_form,)
            save = [
                lambda: services.attachment_add(
                    application_id=application.pk,
                    actor=request.user,
                    uploaded=attachment_form.cleaned_data["file"],
                    kind=attachment_form.cleaned_data["kind"],
                )
            ]
            done = _("ファイルを添付しました。")
        else:
            forms_, save, done = (), [], ""
        if forms_ and all(f.is_valid() for f in forms_):
            with refusal(request, *forms_) as refused:
                with transaction.atomic():
                    for step in save:
                        step()
            if not refused:
                messages.success(request, done)
                if section == "main":
                    for warning in call_rule_warnings(application.pk):
                        messages.warning(request, warning)
                return redirect("applications:edit", pk=application.pk)
            if refused.status_code != 400:  # the draft is no longer editable: show why on its page
                return redirect("applications:detail", pk=application.pk)
        status = 400
    context = {
        "application": application,
        "form": main_form,
        "budget": _budget_table(application, budget_form, lines=lines),
        "budget_form": budget_form,
        "member_form": member_form,
        "pi_form": pi_form,
        "attachment_form": attachment_form,
        "members": members,
        "attachments": attachments_for_user(request.user).filter(application=application),
        "is_owner": is_owner,
        "release": release(),  # the key of the blank member and attachment forms' cached fragments
    }
    return render(request, "applications/edit.html", context, status=status)


def _owner_only(request, application) -> None:
    """Only the applicant edits the team and files: nobody else is asked to confirm a change they cannot make."""
    if application.applicant_id != request.user.pk:
        raise Forbidden(_("この申請を編集できるのは申請者だけです。"))


@login_required
@require_POST
def member_delete(request, pk, member_id):
    application = _application(request, pk)
    member = get_object_or_404(application.members.all(), pk=member_id)
    _owner_only(request, application)
    if not confirmed(request):
        return confirmation_page(
            request,
            consequence=consequence_text("member", "pi" if member.role == "pi" else "other"),
            subject=f"{application} — {member.name}（{member.get_role_display()}）",
            action_label=_("実施体制から削除"),
            back_url=reverse("applications:edit", args=[application.pk]),
        )
    with refusal(request):
        services.member_delete(application_id=application.pk, actor=request.user, member_id=member_id)
    return redirect("applications:edit", pk=application.pk)


@login_required
@require_POST
def attachment_delete(request, pk, attachment_id):
    application = _application(request, pk)
    attachment = get_object_or_404(attachments_for_user(request.user), application=application, pk=attachment_id)
    if not may_edit_draft(request.user, application):
        raise Forbidden(_("この申請を編集できるのは研究代表者と、編集権限のある共同申請者だけです。"))
    if not confirmed(request):
        return confirmation_page(
            request,
            consequence=consequence_text("attachment", "delete"),
            subject=f"{application} — {attachment.original_name}",
            action_label=_("添付ファイルの削除"),
            back_url=reverse("applications:edit", args=[application.pk]),
        )
    with refusal(request):
        services.attachment_delete(attachment_id=attachment.pk, actor=request.user)
    return redirect("applications:edit", pk=application.pk)


@login_required
def attachment_download(request, pk, attachment_id):
    application = _application(request, pk)
    attachment = get_object_or_404(attachments_for_user(request.user), application=application, pk=attachment_id)
    return attachment_response(attachment)


@login_required
@page_idempotent
def submit(request, pk):
    """Check every submit rule before submitting; POST submits."""
    application = _application(request, pk)
    if not actor_may(request.user, application, Actor.APPLICANT):
        raise Http404
    if request.method == "POST":
        with refusal(request, flash_problems=False) as refused:
            submitted = services.application_transition(
                application_id=application.pk, action="submit", actor=request.user, judged_at=received_at(request)
            )
        if not refused:
            if submitted.status == Status.INSTITUTION_REVIEW:
                messages.success(
                    request,
                    _(
                        "所属機関（%(name)s）の承認に回しました。承認されると公募の担当者に提出され、受付番号が付きます。"
                    )
                    % {"name": application.institution.name},
                )
                return redirect("applications:detail", pk=application.pk)
            return redirect("applications:receipt", pk=application.pk)
        problems = refused.problems
        status = refused.status_code
    else:
        problems = submission_problems(application) if application.is_editable else []
        status = 200
    context = {
        "application": application,
        "problems": problems,
        "budget": _budget_table(application),
        "members": application.members.select_related("institution", "user"),
        "attachments": attachments_for_user(request.user).filter(application=application),
    }
    return render(request, "applications/submit.html", context, status=status)


@login_required
def receipt(request, pk):
    application = _application(request, pk)
    if not application.receipt_number or application.status == Status.DRAFT:
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/receipt.html", {"application": application})


@login_required
def withdraw(request, pk):
    """Ask for confirmation, then withdraw (the applicant's own application)."""
    application = _application(request, pk)
    if not actor_may(request.user, application, Actor.APPLICANT):
        raise Http404
    form = NoteForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        with refusal(request) as refused:
            services.application_transition(
                application_id=application.pk, action="withdraw", actor=request.user, note=form.cleaned_data["note"]
            )
        status = refused.status_code
        if not refused:
            messages.success(request, _("申請を取り下げました。"))
            return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/withdraw.html", {"application": application, "form": form}, status=status)


# Actions whose page form asks for more than a note (request_info: a due date; respond_info: files).
ACTION_FORMS = {"request_info": RequestInfoForm, "respond_info": RespondInfoForm}


def _action_form(action: str, data=None, files=None):
    return ACTION_FORMS.get(action, NoteForm)(data, files, prefix=action)


def _consent_context(request, application, form=None):
    """The partner contact's confirmation form on a draft (None for anyone else)."""
    member = accepted_member(request.user, application)
    if member is None or not application.is_editable or not consent_required(application):
        return None
    if not is_partner_row(member):
        return None
    return {
        "member": member,
        "form": form or ConsentForm(prefix="consent"),
        "with_contribution": application.call.stage.partner_contribution_required,
    }


def _detail_context(request, application, note_forms=None, consent_form=None, institution_form=None):
    officer_actions = []
    office_actions = []
    applicant_actions = []
    applicant_forms = {}
    for transition in actions_from(application.status):
        if not actor_may(request.user, application, transition.who):
            continue
        form = (note_forms or {}).get(transition.action) or _action_form(transition.action)
        if transition.who == Actor.OFFICER:
            officer_actions.append({"transition": transition, "form": form})
        elif transition.who == Actor.RESEARCH_OFFICE:
            office_actions.append({"transition": transition, "form": form})
        else:
            applicant_actions.append(transition)
            applicant_forms[transition.action] = {"transition": transition, "form": form}
    is_officer = is_officer_for(request.user, application)
    context = {
        "application": application,
        "budget": _budget_table(application),
        "members": application.members.select_related("institution", "user"),
        "attachments": attachments_for_user(request.user).filter(application=application),
        "events": shown_events(request.user, application),
        "show_notes": notes_visible(request.user, application),
        "officer_actions": officer_actions,
        "office_actions": office_actions,
        "may_edit": application.is_editable and may_edit_draft(request.user, application),
        "consent": _consent_context(request, application, consent_form),
        "applicant_actions": {t.action for t in applicant_actions},
        "is_owner": application.applicant_id == request.user.pk,
        "is_officer": is_officer,
        "institution_form": (institution_form or InstitutionCorrectionForm(prefix="institution"))
        if is_officer
        else None,
        "panels": panels_for(request.user, application),
        "respond_info": applicant_forms.get("respond_info"),
        "open_info_request": open_request(application),
    }
    context.update(detail_context_from_hooks(request, application))
    return context


detail_page_context = _detail_context  # for later apps' pages that re-render the application page


@login_required
def detail(request, pk):
    """An application with its budget, team, attachments and history; officer actions with a note field."""
    application = _application(request, pk)
    return render(request, "applications/detail.html", _detail_context(request, application))


@login_required
@require_POST
def consent(request, pk):
    """The partner contact confirms participation (with the contribution and the letter where asked)."""
    application = _application(request, pk)
    member = accepted_member(request.user, application)
    if member is None:
        raise Http404
    form = ConsentForm(request.POST, request.FILES, prefix="consent")
    if form.is_valid():
        with refusal(request, form) as refused:
            services.partner_consent(
                application_id=application.pk,
                member_id=member.pk,
                actor=request.user,
                contribution=form.cleaned_data["contribution"],
                letter=form.cleaned_data.get("letter"),
            )
        if not refused:
            messages.success(request, _("参加を確認しました。"))
            return redirect("applications:detail", pk=application.pk)
    context = _detail_context(request, application, consent_form=form)
    return render(request, "applications/detail.html", context, status=400)


@login_required
@require_POST
def institution_correct(request, pk):
    """An officer corrects the application's institution with a reason (evented)."""
    application = _application(request, pk)
    if not is_officer_for(request.user, application):
        raise Http404
    form = InstitutionCorrectionForm(request.POST, prefix="institution")
    if form.is_valid():
        with refusal(request, form) as refused:
            services.application_institution_correct(
                application_id=application.pk,
                actor=request.user,
                institution_id=form.cleaned_data["institution"].pk,
                reason=form.cleaned_data["reason"],
            )
        if not refused:
            messages.success(request, _("代表機関を訂正しました。"))
            return redirect("applications:detail", pk=application.pk)
    context = _detail_context(request, application, institution_form=form)
    return render(request, "applications/detail.html", context, status=400)


@login_required
def info_file_download(request, pk, file_id):
    """A file sent with an answer to a request for information (whoever sees the application)."""
    application = _application(request, pk)
    stored = get_object_or_404(InfoResponseFile, pk=file_id, response__request__application=application)
    return attachment_response(stored)


@login_required
@require_POST
def run_action(request, pk, action):
    """An officer action from the detail page (return, screen, reject_ineligible, …)."""
    application = _application(request, pk)
    form = _action_form(action, request.POST, request.FILES)
    form.is_valid()
    consequence = consequence_text("application", action)
    note_missing = action in TRANSITIONS and TRANSITIONS[action].note_required and not form.cleaned_data.get("note")
    if consequence and not note_missing and not confirmed(request):
        # Ask only for what would be allowed: who, state and guards are checked first (nothing is written).
        APPLICATION_WORKFLOW.check(application, action, request.user, note=form.cleaned_data.get("note", ""))
        return confirmation_page(
            request,
            consequence=consequence,
            subject=str(application),
            action_label=TRANSITIONS[action].label,
            back_url=reverse("applications:detail", args=[application.pk]),
        )
    with refusal(request, form) as refused:
        services.application_transition(
            application_id=application.pk,
            action=action,
            actor=request.user,
            note=form.cleaned_data.get("note", ""),
            due_at=form.due_datetime() if isinstance(form, RequestInfoForm) else None,
            files=request.FILES.getlist(f"{action}-attachments") or None,
        )
    if refused:
        application.refresh_from_db()  # as stored: the refused action changed nothing
        context = _detail_context(request, application, note_forms={action: form})
        return render(request, "applications/detail.html", context, status=refused.status_code)
    label = TRANSITIONS[action].label if action in TRANSITIONS else action
    messages.success(request, _("「%(action)s」を実行しました。") % {"action": label})
    return redirect("applications:detail", pk=application.pk)
