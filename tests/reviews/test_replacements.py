"""Replacements: a declined or withdrawn reviewer leaves a hole the officer sees (board, desk), is told
about once, and fills with the ordinary manual assignment, which is recorded as the replacement."""

import pytest

from applications.models import Status
from notifications.models import Notification
from reviews.models import Assignment, AssignmentEvent, AssignmentStatus
from reviews.replacements import replacement_needed_notify
from reviews.services import assignment_create, assignment_decline, conflict_record_by_officer

from .factories import ApplicationFactory, ReviewerFactory
from .helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def declined(setup):
    app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW, receipt_number="R-HOLE-1")
    reviewer = ReviewerFactory(display_name="辞退 太郎")
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    assignment_decline(assignment_id=assignment.pk, actor=reviewer, note="多忙のため")
    assignment.refresh_from_db()
    return app, assignment


def test_a_decline_shows_on_the_board_and_desk_and_notifies_the_officer_once(setup, declined, client):
    app, assignment = declined
    officer = setup["officer"]
    mails = Notification.objects.filter(recipient=officer, kind="replacement_needed")
    assert mails.count() == 1
    assert "R-HOLE-1" in mails.get().subject and f"/review/calls/{app.call_id}/" in mails.get().body
    assert replacement_needed_notify(assignment) == 0  # a second run sends nothing
    assert mails.count() == 1

    login(client, officer)
    board = client.get(f"/review/calls/{app.call_id}/").content.decode()
    assert "交代が必要（1名）" in board and "replacement-needed" in board
    desk = client.get("/office/")
    assert desk.context["replacements_count"] == 1
    assert "審査委員の交代が必要（1）" in desk.content.decode()


def test_the_officer_assigns_a_replacement_and_the_link_is_recorded(setup, declined, client):
    app, old = declined
    officer = setup["officer"]
    successor = ReviewerFactory(display_name="後任 花子")
    login(client, officer)
    response = client.post(f"/review/calls/{app.call_id}/assign/", {"application": app.pk, "reviewer": successor.pk})
    assert response.status_code == 302
    new = Assignment.objects.get(application=app, reviewer=successor)
    old.refresh_from_db()
    assert old.replaced_by == new and old.status == AssignmentStatus.DECLINED
    event = AssignmentEvent.objects.get(assignment=old, action="replace")
    assert event.actor == officer and "後任 花子" in event.note
    assign = AssignmentEvent.objects.get(assignment=new, action="assign")
    assert assign.actor == officer and "辞退 太郎" in assign.note

    board = client.get(f"/review/calls/{app.call_id}/").content.decode()
    assert "replacement-needed" not in board and "交代が必要（" not in board
    assert client.get("/office/").context["replacements_count"] == 0


def test_a_withdrawal_for_a_conflict_is_a_hole_too(setup):
    app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    reviewer = ReviewerFactory()
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    conflict_record_by_officer(
        reviewer=reviewer, application_id=app.pk, kind="relative", note="親族", actor=setup["officer"]
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert Notification.objects.filter(recipient=setup["officer"], kind="replacement_needed").count() == 1
