"""The applications API: the applicant's path, immutability after submit, scoping, filters and errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications import services
from applications.models import Application, ApplicationEvent, BudgetLine, Status, TeamMember

from .factories import PDF_BYTES, first_budget_year, make_complete, make_draft

pytestmark = pytest.mark.django_db

API = "/api/v1/applications/"


def client_for(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_applicant_path_through_the_api(api_client, world):
    client = client_for(api_client, world["owner"])
    call = world["call"]
    year = first_budget_year(call)

    response = client.post(API, {"call": call.pk, "title": "新素材の事業化"}, format="json")
    assert response.status_code == 201, response.data
    body = response.data
    assert body["status"] == "draft" and body["applicant"] == world["owner"].pk
    assert body["institution"] == world["owner"].affiliation_id
    assert set(body) >= {
        "id", "call", "status", "receipt_number", "title", "title_en", "summary", "keywords",
        "requested_amount", "duration_months", "predecessor_award", "applicant", "institution", "submitted_at",
    }  # fmt: skip
    app_url = f"{API}{body['id']}/"

    response = client.patch(
        app_url,
        {"summary": "概要", "keywords": "素材, 事業化", "requested_amount": 3_900_000, "duration_months": 12},
        format="json",
    )
    assert response.status_code == 200, response.data
    for category, amount in (("equipment", 3_000_000), ("indirect", 900_000)):
        response = client.post(
            f"{app_url}budget-lines/", {"fiscal_year": year, "category": category, "amount": amount}, format="json"
        )
        assert response.status_code == 201, response.data
    response = client.post(
        f"{app_url}members/", {"name": "佐藤 花子", "role": "co_investigator", "effort_percent": 20}, format="json"
    )
    assert response.status_code == 201, response.data
    upload = SimpleUploadedFile("提案書.pdf", PDF_BYTES, content_type="application/octet-stream")
    response = client.post(f"{app_url}attachments/", {"file": upload, "kind": "proposal"}, format="multipart")
    assert response.status_code == 201, response.data
    assert response.data["content_type"] == "application/pdf"
    assert response.data["original_name"] == "提案書.pdf"
    download_url = response.data["download_url"]

    response = client.post(f"{app_url}actions/submit/", {}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "submitted"
    receipt = response.data["receipt_number"]
    assert receipt.startswith("GF-KSAC-") and response.data["submitted_at"]

    # Frozen after submit: every write is refused and nothing changes.
    before = (
        Application.objects.filter(pk=body["id"]).values().get(),
        list(BudgetLine.objects.filter(application_id=body["id"]).values()),
        list(TeamMember.objects.filter(application_id=body["id"]).values()),
    )
    refused = [
        client.patch(app_url, {"title": "変更"}, format="json"),
        client.delete(app_url),
        client.post(f"{app_url}budget-lines/", {"fiscal_year": year, "category": "travel", "amount": 1}, format="json"),
        client.delete(f"{app_url}budget-lines/{BudgetLine.objects.filter(application_id=body['id']).first().pk}/"),
        client.post(f"{app_url}members/", {"name": "X", "role": "co_investigator"}, format="json"),
        client.post(
            f"{app_url}attachments/",
            {"file": SimpleUploadedFile("b.pdf", PDF_BYTES), "kind": "other"},
            format="multipart",
        ),
    ]
    assert [r.status_code for r in refused] == [409] * 6
    assert "提出後" in refused[0].data["detail"]
    after = (
        Application.objects.filter(pk=body["id"]).values().get(),
        list(BudgetLine.objects.filter(application_id=body["id"]).values()),
        list(TeamMember.objects.filter(application_id=body["id"]).values()),
    )
    assert after == before

    download = client.get(download_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "filename*=utf-8''%E6%8F%90%E6%A1%88%E6%9B%B8.pdf" in download["Content-Disposition"]
    assert download["Content-Disposition"].startswith("attachment")

    response = client.post(f"{app_url}actions/withdraw/", {"note": "辞退します"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "withdrawn"
    assert response.data["receipt_number"] == receipt

    events = client.get(f"{app_url}events/").data["results"]
    transitions = [
        (e["action"], e["from_status"], e["to_status"]) for e in events if e["from_status"] != e["to_status"]
    ]
    assert transitions == [("submit", "draft", "submitted"), ("withdraw", "submitted", "withdrawn")]
    assert events[-1]["note"] == "辞退します" and events[-1]["actor"] == world["owner"].pk
    assert set(events[0]) == {"action", "from_status", "to_status", "actor", "actor_name", "note", "at"}


def test_another_applicants_application_is_404_on_every_endpoint(api_client, world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    application = make_complete(world["call"], world["owner"])
    attachment = services.attachment_add(
        application_id=application.pk, actor=world["owner"], uploaded=SimpleUploadedFile("a.pdf", PDF_BYTES)
    )
    line = application.budget_lines.first()
    member = application.members.first()
    client = client_for(api_client, world["other"])
    base = f"{API}{application.pk}/"
    calls = [
        ("get", base),
        ("patch", base),
        ("delete", base),
        ("post", f"{base}actions/submit/"),
        ("post", f"{base}actions/withdraw/"),
        ("get", f"{base}events/"),
        ("get", f"{base}budget-lines/"),
        ("post", f"{base}budget-lines/"),
        ("get", f"{base}budget-lines/{line.pk}/"),
        ("patch", f"{base}budget-lines/{line.pk}/"),
        ("delete", f"{base}budget-lines/{line.pk}/"),
        ("get", f"{base}members/"),
        ("post", f"{base}members/"),
        ("patch", f"{base}members/{member.pk}/"),
        ("delete", f"{base}members/{member.pk}/"),
        ("get", f"{base}attachments/"),
        ("post", f"{base}attachments/"),
        ("get", f"{base}attachments/{attachment.pk}/"),
        ("delete", f"{base}attachments/{attachment.pk}/"),
        ("get", f"{base}attachments/{attachment.pk}/download/"),
    ]
    for method, url in calls:
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
    assert client.get(API).data["count"] == 0
    # The same from the pages.
    from django.test import Client

    page_client = Client()
    page_client.force_login(world["other"])
    for url in [
        f"/applications/{application.pk}/",
        f"/applications/{application.pk}/edit/",
        f"/applications/{application.pk}/submit/",
        f"/applications/{application.pk}/withdraw/",
        f"/applications/{application.pk}/receipt/",
        f"/applications/{application.pk}/attachments/{attachment.pk}/download/",
    ]:
        assert page_client.get(url).status_code == 404, url
    assert Application.objects.filter(pk=application.pk, status=Status.DRAFT).exists()


def test_filters_accept_codes_case_insensitively(api_client, world):
    ksac = make_draft(world["call"], world["owner"], title="量子センサ")
    gtie = make_draft(world["other_call"], world["owner"], title="衛星データ")
    services.application_transition(
        application_id=make_complete(world["call"], world["owner"], title="提出済み").pk,
        action="submit",
        actor=world["owner"],
    )
    client = client_for(api_client, world["director"])

    def ids(query):
        response = client.get(API + query)
        assert response.status_code == 200, response.data
        return {row["id"] for row in response.data["results"]}

    assert ids("?platform=ksac") == ids("?platform=KSAC") and gtie.pk not in ids("?platform=ksac")
    assert ksac.pk in ids("?platform=ksac")
    assert ids("?platform=gtie") == {gtie.pk}
    assert len(ids("?stage=step1")) == 3
    assert ids("?status=draft") == {ksac.pk, gtie.pk}
    assert ids(f"?call={world['other_call'].pk}") == {gtie.pk}
    assert ids(f"?fiscal_year={world['call'].fiscal_year}") == ids("")
    assert ids("?fiscal_year=1999") == set()
    assert ids("?search=量子") == {ksac.pk}
    submitted = Application.objects.get(status=Status.SUBMITTED)
    assert ids(f"?search={submitted.receipt_number.lower()}") == {submitted.pk}


def test_validation_failure_is_400_with_field_errors_and_changes_nothing(api_client, world):
    application = make_draft(world["call"], world["owner"], title="元の課題名")
    client = client_for(api_client, world["owner"])
    response = client.patch(f"{API}{application.pk}/", {"title": "新", "duration_months": 0}, format="json")
    assert response.status_code == 400
    assert "duration_months" in response.data["errors"]
    application.refresh_from_db()
    assert application.title == "元の課題名" and application.duration_months is None

    response = client.post(
        f"{API}{application.pk}/members/",
        {"name": "X", "role": "co_investigator", "effort_percent": 101},
        format="json",
    )
    assert response.status_code == 400 and "effort_percent" in response.data["errors"]
    response = client.post(
        f"{API}{application.pk}/budget-lines/", {"fiscal_year": 2026, "category": "food", "amount": 1}, format="json"
    )
    assert response.status_code == 400 and "category" in response.data["errors"]
    assert application.members.count() == 1 and application.budget_lines.count() == 0


def test_a_closed_call_refuses_new_drafts(api_client, world):
    call = world["call"]
    call.published = False
    call.save()
    response = client_for(api_client, world["owner"]).post(API, {"call": call.pk}, format="json")
    assert response.status_code == 400 and "call" in response.data["errors"]
    assert not Application.objects.exists()


def test_only_a_never_submitted_draft_can_be_deleted(api_client, world):
    client = client_for(api_client, world["owner"])
    draft = make_draft(world["call"], world["owner"])
    assert client.delete(f"{API}{draft.pk}/").status_code == 204
    assert not Application.objects.filter(pk=draft.pk).exists()

    returned = make_complete(world["call"], world["owner"])
    services.application_transition(application_id=returned.pk, action="submit", actor=world["owner"])
    services.application_transition(application_id=returned.pk, action="return", actor=world["officer"], note="修正")
    response = client.delete(f"{API}{returned.pk}/")
    assert response.status_code == 409 and "削除できません" in response.data["detail"]
    assert Application.objects.filter(pk=returned.pk, status=Status.DRAFT).exists()
    # A returned draft is editable again.
    assert client.patch(f"{API}{returned.pk}/", {"title": "修正版"}, format="json").status_code == 200


def test_workflow_refusals_on_the_wire(api_client, world):
    application = make_complete(world["call"], world["owner"])
    services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    officer = client_for(api_client, world["officer"])
    response = officer.post(f"{API}{application.pk}/actions/return/", {}, format="json")
    assert response.status_code == 400 and "note" in response.data["errors"]
    response = officer.post(f"{API}{application.pk}/actions/reject/", {}, format="json")
    assert response.status_code == 409 and response.data["code"] == "illegal_transition"
    response = officer.post(f"{API}{application.pk}/actions/fly/", {}, format="json")
    assert response.status_code == 400
    # The owner may see it but not screen it; an out-of-scope officer does not see it at all.
    owner = client_for(api_client, world["owner"])
    assert owner.post(f"{API}{application.pk}/actions/screen/", {}, format="json").status_code == 403
    out = client_for(api_client, world["officer_out"])
    assert out.post(f"{API}{application.pk}/actions/screen/", {}, format="json").status_code == 404
    assert ApplicationEvent.objects.filter(application=application).exclude(from_status="draft").count() == 0

    response = client_for(api_client, world["officer"]).post(
        f"{API}{application.pk}/actions/return/", {"note": "様式不備"}, format="json"
    )
    assert response.status_code == 200 and response.data["status"] == "draft"


@pytest.mark.parametrize("role", ["owner", "officer", "director"])
def test_list_makes_a_constant_number_of_queries(api_client, world, role):
    def count_for(n):
        for i in range(n - Application.objects.count()):
            application = make_complete(world["call"], world["owner"], title=f"課題{i}")
            if i % 2:
                services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
        person = type(world[role]).objects.get(pk=world[role].pk)  # each request loads its user afresh
        client = client_for(api_client, person)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(API)
        assert response.status_code == 200 and response.data["count"] == n
        return len(ctx.captured_queries)

    assert count_for(2) == count_for(10)
