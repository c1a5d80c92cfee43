"""Pages of the money after the award: thin views that fetch through `finance.selectors` and call one service."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from awards.permissions import is_holder
from programs.models import Call
from sangaku.confirm import confirmation_page, confirmed
from sangaku.web_errors import refusal

from . import services
from .documents import contract_pdf
from .models import Allocation, ContractStatus, InvoiceStatus
from .permissions import is_finance_officer, is_research_office_of, may_file_invoice
from .rules import rules_for_award
from .selectors import (
    allocation_lines_for_user,
    awards_with_finance_for_user,
    contracts_for_user,
    current_contract,
    instalments_of,
    invoices_for_user,
    live_contracts_of_award,
    overdue_invoices,
    paid_on_chain,
)
from .workflow import ALLOCATION_WORKFLOW, CONTRACT_WORKFLOW, INVOICE_WORKFLOW

CONSEQUENCES = {
    "propose": gettext_lazy("配分を担当POへ提出します。提出後は差戻しまで編集できません。"),
    "approve": gettext_lazy("承認します。取り消せません。"),
    "return": gettext_lazy("差し戻します。"),
    "send": gettext_lazy("契約書を機関へ送付します。"),
    "sign": gettext_lazy("機関を代表して契約に署名します。取り消せません。"),
    "record_paper": gettext_lazy("紙の署名済み契約書を登録し、契約を署名済みにします。取り消せません。"),
    "activate": gettext_lazy("契約の履行を開始します。"),
    "close": gettext_lazy("契約を完了にします。取り消せません。"),
    "cancel": gettext_lazy("契約を取り消します。取り消せません。"),
    "pay": gettext_lazy("支払を記録します。取り消せません。"),
}


def _yen_rows(award, lines):
    """{(fy, institution): {category: amount}} and the order of columns."""
    rules = rules_for_award(award)
    table: dict = {}
    for line in lines:
        table.setdefault((line.fiscal_year, line.institution), {})[line.category] = line.amount
    rows = [
        {
            "fiscal_year": fy,
            "institution": inst,
            "cells": [{"label": label, "amount": cells.get(code, 0)} for code, label in rules.categories()],
            "total": sum(cells.values()),
        }
        for (fy, inst), cells in sorted(table.items(), key=lambda kv: (kv[0][0], kv[0][1].pk))
    ]
    return rules.categories(), rows


def _contract_rows(contracts):
    rows = []
    for contract in contracts:
        paid = paid_on_chain(contract.root_id)
        rows.append({"contract": contract, "paid": paid, "unpaid": max(0, contract.amount - paid)})
    return rows


def award_section(request, award) -> dict | None:
    """The award page's 配分・委託研究契約・支払 section (registered in FinanceConfig.ready)."""
    lines = list(allocation_lines_for_user(request.user, award))
    allocation = Allocation.objects.filter(award=award).first()
    categories, rows = _yen_rows(award, lines)
    contracts = list(live_contracts_of_award(award))
    return {
        "template": "finance/_award_section.html",
        "allocation": allocation,
        "categories": categories,
        "rows": rows,
        "contracts": _contract_rows(contracts),
        "is_holder": is_holder(request.user, award),
        "is_officer": is_finance_officer(request.user, award),
    }


@login_required
def allocation_page(request, award_id):
    award = get_object_or_404(awards_with_finance_for_user(request.user), pk=award_id)
    allocation = Allocation.objects.filter(award=award).first()
    rules = rules_for_award(award)
    editable = bool((allocation is None or allocation.status == "draft") and is_holder(request.user, award))
    institutions = services.eligible_institutions(award)
    budgets = services.award_budgets(award)
    if request.method == "POST" and editable:
        lines = []
        for fy in budgets:
            for inst in institutions:
                for code in rules.category_codes:
                    raw = request.POST.get(f"a-{fy}-{inst.pk}-{code}", "").strip().replace(",", "")
                    if raw:
                        lines.append({"fiscal_year": fy, "institution": inst.pk, "category": code, "amount": raw})
        with refusal(request) as refused:
            services.allocation_save(award_id=award.pk, actor=request.user, lines=lines)
        if not refused:
            messages.success(request, _("配分を保存しました。"))
        return redirect("finance:allocation", award_id=award.pk)
    visible = list(allocation_lines_for_user(request.user, award))
    amounts = {(line.fiscal_year, line.institution_id, line.category): line.amount for line in visible}
    years = [
        {
            "fiscal_year": fy,
            "budget": amount,
            "rows": [
                {
                    "institution": inst,
                    "cells": [
                        {
                            "name": f"a-{fy}-{inst.pk}-{code}",
                            "label": label,
                            "value": amounts.get((fy, inst.pk, code), ""),
                        }
                        for code, label in rules.categories()
                    ],
                }
                for inst in institutions
                if editable or any(k[0] == fy and k[1] == inst.pk for k in amounts)
            ],
        }
        for fy, amount in sorted(budgets.items())
    ]
    full = allocation is not None and len(visible) == allocation.lines.count()
    problems = services.allocation_problems(allocation) if allocation and full and visible else []
    actions = []
    if allocation is not None:
        for t in ALLOCATION_WORKFLOW.actions_from(allocation.status):
            if ALLOCATION_WORKFLOW.may(request.user, allocation, t.who):
                actions.append({"t": t, "consequence": CONSEQUENCES.get(t.action, "")})
    return render(
        request,
        "finance/allocation.html",
        {
            "award": award,
            "allocation": allocation,
            "years": years,
            "editable": editable,
            "problems": problems,
            "actions": actions,
            "rate": rules.indirect_rate_percent,
        },
    )


