"""Celery tasks of the reporting app: report builds and reminder sweeps. Thin and idempotent."""

import logging

from celery import shared_task

from sangaku.celery import RETRY_POLICY, TRANSIENT_ERRORS, drop_broken_connections

from . import jobs, reminders
from .services import platform_report_build, platform_report_mark_failed, platform_report_nightly

logger = logging.getLogger(__name__)


@shared_task(bind=True, **RETRY_POLICY)
def build_platform_report(self, *, report_id: int) -> bool:
    try:
        return platform_report_build(report_id=report_id)
    except TRANSIENT_ERRORS as exc:
        drop_broken_connections()  # a retry (also an eager one, in-process) needs a new database connection
        if self.request.retries >= self.max_retries:  # the last attempt: say so on the report
            platform_report_mark_failed(report_id=report_id, error=repr(exc))
        raise  # otherwise retried with backoff and jitter
    except Exception as exc:
        platform_report_mark_failed(report_id=report_id, error=repr(exc))
        raise


@shared_task(**RETRY_POLICY)
def build_nightly_platform_report() -> int | None:
    """Tonight's report, once: a second beat or a manual run the same night returns None and adds nothing."""
    report = platform_report_nightly()
    return report.pk if report else None


@shared_task(**RETRY_POLICY)
def sweep_platform_report_builds(
    *, queued_older_than_seconds: float | None = None, running_older_than_seconds: float | None = None
) -> dict:
    return jobs.platform_report_builds_sweep(
        queued_timeout=queued_older_than_seconds, running_timeout=running_older_than_seconds
    ).as_dict()


@shared_task(**RETRY_POLICY)
def sweep_review_reminders() -> dict:
    return reminders.sweep_reviews().as_dict()


@shared_task(**RETRY_POLICY)
def sweep_draft_reminders() -> dict:
    return reminders.sweep_drafts().as_dict()


@shared_task(**RETRY_POLICY)
def sweep_progress_report_reminders() -> dict:
    return reminders.sweep_progress_reports().as_dict()
