"""Conflicts of interest: detected automatically, declared, recorded; a conflicted pair is never assigned or shown."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from applications.models import ApplicationEvent, BudgetLine, Status, TeamMember
from applications.services import application_transition
from reviews.models import Assignment, AssignmentStatus, ConflictKind, ConflictOfInterest, Review, ReviewStatus
from reviews.services import assignment_accept, assignment_create, review_save_draft, review_submit
from tests.factories import InstitutionFactory, UserFactory

from .factories import ReviewableApplicationFactory, ReviewerFactory


def kinds(reviewer, application):
    return set(
        ConflictOfInterest.objects.filter(reviewer=reviewer, application=application).values_list("kind", flat=True)
    )


def test_submitting_an_application_detects_same_institution_reviewer(setup):
    call = setup["call"]
    applicant = UserFactory()
    same = ReviewerFactory(affiliation=applicant.affiliation)
    other = ReviewerFactory()
    app = ReviewableApplicationFactory(
        call=call,
        applicant=applicant,
        status=Status.DRAFT,
        receipt_number=None,
        requested_amount=1_000_000,
        duration_months=12,
    )
    BudgetLine.objects.create(application=app, fiscal_year=call.fiscal_year, category="equipment", amount=1_000_000)
    application_transition(application_id=app.pk, action="submit", actor=applicant)
    assert kinds(same, app) == {ConflictKind.SAME_INSTITUTION}
    assert kinds(other, app) == set()


def test_team_member_institution_team_user_and_email_domain_are_conflicts(setup):
    partner = InstitutionFactory(email_domains=["partner.co.jp"])
    app = ReviewableApplicationFactory(call=setup["call"])
    co = ReviewerFactory()
    TeamMember.objects.create(
        status="accepted", application=app, name="共同研究者", user=co, institution=None, role="co_investigator"
    )
    TeamMember.objects.create(
        status="accepted", application=app, name="パートナー社", institution=partner, role="commercialisation_partner"
    )
    at_partner = ReviewerFactory(affiliation=partner)
    by_mail = ReviewerFactory(email="someone@lab.partner.co.jp")
    unrelated = ReviewerFactory()
    from reviews.conflicts import conflicts_detect_and_record

    conflicts_detect_and_record(application_ids=[app.pk], reviewer_ids=[co.pk, at_partner.pk, by_mail.pk, unrelated.pk])
    assert ConflictKind.ON_TEAM in kinds(co, app)
    assert kinds(at_partner, app) == {ConflictKind.SAME_INSTITUTION}
    assert kinds(by_mail, app) == {ConflictKind.EMAIL_DOMAIN}
    assert kinds(unrelated, app) == set()


def test_past_collaboration_within_five_years_only(setup):
    pi = UserFactory()
    recent_partner = ReviewerFactory()
    old_partner = ReviewerFactory()
    earlier = ReviewableApplicationFactory(call=setup["call"], applicant=pi)
    TeamMember.objects.create(
        status="accepted", application=earlier, name="x", user=recent_partner, role="co_investigator"
    )
    ancient = ReviewableApplicationFactory(call=setup["call"], applicant=old_partner)
    TeamMember.objects.create(status="accepted", application=ancient, name="y", user=pi, role="co_investigator")
    long_ago = timezone.now() - dt.timedelta(days=365 * 6)
    type(ancient).objects.filter(pk=ancient.pk).update(created_at=long_ago, submitted_at=long_ago)

    app = ReviewableApplicationFactory(call=setup["call"], applicant=pi)
    from reviews.conflicts import detect_conflicts

    found = detect_conflicts(application_ids=[app.pk], reviewer_ids=[recent_partner.pk, old_partner.pk])
    assert found.get((recent_partner.pk, app.pk)) == {ConflictKind.PAST_COLLABORATION}
    assert (old_partner.pk, app.pk) not in found


def test_manual_assignment_of_conflicted_pair_is_a_clear_400(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"])
    conflicted = ReviewerFactory(affiliation=app.institution)
    api_client.force_authenticate(setup["officer"])
    response = api_client.post("/api/v1/assignments/", {"application": app.pk, "reviewer": conflicted.pk})
    assert response.status_code == 400
    assert "利害関係" in response.json()["errors"]["reviewer"][0]
    assert not Assignment.objects.exists()


def test_new_reviewer_profile_is_checked_against_live_applications(setup):
    app = ReviewableApplicationFactory(call=setup["call"])
    newcomer = ReviewerFactory(affiliation=app.institution)  # profile created → detection runs
    assert kinds(newcomer, app) == {ConflictKind.SAME_INSTITUTION}


def test_conflict_found_after_assignment_withdraws_it_and_discards_the_review(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    reviewer = ReviewerFactory()
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    assignment_accept(assignment_id=assignment.pk, actor=reviewer)
    review = Review.objects.get(assignment=assignment)
    review_save_draft(
        review_id=review.pk, actor=reviewer, data={"scores": {"novelty": 5, "market": 5}, "recommendation": "fund"}
    )
    review_submit(review_id=review.pk, actor=reviewer)

    api_client.force_authenticate(setup["officer"])
    response = api_client.post(
        "/api/v1/conflicts/", {"reviewer": reviewer.pk, "application": app.pk, "kind": "relative", "note": "親族"}
    )
    assert response.status_code == 201, response.json()
    assignment.refresh_from_db()
    review.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert review.status == ReviewStatus.DISCARDED
    assert ApplicationEvent.objects.filter(application=app, action="assignment_withdrawn").exists()
    scores = api_client.get(f"/api/v1/applications/{app.pk}/scores/").json()
    assert scores["review_count"] == 0 and scores["raw_score"] is None

    api_client.force_authenticate(reviewer)
    assert api_client.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/assignments/{assignment.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/applications/{app.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/applications/{app.pk}/attachments/").status_code == 404


def test_reviewer_declines_with_a_declared_conflict(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"])
    reviewer = ReviewerFactory()
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    api_client.force_authenticate(reviewer)
    assert api_client.get(f"/api/v1/applications/{app.pk}/").status_code == 200
    response = api_client.post(
        f"/api/v1/assignments/{assignment.pk}/decline/", {"conflict_kind": "mentor", "note": "元指導学生"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED
    conflict = ConflictOfInterest.objects.get(reviewer=reviewer, application=app)
    assert (conflict.kind, conflict.source, conflict.note) == ("mentor", "declared", "元指導学生")
    assert api_client.get(f"/api/v1/applications/{app.pk}/").status_code == 404


def test_declaring_an_unknown_kind_is_refused(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"])
    reviewer = ReviewerFactory()
    assignment = assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])
    api_client.force_authenticate(reviewer)
    response = api_client.post(f"/api/v1/assignments/{assignment.pk}/decline/", {"conflict_kind": "same_institution"})
    assert response.status_code == 400
    assert "conflict_kind" in response.json()["errors"]


def test_unassigned_reviewer_sees_nothing_of_the_application(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"])
    assigned = ReviewerFactory()
    stranger = ReviewerFactory()
    assignment = assignment_create(application_id=app.pk, reviewer=assigned, actor=setup["officer"])
    assignment_accept(assignment_id=assignment.pk, actor=assigned)
    review = Review.objects.get(assignment=assignment)
    api_client.force_authenticate(stranger)
    assert api_client.get(f"/api/v1/applications/{app.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/applications/{app.pk}/attachments/").status_code == 404
    assert api_client.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/assignments/{assignment.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/applications/{app.pk}/scores/").status_code == 404
    assert api_client.get("/api/v1/reviews/").json()["count"] == 0


def test_officer_outside_scope_gets_404_on_scores_and_ranking(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"])
    outsider = UserFactory(role=Role.OFFICER)
    api_client.force_authenticate(outsider)
    assert api_client.get(f"/api/v1/applications/{app.pk}/scores/").status_code == 404
    assert api_client.get(f"/api/v1/calls/{setup['call'].pk}/ranking/").status_code == 404
    assert api_client.post(f"/api/v1/calls/{setup['call'].pk}/auto-assign/?dry_run=true").status_code == 404


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ACCEPTED])
def test_cannot_assign_outside_review(setup, api_client, status):
    app = ReviewableApplicationFactory(
        call=setup["call"], status=status, receipt_number=None if status == Status.DRAFT else "X-1"
    )
    reviewer = ReviewerFactory()
    api_client.force_authenticate(setup["officer"])
    response = api_client.post("/api/v1/assignments/", {"application": app.pk, "reviewer": reviewer.pk})
    assert response.status_code == 400
    assert "application" in response.json()["errors"]


# The edges of detection (written for the mutants `make mutate` found alive, docs/testing.md).


def test_the_reviewer_profiles_institution_counts_as_well_as_the_affiliation(setup):
    app = ReviewableApplicationFactory(call=setup["call"])
    reviewer = ReviewerFactory()  # profile and affiliation at their own university
    from reviews.conflicts import detect_conflicts
    from reviews.models import ReviewerProfile

    ReviewerProfile.objects.filter(user=reviewer).update(institution=app.institution)  # e.g. a cross appointment
    found = detect_conflicts(application_ids=[app.pk], reviewer_ids=[reviewer.pk])
    assert found == {(reviewer.pk, app.pk): {ConflictKind.SAME_INSTITUTION}}


def test_the_applicant_in_the_reviewer_pool_is_on_the_team_even_without_a_pi_row(setup):
    from reviews.conflicts import detect_conflicts

    pi = ReviewerFactory()
    app = ReviewableApplicationFactory(call=setup["call"], applicant=pi)
    app.members.all().delete()  # the applicant is the PI whatever the team rows say
    assert ConflictKind.ON_TEAM in detect_conflicts(application_ids=[app.pk], reviewer_ids=[pi.pk])[(pi.pk, app.pk)]


def test_a_domain_written_with_its_at_sign_and_capitals_matches(setup):
    from reviews.conflicts import detect_conflicts

    partner = InstitutionFactory(email_domains=["@Lab.Example.ac.jp"])
    app = ReviewableApplicationFactory(call=setup["call"])
    TeamMember.objects.create(
        status="accepted", application=app, name="パートナー", institution=partner, role="commercialisation_partner"
    )
    by_mail = ReviewerFactory(email="someone@lab.example.ac.jp")
    found = detect_conflicts(application_ids=[app.pk], reviewer_ids=[by_mail.pk])
    assert found == {(by_mail.pk, app.pk): {ConflictKind.EMAIL_DOMAIN}}


def test_nothing_to_compare_reads_nothing(setup, django_assert_num_queries):
    from reviews.conflicts import detect_conflicts

    app = ReviewableApplicationFactory(call=setup["call"])
    with django_assert_num_queries(0):
        assert detect_conflicts(application_ids=[app.pk], reviewer_ids=[]) == {}
        assert detect_conflicts(application_ids=[], reviewer_ids=[app.applicant_id]) == {}
