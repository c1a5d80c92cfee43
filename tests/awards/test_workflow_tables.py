"""The award and progress-report tables, walked: every action × state × role does exactly what the table says.

Allowed moves change the state and write one event (actor, from, to); refused ones
change nothing, write nothing and say why (a code and a message). The application
table is walked the same way in tests/applications/test_workflow_table.py.
"""

import pytest
from django.db import transaction

from awards.models import AwardEvent, ReportEvent
from awards.workflow import AWARD_WORKFLOW, REPORT_WORKFLOW, Actor
from sangaku.errors import DomainError
from sangaku.workflow import SYSTEM
from tests.factories import UserFactory
from tests.workflow_walk import walk

from .factories import accept, draft, open_call, saved

pytestmark = pytest.mark.django_db

ROLES = ["holder", "other", "officer", "officer_out", "director"]


@pytest.fixture
def people(catalog, ksac_officer, gtie_officer, researcher, other_researcher):
    from accounts.models import Role

    return {
        "holder": researcher,
        "other": other_researcher,
        "officer": ksac_officer,
        "officer_out": gtie_officer,
        "director": saved(UserFactory(role=Role.DIRECTOR)),
    }


@pytest.fixture
def award(catalog, people):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    return accept(draft(call=call, applicant=people["holder"]), people["officer"])


def _roles(people):
    return {role: people[role] for role in ROLES}


def may_act(role: str, who: str) -> bool:
    if who == Actor.HOLDER:
        return role == "holder"
    if who == Actor.OFFICER:
        return role in ("officer", "director")
    return False  # SYSTEM rows: never on a person's request


def _contracts_signed(award, people):
    """`start` asks for every contract of the year signed (finance): a 配分 approved, the paper copies recorded."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from finance import services
    from finance.documents import contract_pdf
    from finance.models import Contract

    lines = [
        {
            "fiscal_year": b.fiscal_year,
            "institution": award.application.institution_id,
            "category": "equipment",
            "amount": b.amount,
        }
        for b in award.budgets.all()
    ]
    services.allocation_save(award_id=award.pk, actor=people["holder"], lines=lines)
    services.allocation_transition(award_id=award.pk, action="propose", actor=people["holder"])
    services.allocation_transition(award_id=award.pk, action="approve", actor=people["officer"])
    for contract in Contract.objects.filter(award=award):
        services.contract_transition(contract_id=contract.pk, action="send", actor=people["officer"])
        copy = SimpleUploadedFile("signed.pdf", contract_pdf(contract), content_type="application/pdf")
        services.contract_transition(
            contract_id=contract.pk, action="record_paper", actor=people["officer"], signed_copy=copy
        )


@pytest.mark.parametrize("action", list(AWARD_WORKFLOW.table))
def test_award_table_every_action_state_and_role(award, people, action):
    if AWARD_WORKFLOW.table[action].guards:
        _contracts_signed(award, people)
    walk(AWARD_WORKFLOW, award, AwardEvent.objects.filter(award=award), _roles(people), action, may_act)


@pytest.mark.parametrize("action", list(REPORT_WORKFLOW.table))
def test_report_table_every_action_state_and_role(award, people, action):
    report = award.reports.order_by("due_on").first()
    events = ReportEvent.objects.filter(report=report)
    walk(REPORT_WORKFLOW, report, events, _roles(people), action, may_act, body="年次報告の本文")


def test_system_rows_run_from_code_only_and_from_their_sources(award, people):
    promote = AWARD_WORKFLOW.table["promote"]
    assert promote.who == SYSTEM
    for state in AWARD_WORKFLOW.states.values:
        type(award).objects.filter(pk=award.pk).update(status=state)
        AwardEvent.objects.filter(award=award, action="promote").delete()  # judged by the table, not as a replay
        try:
            with transaction.atomic():
                AWARD_WORKFLOW.run(pk=award.pk, action="promote", actor=people["officer"], system=True)
            moved = True
        except DomainError as exc:
            assert exc.code == "illegal_transition"
            moved = False
        assert moved == (state in promote.sources), state


def test_state_sets_come_from_the_tables():
    from applications.models import Status
    from applications.workflow import APPLICATION_WORKFLOW

    assert APPLICATION_WORKFLOW.final_states == {Status.ACCEPTED, Status.REJECTED, Status.INELIGIBLE, Status.WITHDRAWN}
    assert APPLICATION_WORKFLOW.decided_states == {Status.ACCEPTED, Status.REJECTED, Status.INELIGIBLE}
    assert Status.DRAFT in APPLICATION_WORKFLOW.open_states and Status.WITHDRAWN not in APPLICATION_WORKFLOW.open_states


def test_a_move_signals_inside_the_transaction_and_again_after_commit(
    award, people, django_capture_on_commit_callbacks
):
    report = award.reports.order_by("due_on").first()
    seen = []

    def inside(sender, *, instance, transition, **kwargs):
        seen.append(("inside", transition.action, transaction.get_connection().in_atomic_block))

    def after(sender, *, instance, transition, **kwargs):
        seen.append(("after", transition.action))

    REPORT_WORKFLOW.transitioned.connect(inside, dispatch_uid="test-inside")
    REPORT_WORKFLOW.committed.connect(after, dispatch_uid="test-after")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            REPORT_WORKFLOW.run(pk=report.pk, action="submit", actor=people["holder"], body="本文")
            assert seen == [("inside", "submit", True)]
        assert seen == [("inside", "submit", True), ("after", "submit")]
    finally:
        REPORT_WORKFLOW.transitioned.disconnect(dispatch_uid="test-inside")
        REPORT_WORKFLOW.committed.disconnect(dispatch_uid="test-after")


def test_the_same_request_twice_is_a_no_op_but_a_different_one_is_refused(award, people):
    report = award.reports.order_by("due_on").first()
    REPORT_WORKFLOW.run(pk=report.pk, action="submit", actor=people["holder"], body="本文")
    again = REPORT_WORKFLOW.run(pk=report.pk, action="submit", actor=people["holder"], body="本文")
    assert again.status == "submitted"
    assert ReportEvent.objects.filter(report=report, action="submit").count() == 1
    with pytest.raises(DomainError) as refused:
        REPORT_WORKFLOW.run(pk=report.pk, action="submit", actor=people["holder"], body="別の本文")
    assert refused.value.status_code == 409 and refused.value.code == "illegal_transition"
    report.refresh_from_db()
    assert report.body == "本文"
