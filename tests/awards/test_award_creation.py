import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Application, BudgetLine, Status
from applications.services import WorkflowError, application_transition
from awards.models import Award, AwardEvent, AwardStatus
from awards.services import award_budgets_adjust

from .factories import NOTE, accept, draft, open_call, to_review

pytestmark = pytest.mark.django_db


def test_accepting_creates_the_award_with_number_budgets_dates_and_event(catalog, ksac_officer, researcher):
    call = open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["KSAC"])
    application = draft(call=call, applicant=researcher, amount=39_000_000, months=36)
    fy = call.fiscal_year
    BudgetLine.objects.create(application=application, fiscal_year=fy + 1, category="personnel", amount=10_000_000)
    BudgetLine.objects.create(application=application, fiscal_year=fy + 1, category="indirect", amount=3_000_000)
    Application.objects.filter(pk=application.pk).update(requested_amount=52_000_000)

    award = accept(application, ksac_officer)

    assert award.award_number == f"JPMJGF{fy % 100:02d}KSACS20001"
    assert award.holder == researcher
    assert award.responsible_officer == ksac_officer
    assert award.status == AwardStatus.ACTIVE
    assert award.amount_total == 52_000_000
    assert [(b.fiscal_year, b.amount) for b in award.budgets.all()] == [(fy, 39_000_000), (fy + 1, 13_000_000)]
    close_day = timezone.localtime(call.closes_at).date()
    expected_start = (close_day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    assert award.starts_on == expected_start
    assert award.ends_on == expected_start.replace(year=expected_start.year + 3) - dt.timedelta(days=1)
    assert list(AwardEvent.objects.filter(award=award).values_list("action", "to_status", "actor")) == [
        ("create", "active", ksac_officer.pk)
    ]
    assert award.reports.exists()


def test_award_numbers_are_unique_and_sequential_per_call(catalog, ksac_officer, researcher, other_researcher):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    first = accept(draft(call=call, applicant=researcher), ksac_officer)
    second = accept(draft(call=call, applicant=other_researcher, title="別の課題"), ksac_officer)
    assert first.award_number.endswith("0001") and second.award_number.endswith("0002")
    assert first.award_number[:-4] == second.award_number[:-4]


def test_rejecting_creates_no_award(catalog, ksac_officer, researcher):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    application = to_review(draft(call=call, applicant=researcher), ksac_officer)
    application_transition(application_id=application.pk, action="reject", actor=ksac_officer)
    assert not Award.objects.exists()
    assert Application.objects.get(pk=application.pk).status == Status.REJECTED


def test_officer_adjusts_budgets_before_start_with_an_event(catalog, ksac_officer, researcher):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    award = accept(draft(call=call, applicant=researcher, amount=3_000_000), ksac_officer)
    fy = award.budgets.get().fiscal_year

    award_budgets_adjust(award_id=award.pk, budgets={fy: 2_500_000}, actor=ksac_officer, note="減額査定")

    award.refresh_from_db()
    assert award.amount_total == 2_500_000
    assert [(b.fiscal_year, b.amount) for b in award.budgets.all()] == [(fy, 2_500_000)]
    event = award.events.get(action="adjust_budget")
    assert event.actor == ksac_officer and "減額査定" in event.note and "2,500,000円" in event.note


def test_budget_adjustment_is_refused_once_the_award_has_started(catalog, ksac_officer, researcher):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    award = accept(draft(call=call, applicant=researcher), ksac_officer)
    fy = award.budgets.get().fiscal_year
    with pytest.raises(WorkflowError) as exc:
        award_budgets_adjust(award_id=award.pk, budgets={fy: 1_000_000}, actor=ksac_officer, today=award.starts_on)
    assert exc.value.status_code == 409
    assert "開始日" in exc.value.message
    award.refresh_from_db()
    assert award.amount_total == 3_000_000
    assert not award.events.filter(action="adjust_budget").exists()


def test_budget_adjustment_by_the_holder_is_refused(catalog, ksac_officer, researcher):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    award = accept(draft(call=call, applicant=researcher), ksac_officer)
    with pytest.raises(WorkflowError) as exc:
        award_budgets_adjust(award_id=award.pk, budgets={2030: 1}, actor=researcher)
    assert exc.value.status_code == 403


def test_budget_adjustment_api_names_the_field_for_a_year_outside_the_period(
    catalog, ksac_officer, researcher, api_client
):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    award = accept(draft(call=call, applicant=researcher), ksac_officer)
    api_client.force_authenticate(ksac_officer)
    response = api_client.post(
        f"/api/v1/awards/{award.pk}/budgets/", {"budgets": [{"fiscal_year": 2099, "amount": 1000}]}, format="json"
    )
    assert response.status_code == 400
    assert "2099年度は実施期間" in response.json()["errors"]["budgets"][0]


def test_accept_is_repeated_safely_and_creates_one_award(catalog, ksac_officer, researcher):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    application = draft(call=call, applicant=researcher)
    accept(application, ksac_officer)
    application_transition(application_id=application.pk, action="accept", actor=ksac_officer, note=NOTE, override=True)
    assert Award.objects.filter(application=application).count() == 1
