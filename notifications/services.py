"""The one way to notify a person. Callers pass a dedup key; a second call with the same key sends nothing."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Channel, Notification


def notify(*, recipient, kind: str, subject: str, body: str, dedup_key: str, link: str = "", channel: str = Channel.EMAIL):
    """Create the notification once per `dedup_key` and deliver it after commit.

    Returns the new Notification, or None when one with this key already exists
    (a rerun, a retry or a concurrent sweep).
    """
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                subject=subject,
                body=body,
                link=link,
                dedup_key=dedup_key,
                channel=channel,
            )
    except IntegrityError:
        return None
    if channel == Channel.EMAIL:
        transaction.on_commit(lambda: notification_deliver(notification_id=notification.pk))
    return notification


def notification_deliver(*, notification_id: int) -> bool:
    """Send one e-mail at most once: the sent_at stamp is claimed with a conditional update first."""
    claimed = Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if notification.recipient.email:
        send_mail(notification.subject, notification.body, None, [notification.recipient.email], fail_silently=False)
    return True
