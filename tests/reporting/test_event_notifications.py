"""Applicants hear about a return and a decision once, in their language, from the workflow's commit signal."""

import pytest
from django.core import mail

from applications.models import Status
from applications.services import application_transition
from notifications.models import Notification
from tests.applications.factories import ApplicationFactory
from tests.factories import CallFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer_and_call(catalog):
    ksac = catalog["platforms"]["KSAC"]
    return OfficerFactory(platforms=[ksac]), CallFactory(stage=catalog["stages"]["STEP1"], platform=ksac)


def test_returned_application_notifies_the_applicant_with_the_reason(officer_and_call):
    officer, call = officer_and_call
    application = ApplicationFactory(call=call, status=Status.SUBMITTED, applicant=UserFactory(preferred_language="ja"))
    application_transition(
        application_id=application.pk, action="return", actor=officer, note="予算の内訳を修正してください。"
    )
    notification = Notification.objects.get(recipient=application.applicant)
    assert notification.kind == "application_returned"
    assert notification.subject.startswith("【差戻し】")
    assert "予算の内訳を修正してください。" in notification.body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [application.applicant.email]


def test_each_return_is_its_own_notification_and_decisions_are_sent_in_english(officer_and_call):
    officer, call = officer_and_call
    applicant = UserFactory(preferred_language="en")
    application = ApplicationFactory(call=call, status=Status.SUBMITTED, applicant=applicant)
    application_transition(application_id=application.pk, action="return", actor=officer, note="1回目")
    type(application).objects.filter(pk=application.pk).update(status=Status.SUBMITTED)
    application_transition(application_id=application.pk, action="return", actor=officer, note="2回目")
    assert Notification.objects.filter(recipient=applicant, kind="application_returned").count() == 2

    rejected = ApplicationFactory(call=call, status=Status.IN_REVIEW, applicant=applicant)
    application_transition(application_id=rejected.pk, action="reject", actor=officer, note="内部メモ")
    decision = Notification.objects.get(recipient=applicant, kind="application_decision")
    assert decision.subject.startswith("[Decision]") and "not accepted" in decision.subject
    assert "内部メモ" not in decision.body, "an accept/reject note is internal"


def test_screening_sends_nothing(officer_and_call):
    officer, call = officer_and_call
    application = ApplicationFactory(call=call, status=Status.SUBMITTED)
    application_transition(application_id=application.pk, action="screen", actor=officer)
    assert not Notification.objects.exists()


def test_a_notification_that_cannot_be_written_rolls_the_return_back(officer_and_call, monkeypatch):
    """Nothing swallows it: a decision is committed with its notification or not at all."""
    officer, call = officer_and_call
    application = ApplicationFactory(call=call, status=Status.SUBMITTED)

    def outbox_unavailable(**kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr("reporting.receivers.notify", outbox_unavailable)
    with pytest.raises(RuntimeError):
        application_transition(application_id=application.pk, action="return", actor=officer, note="修正してください")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not application.events.filter(action="return").exists() and not Notification.objects.exists()
