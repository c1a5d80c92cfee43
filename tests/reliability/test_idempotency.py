"""Writes that may be retried (message post, submit, report request) take an idempotency key, on the API
(`Idempotency-Key`) and on the pages (a hidden form token): a retry returns the first result and writes nothing twice."""

import datetime as dt
import re
import uuid

import pytest

from applications.models import ApplicationEvent, Status
from conversations.models import Message
from reporting.models import PlatformReport
from tests.awards.factories import draft, officer_for, open_call, saved
from tests.factories import InstitutionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def world(catalog):
    ksac = catalog["platforms"]["KSAC"]
    call = open_call(stage=catalog["stages"]["STEP1"], platform=ksac, code="IDEM-S1")
    applicant = saved(UserFactory(affiliation=InstitutionFactory(name="試験大学")))
    return {"application": draft(call=call, applicant=applicant), "officer": officer_for(platforms=[ksac])}


def _key() -> str:
    return uuid.uuid4().hex


def test_a_message_posted_twice_with_one_key_is_saved_once_and_both_answers_are_the_first(world, api_client):
    application = world["application"]
    api_client.force_authenticate(application.applicant)
    url = f"/api/v1/applications/{application.pk}/messages/"
    key = _key()
    body = {"body": "予算の内訳を確認しました。", "visibility": "team"}

    first = api_client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api_client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Message.objects.filter(application=application).count() == 1
    # Another key is another message.
    assert api_client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=_key()).status_code == 201
    assert Message.objects.filter(application=application).count() == 2


def test_one_key_sent_with_another_message_is_refused_and_writes_nothing(world, api_client):
    application = world["application"]
    api_client.force_authenticate(application.applicant)
    url = f"/api/v1/applications/{application.pk}/messages/"
    key = _key()
    api_client.post(url, {"body": "一通目", "visibility": "team"}, format="json", HTTP_IDEMPOTENCY_KEY=key)

    other = api_client.post(url, {"body": "二通目", "visibility": "team"}, format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert "この冪等キーは別の操作で使われています" in other.json()["detail"]
    assert list(Message.objects.values_list("body", flat=True)) == ["一通目"]


def test_a_refused_request_leaves_its_key_free_for_the_corrected_one(world, api_client):
    application = world["application"]
    api_client.force_authenticate(application.applicant)
    url = f"/api/v1/applications/{application.pk}/messages/"
    key = _key()
    refused = api_client.post(url, {"body": "", "visibility": "team"}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert refused.status_code == 400
    fixed = api_client.post(url, {"body": "", "visibility": "team"}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert fixed.status_code == 400  # the same (still wrong) request is judged again, not replayed as a success
    assert Message.objects.count() == 0


def test_a_key_is_its_users_own(world, api_client):
    """Two people who happen to send the same key each get their own message."""
    mine = world["application"]
    theirs = draft(call=mine.call, applicant=saved(UserFactory()), title="別の申請者の課題")
    key = _key()
    for application in (mine, theirs):
        api_client.force_authenticate(application.applicant)
        answer = api_client.post(
            f"/api/v1/applications/{application.pk}/messages/",
            {"body": "同じ本文", "visibility": "team"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
        assert answer.status_code == 201 and "Idempotent-Replayed" not in answer
    assert Message.objects.filter(application=mine).count() == Message.objects.filter(application=theirs).count() == 1


def test_submitting_twice_with_one_key_submits_once_and_answers_the_same(world, api_client):
    application = world["application"]
    api_client.force_authenticate(application.applicant)
    url = f"/api/v1/applications/{application.pk}/actions/submit/"
    key = _key()

    first = api_client.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api_client.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert first.status_code == again.status_code == 200, first.content.decode()[:300]
    assert first.json()["status"] == "submitted"
    assert again.json() == first.json()
    assert ApplicationEvent.objects.filter(application=application, action="submit").count() == 1


def test_a_report_requested_twice_with_one_key_is_one_report(world, api_client):
    api_client.force_authenticate(world["officer"])
    key = _key()
    first = api_client.post("/api/v1/platform-reports/", {"fiscal_year": 2024}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api_client.post("/api/v1/platform-reports/", {"fiscal_year": 2024}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"] and again["Location"] == first["Location"]
    assert PlatformReport.objects.count() == 1


def _form_key(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page).group(1)


def test_the_message_form_sent_twice_posts_one_message(world, client):
    application = world["application"]
    client.force_login(application.applicant)
    page = client.get(f"/applications/{application.pk}/").content.decode()
    form = {"body": "確認お願いします。", "visibility": "team", "idempotency_key": _form_key(page)}
    url = f"/applications/{application.pk}/messages/"

    first = client.post(url, form)
    again = client.post(url, form)

    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Message.objects.filter(application=application).count() == 1


def test_the_submit_form_sent_twice_submits_once(world, client):
    application = world["application"]
    client.force_login(application.applicant)
    url = f"/applications/{application.pk}/submit/"
    form = {"idempotency_key": _form_key(client.get(url).content.decode())}

    first = client.post(url, form)
    again = client.post(url, form)

    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert ApplicationEvent.objects.filter(application=application, action="submit").count() == 1


def test_the_report_form_sent_twice_requests_one_report(world, client):
    client.force_login(world["officer"])
    form = {"idempotency_key": _form_key(client.get("/reporting/dashboard/").content.decode())}
    first = client.post("/reporting/dashboard/rebuild/", form)
    again = client.post("/reporting/dashboard/rebuild/", form)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert PlatformReport.objects.count() == 1


def test_keys_are_forgotten_after_a_week_and_kept_before(world, api_client):
    from reliability.idempotency import forget_old_keys
    from reliability.models import IdempotentRequest

    application = world["application"]
    api_client.force_authenticate(application.applicant)
    url = f"/api/v1/applications/{application.pk}/messages/"
    body = {"body": "一週間前の送信", "visibility": "team"}
    api_client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="old-key")
    sent_at = IdempotentRequest.objects.get().created_at

    assert forget_old_keys(now=sent_at + dt.timedelta(days=6)) == 0
    assert forget_old_keys(now=sent_at + dt.timedelta(days=7, seconds=1)) == 1
    assert not IdempotentRequest.objects.exists()
