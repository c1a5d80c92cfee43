"""One application under review with every persona around it: team, reviewers (assigned, conflicted,
not assigned), officers in and out of scope, a director."""

import pytest
from django.utils import timezone

from accounts.models import Role
from applications.models import Status, TeamMember
from reviews.models import ConflictOfInterest
from tests.applications.factories import ApplicationFactory
from tests.factories import CallFactory, PlatformFactory, ProgramFactory, StageFactory, UserFactory
from tests.reviews.factories import AssignmentFactory


@pytest.fixture
def people(db):
    program = ProgramFactory()
    stage = StageFactory(program=program, code="STEP1", uses_interviews=True)
    platform = PlatformFactory(code="KSAC", name="KSAC")
    other_platform = PlatformFactory(code="GTIE", name="GTIE")
    call = CallFactory(stage=stage, platform=platform, title="KSAC ステップ1")
    officer = UserFactory(username="officer-in", role=Role.OFFICER, display_name="担当 一郎")
    officer.officer_platforms.add(platform)
    officer_out = UserFactory(username="officer-out", role=Role.OFFICER)
    officer_out.officer_platforms.add(other_platform)
    users = {
        "applicant": UserFactory(username="owner", display_name="田中 太郎"),
        "member": UserFactory(username="member", display_name="共同 花子"),
        "reviewer": UserFactory(username="reviewer", role=Role.REVIEWER, display_name="審査 次郎"),
        "conflicted": UserFactory(username="conflicted", role=Role.REVIEWER),
        "unassigned": UserFactory(username="unassigned", role=Role.REVIEWER),
        "officer": officer,
        "officer_out": officer_out,
        "director": UserFactory(username="director", role=Role.DIRECTOR),
        "outsider": UserFactory(username="outsider"),
    }
    for user in users.values():
        user.save(update_fields=["password"])
    application = ApplicationFactory(
        call=call, applicant=users["applicant"], status=Status.IN_REVIEW, title="新素材の事業化", summary="提出した概要"
    )
    TeamMember.objects.create(
        application=application, name="共同 花子", user=users["member"], role="co_investigator", status="accepted"
    )
    AssignmentFactory(application=application, reviewer=users["reviewer"], status="accepted")
    AssignmentFactory(application=application, reviewer=users["conflicted"], status="accepted")
    ConflictOfInterest.objects.create(
        reviewer=users["conflicted"], application=application, kind="same_institution", source="declared"
    )
    return {**users, "application": application, "call": call, "platform": platform, "now": timezone.now()}


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploaded files go to a temporary private folder."""
    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default["OPTIONS"], "location": tmp_path}},
    }
    return tmp_path
