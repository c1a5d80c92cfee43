"""The panel: drawn from the call's pool with the review conflict rules (hard exclusion), scores bounded by
the stage's interview rubric, locked once submitted; the interview completes when every panelist scored."""

import pytest

from interviews.models import InterviewStatus, PanelMember
from interviews.selectors import panel_candidates
from interviews.services import interview_action, interview_invite, panel_add, panel_score
from reviews.models import ConflictKind, ConflictOfInterest, ConflictSource
from sangaku.errors import Invalid, Refused
from tests.reviews.factories import ReviewerFactory


@pytest.fixture
def interview(world, slot_maker):
    app = world["apps"][0]
    made = interview_invite(application_id=app.pk, slot_id=slot_maker().pk, actor=world["officer"])
    return interview_action(interview_id=made.pk, action="confirm", actor=app.applicant)


def test_a_conflicted_reviewer_is_never_on_a_panel(world, interview):
    app = interview.application
    same_institution = ReviewerFactory(affiliation=app.institution)
    declared = ReviewerFactory()
    ConflictOfInterest.objects.create(
        reviewer=declared, application=app, kind=ConflictKind.RELATIVE, source=ConflictSource.DECLARED
    )
    candidates = {p.user_id for p in panel_candidates(interview)}
    assert same_institution.pk not in candidates and declared.pk not in candidates
    assert {r.pk for r in world["reviewers"]} <= candidates
    for reviewer in (same_institution, declared):
        with pytest.raises(Invalid) as refused:
            panel_add(interview_id=interview.pk, reviewer_id=reviewer.pk, actor=world["officer"])
        assert "利害関係" in refused.value.errors()["reviewer"][0]
    assert not PanelMember.objects.filter(reviewer__in=[same_institution, declared]).exists()


def test_only_the_calls_pool_and_each_reviewer_once(world, interview):
    from tests.factories import UserFactory

    with pytest.raises(Invalid):
        panel_add(interview_id=interview.pk, reviewer_id=UserFactory().pk, actor=world["officer"])
    panel_add(interview_id=interview.pk, reviewer_id=world["reviewers"][0].pk, actor=world["officer"])
    with pytest.raises(Invalid):
        panel_add(interview_id=interview.pk, reviewer_id=world["reviewers"][0].pk, actor=world["officer"])
    assert interview.panel.count() == 1


def test_scores_are_bounded_by_the_interview_rubric_locked_and_complete_the_interview(world, interview):
    a, b = world["reviewers"]
    for reviewer in (a, b):
        panel_add(interview_id=interview.pk, reviewer_id=reviewer.pk, actor=world["officer"])
    with pytest.raises(Refused):  # not yet held
        panel_score(interview_id=interview.pk, actor=a, scores={"vision": 4, "leadership": 3})
    interview_action(interview_id=interview.pk, action="hold", actor=world["officer"])
    for bad, field in (
        ({"vision": 6, "leadership": 3}, "scores.vision"),
        ({"vision": 4}, "scores.leadership"),
        ({"vision": 4, "leadership": 3, "novelty": 2}, "scores"),
        ({"vision": "4.5", "leadership": 3}, "scores.vision"),
    ):
        with pytest.raises(Invalid) as refused:
            panel_score(interview_id=interview.pk, actor=a, scores=bad)
        assert field in refused.value.errors(), bad
    seat = panel_score(interview_id=interview.pk, actor=a, scores={"vision": 4, "leadership": 1})
    assert seat.weighted_score == pytest.approx(3.0)  # (2×4 + 1×1) / 3
    with pytest.raises(Refused):
        panel_score(interview_id=interview.pk, actor=a, scores={"vision": 5, "leadership": 5})
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.HELD
    panel_score(interview_id=interview.pk, actor=b, scores={"vision": 5, "leadership": 5})
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SCORED
    assert interview.events.filter(action="complete").count() == 1
