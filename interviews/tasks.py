"""Celery tasks of interviews: thin and idempotent (dedup keys in the outbox)."""

from celery import shared_task

from sangaku.celery import RETRY_POLICY

from . import reminders


@shared_task(**RETRY_POLICY)
def sweep_interview_reminders() -> int:
    return reminders.sweep_interview_reminders()