@login_required
@require_POST
def allocation_action(request, award_id, allocation_action):
    action = allocation_action
    award = get_object_or_404(awards_with_finance_for_user(request.user), pk=award_id)
    if action not in ALLOCATION_WORKFLOW.table:
        raise Http404
    back = reverse("finance:allocation", args=[award.pk])
    if action in CONSEQUENCES and not confirmed(request):
        allocation = Allocation.objects.filter(award=award).first()
        if allocation is None:
            raise Http404
        ALLOCATION_WORKFLOW.check(allocation, action, request.user, note=request.POST.get("note", ""))
        return confirmation_page(
            request,
            consequence=str(CONSEQUENCES[action]),
            subject=award.award_number,
            action_label=ALLOCATION_WORKFLOW.table[action].label,
            back_url=back,
        )
    with refusal(request) as refused:
        services.allocation_transition(
            award_id=award.pk, action=action, actor=request.user, note=request.POST.get("note", "")
        )
    if not refused:
        messages.success(request, _("配分の状態を変更しました。"))
    return redirect(back)


@login_required
def board(request):
    """契約一覧: officers per call and fiscal year (unsigned, signed, amended) with invoices to approve;
    a research office its institution's contracts and invoices only."""
    user = request.user
    qs = contracts_for_user(user)
    staff = bool(user.is_officer or user.is_director)
    if not staff and not user.is_research_office:
        qs = qs.filter(award__holder=user)
    if user.is_research_office and not staff:
        qs = qs.filter(institution_id=user.affiliation_id)
    calls = (
        Call.objects.filter(applications__award__contracts__in=qs.values("pk"))
        .distinct()
        .order_by("-fiscal_year", "code")
    )
    call = request.GET.get("call", "")
    year = request.GET.get("fiscal_year", "")
    if call.isdigit():
        qs = qs.filter(award__application__call_id=int(call))
    if year.isdigit() and len(year) == 4:
        qs = qs.filter(fiscal_year=int(year))
    contracts = list(qs.order_by("fiscal_year", "number")[:500])
    groups = [
        (_("未署名"), [c for c in contracts if c.status in (ContractStatus.DRAFT, ContractStatus.SENT)]),
        (
            _("署名済・履行中"),
            [c for c in contracts if c.status in (ContractStatus.SIGNED, ContractStatus.ACTIVE, ContractStatus.CLOSED)],
        ),
        (_("変更済"), [c for c in contracts if c.status == ContractStatus.AMENDED]),
    ]
    invoices = invoices_for_user(user).filter(contract__in=qs.values("pk"))
    waiting = list(
        invoices.filter(status__in=(InvoiceStatus.SUBMITTED, InvoiceStatus.APPROVED)).order_by("filed_at")[:200]
    )
    overdue = {i.pk for i in overdue_invoices(user)} if staff else set()
    counts = dict(qs.values_list("status").annotate(n=Count("id")))
    return render(
        request,
        "finance/board.html",
        {
            "groups": groups,
            "invoices": waiting,
            "overdue": overdue,
            "calls": calls,
            "call": call,
            "fiscal_year": year,
            "staff": staff,
            "counts": counts,
        },
    )


