"""The 配分, contract and invoice tables, walked: every action × state × role does exactly what the table says
(helper: tests/workflow_walk.py)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from finance import services
from finance.models import AllocationEvent, Contract, ContractEvent, InvoiceEvent
from finance.workflow import ALLOCATION_WORKFLOW, CONTRACT_WORKFLOW, INVOICE_WORKFLOW, Actor
from tests.workflow_walk import walk

from .conftest import sign_all

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _roles(people):
    return {
        "holder": people["holder"],
        "other": people["other"],
        "ro": people["ro_partner"],
        "ro_other": people["ro_pi"],
        "officer": people["officer"],
        "officer_out": people["officer_out"],
        "director": people["director"],
    }


def may_act(role: str, who: str) -> bool:
    if who == Actor.HOLDER:
        return role == "holder"
    if who == Actor.OFFICER:
        return role in ("officer", "director")
    if who == Actor.RESEARCH_OFFICE:
        return role == "ro"
    return False


@pytest.mark.parametrize("action", list(ALLOCATION_WORKFLOW.table))
def test_allocation_table_every_action_state_and_role(approved, people, action):
    allocation = approved.allocation
    walk(
        ALLOCATION_WORKFLOW, allocation, AllocationEvent.objects.filter(allocation=allocation), _roles(people),
        action, may_act,
    )  # fmt: skip


@pytest.mark.parametrize("action", list(CONTRACT_WORKFLOW.table))
def test_contract_table_every_action_state_and_role(approved, people, action):
    contract = Contract.objects.get(award=approved, institution=people["partner"])
    params = {}
    if action == "record_paper":  # the paper copy: an institution without a research office of its own
        people["ro_partner"].is_active = False
        people["ro_partner"].save(update_fields=["is_active"])
        params["signed_copy"] = SimpleUploadedFile("signed.pdf", PDF, "application/pdf")
    walk(
        CONTRACT_WORKFLOW, contract, ContractEvent.objects.filter(contract=contract), _roles(people), action, may_act,
        **params,
    )  # fmt: skip


@pytest.mark.parametrize("action", list(INVOICE_WORKFLOW.table))
def test_invoice_table_every_action_state_and_role(approved, people, action):
    from awards.workflow import AWARD_WORKFLOW

    sign_all(approved, people)
    AWARD_WORKFLOW.run(pk=approved.pk, action="start", actor=people["officer"])
    contract = Contract.objects.get(award=approved, institution=people["partner"])
    first = contract.instalments.first()
    invoice = services.invoice_file(
        contract_id=contract.pk, actor=people["ro_partner"], instalment_id=first.pk, amount=1000
    )
    type(invoice).objects.filter(pk=invoice.pk).update(paid_on=dt.date(2025, 5, 1))  # the walk sets `paid` too
    walk(
        INVOICE_WORKFLOW, invoice, InvoiceEvent.objects.filter(invoice=invoice), _roles(people), action, may_act,
        paid_on=dt.date(2025, 5, 1),
    )  # fmt: skip


def test_state_sets_come_from_the_tables():
    assert CONTRACT_WORKFLOW.final_states == {"closed", "amended", "cancelled"}
    assert ALLOCATION_WORKFLOW.decided_states == {"approved"}
    assert INVOICE_WORKFLOW.final_states == {"paid", "returned"}
