"""The application's institution is the PI's affiliation: the applicant does not choose it; an officer in scope
corrects it with a reason (evented); 所属機関承認 follows from it."""

import pytest

from applications import services
from applications.models import Application, ApplicationEvent, Status
from programs.models import Stage
from tests.factories import InstitutionFactory, UserFactory

from .factories import make_complete

pytestmark = pytest.mark.django_db
API = "/api/v1/applications/"


def test_the_applicant_cannot_name_an_institution_and_the_approval_goes_to_their_own(world, api_client):
    """Naming an institution without a research office no longer skips 所属機関承認."""
    Stage.objects.filter(pk=world["stage"].pk).update(institution_approval_required=True)
    owner = world["owner"]
    office = UserFactory(is_research_office=True, affiliation=owner.affiliation)
    elsewhere = InstitutionFactory(name="研究推進担当のいない大学")
    api_client.force_authenticate(owner)
    created = api_client.post(API, {"call": world["call"].pk, "institution": elsewhere.pk}, format="json")
    assert created.status_code == 201 and created.json()["institution"] == owner.affiliation_id
    patched = api_client.patch(f"{API}{created.json()['id']}/", {"institution": elsewhere.pk}, format="json")
    assert patched.status_code == 200 and patched.json()["institution"] == owner.affiliation_id

    application = make_complete(world["call"], owner)
    waiting = services.application_transition(application_id=application.pk, action="submit", actor=owner)
    assert waiting.status == Status.INSTITUTION_REVIEW and waiting.institution_id == office.affiliation_id


def test_an_officer_corrects_the_institution_with_a_reason_on_the_page_and_the_api(world, client, api_client):
    application = make_complete(world["call"], world["owner"])
    before = application.institution
    right = InstitutionFactory(name="正しい大学")
    client.force_login(world["officer"])
    assert "代表機関の訂正" in client.get(f"/applications/{application.pk}/").content.decode()
    url = f"/applications/{application.pk}/institution/"
    no_reason = client.post(url, {"institution-institution": right.pk, "institution-reason": " "})
    assert no_reason.status_code == 400 and "訂正の理由を入力してください" in no_reason.content.decode()
    assert Application.objects.get(pk=application.pk).institution_id == before.pk

    done = client.post(url, {"institution-institution": right.pk, "institution-reason": "所属の異動を反映"})
    assert done.status_code == 302
    assert Application.objects.get(pk=application.pk).institution_id == right.pk
    event = ApplicationEvent.objects.filter(application=application).latest("id")
    assert (event.action, event.actor) == ("institution_correct", world["officer"])
    assert before.name in event.note and "正しい大学" in event.note and "所属の異動を反映" in event.note

    api_client.force_authenticate(world["officer"])
    missing = api_client.post(f"{API}{application.pk}/institution/", {"institution": before.pk}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    back = api_client.post(
        f"{API}{application.pk}/institution/", {"institution": before.pk, "reason": "誤訂正の取消し"}, format="json"
    )
    assert back.status_code == 200 and back.json()["institution"] == before.pk


def test_nobody_but_an_officer_in_scope_corrects_the_institution(world, client, api_client):
    application = make_complete(world["call"], world["owner"])
    other = InstitutionFactory()
    for who in ("owner", "officer_out"):
        api_client.force_authenticate(world[who])
        response = api_client.post(
            f"{API}{application.pk}/institution/", {"institution": other.pk, "reason": "理由"}, format="json"
        )
        assert response.status_code in (403, 404)
    client.force_login(world["owner"])
    assert "代表機関の訂正" not in client.get(f"/applications/{application.pk}/").content.decode()
    page = client.post(
        f"/applications/{application.pk}/institution/", {"institution-institution": other.pk, "institution-reason": "x"}
    )
    assert page.status_code == 404
    assert Application.objects.get(pk=application.pk).institution_id == world["owner"].affiliation_id
