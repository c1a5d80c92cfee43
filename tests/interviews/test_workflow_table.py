"""The interview table walked: every action × state × role does exactly what the table says."""

import pytest

from interviews.models import Interview, InterviewEvent
from interviews.services import interview_invite
from interviews.workflow import INTERVIEW_WORKFLOW
from tests.workflow_walk import walk


@pytest.mark.parametrize("action", list(INTERVIEW_WORKFLOW.table))
def test_interview_table_every_action_state_and_role(world, slot_maker, action):
    app = world["apps"][0]
    interview = interview_invite(application_id=app.pk, slot_id=slot_maker().pk, actor=world["officer"])
    people = {
        "applicant": app.applicant,
        "stranger": world["stranger"],
        "reviewer": world["reviewers"][0],
        "officer": world["officer"],
        "officer_out": world["officer_out"],
    }

    def may_act(role: str, who: str) -> bool:
        return role == who

    params = {"slot": interview.slot} if action == "reoffer" else {}
    walk(
        INTERVIEW_WORKFLOW,
        interview,
        InterviewEvent.objects.filter(interview=interview),
        people,
        action,
        may_act,
        **params,
    )
    assert Interview.objects.filter(pk=interview.pk).exists()
