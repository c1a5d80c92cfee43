"""The newer workflow tables walked like the others: every action × state × role does exactly what the table says.

Membership (team invitations), result publication (採択一覧) and decision letters (採否通知書).
"""

import pytest

from applications.models import MembershipEvent, MembershipStatus, TeamMember
from applications.workflow import MEMBERSHIP_WORKFLOW
from letters.models import DecisionLetter, LetterEvent
from letters.workflow import LETTER_WORKFLOW
from results.models import PublicationEvent, ResultPublication
from results.workflow import PUBLICATION_WORKFLOW
from tests.awards.factories import accept, draft, officer_for, open_call, saved
from tests.factories import UserFactory
from tests.workflow_walk import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(catalog):
    from accounts.models import Role

    officer = officer_for(platforms=[catalog["platforms"]["KSAC"]])
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    applicant = saved(UserFactory())
    award = accept(draft(call=call, applicant=applicant), officer)
    return {
        "call": call,
        "award": award,
        "people": {
            "applicant": applicant,
            "invitee": saved(UserFactory()),
            "stranger": saved(UserFactory()),
            "officer": officer,
            "officer_out": officer_for(platforms=[catalog["platforms"]["GTIE"]]),
            "director": saved(UserFactory(role=Role.DIRECTOR)),
        },
    }


def _officers(role: str, who: str) -> bool:
    return who == "officer" and role in ("officer", "director")


@pytest.mark.parametrize("action", list(PUBLICATION_WORKFLOW.table))
def test_publication_table_every_action_state_and_role(world, action):
    publication = ResultPublication.objects.create(call=world["call"])
    events = PublicationEvent.objects.filter(publication=publication)
    walk(PUBLICATION_WORKFLOW, publication, events, world["people"], action, _officers)


@pytest.mark.parametrize("action", list(LETTER_WORKFLOW.table))
def test_letter_table_every_action_state_and_role(world, action):
    application = world["award"].application
    letter = DecisionLetter.objects.create(
        application=application, outcome="accepted", language="ja", subject="件名", body="本文"
    )
    walk(LETTER_WORKFLOW, letter, LetterEvent.objects.filter(letter=letter), world["people"], action, _officers)


@pytest.mark.parametrize("action", list(MEMBERSHIP_WORKFLOW.table))
def test_membership_table_every_action_state_and_role(world, action, catalog):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    application = draft(call=call, applicant=world["people"]["applicant"], title="招待のある下書き")
    member = TeamMember.objects.create(
        application=application,
        name="招待された人",
        role="co_investigator",
        user=world["people"]["invitee"],
        status=MembershipStatus.PENDING,
    )
    events = MembershipEvent.objects.filter(member=member)

    def may_act(role: str, who: str) -> bool:
        return who == "invitee" and role == "invitee"

    walk(MEMBERSHIP_WORKFLOW, member, events, world["people"], action, may_act)
