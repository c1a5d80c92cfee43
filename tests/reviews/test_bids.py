"""Bidding: reviewers mark the call's conflict-free applications; bids steer the optimal assignment,
a "not willing" pair is a last resort the preview points out, a declared conflict is never overridden,
and the deadline reminder goes out once."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Notification
from reviews.bidding import biddable_applications, bids_for, bids_remind, bids_save
from reviews.models import ConflictOfInterest, ConflictSource
from reviews.services import reviewers_auto_assign
from sangaku.errors import Invalid, NotFound, Refused
from tests.factories import CallFactory, StageFactory, UserFactory

from .factories import ReviewableApplicationFactory, ReviewerFactory
from .helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def single(setup):
    """A call needing one reviewer per application, two applications, two reviewers with one slot each."""
    stage = StageFactory(rubric=setup["rubric"], reviewers_per_application=1)
    call = CallFactory(stage=stage, platform=setup["platform"])
    apps = [ReviewableApplicationFactory(call=call) for _ in range(2)]
    reviewers = [ReviewerFactory(profile__cap=1), ReviewerFactory(profile__cap=1)]
    return call, apps, reviewers


def _pairs(result):
    return {(item["application"].pk, item["reviewer"].pk) for item in result.proposal}


def test_eager_bids_decide_who_reviews_what(setup, single):
    call, (a1, a2), (r1, r2) = single
    bids_save(call_id=call.pk, reviewer=r1, bids={a2.pk: "eager", a1.pk: "willing"})
    bids_save(call_id=call.pk, reviewer=r2, bids={str(a1.pk): "eager"})
    result = reviewers_auto_assign(call_id=call.pk, actor=setup["officer"], dry_run=True)
    assert _pairs(result) == {(a2.pk, r1.pk), (a1.pk, r2.pk)}

    bids_save(call_id=call.pk, reviewer=r1, bids={a1.pk: "eager", a2.pk: "not_willing"})
    bids_save(call_id=call.pk, reviewer=r2, bids={a1.pk: "", a2.pk: "eager"})
    result = reviewers_auto_assign(call_id=call.pk, actor=setup["officer"], dry_run=True)
    assert _pairs(result) == {(a1.pk, r1.pk), (a2.pk, r2.pk)}


def test_not_willing_is_used_only_when_nothing_else_fills_the_slot_and_the_preview_says_so(setup, single, client):
    call, (a1, a2), (r1, r2) = single
    bids_save(call_id=call.pk, reviewer=r1, bids={a1.pk: "not_willing", a2.pk: "not_willing"})
    bids_save(call_id=call.pk, reviewer=r2, bids={a1.pk: "willing"})
    result = reviewers_auto_assign(call_id=call.pk, actor=setup["officer"], dry_run=True)
    assert _pairs(result) == {(a1.pk, r2.pk), (a2.pk, r1.pk)}
    assert [(i["application"].pk, i["unwilling"]) for i in result.proposal if i["unwilling"]] == [(a2.pk, True)]

    login(client, setup["officer"])
    page = client.get(f"/review/calls/{call.pk}/?preview=1").content.decode()
    assert page.count("本人は「担当したくない」と回答") == 1


def test_a_conflict_bid_is_recorded_hides_the_application_and_is_never_assigned(setup, single):
    call, (a1, a2), (r1, r2) = single
    bids_save(call_id=call.pk, reviewer=r1, bids={a1.pk: "conflict", a2.pk: "eager"})
    conflict = ConflictOfInterest.objects.get(reviewer=r1, application=a1)
    assert conflict.source == ConflictSource.DECLARED
    assert [a.pk for a in biddable_applications(call, r1)] == [a2.pk]
    bids_save(call_id=call.pk, reviewer=r2, bids={a2.pk: "eager"})
    result = reviewers_auto_assign(call_id=call.pk, actor=setup["officer"], dry_run=True)
    assert (a1.pk, r1.pk) not in _pairs(result)
    assert [row["application"].pk for row in bids_for(call.pk, r1)["rows"]] == [a2.pk]


def test_bad_bids_are_refused_and_change_nothing(setup, single):
    call, (a1, a2), (r1, _r2) = single
    bids_save(call_id=call.pk, reviewer=r1, bids={a1.pk: "willing"})
    with pytest.raises(Invalid) as bad:
        bids_save(call_id=call.pk, reviewer=r1, bids={a1.pk: "eager", a2.pk: "maybe"})
    assert "審査希望は次から選んでください" in str(bad.value.as_dict())
    with pytest.raises(NotFound):
        bids_save(call_id=call.pk, reviewer=UserFactory(), bids={a1.pk: "eager"})
    type(call).objects.filter(pk=call.pk).update(bids_due_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(Refused):
        bids_save(call_id=call.pk, reviewer=r1, bids={a1.pk: "eager"})
    assert {row["application"].pk: row["bid"] for row in bids_for(call.pk, r1)["rows"]} == {
        a1.pk: "willing",
        a2.pk: "",
    }


def test_the_bidding_reminder_goes_once_to_reviewers_who_have_not_bid(setup, single):
    call, (a1, _a2), (r1, r2) = single
    type(call).objects.filter(pk=call.pk).update(bids_due_at=timezone.now() + dt.timedelta(days=1))
    bids_save(call_id=call.pk, reviewer=r1, bids={a1.pk: "eager"})
    bids_remind()
    bids_remind()
    reminders = Notification.objects.filter(kind="bids_reminder")
    assert list(reminders.values_list("recipient", flat=True)) == [r2.pk]
    assert call.title in reminders.get().subject
