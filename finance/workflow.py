"""The finance workflows as data: the 配分 (allocation), the 委託研究契約 (contract) and the 請求 (invoice).

Ask these tables what a move means, never the state names; `finance.services` runs them.
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

from sangaku import workflow
from sangaku.workflow import Transition, Workflow

from .models import (
    Allocation,
    AllocationEvent,
    AllocationStatus,
    Contract,
    ContractEvent,
    ContractStatus,
    Invoice,
    InvoiceEvent,
    InvoiceStatus,
)


class Actor:
    HOLDER = "holder"  # the award holder (PI)
    OFFICER = "officer"  # an officer in scope of the award, or a director
    RESEARCH_OFFICE = "research_office"  # 所属機関の研究推進担当 of the contract's institution
    SYSTEM = workflow.SYSTEM


def _may(user, obj, who: str) -> bool:
    from .permissions import actor_may

    return actor_may(user, obj, who)


def _apply_allocation(allocation, transition, *, actor, now, update_fields, **_context):
    if transition.action == "propose":
        allocation.proposed_at = now
        update_fields.append("proposed_at")
    elif transition.action == "approve":
        allocation.approved_at, allocation.approved_by = now, actor
        update_fields += ["approved_at", "approved_by"]


def _apply_contract(contract, transition, *, actor, now, update_fields, signed_copy=None, **_context):
    if transition.action == "send":
        contract.sent_at = now
        update_fields.append("sent_at")
    elif transition.action in ("sign", "record_paper"):
        contract.signed_at, contract.signed_by = now, actor
        update_fields += ["signed_at", "signed_by"]
        if signed_copy is not None:
            from .documents import store_signed_copy

            store_signed_copy(contract, signed_copy)
            update_fields += ["signed_copy", "signed_copy_name"]


def _apply_invoice(invoice, transition, *, now, update_fields, paid_on=None, **_context):
    if transition.action == "approve":
        invoice.approved_at = now
        update_fields.append("approved_at")
    elif transition.action == "pay":
        invoice.paid_on = paid_on
        update_fields.append("paid_on")


ALLOCATION_WORKFLOW = Workflow(
    name="allocation",
    model=Allocation,
    event_model=AllocationEvent,
    event_fk="allocation",
    states=AllocationStatus,
    may=_may,
    related=("award__application__call__stage__program", "award__application__call__platform"),
    apply=_apply_allocation,
    messages={
        "not_found": gettext_lazy("配分が見つかりません。"),
        "forbidden": gettext_lazy("この配分に対して「%(label)s」を行う権限がありません。"),
        "note_field": gettext_lazy("直してほしい点を入力してください。"),
    },
    transitions=[
        Transition(
            "propose",
            (AllocationStatus.DRAFT,),
            AllocationStatus.PROPOSED,
            Actor.HOLDER,
            guards=("allocation_balanced",),
            label=pgettext_lazy("action", "配分を提出"),
        ),
        Transition(
            "approve",
            (AllocationStatus.PROPOSED,),
            AllocationStatus.APPROVED,
            Actor.OFFICER,
            guards=("allocation_balanced",),
            decides=True,
            label=pgettext_lazy("action", "配分を承認"),
        ),
        Transition(
            "return",
            (AllocationStatus.PROPOSED,),
            AllocationStatus.DRAFT,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "配分を差戻し"),
        ),
    ],
)

CONTRACT_WORKFLOW = Workflow(
    name="contract",
    model=Contract,
    event_model=ContractEvent,
    event_fk="contract",
    states=ContractStatus,
    may=_may,
    related=("award__application__call__stage__program", "award__application__call__platform", "institution"),
    apply=_apply_contract,
    messages={
        "not_found": gettext_lazy("契約が見つかりません。"),
        "forbidden": gettext_lazy("この契約に対して「%(label)s」を行う権限がありません。"),
    },
    transitions=[
        Transition(
            "send",
            (ContractStatus.DRAFT,),
            ContractStatus.SENT,
            Actor.OFFICER,
            label=pgettext_lazy("action", "機関へ送付"),
        ),
        Transition(
            "sign",
            (ContractStatus.SENT,),
            ContractStatus.SIGNED,
            Actor.RESEARCH_OFFICE,
            label=pgettext_lazy("action", "契約に署名"),
        ),
        Transition(
            "record_paper",
            (ContractStatus.SENT,),
            ContractStatus.SIGNED,
            Actor.OFFICER,
            guards=("contract_institution_signs_on_paper", "contract_signed_copy_given"),
            label=pgettext_lazy("action", "紙の署名済み契約書を登録"),
        ),
        Transition(
            "activate",
            (ContractStatus.SIGNED,),
            ContractStatus.ACTIVE,
            Actor.OFFICER,
            label=pgettext_lazy("action", "履行開始"),
        ),
        Transition(
            "close",
            (ContractStatus.ACTIVE,),
            ContractStatus.CLOSED,
            Actor.OFFICER,
            label=pgettext_lazy("action", "契約を完了"),
        ),
        Transition(
            "supersede",
            (ContractStatus.SIGNED, ContractStatus.ACTIVE),
            ContractStatus.AMENDED,
            Actor.SYSTEM,
            label=pgettext_lazy("action", "変更契約により変更"),
        ),
        Transition(
            "cancel",
            (ContractStatus.DRAFT, ContractStatus.SENT),
            ContractStatus.CANCELLED,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "契約を取消"),
        ),
    ],
)

INVOICE_WORKFLOW = Workflow(
    name="invoice",
    model=Invoice,
    event_model=InvoiceEvent,
    event_fk="invoice",
    states=InvoiceStatus,
    may=_may,
    related=(
        "contract__award__application__call__stage__program",
        "contract__award__application__call__platform",
        "instalment",
    ),
    apply=_apply_invoice,
    messages={
        "not_found": gettext_lazy("請求が見つかりません。"),
        "forbidden": gettext_lazy("この請求に対して「%(label)s」を行う権限がありません。"),
    },
    transitions=[
        Transition(
            "approve",
            (InvoiceStatus.SUBMITTED,),
            InvoiceStatus.APPROVED,
            Actor.OFFICER,
            decides=True,
            label=pgettext_lazy("action", "請求を承認"),
        ),
        Transition(
            "return",
            (InvoiceStatus.SUBMITTED,),
            InvoiceStatus.RETURNED,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "請求を差戻し"),
        ),
        Transition(
            "pay",
            (InvoiceStatus.APPROVED,),
            InvoiceStatus.PAID,
            Actor.OFFICER,
            guards=("invoice_paid_on_given",),
            label=pgettext_lazy("action", "支払を記録"),
        ),
    ],
)

# Contracts that count as signed (an award may start, an institution may ask for money).
SIGNED_STATES = (ContractStatus.SIGNED, ContractStatus.ACTIVE, ContractStatus.CLOSED)
# The current contract of a chain: not replaced by a 変更契約, not cancelled.
LIVE_STATES = tuple(s for s in ContractStatus.values if s not in (ContractStatus.AMENDED, ContractStatus.CANCELLED))
UNSIGNED_STATES = (ContractStatus.DRAFT, ContractStatus.SENT)
# Invoices that hold money (counted against the unpaid remainder).
OPEN_INVOICE_STATES = (InvoiceStatus.SUBMITTED, InvoiceStatus.APPROVED)
