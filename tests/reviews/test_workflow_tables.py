"""The assignment and review tables, walked: every action × state × role does exactly what the table says.

Reviewers accept and decline only their own assignments and submit only their own
reviews; `complete`, `withdraw` and `discard` are run by the review app itself
(never on a person's request).
"""

import pytest
from django.utils import timezone

from reviews.models import (
    Assignment,
    AssignmentEvent,
    Review,
    ReviewerInvitation,
    ReviewerInvitationEvent,
    ReviewEvent,
)
from reviews.workflow import ASSIGNMENT_WORKFLOW, REVIEW_WORKFLOW, REVIEWER_INVITATION_WORKFLOW, Actor
from tests.workflow_walk import walk

from .factories import ReviewableApplicationFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(setup):
    application = ReviewableApplicationFactory(call=setup["call"])
    reviewer = ReviewerFactory()
    assignment = Assignment.objects.create(
        reviewer=reviewer, application=application, due_at=application.call.closes_at
    )
    # A time of submission up front, so the walk may put the review in any state (the table decides, not the row).
    review = Review.objects.create(assignment=assignment, submitted_at=timezone.now())
    people = {"reviewer": reviewer, "other_reviewer": ReviewerFactory(), "officer": setup["officer"]}
    return {"assignment": assignment, "review": review, "people": people}


def may_act(role: str, who: str) -> bool:
    return who == Actor.REVIEWER and role == "reviewer"


@pytest.mark.parametrize("action", list(ASSIGNMENT_WORKFLOW.table))
def test_assignment_table_every_action_state_and_role(case, action):
    assignment = case["assignment"]
    events = AssignmentEvent.objects.filter(assignment=assignment)
    walk(ASSIGNMENT_WORKFLOW, assignment, events, case["people"], action, may_act)


@pytest.mark.parametrize("action", list(REVIEW_WORKFLOW.table))
def test_review_table_every_action_state_and_role(case, action):
    review = case["review"]
    walk(REVIEW_WORKFLOW, review, ReviewEvent.objects.filter(review=review), case["people"], action, may_act)


@pytest.mark.parametrize("action", list(REVIEWER_INVITATION_WORKFLOW.table))
def test_reviewer_invitation_table_every_action_state_and_role(setup, action):
    invitee = ReviewerFactory()
    invitation = ReviewerInvitation.objects.create(
        call=setup["call"], email="x@example.org", name="外部", invited_by=setup["officer"], user=invitee
    )
    people = {"invitee": invitee, "other_reviewer": ReviewerFactory(), "officer": setup["officer"]}
    events = ReviewerInvitationEvent.objects.filter(invitation=invitation)
    walk(REVIEWER_INVITATION_WORKFLOW, invitation, events, people, action, lambda role, who: role == who == "invitee")
