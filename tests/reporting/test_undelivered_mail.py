"""A mail the server refuses every time is given up after NOTIFICATION_MAX_ATTEMPTS and listed on /office/."""

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import deliver_pending_notifications
from tests.applications.factories import ApplicationFactory
from tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_mail_refused_every_time_is_given_up_and_shown_to_officers_in_scope(
    settings, catalog, client, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = "tests.reporting.test_undelivered_mail.RefusingBackend"
    application = ApplicationFactory(call=catalog["calls"]["GF-KSAC-2024-S1"])
    applicant = application.applicant
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=applicant, kind="application_returned", subject="s", body="b", dedup_key="k")
    notification = Notification.objects.get()
    for attempt in (2, 3):
        assert notification.failed_at is None and notification.attempts == attempt - 1
        with time_machine.travel(notification.retry_at):
            deliver_pending_notifications.delay(older_than_seconds=0).get()
        notification.refresh_from_db()
    assert notification.failed_at is not None and notification.attempts == 3 and notification.sent_at is None
    with time_machine.travel(notification.failed_at.replace(year=notification.failed_at.year + 1)):
        assert deliver_pending_notifications.delay(older_than_seconds=0).get() == 0
    notification.refresh_from_db()
    assert notification.attempts == 3, "given up: no further attempts"

    ksac = OfficerFactory(platforms=[catalog["platforms"]["KSAC"]])
    gtie = OfficerFactory(platforms=[catalog["platforms"]["GTIE"]])
    for officer, shown in ((ksac, True), (UserFactory(role="director"), True), (gtie, False)):
        officer.refresh_from_db()
        client.force_login(officer)
        html = client.get("/office/").content.decode()
        assert ("メールサーバーが 3 回とも受け付けませんでした" in html) is shown, officer
        assert (applicant.email in html) is shown
