"""Anonymity as one rule (`applications.identity`): every event kind × every viewer.

An application with its PI, an accepted co-applicant, three reviewers (A and B accepted; C was assigned,
then bid 「利害関係あり」, which withdrew their assignment) and the officer. Reviewers act on every kind of
event the application knows, and A writes to the reviewers. Each viewer then reads the events API, the
messages API and the application page (its history and timeline): the applicant and the co-applicant never
read a reviewer's name, e-mail or account id (they read 「審査関係者」); a reviewer reads the others as the same
審査委員N; the officer reads everyone by name.
"""

import pytest

from applications.identity import shown_to
from applications.models import ApplicationEvent, MembershipStatus, Status, TeamMember
from applications.workflow import EDIT_EVENT_LABELS, TRANSITIONS
from conversations.services import message_post
from notifications.models import Notification
from reviews.bidding import bids_save
from reviews.models import BidChoice
from reviews.services import assignment_accept, assignment_create
from tests.applications.factories import ReviewableApplicationFactory
from tests.factories import CallFactory, PlatformFactory, StageFactory, UserFactory
from tests.reviews.factories import ReviewerFactory, RubricFactory

EVENT_KINDS = sorted({*TRANSITIONS, *EDIT_EVENT_LABELS, "assignment_withdrawn"})
VIEWERS = ["applicant", "co_applicant", "reviewer_a", "reviewer_b", "officer"]


def _person(factory, tag, **kwargs):
    return factory(username=f"id-{tag}", display_name=f"氏名{tag}", email=f"mail-{tag}@people.example.jp", **kwargs)


@pytest.fixture
def world(db):
    from accounts.models import Role

    platform = PlatformFactory()
    call = CallFactory(stage=StageFactory(rubric=RubricFactory(), reviewers_per_application=2), platform=platform)
    officer = _person(UserFactory, "officer", role=Role.OFFICER)
    officer.officer_platforms.add(platform)
    pi, co = _person(UserFactory, "pi"), _person(UserFactory, "co")
    app = ReviewableApplicationFactory(call=call, applicant=pi, status=Status.IN_REVIEW)
    TeamMember.objects.create(
        application=app, name=str(co), user=co, role="co_investigator", status=MembershipStatus.ACCEPTED
    )
    a, b, c = (_person(ReviewerFactory, tag) for tag in ("rev-a", "rev-b", "rev-c"))
    for reviewer in (a, b, c):
        assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=officer)
        if reviewer is not c:
            assignment_accept(assignment_id=assignment.pk, actor=reviewer)
    # The reported leak: C's bid of 「利害関係あり」 withdraws C's assignment, an event with C as its actor.
    bids_save(call_id=call.pk, reviewer=c, bids={app.pk: BidChoice.CONFLICT})
    for kind in EVENT_KINDS:  # whatever the kind, a reviewer may be the one who acted
        ApplicationEvent.objects.create(application=app, actor=a, action=kind, to_status=app.status)
    message_post(application_id=app.pk, actor=a, body="審査委員同士の連絡", visibility="reviewers")
    return {
        "app": app,
        "applicant": pi,
        "co_applicant": co,
        "reviewer_a": a,
        "reviewer_b": b,
        "reviewer_c": c,
        "officer": officer,
    }


def _traces(person) -> list[str]:
    return [person.display_name, person.email, person.username]


def _read(client, viewer, app) -> dict[str, str]:
    client.force_login(viewer)
    events = client.get(f"/api/v1/applications/{app.pk}/events/?page_size=200")
    messages = client.get(f"/api/v1/applications/{app.pk}/messages/")
    page = client.get(f"/applications/{app.pk}/")
    assert events.status_code == messages.status_code == page.status_code == 200
    return {"events": events.json(), "events API": events.content.decode(), "messages API": messages.content.decode(),
            "page": page.content.decode()}  # fmt: skip


@pytest.mark.parametrize("viewer_key", VIEWERS)
def test_no_reviewer_is_named_to_a_viewer_who_may_not_know_them(world, client, viewer_key):
    viewer, app = world[viewer_key], world["app"]
    reviewers = {k: world[k] for k in ("reviewer_a", "reviewer_b", "reviewer_c")}
    hidden = {} if viewer_key == "officer" else {k: r for k, r in reviewers.items() if k != viewer_key}
    read = _read(client, viewer, app)

    for key, reviewer in hidden.items():
        for where in ("events API", "messages API", "page"):
            for trace in _traces(reviewer):
                assert trace not in read[where], f"{key}'s {trace!r} reaches {viewer_key} in the {where}"
    events = read["events"]["results"]
    by_a = [e for e in events if e["action"] in EVENT_KINDS and e["note"] == "" and e["action"] != "submit"]
    kinds_seen = {e["action"] for e in events}
    assert set(EVENT_KINDS) <= kinds_seen, "every kind of event is walked"
    withdrawn_by_c = [e for e in events if e["action"] == "assignment_withdrawn" and e["actor_name"] != "氏名rev-a"]

    if viewer_key in ("applicant", "co_applicant"):
        assert {e["actor_name"] for e in by_a} <= {"審査関係者", "氏名officer"}
        assert "審査関係者" in read["page"]
        hidden_ids = {r.pk for r in reviewers.values()}
        assert not {e["actor"] for e in events} & hidden_ids
    elif viewer_key == "reviewer_b":  # A is 審査委員1 and C 審査委員3 wherever B reads them
        names = {e["actor_name"] for e in events}
        assert {"審査委員1", "審査委員3"} <= names
        assert "審査委員1" in read["messages API"] and "審査委員1" in read["page"]
    elif viewer_key == "reviewer_a":
        assert "審査委員3" in {e["actor_name"] for e in withdrawn_by_c}
        assert "審査委員1（あなた）" in read["page"]
    else:  # the officer knows everyone
        assert "氏名rev-c" in {e["actor_name"] for e in withdrawn_by_c}
        assert all(trace in read["page"] for trace in ("氏名rev-a", "氏名rev-c"))


def test_the_message_mail_to_a_co_reviewer_names_the_author_by_label(world):
    to_b = Notification.objects.get(recipient=world["reviewer_b"], kind="message")
    assert "審査委員1" in to_b.body and "氏名rev-a" not in to_b.body + to_b.subject
    to_officer = Notification.objects.get(recipient=world["officer"], kind="message")
    assert "氏名rev-a" in to_officer.body


def test_the_rule_itself_labels_are_stable_whatever_the_viewer(world):
    app, a, b, c = world["app"], world["reviewer_a"], world["reviewer_b"], world["reviewer_c"]
    assert shown_to(b, app).name(a) == shown_to(c, app).name(a) == "審査委員1"
    assert shown_to(a, app).name(c) == shown_to(b, app).name(c) == "審査委員3"
    assert shown_to(world["applicant"], app).name(a) == "審査関係者"
    assert shown_to(world["applicant"], app).person_id(a) is None
    assert shown_to(world["applicant"], app).name(world["co_applicant"]) == "氏名co"
    assert shown_to(world["officer"], app).name(c) == "氏名rev-c"


def test_the_review_side_is_read_in_five_queries_once_per_application(world, django_assert_num_queries):
    """Bids and declarations, the chair, assignments, interview panels, evaluators: one query each, however many
    people; the history and the timeline of one page share them."""
    from applications.identity import review_side_seats
    from applications.models import Application

    app = Application.objects.get(pk=world["app"].pk)
    with django_assert_num_queries(5):
        review_side_seats(app)
    with django_assert_num_queries(0):
        assert shown_to(world["applicant"], app).name(world["reviewer_a"]) == "審査関係者"