@login_required
def contract_page(request, pk):
    contract = get_object_or_404(contracts_for_user(request.user).prefetch_related("lines"), pk=pk)
    rules = rules_for_award(contract.award)
    actions = []
    for t in CONTRACT_WORKFLOW.actions_from(contract.status):
        if CONTRACT_WORKFLOW.may(request.user, contract, t.who):
            actions.append({"t": t, "consequence": CONSEQUENCES.get(t.action, ""), "file": t.action == "record_paper"})
    officer = is_finance_officer(request.user, contract.award)
    invoices = list(invoices_for_user(request.user).filter(contract_id=contract.root_id).order_by("filed_at", "id"))
    invoice_actions = {}
    for invoice in invoices:
        invoice_actions[invoice.pk] = [
            {"t": t, "consequence": CONSEQUENCES.get(t.action, ""), "date": t.action == "pay"}
            for t in INVOICE_WORKFLOW.actions_from(invoice.status)
            if officer
        ]
    paid = paid_on_chain(contract.root_id)
    return render(
        request,
        "finance/contract.html",
        {
            "contract": contract,
            "lines": [(rules.label(line.category), line) for line in contract.lines.all()],
            "actions": actions,
            "instalments": list(instalments_of(contract)),
            "invoices": [(i, invoice_actions[i.pk]) for i in invoices],
            "may_file": may_file_invoice(request.user, contract) and current_contract(contract) is not None,
            "remainder": services.unpaid_remainder(contract),
            "paid": paid,
            "today": dt.date.today(),
            "research_office": is_research_office_of(request.user, contract.institution_id),
        },
    )


@login_required
def contract_download(request, pk):
    contract = get_object_or_404(contracts_for_user(request.user), pk=pk)
    response = HttpResponse(contract_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{contract.number}.pdf"'
    return response


@login_required
@require_POST
def contract_action(request, pk, contract_action):
    action = contract_action
    contract = get_object_or_404(contracts_for_user(request.user), pk=pk)
    if action not in CONTRACT_WORKFLOW.table:
        raise Http404
    back = reverse("finance:contract", args=[contract.pk])
    if action in CONSEQUENCES and not confirmed(request) and action != "record_paper":
        CONTRACT_WORKFLOW.check(contract, action, request.user, note=request.POST.get("note", ""))
        return confirmation_page(
            request,
            consequence=str(CONSEQUENCES[action]),
            subject=contract.number,
            action_label=CONTRACT_WORKFLOW.table[action].label,
            back_url=back,
        )
    with refusal(request) as refused:
        services.contract_transition(
            contract_id=contract.pk,
            action=action,
            actor=request.user,
            note=request.POST.get("note", ""),
            signed_copy=request.FILES.get("signed_copy"),
        )
    if not refused:
        messages.success(request, _("契約の状態を変更しました。"))
    return redirect(back)


@login_required
@require_POST
def invoice_new(request, pk):
    contract = get_object_or_404(contracts_for_user(request.user), pk=pk)
    with refusal(request) as refused:
        services.invoice_file(
            contract_id=contract.pk,
            actor=request.user,
            instalment_id=int(request.POST.get("instalment") or 0)
            if (request.POST.get("instalment") or "").isdigit()
            else 0,
            amount=(request.POST.get("amount") or "").replace(",", ""),
        )
    if not refused:
        messages.success(request, _("請求を提出しました。"))
    return redirect("finance:contract", pk=contract.pk)


@login_required
@require_POST
def invoice_action(request, pk, invoice_action):
    action = invoice_action
    invoice = get_object_or_404(invoices_for_user(request.user), pk=pk)
    if action not in INVOICE_WORKFLOW.table:
        raise Http404
    back = reverse("finance:contract", args=[invoice.contract_id])
    if action in CONSEQUENCES and not confirmed(request):
        if action != "pay":
            INVOICE_WORKFLOW.check(invoice, action, request.user, note=request.POST.get("note", ""))
        return confirmation_page(
            request,
            consequence=str(CONSEQUENCES[action]),
            subject=invoice.number,
            action_label=INVOICE_WORKFLOW.table[action].label,
            back_url=back,
        )
    paid_on = None
    if action == "pay":
        try:
            paid_on = dt.date.fromisoformat(request.POST.get("paid_on", ""))
        except ValueError:
            paid_on = None
    with refusal(request) as refused:
        services.invoice_transition(
            invoice_id=invoice.pk, action=action, actor=request.user, note=request.POST.get("note", ""), paid_on=paid_on
        )
    if not refused:
        messages.success(request, _("請求の状態を変更しました。"))
    return redirect(back)
