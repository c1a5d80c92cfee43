"""The edges of the submit rules and of the project's fiscal years (written for the mutants `make mutate` found
alive, docs/testing.md): the last fiscal year of a project at each month boundary, the call's window judged at
the given time, effort exactly 1 % and 100 %, and only a proposal that is still attached counting."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from applications.models import AttachmentKind, MemberRole, TeamMember
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
    members = [*application.members.all(), TeamMember(application=application, name="共同研究者", role=MemberRole.CO_INVESTIGATOR, effort_percent=effort)]  # fmt: skip
    prefetched = application.members.all()
    prefetched._result_cache, prefetched._prefetch_done = members, True  # as prefetch_related leaves it
    application._prefetched_objects_cache = {"members": prefetched}
    return application


def test_effort_of_exactly_1_and_100_percent_is_accepted(world):
    application = make_complete(world["call"], world["owner"])
    for effort, fields in ((1, []), (100, []), (0, ["members"]), (101, ["members"])):
        assert sorted({p.field for p in submission_problems(_with_member(application, effort))}) == fields, effort


def test_only_a_proposal_still_attached_counts(world):
    application = make_complete(world["call"], world["owner"])
    attachments = application.attachments.all()
    attachments.update(kind=AttachmentKind.BUDGET)  # a file, but not the proposal
    assert [p.field for p in submission_problems(application)] == ["attachments"]
    attachments.update(kind=AttachmentKind.PROPOSAL, removed_at=timezone.now())  # the proposal, removed
    assert [p.field for p in submission_problems(application)] == ["attachments"]
    attachments.update(removed_at=None)
    assert submission_problems(application) == []
