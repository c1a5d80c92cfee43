"""The outbox's delivery lease: a crashed deliverer's mail is sent again after its lease, with the same Message-ID."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from notifications.models import Notification
from notifications.services import _claim, message_id, notifications_deliver, notify
from notifications.tasks import deliver_pending_notifications
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, key):
    return notify(recipient=user, kind="test", subject="件名", body="本文", dedup_key=key)


def test_the_mail_carries_a_message_id_made_from_the_outbox_key(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(UserFactory(), "review:due3:assignment7:2026-06-04:user9")
    [sent] = mail.outbox
    assert sent.extra_headers["Message-ID"] == message_id("review:due3:assignment7:2026-06-04:user9")
    assert sent.message()["Message-ID"] == message_id("review:due3:assignment7:2026-06-04:user9")
    assert message_id("a") != message_id("b") and message_id("a") == message_id("a")


def test_a_deliverer_that_died_holding_the_lease_is_replaced_after_the_lease_with_the_same_message_id():
    notification = _notify(UserFactory(), "k1")  # committed; its delivery task never ran
    assert _claim([notification.pk]) == [(notification.pk, 1)]  # a deliverer leased it, then died
    assert notifications_deliver(notification_ids=[notification.pk]) == 0, "nobody else sends during the lease"
    assert deliver_pending_notifications.delay(older_than_seconds=0).get() == 0
    notification.refresh_from_db()
    assert notification.sent_at is None and notification.attempts == 1
    first_lease = notification.retry_at - notification.claimed_at
    with time_machine.travel(notification.retry_at + dt.timedelta(seconds=1)):
        assert deliver_pending_notifications.delay(older_than_seconds=0).get() == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.attempts == 2
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message_id("k1")]
    assert notifications_deliver(notification_ids=[notification.pk]) == 0, "sent once it is stamped sent"
    assert len(mail.outbox) == 1
    assert first_lease == dt.timedelta(seconds=300)


def test_a_user_without_an_e_mail_address_is_given_up_at_once(django_capture_on_commit_callbacks):
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user, "k2")
    notification = Notification.objects.get()
    assert notification.failed_at is not None and notification.sent_at is None and not mail.outbox
    assert notification.failure_reason == "宛先のメールアドレスが登録されていません"
