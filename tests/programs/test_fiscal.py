import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs.fiscal import (
    JST,
    deadline_instant,
    fiscal_year_bounds,
    fiscal_year_instant_bounds,
    fiscal_year_of,
    fiscal_year_of_date,
    parse_reiwa_label,
    reiwa_label,
)

UTC = dt.UTC


def test_31_march_midnight_jst_is_the_last_moment_of_the_old_fiscal_year():
    assert fiscal_year_of(dt.datetime(2025, 3, 31, 23, 59, 59, 999999, tzinfo=JST)) == 2024
    assert fiscal_year_of(dt.datetime(2025, 4, 1, 0, 0, tzinfo=JST)) == 2025


def test_fiscal_year_is_judged_in_tokyo_not_utc():
    # 2025-03-31 15:30 UTC is already 1 April 00:30 in Tokyo.
    assert fiscal_year_of(dt.datetime(2025, 3, 31, 15, 30, tzinfo=UTC)) == 2025
    assert fiscal_year_of(dt.datetime(2025, 3, 31, 14, 59, tzinfo=UTC)) == 2024


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        fiscal_year_of(dt.datetime(2025, 4, 1))


def test_bounds_of_fy2024():
    assert fiscal_year_bounds(2024) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    start, end = fiscal_year_instant_bounds(2024)
    assert start == dt.datetime(2024, 4, 1, tzinfo=JST)
    assert end == dt.datetime(2025, 4, 1, tzinfo=JST)


@pytest.mark.parametrize(
    ("fy", "label"),
    [(2019, "令和元年度"), (2020, "令和2年度"), (2024, "令和6年度"), (2025, "令和7年度")],
)
def test_reiwa_labels_both_ways(fy, label):
    assert reiwa_label(fy) == label
    assert parse_reiwa_label(label) == fy


@pytest.mark.parametrize(("text", "fy"), [("R6年度", 2024), ("R6", 2024), ("令和 6 年度", 2024), ("R1", 2019)])
def test_short_reiwa_forms_parse(text, fy):
    assert parse_reiwa_label(text) == fy


@pytest.mark.parametrize("bad", ["平成30年度", "令和年度", "FY2024", "", "R0"])
def test_non_reiwa_labels_are_refused(bad):
    with pytest.raises(ValueError):
        parse_reiwa_label(bad)


def test_years_before_reiwa_have_no_reiwa_label():
    with pytest.raises(ValueError):
        reiwa_label(2018)


def test_a_deadline_date_ends_at_the_last_instant_of_that_day_in_tokyo():
    deadline = deadline_instant(dt.date(2025, 5, 31))
    assert deadline == dt.datetime(2025, 5, 31, 23, 59, 59, 999999, tzinfo=JST)
    assert deadline.astimezone(UTC) == dt.datetime(2025, 5, 31, 14, 59, 59, 999999, tzinfo=UTC)
    assert deadline < dt.datetime(2025, 6, 1, 0, 0, tzinfo=JST)


@given(st.dates(min_value=dt.date(2019, 5, 1), max_value=dt.date(2099, 12, 31)))
def test_every_date_lies_within_the_bounds_of_its_fiscal_year(day):
    fy = fiscal_year_of_date(day)
    first, last = fiscal_year_bounds(fy)
    assert first <= day <= last
    assert parse_reiwa_label(reiwa_label(fy)) == fy
