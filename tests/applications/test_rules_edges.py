"""The edges of the submit rules and of the project's fiscal years (written for the mutants `make mutate` found
alive, docs/testing.md): the last fiscal year of a project at each month boundary, the call's window judged at
the given time, effort exactly 1 % and 100 %, and only a proposal that is still attached counting."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from applications.models import AttachmentKind, BudgetCategory, BudgetLine, MemberRole, TeamMember
from applications.rules import fiscal_year_of_month_offset, project_fiscal_years, submission_problems
from programs.fiscal import JST

from .factories import make_complete


def jst(year, month, day=1):
    return dt.datetime(year, month, day, tzinfo=JST)


@pytest.mark.parametrize(
    ("start", "months", "fiscal_year"),
    [
        (jst(2025, 4), 1, 2025),  # April is the first month of a fiscal year
        (jst(2025, 4), 12, 2025),  # ends in March 2026
        (jst(2025, 4), 13, 2026),  # ends in April 2026
        (jst(2025, 12), 3, 2025),  # ends in February
        (jst(2025, 12), 4, 2025),  # ends in March
        (jst(2025, 12), 5, 2026),  # ends in April
        (jst(2026, 1, 15), 1, 2025),  # January belongs to the fiscal year before
        (jst(2026, 3, 10), 2, 2026),
        (jst(2025, 5), 36, 2028),  # three years from May: ends in April 2028
        (dt.datetime(2025, 3, 31, 15, 0, tzinfo=dt.UTC), 1, 2025),  # 1 April 00:00 in Japan, still March in UTC
    ],
)
def test_the_fiscal_year_a_project_ends_in(start, months, fiscal_year):
    assert fiscal_year_of_month_offset(start, months) == fiscal_year


def test_a_project_spends_from_the_calls_fiscal_year_to_the_one_it_ends_in():
    call = SimpleNamespace(closes_at=jst(2025, 2), fiscal_year=2024)
    assert project_fiscal_years(call, None) == (2024, 2024)  # no duration yet: only the first year is known
    assert project_fiscal_years(call, 0) == (2024, 2024)
    assert project_fiscal_years(call, 24) == (2024, 2026)  # from February 2025 to January 2027


def test_the_calls_window_is_judged_at_the_time_given_and_named_on_the_call(world):
    application = make_complete(world["call"], world["owner"])
    assert [p.field for p in submission_problems(application)] == []  # now: the call is open
    after = application.call.closes_at + dt.timedelta(minutes=1)
    assert [p.field for p in submission_problems(application, now=after)] == ["call"]
    assert application.call.closes_at > timezone.now()


def _with_member(application, effort):
    application._prefetched_objects_cache = {}  # the saved team plus this one row, nothing from an earlier call
    members = [*application.members.all(), TeamMember(application=application, name="共同研究者", role=MemberRole.CO_INVESTIGATOR, effort_percent=effort)]  # fmt: skip
    prefetched = application.members.all()
    prefetched._result_cache, prefetched._prefetch_done = members, True  # as prefetch_related leaves it
    application._prefetched_objects_cache = {"members": prefetched}
    return application


def test_effort_of_exactly_1_and_100_percent_is_accepted(world):
    application = make_complete(world["call"], world["owner"])
    for effort, refused in ((1, 0), (100, 0), (0, 1), (101, 1)):
        problems = submission_problems(_with_member(application, effort))
        assert len([p for p in problems if p.field == "members" and "1〜100" in str(p.message)]) == refused, effort


def test_only_a_proposal_still_attached_counts(world):
    application = make_complete(world["call"], world["owner"])
    attachments = application.attachments.all()
    attachments.update(kind=AttachmentKind.BUDGET)  # a file, but not the proposal
    assert [p.field for p in submission_problems(application)] == ["attachments"]
    attachments.update(kind=AttachmentKind.PROPOSAL, removed_at=timezone.now())  # the proposal, removed
    assert [p.field for p in submission_problems(application)] == ["attachments"]
    attachments.update(removed_at=None)
    assert submission_problems(application) == []


def _messages(application) -> list[str]:
    return [f"{p.field}: {p.message}" for p in submission_problems(application)]


def test_the_amount_and_the_duration_exactly_at_their_caps_are_within_them(world):
    application = make_complete(world["call"], world["owner"])
    call = application.call
    application.requested_amount = call.effective_max_amount
    assert not any("総額の上限" in m for m in _messages(application))
    application.requested_amount += 1
    assert any(m.startswith("requested_amount: 【総額の上限】") for m in _messages(application))
    application.duration_months = call.effective_max_duration_months + 1
    assert any(m.startswith("duration_months: 【最長期間】") for m in _messages(application))


def _lines(application, *rows):
    BudgetLine.objects.filter(application=application).delete()
    for year, category, amount in rows:
        BudgetLine.objects.create(application=application, fiscal_year=year, category=category, amount=amount)


def test_budget_years_are_judged_against_the_whole_project(world):
    application = make_complete(world["call"], world["owner"])
    first, last = project_fiscal_years(application.call, application.duration_months)
    _lines(application, (first, BudgetCategory.EQUIPMENT, 1_000_000), (last, BudgetCategory.EQUIPMENT, 1_000_000))
    assert not any("実施期間" in m and "外" in m for m in _messages(application))  # the last year belongs to it
    _lines(application, (last + 1, BudgetCategory.EQUIPMENT, 1_000_000))
    assert any(str(last + 1) in m and "外" in m for m in _messages(application))
    application.duration_months = None  # no duration yet: the years are not judged (the duration is asked for)
    assert not any("外にあります" in m for m in _messages(application))


def test_indirect_costs_one_yen_over_the_rate_are_refused(world):
    application = make_complete(world["call"], world["owner"])
    stage = application.call.stage
    assert stage.indirect_rate_max_percent == 30
    year = project_fiscal_years(application.call, application.duration_months)[0]
    # 30 % of 1,000,003 yen is 300,000.9 yen: 300,000 is within, 300,001 over by a fraction of a yen.
    _lines(application, (year, BudgetCategory.EQUIPMENT, 1_000_003), (year, BudgetCategory.INDIRECT, 300_000))
    assert not any("間接経費" in m for m in _messages(application))
    _lines(application, (year, BudgetCategory.EQUIPMENT, 1_000_003), (year, BudgetCategory.INDIRECT, 300_001))
    assert any("間接経費" in m for m in _messages(application))


def test_the_per_year_cap_is_checked_on_the_budget_lines_at_submit(world):
    application = make_complete(world["call"], world["owner"])
    stage = application.call.stage
    stage.max_amount_per_year = 1_000_000
    stage.save(update_fields=["max_amount_per_year"])
    assert any(m.startswith("budget_lines:") and "年度あたりの上限" in m for m in _messages(application))
