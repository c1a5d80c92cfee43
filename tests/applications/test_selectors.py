"""applications_for_user: who sees which application."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import MemberRole, TeamMember
from applications.selectors import applications_for_user
from applications.services import application_transition
from reviews.models import Assignment, ConflictOfInterest

from .factories import make_complete, make_draft

pytestmark = pytest.mark.django_db


def visible(user):
    return set(applications_for_user(user).values_list("pk", flat=True))


def test_each_role_sees_its_scope(world):
    ksac = make_complete(world["call"], world["owner"])
    gtie = make_draft(world["other_call"], world["other"])
    application_transition(application_id=ksac.pk, action="submit", actor=world["owner"])

    assert visible(world["owner"]) == {ksac.pk}
    assert visible(world["other"]) == {gtie.pk}
    assert visible(world["officer"]) == {ksac.pk}
    assert visible(world["officer_out"]) == {gtie.pk}
    assert visible(world["director"]) == {ksac.pk, gtie.pk}
    assert visible(world["reviewer"]) == set()


def test_a_team_member_sees_the_application(world):
    application = make_draft(world["call"], world["owner"])
    TeamMember.objects.create(
        status="accepted",
        application=application,
        name="共同研究者",
        user=world["other"],
        role=MemberRole.CO_INVESTIGATOR,
    )
    assert application.pk in visible(world["other"])


def test_an_officer_of_the_program_sees_all_its_platforms(world):
    from tests.factories import UserFactory

    program_officer = UserFactory(role="officer")
    program_officer.officer_programs.add(world["program"])
    a = make_draft(world["call"], world["owner"])
    b = make_draft(world["other_call"], world["other"])
    assert visible(program_officer) == {a.pk, b.pk}


def test_reviewer_sees_only_assigned_non_draft_conflict_free_applications(world):
    reviewer = world["reviewer"]
    due = timezone.now() + dt.timedelta(days=14)
    submitted = make_complete(world["call"], world["owner"], title="提出済み")
    application_transition(application_id=submitted.pk, action="submit", actor=world["owner"])
    draft = make_draft(world["call"], world["owner"], title="作成中")
    declined = make_complete(world["call"], world["other"], title="辞退")
    application_transition(application_id=declined.pk, action="submit", actor=world["other"])
    conflicted = make_complete(world["other_call"], world["other"], title="利害関係")
    application_transition(application_id=conflicted.pk, action="submit", actor=world["other"])
    for application, status in (
        (submitted, "accepted"),
        (draft, "invited"),
        (declined, "declined"),
        (conflicted, "invited"),
    ):
        Assignment.objects.create(reviewer=reviewer, application=application, status=status, due_at=due)
    ConflictOfInterest.objects.create(
        reviewer=reviewer, application=conflicted, kind="same_institution", source="declared"
    )

    assert visible(reviewer) == {submitted.pk}
    # Another reviewer's assignment opens nothing for this one.
    from tests.factories import UserFactory

    assert visible(UserFactory(role="reviewer")) == set()


def test_selector_makes_a_constant_number_of_queries(world):
    def count(n):
        while len(visible(world["director"])) < n:
            make_draft(world["call"], world["owner"])
        officer = type(world["officer"]).objects.get(pk=world["officer"].pk)  # as a request loads its user
        with CaptureQueriesContext(connection) as ctx:
            rows = list(applications_for_user(officer))
            [(a.call.stage.program.code, a.call.platform.code, str(a.applicant), a.institution.name) for a in rows]
        return len(ctx.captured_queries)

    assert count(2) == count(10)


def test_an_assigned_reviewer_reads_the_application_but_not_the_notes(api_client, world):
    application = make_complete(world["call"], world["owner"])
    application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    application_transition(
        application_id=application.pk, action="screen", actor=world["officer"], note="担当者メモ（非開示）"
    )
    Assignment.objects.create(
        reviewer=world["reviewer"],
        application=application,
        status="accepted",
        due_at=timezone.now() + dt.timedelta(days=7),
    )
    api_client.force_authenticate(world["reviewer"])
    assert api_client.get(f"/api/v1/applications/{application.pk}/").status_code == 200
    events = api_client.get(f"/api/v1/applications/{application.pk}/events/").data["results"]
    assert [e["action"] for e in events][-1] == "screen" and all(e["note"] == "" for e in events)
    assert api_client.post(f"/api/v1/applications/{application.pk}/actions/withdraw/", {}).status_code == 403
    api_client.force_authenticate(world["officer"])
    events = api_client.get(f"/api/v1/applications/{application.pk}/events/").data["results"]
    assert events[-1]["note"] == "担当者メモ（非開示）"


def test_a_researcher_who_applies_and_reviews_sees_own_and_assigned_but_never_conflicted(world):
    """world["other"] is an applicant (role applicant) who is also asked to review."""
    assigned = make_complete(world["call"], world["owner"], title="割当あり")
    conflicted = make_complete(world["call"], world["owner"], title="利害関係あり")
    draft = make_draft(world["call"], world["owner"], title="作成中")
    for application in (assigned, conflicted):
        application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    due = timezone.now() + dt.timedelta(days=14)
    for application in (assigned, conflicted, draft):
        Assignment.objects.create(reviewer=world["other"], application=application, due_at=due)
    ConflictOfInterest.objects.create(
        reviewer=world["other"], application=conflicted, kind="relative", source="declared"
    )
    own = set(applications_for_user(world["other"]).filter(applicant=world["other"]).values_list("pk", flat=True))

    assert visible(world["other"]) == own | {assigned.pk}
