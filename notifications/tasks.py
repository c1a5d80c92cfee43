"""Celery tasks of the notification outbox."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from sangaku.celery import RETRY_POLICY

from .models import Channel, Notification
from .services import notifications_deliver

PENDING_BATCH = 500


@shared_task(**RETRY_POLICY)
def deliver_pending_notifications(*, older_than_seconds: int = 60) -> int:
    """Send e-mails still unsent after a while (mail server was down, or a deliverer crashed)."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    total = 0
    while True:
        ids = list(
            Notification.objects.filter(channel=Channel.EMAIL, sent_at__isnull=True, created_at__lt=cutoff)
            .order_by("id")
            .values_list("id", flat=True)[:PENDING_BATCH]
        )
        if not ids:
            return total
        sent = notifications_deliver(notification_ids=ids)
        total += sent
        if sent == 0:
            return total  # the rest failed again or is locked by another deliverer
