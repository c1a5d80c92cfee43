import pytest

from accounts.models import Role
from tests.factories import CallFactory, PlatformFactory, ProgramFactory, StageFactory, UserFactory


@pytest.fixture
def world(db):
    """Two platforms with an open Step-1-like call each, and one user per role."""
    program = ProgramFactory()
    stage = StageFactory(
        program=program,
        code="STEP1",
        max_amount=5_000_000,
        max_duration_months=12,
        required_team_roles=["pi"],
        uses_interviews=True,
    )
    platform = PlatformFactory(code="KSAC", name="KSAC")
    other_platform = PlatformFactory(code="GTIE", name="GTIE")
    call = CallFactory(stage=stage, platform=platform, title="KSAC ステップ1")
    other_call = CallFactory(stage=stage, platform=other_platform, title="GTIE ステップ1")
    officer = UserFactory(username="officer-in", role=Role.OFFICER)
    officer.officer_platforms.add(platform)
    officer_out = UserFactory(username="officer-out", role=Role.OFFICER)
    officer_out.officer_platforms.add(other_platform)
    users = {
        "owner": UserFactory(username="owner", display_name="田中 太郎"),
        "other": UserFactory(username="other-applicant"),
        "officer": officer,
        "officer_out": officer_out,
        "director": UserFactory(username="director", role=Role.DIRECTOR),
        "reviewer": UserFactory(username="reviewer", role=Role.REVIEWER),
    }
    for user in users.values():
        # The factory sets the password without saving it; a page login needs the stored hash to match.
        user.save(update_fields=["password"])
    return {
        **users,
        "program": program,
        "stage": stage,
        "platform": platform,
        "other_platform": other_platform,
        "call": call,
        "other_call": other_call,
    }


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploaded files go to a temporary private folder, never the project's private_media."""
    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default["OPTIONS"], "location": tmp_path}},
    }
    return tmp_path
