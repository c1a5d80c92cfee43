"""The rules of issue 27 through the services: 配分 sums and indirect rate, contracts per institution and year,
the award's start guard, invoices within the unpaid remainder, budget changes drafting 変更契約,
and the February job and reminders sending nothing twice."""

import datetime as dt

import pytest

from finance import services
from finance.models import Allocation, Contract, Instalment, Invoice
from notifications.models import Notification
from sangaku.errors import DomainError

from .conftest import sign_all, split

pytestmark = pytest.mark.django_db


def _problem_codes(exc):
    return [p.code for p in exc.problems]


def test_allocation_that_does_not_sum_to_the_yearly_amount_is_refused_naming_the_rule(award, people):
    rows = split(award, people)
    rows[0]["amount"] += 1  # one yen too many in the first year
    services.allocation_save(award_id=award.pk, actor=people["holder"], lines=rows)
    with pytest.raises(DomainError) as refused:
        services.allocation_transition(award_id=award.pk, action="propose", actor=people["holder"])
    assert refused.value.status_code == 400
    assert "allocation_sum_mismatch" in _problem_codes(refused.value)
    assert any("年度別採択額との一致" in p.message and "+1円" in p.message for p in refused.value.problems)
    assert Allocation.objects.get(award=award).status == "draft"


def test_allocation_breaking_the_indirect_rate_is_refused_naming_the_rule(award, people):
    rows = split(award, people, indirect_pi=2_200_000)  # direct 6.9M → cap 2.07M
    services.allocation_save(award_id=award.pk, actor=people["holder"], lines=rows)
    with pytest.raises(DomainError) as refused:
        services.allocation_transition(award_id=award.pk, action="propose", actor=people["holder"])
    assert _problem_codes(refused.value) == ["indirect_rate_exceeded"] * 2  # both years
    assert "間接経費率" in refused.value.problems[0].message and "京都経理大学" in refused.value.problems[0].message
    assert Allocation.objects.get(award=award).status == "draft"


def test_only_the_holder_edits_the_allocation_and_only_known_institutions(award, people):
    with pytest.raises(DomainError) as forbidden:
        services.allocation_save(award_id=award.pk, actor=people["other"], lines=split(award, people))
    assert forbidden.value.status_code == 403
    rows = split(award, people)
    rows[0]["institution"] = people["other"].affiliation_id
    with pytest.raises(DomainError) as invalid:
        services.allocation_save(award_id=award.pk, actor=people["holder"], lines=rows)
    assert invalid.value.status_code == 400 and "参画機関" in invalid.value.problems[0].message


def test_a_step2_award_with_two_institutions_gets_two_contracts_per_year(approved, people):
    first, second = sorted(approved.budgets.values_list("fiscal_year", flat=True))
    year1 = Contract.objects.filter(award=approved, fiscal_year=first)
    assert sorted(c.institution.name for c in year1) == ["京都経理大学", "大阪経理大学"]
    assert sorted(c.amount for c in year1) == [5_900_000, 9_100_000]
    pi = year1.get(institution=people["pi_inst"])
    assert {line.category: line.amount for line in pi.lines.all()} == {"equipment": 7_000_000, "indirect": 2_100_000}
    assert sum(i.amount for i in Instalment.objects.filter(contract=pi)) == 9_100_000
    # The second year's contracts come from the February job, once the award runs.
    sign_all(approved, people)
    services_start(approved, people)
    created = services.draft_next_year_contracts(today=dt.date(first + 1, 2, 1))
    assert sorted((c.fiscal_year, c.institution.name) for c in created) == [
        (second, "京都経理大学"),
        (second, "大阪経理大学"),
    ]


def services_start(award, people):
    from awards.services import AWARD_WORKFLOW

    return AWARD_WORKFLOW.run(pk=award.pk, action="start", actor=people["officer"])


