import pytest

from accounts.models import Role
from tests.factories import CallFactory, PlatformFactory, StageFactory, UserFactory

from .factories import RubricFactory


@pytest.fixture
def setup(db):
    """A call whose stage needs 2 reviewers, a rubric (novelty ×2, market ×1, 1–5), and its officer."""
    rubric = RubricFactory()
    stage = StageFactory(rubric=rubric, reviewers_per_application=2)
    platform = PlatformFactory()
    call = CallFactory(stage=stage, platform=platform)
    officer = UserFactory(role=Role.OFFICER)
    officer.officer_platforms.add(platform)
    return {"rubric": rubric, "stage": stage, "call": call, "officer": officer, "platform": platform}
