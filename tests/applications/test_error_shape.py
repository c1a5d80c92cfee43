"""The one error model: every API 4xx has the same body, and a page shows a refusal instead of a 500."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from sangaku.errors import Problem, Refused
from sangaku.web_errors import DomainErrorMiddleware

from .factories import make_complete, make_draft

pytestmark = pytest.mark.django_db

API = "/api/v1/applications/"


def _shape(response):
    body = response.json()
    assert set(body) >= {"detail", "code", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and body["code"]
    assert isinstance(body["errors"], dict)
    return body


def test_every_kind_of_4xx_has_detail_code_and_errors(api_client, world):
    assert _shape(api_client.get(API))["code"] in ("not_authenticated", "permission_denied")

    api_client.force_authenticate(world["owner"])
    missing = api_client.get(f"{API}999999/")
    assert missing.status_code == 404 and _shape(missing)["code"] == "not_found"

    bad_input = api_client.post(API, {"title": "公募の指定なし"}, format="json")
    assert bad_input.status_code == 400 and "call" in _shape(bad_input)["errors"]

    draft = make_draft(world["call"], world["owner"])
    service_refusal = api_client.patch(f"{API}{draft.pk}/", {"duration_months": 0}, format="json")
    assert service_refusal.status_code == 400
    assert "duration_months" in _shape(service_refusal)["errors"]

    not_theirs = api_client.post(f"{API}{draft.pk}/actions/screen/")
    assert not_theirs.status_code == 403 and _shape(not_theirs)["code"] == "forbidden"
    application = make_complete(world["call"], world["owner"])
    api_client.force_authenticate(world["officer"])
    too_early = api_client.post(f"{API}{application.pk}/actions/accept/", {"note": ""}, format="json")
    assert too_early.status_code == 409 and _shape(too_early)["code"] == "illegal_transition"
    unknown = api_client.post(f"{API}{application.pk}/actions/fly/", {}, format="json")
    assert unknown.status_code == 400 and _shape(unknown)["code"] == "unknown_action"

    api_client.force_authenticate(world["owner"])
    api_client.post(f"{API}{application.pk}/actions/submit/")
    api_client.force_authenticate(world["officer"])
    no_note = api_client.post(f"{API}{application.pk}/actions/return/", {"note": ""}, format="json")
    assert no_note.status_code == 400
    body = _shape(no_note)
    assert body["code"] == "note_required" and body["errors"]["note"]


def test_a_refusal_no_view_handled_is_flashed_with_its_status_not_a_500(world):
    request = RequestFactory().post("/somewhere/", HTTP_REFERER="http://testserver/applications/1/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = world["owner"]
    error = Refused("この申請は変更できません。", problems=[Problem("members", "実施体制を確認してください。")])

    response = DomainErrorMiddleware(lambda r: None).process_exception(request, error)

    assert response.status_code == 302 and response["Location"] == "http://testserver/applications/1/"
    flashed = [str(m) for m in get_messages(request)]
    assert flashed == ["この申請は変更できません。", "実施体制: 実施体制を確認してください。"]


def test_a_refusal_from_another_site_referer_is_not_followed(world):
    request = RequestFactory().post("/somewhere/", HTTP_REFERER="https://evil.example/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = world["owner"]

    response = DomainErrorMiddleware(lambda r: None).process_exception(request, Refused("変更できません。"))

    assert response.status_code == 409 and b"evil.example" not in response.content