def test_start_is_refused_while_one_contract_is_unsigned_and_names_it(approved, people):
    partner = Contract.objects.get(award=approved, institution=people["partner"])
    pi = Contract.objects.get(award=approved, institution=people["pi_inst"])
    services.contract_transition(contract_id=pi.pk, action="send", actor=people["officer"])
    services.contract_transition(contract_id=pi.pk, action="sign", actor=people["ro_pi"])
    services.contract_transition(contract_id=partner.pk, action="send", actor=people["officer"])
    with pytest.raises(DomainError) as refused:
        services_start(approved, people)
    message = refused.value.problems[0].message
    assert partner.number in message and "大阪経理大学" in message and pi.number not in message
    approved.refresh_from_db()
    assert approved.status == "planned"
    services.contract_transition(contract_id=partner.pk, action="sign", actor=people["ro_partner"])
    assert services_start(approved, people).status == "active"
    assert set(Contract.objects.filter(award=approved).values_list("status", flat=True)) == {"active"}


def test_start_without_an_approved_allocation_is_refused(award, people):
    with pytest.raises(DomainError) as refused:
        services_start(award, people)
    assert _problem_codes(refused.value) == ["allocation_not_approved"]


def test_a_research_office_signs_only_its_own_institutions_contract(approved, people):
    partner = Contract.objects.get(award=approved, institution=people["partner"])
    services.contract_transition(contract_id=partner.pk, action="send", actor=people["officer"])
    for intruder in (people["ro_pi"], people["ro_other"], people["holder"]):
        with pytest.raises(DomainError) as refused:
            services.contract_transition(contract_id=partner.pk, action="sign", actor=intruder)
        assert refused.value.status_code == 403
    partner.refresh_from_db()
    assert partner.status == "sent"
    signed = services.contract_transition(contract_id=partner.pk, action="sign", actor=people["ro_partner"])
    assert signed.status == "signed" and signed.signed_by == people["ro_partner"]


def _running(approved, people):
    sign_all(approved, people)
    services_start(approved, people)
    return Contract.objects.get(award=approved, institution=people["partner"])


def test_an_invoice_beyond_the_unpaid_remainder_is_refused(approved, people):
    contract = _running(approved, people)
    first = contract.instalments.first()
    invoice = services.invoice_file(
        contract_id=contract.pk, actor=people["ro_partner"], instalment_id=first.pk, amount=first.amount
    )
    services.invoice_transition(invoice_id=invoice.pk, action="approve", actor=people["officer"])
    services.invoice_transition(
        invoice_id=invoice.pk, action="pay", actor=people["officer"], paid_on=dt.date(2025, 5, 1)
    )
    rest = contract.amount - first.amount
    last = contract.instalments.last()
    with pytest.raises(DomainError) as refused:
        services.invoice_file(
            contract_id=contract.pk, actor=people["ro_partner"], instalment_id=last.pk, amount=rest + 1
        )
    assert refused.value.status_code == 409 and refused.value.code == "over_remainder"
    assert "未払残額" in refused.value.message
    assert Invoice.objects.filter(contract=contract).count() == 1
    ok = services.invoice_file(contract_id=contract.pk, actor=people["ro_partner"], instalment_id=last.pk, amount=rest)
    assert ok.status == "submitted"


def test_paying_an_invoice_records_the_payment_on_the_instalment(approved, people):
    contract = _running(approved, people)
    first = contract.instalments.first()
    invoice = services.invoice_file(
        contract_id=contract.pk, actor=people["ro_partner"], instalment_id=first.pk, amount=first.amount
    )
    with pytest.raises(DomainError):
        services.invoice_transition(invoice_id=invoice.pk, action="approve", actor=people["ro_partner"])
    services.invoice_transition(invoice_id=invoice.pk, action="approve", actor=people["officer"])
    with pytest.raises(DomainError) as no_date:
        services.invoice_transition(invoice_id=invoice.pk, action="pay", actor=people["officer"])
    assert _problem_codes(no_date.value) == ["paid_on_required"]
    services.invoice_transition(
        invoice_id=invoice.pk, action="pay", actor=people["officer"], paid_on=dt.date(2025, 5, 1)
    )
    first.refresh_from_db()
    assert (first.paid_amount, first.paid_on, first.is_paid) == (first.amount, dt.date(2025, 5, 1), True)


