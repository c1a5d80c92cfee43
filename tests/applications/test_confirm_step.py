"""Irreversible officer and applicant actions need a confirmation the server checks (no JavaScript needed)."""

import pytest

from applications import services
from applications.models import Application, Status

from .factories import make_complete
from .test_pages import login, text

pytestmark = pytest.mark.django_db


def _screening(world):
    application = make_complete(world["call"], world["owner"])
    services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    services.application_transition(application_id=application.pk, action="screen", actor=world["officer"])
    return application


def test_reject_ineligible_without_confirmation_changes_nothing_and_says_the_consequence(world):
    application = _screening(world)
    officer = login(world["officer"])
    url = f"/applications/{application.pk}/actions/reject_ineligible/"
    page = officer.post(url, {"reject_ineligible-note": "要件外"})
    assert page.status_code == 200
    body = text(page)
    assert "要件不備で不受理にすると、この申請は審査に進まず、申請者に通知されます。" in body
    assert "要件外" in body and 'name="confirm" value="yes"' in body
    assert Application.objects.get(pk=application.pk).status == Status.SCREENING

    assert officer.post(url, {"reject_ineligible-note": "要件外", "confirm": "yes"}).status_code == 302
    assert Application.objects.get(pk=application.pk).status == Status.INELIGIBLE


def test_deleting_a_team_row_without_confirmation_keeps_it(world):
    application = make_complete(world["call"], world["owner"])
    pi = application.members.get(role="pi")
    owner = login(world["owner"])
    url = f"/applications/{application.pk}/members/{pi.pk}/delete/"
    page = owner.post(url)
    assert page.status_code == 200
    assert "研究代表者がいないと申請を提出できません" in text(page)
    assert application.members.filter(pk=pi.pk).exists()

    assert owner.post(url, {"confirm": "yes"}).status_code == 302
    assert not application.members.filter(pk=pi.pk).exists()
