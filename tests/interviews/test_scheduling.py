"""Slots, invitations from the ranking, the applicant's answer and the officer's re-offer (services and events)."""

import datetime as dt

import pytest

from applications.models import Status
from interviews.models import Interview, InterviewStatus
from interviews.services import interview_action, interview_invite, slot_create
from notifications.models import Notification
from sangaku.errors import Invalid, NotFound, Refused

from .conftest import tomorrow_at


def test_slot_bounds_are_refused_with_a_japanese_message_per_field(world):
    day, start, end = tomorrow_at(10)
    cases = [
        ({"start_time": start, "end_time": start}, "end_time", "終了時刻は開始時刻より後"),
        ({"start_time": dt.time(8), "end_time": dt.time(17, 30)}, "end_time", "1枠は8時間以内"),
        ({"place": ""}, "place", "場所またはオンライン会議のURL"),
        ({"place": "", "meeting_url": "javascript:alert(1)"}, "meeting_url", "URL"),
        ({"date": dt.date(2001, 1, 1)}, "date", "これから先の日時"),
        ({"place": "あ" * 201}, "place", "200文字以内"),
    ]
    for change, field, words in cases:
        values = {"date": day, "start_time": start, "end_time": end, "place": "会議室"} | change
        with pytest.raises(Invalid) as refused:
            slot_create(call_id=world["call"].pk, actor=world["officer"], **values)
        assert words in refused.value.errors()[field][0], (change, refused.value.errors())
    slot = slot_create(
        call_id=world["call"].pk, actor=world["officer"], date=day, start_time=start, end_time=end,
        meeting_url="https://meet.example.jp/abc",
    )  # fmt: skip
    assert (slot.ends_at - slot.starts_at) == dt.timedelta(minutes=30)
    assert slot.starts_at.utcoffset() is not None


def test_an_officer_out_of_scope_cannot_schedule(world):
    day, start, end = tomorrow_at(10)
    with pytest.raises(NotFound):
        slot_create(
            call_id=world["call"].pk, actor=world["officer_out"], date=day, start_time=start, end_time=end, place="室"
        )


def test_inviting_moves_the_application_to_interview_and_tells_the_applicant_once(world, slot_maker):
    app, slot = world["apps"][0], slot_maker()
    interview = interview_invite(application_id=app.pk, slot_id=slot.pk, actor=world["officer"])
    app.refresh_from_db()
    assert app.status == Status.INTERVIEW
    assert app.events.filter(action="invite_interview", actor=world["officer"]).count() == 1
    assert interview.status == InterviewStatus.OFFERED
    assert list(interview.events.values_list("action", "to_status")) == [("invite", "offered")]
    assert Notification.objects.filter(recipient=app.applicant, kind="interview_offered").count() == 1
    # The slot is taken, the application has its interview.
    with pytest.raises(Refused):
        interview_invite(application_id=app.pk, slot_id=slot_maker(hour=11).pk, actor=world["officer"])
    with pytest.raises(Invalid) as taken:
        interview_invite(application_id=world["apps"][1].pk, slot_id=slot.pk, actor=world["officer"])
    assert "既に別の申請" in taken.value.errors()["slot"][0]


def test_an_application_not_in_review_cannot_be_invited(world, slot_maker):
    app = world["apps"][0]
    type(app).objects.filter(pk=app.pk).update(status=Status.SUBMITTED)
    with pytest.raises(Refused):
        interview_invite(application_id=app.pk, slot_id=slot_maker().pk, actor=world["officer"])
    assert not Interview.objects.exists()


def test_applicant_asks_for_another_slot_officer_reoffers_applicant_confirms(world, slot_maker):
    app = world["apps"][0]
    first, second = slot_maker(hour=10), slot_maker(hour=14)
    interview = interview_invite(application_id=app.pk, slot_id=first.pk, actor=world["officer"])
    with pytest.raises(Invalid):  # a note is required
        interview_action(interview_id=interview.pk, action="request_change", actor=app.applicant)
    interview = interview_action(
        interview_id=interview.pk, action="request_change", actor=app.applicant, note="午後でお願いします"
    )
    assert (interview.status, interview.change_note) == (InterviewStatus.CHANGE_REQUESTED, "午後でお願いします")
    assert Notification.objects.filter(recipient=world["officer"], kind="interview_change_requested").count() == 1
    with pytest.raises(Invalid):  # the applicant cannot offer, the officer must pick a slot
        interview_action(interview_id=interview.pk, action="reoffer", actor=world["officer"])
    interview = interview_action(interview_id=interview.pk, action="reoffer", actor=world["officer"], slot_id=second.pk)
    assert (interview.status, interview.slot_id, interview.change_note) == (InterviewStatus.OFFERED, second.pk, "")
    assert Notification.objects.filter(recipient=app.applicant, kind="interview_offered").count() == 2
    interview = interview_action(interview_id=interview.pk, action="confirm", actor=app.applicant)
    assert interview.status == InterviewStatus.CONFIRMED
    assert list(interview.events.values_list("action", "actor_id")) == [
        ("invite", world["officer"].pk),
        ("request_change", app.applicant_id),
        ("reoffer", world["officer"].pk),
        ("confirm", app.applicant_id),
    ]
    # The first slot is free again and can go to the other application.
    other = interview_invite(application_id=world["apps"][1].pk, slot_id=first.pk, actor=world["officer"])
    assert other.slot_id == first.pk
