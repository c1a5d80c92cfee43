"""Celery tasks of the reporting app: report builds and reminder sweeps. Thin and idempotent."""

import logging

from celery import shared_task

from sangaku.celery import RETRY_POLICY, TRANSIENT_ERRORS

from . import reminders
from .models import PlatformReport
from .services import platform_report_build, platform_report_mark_failed

logger = logging.getLogger(__name__)


@shared_task(bind=True, **RETRY_POLICY)
def build_platform_report(self, *, report_id: int) -> bool:
    try:
        return platform_report_build(report_id=report_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:  # the last attempt: say so on the report
            platform_report_mark_failed(report_id=report_id, error=repr(exc))
        raise  # otherwise retried with backoff and jitter
    except Exception as exc:
        platform_report_mark_failed(report_id=report_id, error=repr(exc))
        raise


@shared_task(**RETRY_POLICY)
def build_nightly_platform_report() -> int:
    report = PlatformReport.objects.create(fiscal_year=None)
    build_platform_report.delay_on_commit(report_id=report.pk)
    return report.pk


@shared_task(**RETRY_POLICY)
def sweep_review_reminders() -> dict:
    return reminders.sweep_reviews().as_dict()


@shared_task(**RETRY_POLICY)
def sweep_draft_reminders() -> dict:
    return reminders.sweep_drafts().as_dict()


@shared_task(**RETRY_POLICY)
def sweep_progress_report_reminders() -> dict:
    return reminders.sweep_progress_reports().as_dict()
