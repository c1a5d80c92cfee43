"""The notification service, the inbox page, the header count and the API (own notifications only)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from notifications.models import Notification
from notifications.services import notifications_deliver, notify
from notifications.tasks import deliver_pending_notifications
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, key="k1", **kwargs):
    return notify(
        recipient=user,
        kind="review_due_soon",
        context={
            "name": str(user),
            "application": "KSAC-2024-0001",
            "due": "2026-06-04",
            "days": 3,
            "link": "/review/",
        },
        dedup_key=key,
        link="/review/",
        **kwargs,
    )


def test_template_is_chosen_by_the_recipients_language(django_capture_on_commit_callbacks):
    ja, en = UserFactory(preferred_language="ja"), UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(ja, "a")
        _notify(en, "b")
    assert (
        Notification.objects.get(recipient=ja).subject
        == "【審査期限のお知らせ】KSAC-2024-0001 の審査期限まであと3日です"
    )
    assert Notification.objects.get(recipient=en).subject == "[Review due] KSAC-2024-0001: 3 days left"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ja.email, en.email])
    # The due date is written as people read it, in the recipient's language.
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "2026年6月4日" in bodies[ja.email] and "4 Jun 2026" in bodies[en.email]


def test_same_dedup_key_sends_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(user) is not None
        assert _notify(user) is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert notifications_deliver(notification_ids=list(Notification.objects.values_list("id", flat=True))) == 0
    assert len(mail.outbox) == 1


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_refused_mail_is_retried_by_the_pending_sweep_after_a_backoff(settings, django_capture_on_commit_callbacks):
    user = UserFactory()
    settings.EMAIL_BACKEND = "tests.notifications.test_inbox.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    notification = Notification.objects.get()
    assert notification.sent_at is None and notification.attempts == 1, "a refused mail is not marked sent"
    assert "mail server down" in notification.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_pending_notifications.delay(older_than_seconds=0).get() == 0, "not again before the backoff"
    with time_machine.travel(notification.retry_at + dt.timedelta(seconds=1)):
        assert deliver_pending_notifications.delay(older_than_seconds=0).get() == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.attempts == 2 and len(mail.outbox) == 1
    assert notification.last_error == ""


def test_inbox_lists_own_notifications_and_marks_them_read(client):
    me, other = UserFactory(), UserFactory()
    mine = _notify(me, "mine")
    _notify(other, "theirs")
    me.refresh_from_db()  # the factory does not save the hashed password; log in with the stored row
    client.force_login(me)
    page = client.get("/notifications/")
    assert page.status_code == 200
    html = page.content.decode()
    assert mine.subject in html
    assert html.count('class="badge"') >= 1 and ">1</span>" in html, "the header shows the unread count"
    assert client.post(f"/notifications/{Notification.objects.get(recipient=other).pk}/read/").status_code == 404
    response = client.post(f"/notifications/{mine.pk}/read/")
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert ">1</span>" not in client.get("/notifications/").content.decode()


def test_api_lists_only_own_and_marks_read(api_client):
    me, other = UserFactory(), UserFactory()
    _notify(me, "m1")
    _notify(me, "m2")
    theirs = _notify(other, "o1")
    api_client.force_authenticate(me)
    listing = api_client.get("/api/v1/notifications/").json()
    assert listing["count"] == 2 if "count" in listing else len(listing["results"]) == 2
    assert api_client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert api_client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"unread_count": 2}
    first = Notification.objects.filter(recipient=me).first()
    assert api_client.post(f"/api/v1/notifications/{first.pk}/read/").json()["is_read"] is True
    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"unread_count": 1}
    api_client.post("/api/v1/notifications/read-all/")
    assert api_client.get("/api/v1/notifications/unread-count/").json() == {"unread_count": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_users_get_no_inbox(client, api_client):
    assert client.get("/notifications/").status_code == 302
    assert api_client.get("/api/v1/notifications/").status_code in (401, 403)


def test_plain_text_mail_is_not_html_escaped():
    user = UserFactory(preferred_language="en")
    notification = notify(
        recipient=user,
        kind="review_due_soon",
        context={"name": "A & B <Lab>", "application": 'R&D "X"', "due": "2026-06-04", "days": "1", "link": ""},
        dedup_key="escape",
    )
    assert notification.subject == '[Review due] R&D "X": 1 day left'
    assert "Dear A & B <Lab>," in notification.body
