import datetime as dt

import pytest

from awards.models import Award, ReportStatus
from awards.policy import ReportPolicy, report_policy_for
from awards.schedule import report_schedule
from awards.services import award_change_end_date, report_transition
from programs.fiscal import fiscal_year_of_date

from .factories import accept, draft, open_call

D = dt.date


def _rows(schedule):
    return [(r.kind, r.fiscal_year, r.due_on) for r in schedule]


def test_award_across_a_fiscal_year_boundary_owes_financial_results_for_each_year_by_31_may():
    schedule = report_schedule(starts_on=D(2024, 10, 1), ends_on=D(2026, 3, 31), policy=ReportPolicy())
    financial = [(fy, due) for kind, fy, due in _rows(schedule) if kind == "financial"]
    assert financial == [(2024, D(2025, 5, 31)), (2025, D(2026, 5, 31))]
    annual = [(fy, due) for kind, fy, due in _rows(schedule) if kind == "annual"]
    assert annual == [(2024, D(2025, 5, 31)), (2025, D(2026, 5, 31))]
    assert ("final", 2025, D(2026, 5, 31)) in _rows(schedule)  # 61 days after 2026-03-31
    assert not [r for r in schedule if r.kind == "interim"]


def test_an_award_ending_mid_year_touches_the_next_fiscal_year_too():
    schedule = report_schedule(starts_on=D(2024, 7, 1), ends_on=D(2025, 6, 30), policy=ReportPolicy())
    assert [(r.fiscal_year, r.due_on) for r in schedule if r.kind == "financial"] == [
        (2024, D(2025, 5, 31)),
        (2025, D(2026, 5, 31)),
    ]
    assert [(r.fiscal_year, r.due_on) for r in schedule if r.kind == "final"] == [(2025, D(2025, 8, 30))]


def test_interim_evaluation_comes_after_the_configured_year_only_for_longer_awards():
    step2 = report_policy_for("STEP2")
    three_years = report_schedule(starts_on=D(2024, 9, 1), ends_on=D(2027, 8, 31), policy=step2)
    assert [(r.fiscal_year, r.due_on) for r in three_years if r.kind == "interim"] == [(2025, D(2026, 5, 31))]
    short = report_schedule(starts_on=D(2024, 4, 1), ends_on=D(2026, 3, 31), policy=step2)
    assert not [r for r in short if r.kind == "interim"]
    ten_years = report_schedule(starts_on=D(2022, 7, 1), ends_on=D(2032, 6, 30), policy=report_policy_for("FULL_SCALE"))
    assert [r.fiscal_year for r in ten_years if r.kind == "interim"] == [2027]  # after 6 of 11 fiscal years


def test_final_report_delay_is_configurable(settings):
    settings.AWARDS_REPORT_POLICY = {"STEP1": {"final_days_after_end": 30}}
    schedule = report_schedule(starts_on=D(2024, 7, 1), ends_on=D(2025, 6, 30), policy=report_policy_for("STEP1"))
    assert [r.due_on for r in schedule if r.kind == "final"] == [D(2025, 7, 30)]


@pytest.mark.django_db
def test_award_creation_stores_the_stage_schedule(catalog, ksac_officer, researcher):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    award = accept(draft(call=call, applicant=researcher), ksac_officer)
    expected = _rows(
        report_schedule(starts_on=award.starts_on, ends_on=award.ends_on, policy=report_policy_for("STEP1"))
    )
    assert [(r.kind, r.fiscal_year, r.due_on) for r in award.reports.order_by("due_on", "id")] == sorted(
        expected, key=lambda row: (row[2], ["annual", "financial", "interim", "final"].index(row[0]))
    )
    assert {r.status for r in award.reports.all()} == {ReportStatus.PENDING}


@pytest.mark.django_db
def test_changing_the_end_date_regenerates_pending_reports_only(catalog, ksac_officer, researcher):
    call = open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["KSAC"])
    award = accept(draft(call=call, applicant=researcher, months=36, amount=30_000_000), ksac_officer)
    first_fy = award.budgets.first().fiscal_year
    submitted = award.reports.get(kind="financial", fiscal_year=first_fy)
    report_transition(report_id=submitted.pk, action="submit", actor=researcher, body="初年度の実績")
    accepted = award.reports.get(kind="annual", fiscal_year=first_fy)
    report_transition(report_id=accepted.pk, action="submit", actor=researcher, body="初年度の報告")
    report_transition(report_id=accepted.pk, action="accept", actor=ksac_officer)
    old_final = award.reports.get(kind="final")
    old_last_fy = max(r.fiscal_year for r in award.reports.filter(kind="financial"))

    new_end = award.starts_on.replace(year=award.starts_on.year + 1) - dt.timedelta(days=1)
    award_change_end_date(award_id=award.pk, ends_on=new_end, actor=ksac_officer, note="計画短縮")

    award = Award.objects.get(pk=award.pk)
    assert award.ends_on == new_end
    submitted.refresh_from_db()
    accepted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED and accepted.status == ReportStatus.ACCEPTED
    expected = {
        (r.kind, r.fiscal_year): r.due_on
        for r in report_schedule(starts_on=award.starts_on, ends_on=new_end, policy=report_policy_for("STEP2"))
    }
    pending = {(r.kind, r.fiscal_year): r.due_on for r in award.reports.filter(status=ReportStatus.PENDING)}
    assert pending == {k: v for k, v in expected.items() if k not in {("financial", first_fy), ("annual", first_fy)}}
    assert old_last_fy > fiscal_year_of_date(new_end)
    assert max(r.fiscal_year for r in award.reports.all()) == fiscal_year_of_date(new_end)  # later years removed
    assert award.reports.get(kind="final").due_on == new_end + dt.timedelta(days=61)
    assert award.reports.get(kind="final").due_on != old_final.due_on
    event = award.events.get(action="change_end_date")
    assert event.actor == ksac_officer and "計画短縮" in event.note


@pytest.mark.django_db
def test_end_date_before_start_is_refused_naming_the_field(catalog, ksac_officer, researcher):
    from applications.services import WorkflowError

    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    award = accept(draft(call=call, applicant=researcher), ksac_officer)
    with pytest.raises(WorkflowError) as exc:
        award_change_end_date(award_id=award.pk, ends_on=award.starts_on, actor=ksac_officer)
    assert exc.value.problems[0].field == "ends_on"
