"""Platform reports: request (enqueue after commit) and the idempotent, atomic build."""

import time

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .aggregates import platform_report_rows
from .models import PlatformReport, ReportBuildStatus


@transaction.atomic
def platform_report_request(*, user, fiscal_year: int | None = None) -> PlatformReport:
    """Create a queued report and have a worker build it once this transaction commits."""
    from .tasks import build_platform_report

    report = PlatformReport.objects.create(requested_by=user, fiscal_year=fiscal_year)
    build_platform_report.delay_on_commit(report_id=report.pk)
    return report


def platform_report_build(*, report_id: int) -> bool:
    """Compute the rows and store them with status done, all in one transaction; True if this call built it.

    The report row is locked for the whole build, so a concurrent or redelivered
    task waits and then finds it done and does nothing; a build killed half-way
    rolls back completely (no partial rows) and the redelivered task starts over.
    """
    # Visible progress for the dashboard, committed before the long transaction.
    PlatformReport.objects.filter(pk=report_id).exclude(status=ReportBuildStatus.DONE).update(
        status=ReportBuildStatus.RUNNING, attempts=F("attempts") + 1
    )
    with transaction.atomic():
        report = PlatformReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status == ReportBuildStatus.DONE:
            return False
        rows = platform_report_rows(fiscal_year=report.fiscal_year)
        if settings.REPORT_BUILD_TEST_DELAY_SECONDS:
            time.sleep(settings.REPORT_BUILD_TEST_DELAY_SECONDS)  # test-only: lets a test kill the worker here
        report.rows = rows
        report.status = ReportBuildStatus.DONE
        report.generated_at = timezone.now()
        report.error = ""
        report.save(update_fields=["rows", "status", "generated_at", "error"])
    return True


def platform_report_mark_failed(*, report_id: int, error: str) -> None:
    """Record a build that failed for good (not a transient error), unless it got built meanwhile."""
    PlatformReport.objects.filter(pk=report_id).exclude(status=ReportBuildStatus.DONE).update(
        status=ReportBuildStatus.FAILED, error=error[:2000]
    )
