"""Declining asks explicitly whether there is a conflict: nothing is assumed for the reviewer."""

from reviews.models import Assignment, AssignmentStatus, ConflictOfInterest
from reviews.services import assignment_create

from .factories import ApplicationFactory, ReviewerFactory
from .helpers import login


def _invited(setup):
    app = ApplicationFactory(call=setup["call"])
    reviewer = ReviewerFactory()
    return reviewer, assignment_create(application_id=app.pk, reviewer=reviewer, actor=setup["officer"])


def test_declining_without_answering_the_conflict_question_changes_nothing(setup, client):
    reviewer, assignment = _invited(setup)
    login(client, reviewer)
    page = client.post(f"/review/assignments/{assignment.pk}/decline/", {"note": "多忙"}, follow=True)
    assert "利害関係の有無を選んでください。" in page.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.INVITED


def test_declaring_a_conflict_needs_its_kind(setup, client):
    reviewer, assignment = _invited(setup)
    login(client, reviewer)
    page = client.post(f"/review/assignments/{assignment.pk}/decline/", {"has_conflict": "yes"}, follow=True)
    assert "利害関係の種類を選んでください。" in page.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.INVITED


def test_declining_for_no_conflict_records_none_even_if_a_kind_was_left_selected(setup, client):
    reviewer, assignment = _invited(setup)
    login(client, reviewer)
    client.post(
        f"/review/assignments/{assignment.pk}/decline/",
        {"has_conflict": "no", "conflict_kind": "relative", "confirm": "yes"},
    )
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.DECLINED
    assert not ConflictOfInterest.objects.filter(reviewer=reviewer).exists()


def test_declining_without_confirmation_keeps_the_invitation_and_says_the_consequence(setup, client):
    reviewer, assignment = _invited(setup)
    login(client, reviewer)
    page = client.post(f"/review/assignments/{assignment.pk}/decline/", {"has_conflict": "no"})
    assert page.status_code == 200
    assert "辞退すると、この申請の審査依頼は取り消され、元に戻せません。" in page.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.INVITED
