"""Celery tasks of the review app: thin and idempotent (dedup keys in the outbox)."""

from celery import shared_task

from sangaku.celery import RETRY_POLICY

from . import bidding


@shared_task(**RETRY_POLICY)
def sweep_bid_reminders() -> int:
    return bidding.bids_remind()