def test_a_budget_change_evaluation_drafts_the_amendment_and_leaves_paid_instalments_untouched(approved, people):
    from evaluations import services as evaluation_services
    from evaluations.models import Evaluation
    from tests.awards.factories import saved
    from tests.evaluations.conftest import comments_for, full_scores
    from tests.reviews.factories import ReviewerFactory

    contract = _running(approved, people)
    first = contract.instalments.first()
    invoice = services.invoice_file(
        contract_id=contract.pk, actor=people["ro_partner"], instalment_id=first.pk, amount=first.amount
    )
    services.invoice_transition(invoice_id=invoice.pk, action="approve", actor=people["officer"])
    services.invoice_transition(
        invoice_id=invoice.pk, action="pay", actor=people["officer"], paid_on=dt.date(2025, 5, 1)
    )
    paid_before = Instalment.objects.filter(pk=first.pk).values("amount", "paid_amount", "paid_on", "due_month").get()

    evaluator = saved(ReviewerFactory())
    evaluation = Evaluation.objects.create(
        award=approved,
        year_index=1,
        fiscal_year=contract.fiscal_year,
        due_on=contract.period_end,
        rubric=approved.application.call.stage.rubric,
    )
    evaluation_services.evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=people["officer"])
    evaluation_services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=evaluator, actor=people["officer"])
    evaluation_services.evaluation_score_save(
        evaluation_id=evaluation.pk, actor=evaluator, scores=full_scores(evaluation), comments=comments_for(evaluation)
    )
    evaluation_services.evaluation_score_submit(evaluation_id=evaluation.pk, actor=evaluator)
    evaluation_services.evaluation_transition(
        evaluation_id=evaluation.pk,
        action="budget_change",
        actor=people["officer"],
        budgets={contract.fiscal_year: 12_000_000},
    )

    amendment = Contract.objects.get(amends=contract)
    contract.refresh_from_db()
    assert contract.status == "active"  # the original stays in force until the 変更契約 is signed
    assert amendment.status == "draft" and amendment.revision == 1
    assert amendment.amount == 4_720_000 and amendment.difference == 4_720_000 - 5_900_000
    pi_amendment = Contract.objects.get(amends__institution=people["pi_inst"], amends__fiscal_year=contract.fiscal_year)
    assert amendment.amount + pi_amendment.amount == 12_000_000
    assert (
        Instalment.objects.filter(pk=first.pk).values("amount", "paid_amount", "paid_on", "due_month").get()
        == paid_before
    )
    # Signing the 変更契約 replaces the original (kept) and moves only unpaid instalments.
    services.contract_transition(contract_id=amendment.pk, action="send", actor=people["officer"])
    services.contract_transition(contract_id=amendment.pk, action="sign", actor=people["ro_partner"])
    contract.refresh_from_db()
    amendment.refresh_from_db()
    assert (contract.status, amendment.status) == ("amended", "signed")
    assert (
        Instalment.objects.filter(pk=first.pk).values("amount", "paid_amount", "paid_on", "due_month").get()
        == paid_before
    )
    assert sum(Instalment.objects.filter(contract=contract).values_list("amount", flat=True)) == 4_720_000


