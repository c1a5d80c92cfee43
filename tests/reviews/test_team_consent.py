"""Naming people on a team without their consent changes nothing for anyone (conflicts, co-work, reviews)."""

from applications.invitations import invitation_answer
from applications.models import BudgetLine, Status, TeamMember
from applications.services import application_transition
from reviews.conflicts import conflicts_detect_and_record, detect_conflicts
from reviews.models import ConflictKind, Review, ReviewStatus
from tests.factories import UserFactory

from .factories import ReviewableApplicationFactory, ReviewerFactory
from .helpers import scored


def _throwaway(setup, attacker, *named):
    """A submitted application by `attacker` naming these people, still pending (submit now waits for every
    invitation: rows pending on a submitted application are those written before that rule)."""
    app = ReviewableApplicationFactory(
        call=setup["call"], applicant=attacker, status=Status.DRAFT, receipt_number=None, title="捨て申請"
    )
    BudgetLine.objects.create(
        application=app, fiscal_year=setup["call"].fiscal_year, category="equipment", amount=1_000_000
    )
    application_transition(application_id=app.pk, action="submit", actor=attacker)
    members = [
        TeamMember.objects.create(application=app, name=f"名義{i}", role="co_investigator", user=p)
        for i, p in enumerate(named)
    ]
    return app, members


def _kinds(reviewer, application):
    return detect_conflicts(application_ids=[application.pk], reviewer_ids=[reviewer.pk]).get(
        (reviewer.pk, application.pk), set()
    )


def test_naming_a_reviewer_and_an_applicant_without_consent_voids_nothing(setup):
    victim = UserFactory()
    victims_app = ReviewableApplicationFactory(call=setup["call"], applicant=victim, status=Status.IN_REVIEW)
    reviewer = ReviewerFactory()
    review = scored(victims_app, reviewer, setup["officer"], novelty=4, market=4)
    attacker = UserFactory()

    throwaway, _members = _throwaway(setup, attacker, reviewer, victim)
    conflicts_detect_and_record(application_ids=[victims_app.pk, throwaway.pk], reviewer_ids=[reviewer.pk])
    application_transition(application_id=throwaway.pk, action="withdraw", actor=attacker)
    conflicts_detect_and_record(application_ids=[victims_app.pk], reviewer_ids=[reviewer.pk])

    assert _kinds(reviewer, victims_app) == set()
    assert ConflictKind.ON_TEAM not in _kinds(reviewer, throwaway)
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SUBMITTED


def test_accepted_membership_counts_as_co_work_until_the_application_is_withdrawn(setup):
    victim = UserFactory()
    victims_app = ReviewableApplicationFactory(call=setup["call"], applicant=victim, status=Status.IN_REVIEW)
    reviewer = ReviewerFactory()
    partner_app, (as_reviewer, as_victim) = _throwaway(setup, UserFactory(), reviewer, victim)
    assert _kinds(reviewer, victims_app) == set()  # both still pending

    invitation_answer(member_id=as_reviewer.pk, actor=reviewer, action="accept")
    invitation_answer(member_id=as_victim.pk, actor=victim, action="accept")
    assert ConflictKind.ON_TEAM in _kinds(reviewer, partner_app)
    assert ConflictKind.PAST_COLLABORATION in _kinds(reviewer, victims_app)

    application_transition(application_id=partner_app.pk, action="withdraw", actor=partner_app.applicant)
    assert ConflictKind.PAST_COLLABORATION not in _kinds(reviewer, victims_app)


def test_a_declined_invitation_is_no_conflict(setup):
    reviewer = ReviewerFactory()
    app, (member,) = _throwaway(setup, UserFactory(), reviewer)
    invitation_answer(member_id=member.pk, actor=reviewer, action="decline")
    assert ConflictKind.ON_TEAM not in _kinds(reviewer, app)
