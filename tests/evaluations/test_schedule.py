"""Evaluations are scheduled from the catalog's plan when an award is created, once."""

import pytest
from django.core.exceptions import ValidationError

from awards.schedule import fiscal_years_between
from evaluations.models import Evaluation, EvaluationPlan, validate_evaluation_years
from evaluations.services import due_on_for, schedule_evaluations
from tests.awards.factories import accept, draft, open_call

pytestmark = pytest.mark.django_db


def test_an_award_accepted_under_a_plan_gets_its_evaluations_on_accept(award, plan):
    years = fiscal_years_between(award.starts_on, award.ends_on)
    evaluation = award.evaluations.get()
    assert (evaluation.year_index, evaluation.fiscal_year) == (2, years[1])
    assert evaluation.due_on == due_on_for(years[1], starts_on=award.starts_on) > award.starts_on
    assert evaluation.rubric == plan.evaluation_rubric
    assert evaluation.status == "scheduled" and evaluation.outcome == ""


def test_scheduling_twice_creates_nothing_twice(award):
    assert schedule_evaluations(award) == []
    assert schedule_evaluations(award) == []
    assert Evaluation.objects.filter(award=award).count() == 1


def test_a_year_at_or_after_the_last_fiscal_year_is_not_scheduled(catalog, people, plan):
    plan.evaluation_years = [1, 2, 9]
    plan.save()
    call = open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["KSAC"])
    award = accept(draft(call=call, applicant=people["other"], months=12), people["officer"])
    years = fiscal_years_between(award.starts_on, award.ends_on)
    expected = [n for n in (1, 2, 9) if n < len(years)]
    assert sorted(award.evaluations.values_list("year_index", flat=True)) == expected


def test_a_stage_without_a_plan_schedules_nothing(catalog, people):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    award = accept(draft(call=call, applicant=people["other"]), people["officer"])
    assert not award.evaluations.exists()


@pytest.mark.parametrize("value", [[0], [11], [2, 2], ["3"], "3", [True]])
def test_plan_years_are_bounded_integers(value):
    with pytest.raises(ValidationError):
        validate_evaluation_years(value)


def test_plan_panel_size_is_bounded_in_the_database(catalog):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationPlan.objects.create(stage=catalog["stages"]["STEP1"], evaluation_years=[1], panel_size=0)


def test_a_first_year_evaluation_of_an_award_starting_after_january_falls_on_the_years_last_day():
    import datetime as dt

    assert due_on_for(2026, starts_on=dt.date(2027, 2, 1)) == dt.date(2027, 3, 31)
    assert due_on_for(2026, starts_on=dt.date(2026, 4, 1)) == dt.date(2027, 1, 31)