def test_the_february_job_and_the_reminders_send_nothing_twice(approved, people):
    from django.utils import timezone

    first, second = sorted(approved.budgets.values_list("fiscal_year", flat=True))
    sign_all(approved, people)
    services_start(approved, people)
    february = dt.date(first + 1, 2, 2)
    assert len(services.draft_next_year_contracts(today=february)) == 2
    assert services.draft_next_year_contracts(today=february) == []
    assert Contract.objects.filter(award=approved, fiscal_year=second).count() == 2

    for contract in Contract.objects.filter(award=approved, fiscal_year=second):
        services.contract_transition(contract_id=contract.pk, action="send", actor=people["officer"])
    Contract.objects.filter(award=approved, fiscal_year=second).update(
        sent_at=timezone.make_aware(dt.datetime(first + 1, 2, 2, 9))
    )
    kinds = ("contract_reminder", "contract_escalation")
    assert services.sweep_unsigned_contracts(today=february + dt.timedelta(days=3)) == 0
    assert services.sweep_unsigned_contracts(today=february + dt.timedelta(days=8)) == 2  # one per research office
    assert services.sweep_unsigned_contracts(today=february + dt.timedelta(days=9)) == 0
    assert services.sweep_unsigned_contracts(today=february + dt.timedelta(days=22)) == 2  # the officer, per contract
    assert services.sweep_unsigned_contracts(today=february + dt.timedelta(days=30)) == 0
    sent = Notification.objects.filter(kind__in=kinds)
    assert sorted(sent.values_list("kind", "recipient__username")) == sorted(
        [
            ("contract_reminder", people["ro_pi"].username),
            ("contract_reminder", people["ro_partner"].username),
            ("contract_escalation", people["officer"].username),
            ("contract_escalation", people["officer"].username),
        ]
    )


def test_the_platform_report_shows_awarded_contracted_and_paid(approved, people):
    from reporting.aggregates import platform_report_rows
    from reporting.exports import headers, to_csv

    contract = _running(approved, people)
    first = contract.instalments.first()
    invoice = services.invoice_file(
        contract_id=contract.pk, actor=people["ro_partner"], instalment_id=first.pk, amount=first.amount
    )
    services.invoice_transition(invoice_id=invoice.pk, action="approve", actor=people["officer"])
    services.invoice_transition(
        invoice_id=invoice.pk, action="pay", actor=people["officer"], paid_on=dt.date(2025, 5, 1)
    )
    call = approved.application.call
    rows = platform_report_rows(fiscal_year=call.fiscal_year)
    row = next(r for r in rows if r["platform"] == "KSAC" and r["stage"] == "STEP2")
    assert (row["amount_awarded"], row["amount_contracted"], row["amount_paid"]) == (
        30_000_000,
        15_000_000,  # the first year's two signed contracts
        first.amount,
    )
    assert {"採択額（円）", "契約額（円）", "支払額（円）"} <= set(headers())
    assert f"{first.amount}".encode() in to_csv([row])


def test_an_invoice_waiting_more_than_14_days_is_on_the_desk_of_the_officer_in_scope_only(client, approved, people):
    """The officer's desk lists invoices still waiting for approval 14 days after they were filed; an officer of
    another platform does not see them, and an approved one leaves the list."""
    contract = _running(approved, people)
    first = contract.instalments.first()
    invoice = services.invoice_file(
        contract_id=contract.pk, actor=people["ro_partner"], instalment_id=first.pk, amount=first.amount
    )
    client.force_login(people["officer"])
    assert invoice.number not in client.get("/office/").content.decode()  # filed today: not overdue yet
    Invoice.objects.filter(pk=invoice.pk).update(filed_at=invoice.filed_at - dt.timedelta(days=15))
    html = client.get("/office/").content.decode()
    assert "14日を過ぎても承認されていない請求（1）" in html and invoice.number in html
    client.force_login(people["officer_out"])
    assert invoice.number not in client.get("/office/").content.decode()
    services.invoice_transition(invoice_id=invoice.pk, action="approve", actor=people["officer"])
    client.force_login(people["officer"])
    assert "14日を過ぎても承認されていない請求（0）" in client.get("/office/").content.decode()
