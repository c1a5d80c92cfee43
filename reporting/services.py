"""Platform reports: request (enqueue after commit), the idempotent atomic build, the nightly report once a night."""

from django.db import transaction
from django.utils import timezone

from programs.fiscal import JST
from sangaku.queue import enqueue_on_commit

from .aggregates import platform_report_rows
from .models import PlatformReport
from .workflow import REPORT_BUILD_WORKFLOW

SETTLED = REPORT_BUILD_WORKFLOW.final_states  # done or failed: no build move applies any more


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

    The move to running is committed first (visible progress for the dashboard).
    The report row is then locked for the whole build, so a concurrent or
    redelivered task waits and then finds it done and does nothing; a build killed
    half-way rolls back completely (no partial rows), and the redelivered task or
    `sweep_platform_report_builds` starts it over. Every move goes through
    `REPORT_BUILD_WORKFLOW` and leaves an event.
    """
    if not _move_unless_settled(report_id, "start"):
        return False
    with transaction.atomic():
        report = PlatformReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status in SETTLED:
            return False
        rows = platform_report_rows(fiscal_year=report.fiscal_year)
        REPORT_BUILD_WORKFLOW.run(pk=report_id, action="finish", actor=None, system=True, rows=rows)
    return True


def platform_report_mark_failed(*, report_id: int, error: str) -> None:
    """Record a build that failed for good (not a transient error), unless it got built meanwhile."""
    _move_unless_settled(report_id, "fail", note=error[:2000] or "失敗")


@transaction.atomic
def _move_unless_settled(report_id: int, action: str, *, note: str = "") -> bool:
    """Run a build move on the locked row unless it is gone or already done/failed; True if it moved."""
    report = PlatformReport.objects.select_for_update().filter(pk=report_id).only("id", "status").first()
    if report is None or report.status in SETTLED:
        return False
    REPORT_BUILD_WORKFLOW.run(pk=report_id, action=action, actor=None, note=note, system=True)
    return True
