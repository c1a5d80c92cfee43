"""Celery tasks of the notification outbox. Thin: delivery rules live in services."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from sangaku.celery import RETRY_POLICY

from .models import Notification
from .services import due_q, notifications_deliver

PENDING_BATCH = 500


@shared_task(**RETRY_POLICY)
def deliver_notifications(*, notification_ids: list[int]) -> int:
    """Send these new notifications' e-mails (published after the commit that created them)."""
    return notifications_deliver(notification_ids=notification_ids)


@shared_task(**RETRY_POLICY)
def deliver_pending_notifications(*, older_than_seconds: int = 60) -> int:
    """Send the e-mails that are due again: never handed to a worker, lease run out, or backoff over.

    Rows younger than `older_than_seconds` are left to the delivery task published
    when they were created. Each batch is leased before sending, so two runs of this
    sweep (or a sweep and a delivery task) never hold the same row.
    """
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=older_than_seconds)
    total, after = 0, 0
    while True:
        ids = list(
            Notification.objects.filter(due_q(now), created_at__lt=cutoff, pk__gt=after)
            .order_by("id")
            .values_list("id", flat=True)[:PENDING_BATCH]
        )
        if not ids:
            return total
        total += notifications_deliver(notification_ids=ids)
        after = ids[-1]
