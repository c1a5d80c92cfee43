"""An officer records the outcome; what it does to the award happens in the same transaction."""

import datetime as dt

import pytest

from awards.models import AwardEvent, ReportStatus
from evaluations import services
from programs.fiscal import fiscal_year_bounds
from sangaku.errors import Invalid

pytestmark = pytest.mark.django_db


def test_no_outcome_before_the_panel_has_scored(award, people):
    evaluation = award.evaluations.get()
    services.evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=people["officer"])
    with pytest.raises(Invalid) as exc:
        services.evaluation_transition(evaluation_id=evaluation.pk, action="continue", actor=people["officer"])
    assert exc.value.problems[0].code == "panel_not_scored"


def test_continue_with_conditions_needs_the_conditions_and_shows_them(scored, people):
    with pytest.raises(Invalid) as exc:
        services.evaluation_transition(
            evaluation_id=scored.pk, action="continue_with_conditions", actor=people["officer"], conditions="  "
        )
    assert exc.value.problems[0].field == "conditions"
    evaluation = services.evaluation_transition(
        evaluation_id=scored.pk,
        action="continue_with_conditions",
        actor=people["officer"],
        conditions="事業化計画を次年度末までに改訂すること",
    )
    assert (evaluation.status, evaluation.outcome) == ("decided", "continue_with_conditions")
    assert evaluation.conditions == "事業化計画を次年度末までに改訂すること"
    assert evaluation.decided_by == people["officer"] and evaluation.events.filter(action="continue_with_conditions")


def test_a_budget_change_outcome_changes_the_yearly_budgets_with_an_event(scored, people):
    award = scored.award
    before = {b.fiscal_year: b.amount for b in award.budgets.all()}
    later = [fy for fy in range(scored.fiscal_year + 1, award.ends_on.year + 1)][:2]
    new = {later[0]: 12_000_000, later[1]: 8_000_000}
    services.evaluation_transition(
        evaluation_id=scored.pk, action="budget_change", actor=people["officer"], budgets=new, note="減額"
    )
    award.refresh_from_db()
    after = {b.fiscal_year: b.amount for b in award.budgets.all()}
    assert after == {**before, **new}
    assert award.amount_total == sum(after.values())
    event = AwardEvent.objects.get(award=award, action="revise_budget")
    assert event.actor == people["officer"] and "12,000,000円" in event.note
    scored.refresh_from_db()
    assert scored.outcome == "budget_change" and scored.new_budgets == {str(k): v for k, v in new.items()}


def test_a_refused_budget_change_leaves_the_evaluation_undecided(scored, people):
    award = scored.award
    with pytest.raises(Invalid):
        services.evaluation_transition(
            evaluation_id=scored.pk, action="budget_change", actor=people["officer"], budgets={1999: 1}
        )
    scored.refresh_from_db()
    assert (scored.status, scored.outcome) == ("in_review", "")
    assert not AwardEvent.objects.filter(award=award, action="revise_budget").exists()


def test_a_stop_outcome_ends_the_award_and_regenerates_its_reports(scored, people):
    award = scored.award
    end_of_year = fiscal_year_bounds(scored.fiscal_year)[1]
    assert award.ends_on > end_of_year
    later_pending = award.reports.filter(fiscal_year__gt=scored.fiscal_year, status=ReportStatus.PENDING)
    assert later_pending.exclude(kind="final").exists()
    services.evaluation_transition(evaluation_id=scored.pk, action="stop", actor=people["officer"], note="進捗不十分")
    award.refresh_from_db()
    assert award.status == "terminated" and award.ends_on == end_of_year
    # Annual and financial reports of the years after the end are gone; the final report falls after the new end.
    assert not award.reports.filter(fiscal_year__gt=scored.fiscal_year).exclude(kind="final").exists()
    final = award.reports.get(kind="final")
    assert final.fiscal_year == scored.fiscal_year and final.due_on > end_of_year
    assert award.events.filter(action="change_end_date").exists()
    assert award.events.filter(action="terminate", actor=people["officer"]).exists()


def test_a_stop_cancels_the_awards_other_open_evaluations(scored, people):
    other = services.evaluation_create(award_id=scored.award_id, actor=people["officer"], year_index=3)
    services.evaluation_transition(evaluation_id=scored.pk, action="stop", actor=people["officer"], note="中止")
    other.refresh_from_db()
    assert other.status == "cancelled"


def test_a_stop_on_a_given_day(scored, people):
    day = fiscal_year_bounds(scored.fiscal_year)[1] - dt.timedelta(days=30)
    services.evaluation_transition(
        evaluation_id=scored.pk, action="stop", actor=people["officer"], note="中止", stop_on=day
    )
    scored.award.refresh_from_db()
    assert scored.award.ends_on == day


def test_the_holder_is_told_of_the_outcome_once(scored, people):
    from notifications.models import Notification

    for _ in range(2):
        services.evaluation_transition(evaluation_id=scored.pk, action="continue", actor=people["officer"])
    assert Notification.objects.filter(kind="evaluation_outcome", recipient=people["holder"]).count() == 1
