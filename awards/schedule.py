"""Dates of an award: its period and its progress-report schedule (pure functions, no database)."""

import datetime as dt
from dataclasses import dataclass

from programs.fiscal import fiscal_year_of_date

from .models import ReportKind
from .policy import ReportPolicy


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the end of a shorter month (Jan 31 + 1 → Feb 28/29)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def first_of_next_month(day: dt.date) -> dt.date:
    return add_months(day.replace(day=1), 1)


def award_period(*, starts_on: dt.date, duration_months: int) -> tuple[dt.date, dt.date]:
    """Start and last day of an award that runs `duration_months` from `starts_on`."""
    return starts_on, add_months(starts_on, duration_months) - dt.timedelta(days=1)


def fiscal_years_between(starts_on: dt.date, ends_on: dt.date) -> list[int]:
    return list(range(fiscal_year_of_date(starts_on), fiscal_year_of_date(ends_on) + 1))


@dataclass(frozen=True)
class ScheduledReport:
    kind: str
    fiscal_year: int
    due_on: dt.date


def report_schedule(*, starts_on: dt.date, ends_on: dt.date, policy: ReportPolicy) -> list[ScheduledReport]:
    """Every report an award owes under `policy`, ordered by due date.

    Annual and financial-results reports for each fiscal year the award touches fall
    due on 31 May after that year; the interim evaluation after the configured year;
    the final report a number of days after the end.
    """
    years = fiscal_years_between(starts_on, ends_on)

    def after_year(fy: int) -> dt.date:
        return dt.date(fy + 1, policy.due_month, policy.due_day)

    reports: list[ScheduledReport] = []
    for fy in years:
        if policy.annual:
            reports.append(ScheduledReport(ReportKind.ANNUAL, fy, after_year(fy)))
        if policy.financial:
            reports.append(ScheduledReport(ReportKind.FINANCIAL, fy, after_year(fy)))
    interim_after = policy.interim_after_years
    if interim_after == "mid":
        interim_after = (len(years) + 1) // 2 if len(years) >= 3 else None
    if interim_after and len(years) > interim_after:
        fy = years[interim_after - 1]
        reports.append(ScheduledReport(ReportKind.INTERIM, fy, after_year(fy)))
    reports.append(
        ScheduledReport(
            ReportKind.FINAL, fiscal_year_of_date(ends_on), ends_on + dt.timedelta(days=policy.final_days_after_end)
        )
    )
    order = {ReportKind.ANNUAL: 0, ReportKind.FINANCIAL: 1, ReportKind.INTERIM: 2, ReportKind.FINAL: 3}
    return sorted(reports, key=lambda r: (r.due_on, order[r.kind]))
