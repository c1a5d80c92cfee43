"""Platform reports: request (enqueue after commit), the idempotent atomic build, the nightly report once a night."""

from django.db import transaction
from django.utils import timezone

from programs.fiscal import JST
from sangaku.queue import enqueue, enqueue_on_commit

from .aggregates import platform_report_rows
from .models import PlatformReport
from .workflow import REPORT_BUILD_WORKFLOW

SETTLED = REPORT_BUILD_WORKFLOW.final_states  # done or failed: no build move applies any more


# The embedded profile (eager tasks: no worker, no beat to sweep) builds in the request; these are the builds this
# process has under way. Any other build still queued or running there was interrupted (see `_settle_interrupted`).
_BUILDING_HERE: set[int] = set()
INTERRUPTED_NOTE = "作成が途中で中断されたため中止しました（データベース接続の停止など）。もう一度作成してください。"


def _in_process() -> bool:
    from .tasks import build_platform_report

    return bool(build_platform_report.app.conf.task_always_eager)


@transaction.atomic
def platform_report_request(*, user, fiscal_year: int | None = None) -> PlatformReport:
    """Create a queued report and publish its build once this transaction commits.

    If the broker is unreachable the report stays queued and
    `sweep_platform_report_builds` publishes it again later; the request still answers.
    In the embedded profile the build runs in this request and ends done or failed, never left running.
    """
    from .tasks import build_platform_report

    if _in_process():
        platform_reports_settle_interrupted()
    report = PlatformReport.objects.create(requested_by=user, fiscal_year=fiscal_year, enqueued_at=timezone.now())
    if _in_process():
        _BUILDING_HERE.add(report.pk)  # before commit: no other request can see the row while it is not listed
        transaction.on_commit(lambda: _build_in_process(report.pk))
    else:
        enqueue_on_commit(build_platform_report, report_id=report.pk)
    return report


def _build_in_process(report_id: int) -> None:
    from .tasks import build_platform_report

    try:
        enqueue(build_platform_report, report_id=report_id)  # runs here, with its retries
        # Retries used up and the failure could not be written either: fail it now, in the request.
        _move_unless_settled(report_id, "fail", note=INTERRUPTED_NOTE)
    finally:
        _BUILDING_HERE.discard(report_id)


def platform_reports_settle_interrupted() -> int:
    """Embedded profile only: fail every build still queued or running that this process is not building.

    Without a worker and beat nothing else would ever end it (its request lost the database, or the process
    stopped mid-build). With a worker, `sweep_platform_report_builds` does this job. Returns how many.
    """
    if not _in_process():
        return 0
    stale = PlatformReport.objects.exclude(status__in=SETTLED).exclude(pk__in=list(_BUILDING_HERE))
    return sum(_move_unless_settled(pk, "fail", note=INTERRUPTED_NOTE) for pk in stale.values_list("pk", flat=True))


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
