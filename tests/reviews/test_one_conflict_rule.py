"""One conflict rule for every seat on an application: a review assignment by hand, an interview panel, an
evaluator panel. Each way a conflict arises refuses the seat with the one error code, on the field the
officer chose, and leaves the person out of the seat's candidate list; an unrelated reviewer is seated.

Each person is made before the fact that conflicts them (except a declaration or a bid, which are the
record themselves), so nothing was recorded when they joined the pool: the refusal comes from the rule
applied when the seat is asked for."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from accounts.models import User
from applications.models import Application, MembershipStatus, Status, TeamMember
from evaluations import services as evaluation_services
from evaluations.models import EvaluationAssignment
from interviews.models import PanelMember
from interviews.selectors import panel_candidates
from interviews.services import interview_action, interview_invite, panel_add
from reviews.bidding import bids_save
from reviews.conflicts import CONFLICT_CODE, conflict_record
from reviews.models import Assignment, Bid, BidChoice, ConflictKind, ConflictSource
from reviews.services import assignment_create
from sangaku.errors import Invalid
from tests.applications.factories import ApplicationFactory, ReviewableApplicationFactory
from tests.evaluations.conftest import award, people, plan  # noqa: F401 (fixtures)
from tests.factories import InstitutionFactory, UserFactory
from tests.interviews.conftest import slot_maker, world  # noqa: F401 (fixtures)

from .factories import ReviewerFactory


@dataclass
class Seat:
    application: Application
    field: str
    take: Callable  # take(person): ask for the seat
    seated: Callable  # seated(person) -> bool
    candidates: Callable | None  # the seat's list of people an officer may choose from (ids)


@pytest.fixture(params=["review", "interview", "evaluation"])
def seat(request, db) -> Seat:
    if request.param == "review":
        setup = request.getfixturevalue("setup")
        app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
        return Seat(
            app,
            "reviewer",
            lambda p: assignment_create(application_id=app.pk, reviewer=p, actor=setup["officer"]),
            lambda p: Assignment.objects.filter(application=app, reviewer=p).exists(),
            None,
        )
    if request.param == "interview":
        officer = request.getfixturevalue("world")["officer"]
        app = request.getfixturevalue("world")["apps"][0]
        made = interview_invite(
            application_id=app.pk, slot_id=request.getfixturevalue("slot_maker")().pk, actor=officer
        )
        interview = interview_action(interview_id=made.pk, action="confirm", actor=app.applicant)
        return Seat(
            app,
            "reviewer",
            lambda p: panel_add(interview_id=interview.pk, reviewer_id=p.pk, actor=officer),
            lambda p: PanelMember.objects.filter(interview=interview, reviewer=p).exists(),
            lambda: {m.user_id for m in panel_candidates(interview)},
        )
    officer = request.getfixturevalue("people")["officer"]
    evaluation = request.getfixturevalue("award").evaluations.get()
    evaluation_services.evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=officer)
    return Seat(
        evaluation.award.application,
        "evaluator",
        lambda p: evaluation_services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=p, actor=officer),
        lambda p: EvaluationAssignment.objects.filter(evaluation=evaluation, evaluator=p).exists(),
        lambda: set(evaluation_services.eligible_evaluators(evaluation).values_list("pk", flat=True)),
    )


def _accepted_member(app, user):
    TeamMember.objects.create(
        application=app, name=str(user), user=user, role="co_investigator", status=MembershipStatus.ACCEPTED
    )


def declared(app):
    person = ReviewerFactory()
    conflict_record(
        reviewer=person, application=app, kind=ConflictKind.RELATIVE, source=ConflictSource.DECLARED, actor=person
    )
    return person


def bid_conflict(app):
    """The reviewer bids 「利害関係あり」. An award's application takes no bids any more: there, the conflict
    its bid left during the review (the bid and the declared conflict `bids_save` records)."""
    person = ReviewerFactory()
    if app.status in (Status.IN_REVIEW, Status.INTERVIEW):
        bids_save(call_id=app.call_id, reviewer=person, bids={app.pk: BidChoice.CONFLICT})
    else:
        Bid.objects.create(reviewer=person, application=app, choice=BidChoice.CONFLICT)
        conflict_record(
            reviewer=person, application=app, kind=ConflictKind.OTHER, source=ConflictSource.DECLARED, actor=person
        )
    return person


def applications_institution(app):
    person = ReviewerFactory()
    User.objects.filter(pk=person.pk).update(affiliation=app.institution)
    return person


def pi_affiliation(app):
    """The application names another institution than the PI's own; the reviewer is at the PI's university."""
    Application.objects.filter(pk=app.pk).update(institution=InstitutionFactory())
    person = ReviewerFactory()
    User.objects.filter(pk=person.pk).update(affiliation=app.applicant.affiliation)
    return person


def member_affiliation(app):
    """A co-investigator whose team row names no institution works at the reviewer's university."""
    person = ReviewerFactory()
    _accepted_member(app, UserFactory(affiliation=person.affiliation))
    return person


def past_cowork(app):
    """The reviewer led a recent application on which the PI was a member."""
    person = ReviewerFactory()
    earlier = ApplicationFactory(applicant=person, status=Status.SUBMITTED)
    _accepted_member(earlier, app.applicant)
    return person


def team_member(app):
    person = ReviewerFactory()
    _accepted_member(app, person)
    return person


# Each way and the kind of conflict the refusal names.
WAYS = {
    declared: ConflictKind.RELATIVE,
    bid_conflict: ConflictKind.OTHER,
    applications_institution: ConflictKind.SAME_INSTITUTION,
    pi_affiliation: ConflictKind.SAME_INSTITUTION,
    member_affiliation: ConflictKind.SAME_INSTITUTION,
    past_cowork: ConflictKind.PAST_COLLABORATION,
    team_member: ConflictKind.ON_TEAM,
}


@pytest.mark.parametrize("way", WAYS, ids=[w.__name__ for w in WAYS])
def test_a_conflicted_person_is_refused_with_the_one_code_and_left_out_of_the_candidates(seat, way):
    person = way(seat.application)
    with pytest.raises(Invalid) as refused:
        seat.take(person)
    assert refused.value.code == CONFLICT_CODE
    assert refused.value.status_code == 400
    reason = refused.value.errors()[seat.field][0]
    assert "利害関係" in reason and str(WAYS[way].label) in reason  # the officer reads which conflict
    assert not seat.seated(person)
    if seat.candidates:
        assert person.pk not in seat.candidates()


def test_an_unrelated_reviewer_takes_the_seat(seat):
    person = ReviewerFactory()
    if seat.candidates:
        assert person.pk in seat.candidates()
    seat.take(person)
    assert seat.seated(person)
