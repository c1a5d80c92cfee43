"""Reactions, connected in `FinanceConfig.ready()`: contracts on the 配分's approval, activation on the award's
start, the research office told of a sent contract, the instalment paid with its invoice, a signed 変更契約
replacing the old one, and budget changes drafting 変更契約."""

from awards.signals import award_budgets_changed
from awards.workflow import AWARD_WORKFLOW

from .workflow import ALLOCATION_WORKFLOW, CONTRACT_WORKFLOW, INVOICE_WORKFLOW


def on_allocation(sender, *, instance, transition, actor, **kwargs):
    if transition.action == "approve":
        from .services import contracts_for_started_years

        contracts_for_started_years(instance.award, actor=actor)


def on_contract(sender, *, instance, transition, actor, **kwargs):
    from .services import notify_contract_sent, on_amendment_signed

    if transition.action == "send":
        notify_contract_sent(instance)
    elif transition.action in ("sign", "record_paper") and instance.amends_id:
        on_amendment_signed(instance, actor=actor)


def on_invoice(sender, *, instance, transition, **kwargs):
    if transition.action == "pay":
        from .services import record_payment_on_instalment

        record_payment_on_instalment(instance)


def on_award(sender, *, instance, transition, actor, **kwargs):
    if transition.action == "start":
        from .services import activate_signed_contracts

        activate_signed_contracts(instance, actor=actor)


def on_budgets_changed(sender, *, award, actor, note="", **kwargs):
    from .services import revise_for_budgets

    revise_for_budgets(award_id=award.pk, actor=actor, note=note)


def connect() -> None:
    ALLOCATION_WORKFLOW.transitioned.connect(on_allocation, dispatch_uid="finance.on_allocation")
    CONTRACT_WORKFLOW.transitioned.connect(on_contract, dispatch_uid="finance.on_contract")
    INVOICE_WORKFLOW.transitioned.connect(on_invoice, dispatch_uid="finance.on_invoice")
    AWARD_WORKFLOW.transitioned.connect(on_award, dispatch_uid="finance.on_award")
    award_budgets_changed.connect(on_budgets_changed, dispatch_uid="finance.on_budgets_changed")
