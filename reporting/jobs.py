"""No report build is orphaned: the sweep (beat, every minute) re-publishes or fails builds stuck in queued/running.

A build is stuck when it is
- queued and its task was published more than REPORT_BUILD_QUEUED_TIMEOUT_SECONDS
  ago (the broker was down, or lost the message): published again;
- running for more than REPORT_BUILD_RUNNING_TIMEOUT_SECONDS and nobody holds its
  row lock (the process building it died, or lost its database connection): queued
  and published again, or failed with the reason after REPORT_BUILD_MAX_ATTEMPTS
  starts.
A build requested more than REPORT_BUILD_GIVE_UP_SECONDS ago is failed with the
reason. A live build holds its row lock (`platform_report_build`), and the sweep
skips locked rows, so it never touches a build that is still working (PostgreSQL).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sangaku.queue import enqueue_on_commit

from .models import PlatformReport, ReportBuildStatus
from .workflow import REPORT_BUILD_WORKFLOW


@dataclass
class SweepOutcome:
    republished: int = 0
    failed: int = 0

    def as_dict(self) -> dict:
        return {"republished": self.republished, "failed": self.failed}


def platform_report_builds_sweep(
    *,
    now: dt.datetime | None = None,
    queued_timeout: float | None = None,
    running_timeout: float | None = None,
) -> SweepOutcome:
    from .tasks import build_platform_report

    now = now or timezone.now()
    queued_cutoff = now - dt.timedelta(
        seconds=settings.REPORT_BUILD_QUEUED_TIMEOUT_SECONDS if queued_timeout is None else queued_timeout
    )
    running_cutoff = now - dt.timedelta(
        seconds=settings.REPORT_BUILD_RUNNING_TIMEOUT_SECONDS if running_timeout is None else running_timeout
    )
    give_up_cutoff = now - dt.timedelta(seconds=settings.REPORT_BUILD_GIVE_UP_SECONDS)
    stuck_queued = Q(status=ReportBuildStatus.QUEUED) & (
        Q(enqueued_at__lte=queued_cutoff) | Q(enqueued_at__isnull=True, requested_at__lte=queued_cutoff)
    )
    stuck_running = Q(status=ReportBuildStatus.RUNNING) & (
        Q(started_at__lte=running_cutoff) | Q(started_at__isnull=True, requested_at__lte=running_cutoff)
    )
    outcome = SweepOutcome()
    with transaction.atomic():
        stuck = list(
            PlatformReport.objects.filter(stuck_queued | stuck_running)
            .select_for_update(skip_locked=True)  # a build in progress holds its row: not stuck
            .order_by("id")
            .only("id", "status", "attempts", "requested_at")
        )
        for report in stuck:
            if report.requested_at <= give_up_cutoff:
                error = "受付から長時間経っても作成できなかったため中止しました。もう一度作成してください。"
            elif report.status == ReportBuildStatus.RUNNING and report.attempts >= settings.REPORT_BUILD_MAX_ATTEMPTS:
                error = (
                    f"作成が {report.attempts} 回途中で中断されたため中止しました"
                    "（作業プロセスまたはデータベース接続の停止）。もう一度作成してください。"
                )
            else:
                REPORT_BUILD_WORKFLOW.run(pk=report.pk, action="requeue", actor=None, system=True)
                enqueue_on_commit(build_platform_report, report_id=report.pk)
                outcome.republished += 1
                continue
            REPORT_BUILD_WORKFLOW.run(pk=report.pk, action="fail", actor=None, note=error, system=True)
            outcome.failed += 1
    return outcome
