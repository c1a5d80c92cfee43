"""Celery tasks of the reliability app. Thin and idempotent."""

from celery import shared_task

from sangaku.celery import RETRY_POLICY

from .idempotency import forget_old_keys


@shared_task(**RETRY_POLICY)
def forget_old_idempotency_keys() -> int:
    return forget_old_keys()
