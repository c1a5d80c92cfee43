"""Japanese fiscal years (April–March), the Reiwa era, and deadline instants.

All conversions happen in Asia/Tokyo whatever the server's clock zone is:
an instant at 2025-03-31 23:59 JST belongs to FY2024, one minute later to FY2025.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")
REIWA_OFFSET = 2018  # 令和 N 年度 = FY (2018 + N); 令和元年度 = FY2019
FISCAL_YEAR_START_MONTH = 4

_REIWA_LABEL = re.compile(r"^\s*(?:令和|R)\s*(元|\d{1,2})\s*年?度?\s*$")


def fiscal_year_of_date(day: dt.date) -> int:
    """The fiscal year a calendar date belongs to (April starts a new one)."""
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def fiscal_year_of(instant: dt.datetime) -> int:
    """The fiscal year of an aware instant, judged on the Tokyo calendar."""
    if instant.tzinfo is None:
        raise ValueError("fiscal_year_of needs an aware datetime")
    return fiscal_year_of_date(instant.astimezone(JST).date())


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of FY N: (N-04-01, N+1-03-31)."""
    return dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)


def fiscal_year_instant_bounds(fiscal_year: int) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of FY N as aware instants in JST."""
    return (
        dt.datetime(fiscal_year, 4, 1, tzinfo=JST),
        dt.datetime(fiscal_year + 1, 4, 1, tzinfo=JST),
    )


def reiwa_year(fiscal_year: int) -> int:
    if fiscal_year < REIWA_OFFSET + 1:
        raise ValueError(f"FY{fiscal_year} is before the Reiwa era")
    return fiscal_year - REIWA_OFFSET


def reiwa_label(fiscal_year: int) -> str:
    """令和6年度 for FY2024; 令和元年度 for FY2019."""
    n = reiwa_year(fiscal_year)
    return f"令和{'元' if n == 1 else n}年度"


def parse_reiwa_label(label: str) -> int:
    """FY of a label like 令和6年度, 令和元年度, R6年度 or R6."""
    match = _REIWA_LABEL.match(label)
    if not match:
        raise ValueError(f"not a Reiwa fiscal-year label: {label!r}")
    n = 1 if match.group(1) == "元" else int(match.group(1))
    if n < 1:
        raise ValueError(f"not a Reiwa fiscal-year label: {label!r}")
    return n + REIWA_OFFSET


def deadline_instant(day: dt.date) -> dt.datetime:
    """A deadline stated as a date ends at the last instant of that day in Tokyo."""
    return dt.datetime.combine(day, dt.time(23, 59, 59, 999999), tzinfo=JST)


def start_instant(day: dt.date) -> dt.datetime:
    """Midnight JST at the start of a date."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=JST)
