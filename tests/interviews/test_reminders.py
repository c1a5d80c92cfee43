"""The reminder before the slot: the applicant and each panelist, once; a second sweep sends nothing."""

import datetime as dt

from interviews.reminders import sweep_interview_reminders
from interviews.services import interview_action, interview_invite, panel_add
from notifications.models import Notification


def test_reminders_go_once_to_the_applicant_and_the_panel(world, slot_maker):
    app = world["apps"][0]
    slot = slot_maker()
    interview = interview_invite(application_id=app.pk, slot_id=slot.pk, actor=world["officer"])
    interview_action(interview_id=interview.pk, action="confirm", actor=app.applicant)
    panel_add(interview_id=interview.pk, reviewer_id=world["reviewers"][0].pk, actor=world["officer"])

    assert sweep_interview_reminders(now=slot.starts_at - dt.timedelta(days=3)) == 0  # too early
    assert sweep_interview_reminders(now=slot.starts_at - dt.timedelta(hours=20)) == 2
    assert sweep_interview_reminders(now=slot.starts_at - dt.timedelta(hours=2)) == 0  # never twice
    reminded = Notification.objects.filter(kind="interview_reminder")
    assert sorted(reminded.values_list("recipient_id", flat=True)) == sorted(
        [app.applicant_id, world["reviewers"][0].pk]
    )
    assert "会議室A" in reminded.get(recipient=app.applicant).body
    assert sweep_interview_reminders(now=slot.starts_at + dt.timedelta(minutes=1)) == 0  # started


def test_cancelled_interviews_are_not_reminded(world, slot_maker):
    app = world["apps"][0]
    slot = slot_maker()
    interview = interview_invite(application_id=app.pk, slot_id=slot.pk, actor=world["officer"])
    interview_action(interview_id=interview.pk, action="cancel", actor=world["officer"], note="辞退の連絡")
    assert sweep_interview_reminders(now=slot.starts_at - dt.timedelta(hours=20)) == 0
