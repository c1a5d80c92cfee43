"""The reviewer's invitation reads like a letter: the due date in Tokyo time as people write it, a full link."""

import datetime as dt
import re

from notifications.models import Notification
from programs.fiscal import JST
from reviews.services import assignment_create

from .factories import ApplicationFactory, ReviewerFactory


def test_the_invitation_names_the_application_with_a_readable_due_date_and_a_full_link(setup, settings):
    settings.SITE_URL = "https://sangaku.example.jp"
    app = ApplicationFactory(call=setup["call"], title="電池材料の実証")
    reviewer = ReviewerFactory()
    due = dt.datetime(2026, 6, 20, 17, 0, tzinfo=JST)
    assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"], due_at=due)
    mail = Notification.objects.filter(recipient=reviewer, kind="assignment_invitation").first()
    assert "電池材料の実証" in mail.subject
    assert "2026年6月20日 17:00 JST" in mail.body
    assert "https://sangaku.example.jp/review/" in mail.body
    assert not re.search(r"\d{4}-\d{2}-\d{2}", mail.body), "no ISO dates"
