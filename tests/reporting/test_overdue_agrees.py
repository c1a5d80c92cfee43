"""The desk and the dashboard count overdue work with one definition, so their numbers agree."""

import datetime as dt

import pytest
from django.utils import timezone

from awards.models import ReportStatus
from reporting import office
from reporting.aggregates import report_figures, review_figures
from tests.awards.factories import ProgressReportFactory
from tests.factories import UserFactory
from tests.reviews.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def test_desk_and_dashboard_agree_on_overdue_reviews_and_reports(catalog):
    call = catalog["calls"]["GF-KSAC-2024-S1"]
    past = timezone.now() - dt.timedelta(days=2)
    AssignmentFactory(application__call=call, due_at=past)
    AssignmentFactory(application__call=call, due_at=past, status="accepted")
    AssignmentFactory(application__call=call, due_at=timezone.now() + dt.timedelta(days=2))
    ProgressReportFactory(award__application__call=call, due_on=dt.date(2025, 5, 31))
    # Sent back for revision and past due: overdue on both pages (the dashboard used to skip it).
    ProgressReportFactory(
        award__application__call=call, due_on=dt.date(2025, 5, 31), status=ReportStatus.REVISION_REQUESTED
    )
    ProgressReportFactory(award__application__call=call, due_on=dt.date(2025, 5, 31), status=ReportStatus.SUBMITTED)

    director = UserFactory(role="director")
    reviews = sum(r["reviews_overdue"] for r in review_figures(now=timezone.now()))
    reports = sum(r["reports_overdue"] for r in report_figures(today=timezone.localdate()))
    assert (office.overdue_reviews(director).count(), office.overdue_reports(director).count()) == (2, 2)
    assert (reviews, reports) == (2, 2)
