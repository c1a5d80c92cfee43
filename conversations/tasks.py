"""Celery tasks of conversations: thin and idempotent (dedup keys in the outbox)."""

from celery import shared_task

from sangaku.celery import RETRY_POLICY

from . import reminders, services


@shared_task(**RETRY_POLICY)
def sweep_info_request_reminders() -> dict:
    return reminders.sweep_info_requests()


@shared_task(**RETRY_POLICY)
def send_message_digests() -> int:
    return services.message_digests_send()
