"""Platform reports: request (enqueue after commit), the idempotent atomic build, the nightly report once a night."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from programs.fiscal import JST
from sangaku.queue import enqueue_on_commit

from .aggregates import platform_report_rows
from .models import PlatformReport, ReportBuildStatus


@transaction.atomic
def platform_report_request(*, user, fiscal_year: int | None = None) -> PlatformReport:
    """Create a queued report and publish its build once this transaction commits.

    If the broker is unreachable the report stays queued and
    `sweep_platform_report_builds` publishes it again later; the request still answers.
    """
    from .tasks import build_platform_report

    report = PlatformReport.objects.create(requested_by=user, fiscal_year=fiscal_year, enqueued_at=timezone.now())
    enqueue_on_commit(build_platform_report, report_id=report.pk)
    return report


@transaction.atomic
def platform_report_nightly(*, now=None) -> PlatformReport | None:
    """The nightly report over all fiscal years, once per night (Asia/Tokyo); None if tonight's exists already.

    The night's key is unique, so a second beat process or a manual run the same
    night finds the row and adds nothing.
    """
    from .tasks import build_platform_report

    night = (now or timezone.now()).astimezone(JST).date()
    report, created = PlatformReport.objects.get_or_create(
        period_key=f"nightly:{night.isoformat()}", defaults={"fiscal_year": None, "enqueued_at": timezone.now()}
    )
    if not created:
        return None
    enqueue_on_commit(build_platform_report, report_id=report.pk)
    return report


def platform_report_build(*, report_id: int) -> bool:
    """Compute the rows and store them with status done, all in one transaction; True if this call built it.

    The report row is locked for the whole build, so a concurrent or redelivered
    task waits and then finds it done and does nothing; a build killed half-way
    rolls back completely (no partial rows), and the redelivered task or
    `sweep_platform_report_builds` starts it over.
    """
    # Visible progress for the dashboard, committed before the long transaction.
    PlatformReport.objects.filter(pk=report_id).exclude(status=ReportBuildStatus.DONE).update(
        status=ReportBuildStatus.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now()
    )
    with transaction.atomic():
        report = PlatformReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status == ReportBuildStatus.DONE:
            return False
        report.rows = platform_report_rows(fiscal_year=report.fiscal_year)
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
