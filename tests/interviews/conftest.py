import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from applications.models import Status
from programs.fiscal import JST
from tests.applications.factories import ReviewableApplicationFactory
from tests.factories import CallFactory, PlatformFactory, StageFactory, UserFactory
from tests.reviews.factories import ReviewerFactory, RubricFactory


@pytest.fixture
def world(db):
    """A call of a stage with interviews (document rubric novelty ×2 / market ×1, interview rubric vision ×2 /
    leadership ×1, both 1–5, weights 50/50), its officer, two applications in review, two pool reviewers."""
    rubric = RubricFactory()
    hearing = RubricFactory(
        criteria=[("vision", "ビジョン", Decimal("2")), ("leadership", "リーダーシップ", Decimal("1"))]
    )
    stage = StageFactory(rubric=rubric, interview_rubric=hearing, uses_interviews=True, reviewers_per_application=1)
    platform = PlatformFactory()
    call = CallFactory(stage=stage, platform=platform)
    officer = UserFactory(role=Role.OFFICER)
    officer.officer_platforms.add(platform)
    outsider = UserFactory(role=Role.OFFICER)
    outsider.officer_platforms.add(PlatformFactory())
    apps = [ReviewableApplicationFactory(call=call, status=Status.IN_REVIEW) for _ in range(2)]
    return {
        "stage": stage,
        "call": call,
        "officer": officer,
        "officer_out": outsider,
        "apps": apps,
        "reviewers": [ReviewerFactory(), ReviewerFactory()],
        "stranger": UserFactory(),
    }


def tomorrow_at(hour: int, minute: int = 0) -> tuple[dt.date, dt.time, dt.time]:
    day = (timezone.now().astimezone(JST) + dt.timedelta(days=3)).date()
    return day, dt.time(hour, minute), dt.time(hour, minute + 30)


@pytest.fixture
def slot_maker(world):
    from interviews.services import slot_create

    def make(hour=10, **kwargs):
        day, start, end = tomorrow_at(hour)
        values = {"date": day, "start_time": start, "end_time": end, "place": "本部棟 会議室A"} | kwargs
        return slot_create(call_id=world["call"].pk, actor=world["officer"], **values)

    return make


def score_rows(interview, reviewer, **scores):
    from interviews.services import panel_score

    return panel_score(interview_id=interview.pk, actor=reviewer, scores=scores)
