"""The reviewer side of the timeline: each reviewer action is exactly one entry, with actor and time, for officers."""

from collections import Counter

import pytest

from accounts.models import Role
from applications.models import Status
from conversations.selectors import timeline
from reviews.discussion import chair_designate, meta_review_write, review_revise
from reviews.services import assignment_create, assignment_decline, conflict_record_by_officer
from tests.factories import CallFactory, PlatformFactory, StageFactory, UserFactory
from tests.reviews.factories import ReviewableApplicationFactory, ReviewerFactory, RubricFactory
from tests.reviews.helpers import scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    platform = PlatformFactory()
    call = CallFactory(stage=StageFactory(rubric=RubricFactory(), reviewers_per_application=2), platform=platform)
    officer = UserFactory(role=Role.OFFICER)
    officer.officer_platforms.add(platform)
    return {"call": call, "officer": officer}


def _reviewer_entries(user, application):
    return [e for e in timeline(user, application) if e.kind == "reviewer_event"]


def _counts(user, application) -> Counter:
    return Counter(e.title for e in _reviewer_entries(user, application))


def test_every_reviewer_action_leaves_exactly_one_entry(setup):
    officer = setup["officer"]
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    one, two, three, successor = (ReviewerFactory() for _ in range(4))

    review = scored(app, one, officer, novelty=4, market=4)  # assigned, accepted, submitted
    assert _counts(officer, app) == {"審査委員の割当（審査依頼）": 1, "審査の受諾": 1, "審査結果の提出": 1}

    review_revise(review_id=review.pk, actor=one, data={"scores": {"novelty": 5, "market": 4}})
    assert _counts(officer, app)["審査結果の改訂"] == 1

    declined = assignment_create(application_id=app.pk, reviewer=two, actor=officer)
    assignment_decline(assignment_id=declined.pk, actor=two, conflict_kind="competitor", note="同業他社")
    counts = _counts(officer, app)
    assert counts["審査委員の割当（審査依頼）"] == 2 and counts["審査の辞退"] == 1 and counts["利害関係の申告"] == 1
    decline = next(e for e in _reviewer_entries(officer, app) if e.title == "審査の辞退")
    assert decline.actor == str(two) and "競合関係" in decline.body and "同業他社" in decline.body and decline.at

    assignment_create(application_id=app.pk, reviewer=successor, actor=officer)  # fills the hole
    counts = _counts(officer, app)
    assert counts["審査委員の交代"] == 1 and counts["審査委員の割当（審査依頼）"] == 3

    withdrawn = assignment_create(application_id=app.pk, reviewer=three, actor=officer)
    conflict_record_by_officer(
        reviewer=three, application_id=withdrawn.application_id, kind="relative", note="", actor=officer
    )
    counts = _counts(officer, app)
    assert counts["利害関係の登録（担当者）"] == 1
    events = [e for e in timeline(officer, app) if e.kind == "event"]
    assert sum("取り消しました" in e.body for e in events) == 1  # the withdrawal: one application event

    chair_designate(call_id=app.call_id, actor=officer, user_id=officer.pk, application_id=app.pk)
    meta_review_write(application_id=app.pk, actor=officer, recommendation="accept", text="推薦")
    assert _counts(officer, app) == {
        "審査委員の割当（審査依頼）": 4,
        "審査の受諾": 1,
        "審査結果の提出": 1,
        "審査結果の改訂": 1,
        "審査の辞退": 1,
        "利害関係の申告": 1,
        "審査委員の交代": 1,
        "利害関係の登録（担当者）": 1,
        "メタレビューの記入": 1,
    }
    entries = _reviewer_entries(officer, app)
    assert all(e.at for e in entries) and [e.at for e in entries] == sorted(e.at for e in entries)


def test_reviewer_entries_are_for_officers_only(setup):
    officer = setup["officer"]
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    reviewer = ReviewerFactory()
    scored(app, reviewer, officer, novelty=3, market=3)
    assert _reviewer_entries(officer, app)
    assert _reviewer_entries(reviewer, app) == []
    assert _reviewer_entries(app.applicant, app) == []
