import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from programs.models import Call
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _codes(response):
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize("path", ["platforms", "programs", "stages", "institutions", "calls"])
def test_anonymous_requests_are_refused_with_a_message(api_client, catalog, path):
    response = api_client.get(f"/api/v1/{path}/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"]


def test_signed_in_user_sees_exactly_the_nine_platforms(api_client, catalog):
    api_client.force_authenticate(UserFactory())
    response = api_client.get("/api/v1/platforms/")
    assert response.status_code == 200
    assert _codes(response) == ["TESH", "IJIE", "HSFC", "KSAC", "MASP", "PARKS", "GTIE", "PSI", "TONGALI"]
    assert response.json()["count"] == 9


@pytest.mark.parametrize("platform", ["KSAC", "ksac", "Ksac"])
def test_calls_filter_by_platform_and_fiscal_year_case_insensitively(api_client, catalog, platform):
    api_client.force_authenticate(UserFactory())
    response = api_client.get(f"/api/v1/calls/?platform={platform}&fiscal_year=2024")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert sorted((r["platform"], r["stage"], r["program"]) for r in rows) == [
        ("KSAC", "STEP1", "GAPFUND"),
        ("KSAC", "STEP2", "GAPFUND"),
    ]
    assert all(r["is_open"] is False for r in rows)


def test_is_open_and_stage_filters(api_client, catalog):
    api_client.force_authenticate(UserFactory())
    response = api_client.get("/api/v1/calls/?is_open=true&platform=KSAC&stage=step1")
    rows = response.json()["results"]
    assert len(rows) == 1 and rows[0]["is_open"] is True and rows[0]["stage"] == "STEP1"
    assert rows[0]["max_amount"] == 5_000_000


def test_unpublished_calls_are_visible_only_to_directors_and_officers_in_scope(api_client, catalog):
    hidden = catalog["calls"]["GF-KSAC-2024-S1"]
    Call.objects.filter(pk=hidden.pk).update(published=False)
    cases = [
        (UserFactory(username="dir", role=Role.DIRECTOR), True),
        (UserFactory(username="ksac", role=Role.OFFICER), True),
        (UserFactory(username="gtie", role=Role.OFFICER), False),
        (UserFactory(username="app", role=Role.APPLICANT), False),
    ]
    cases[1][0].officer_platforms.add(catalog["platforms"]["KSAC"])
    cases[2][0].officer_platforms.add(catalog["platforms"]["GTIE"])
    for user, sees in cases:
        api_client.force_authenticate(user)
        listed = hidden.code in _codes(api_client.get("/api/v1/calls/?platform=KSAC&page_size=100"))
        detail = api_client.get(f"/api/v1/calls/{hidden.pk}/").status_code
        assert (listed, detail) == (sees, 200 if sees else 404), user.username


def test_only_directors_write_the_catalog(api_client, catalog):
    payload = {
        "code": "GF-KSAC-2099-S1",
        "title": "新しい公募",
        "stage": "STEP1",
        "platform": "KSAC",
        "fiscal_year": 2099,
        "opens_at": timezone.now().isoformat(),
        "closes_at": (timezone.now() + dt.timedelta(days=30)).isoformat(),
    }
    api_client.force_authenticate(UserFactory(username="app", role=Role.APPLICANT))
    assert api_client.post("/api/v1/calls/", payload, format="json").status_code == 403
    assert not Call.objects.filter(code="GF-KSAC-2099-S1").exists()
    api_client.force_authenticate(UserFactory(username="dir", role=Role.DIRECTOR))
    assert api_client.post("/api/v1/calls/", payload, format="json").status_code == 201
    assert Call.objects.get(code="GF-KSAC-2099-S1").platform.code == "KSAC"


def test_a_call_closing_before_it_opens_is_refused_naming_the_field_in_japanese(api_client, catalog):
    api_client.force_authenticate(UserFactory(username="dir", role=Role.DIRECTOR))
    before = Call.objects.count()
    response = api_client.post(
        "/api/v1/calls/",
        {
            "code": "BAD",
            "title": "x",
            "stage": "STEP1",
            "fiscal_year": 2026,
            "opens_at": "2026-05-01T00:00:00+09:00",
            "closes_at": "2026-04-01T00:00:00+09:00",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 400
    body = response.json()
    assert "closes_at" in body["errors"]
    assert "締切" in body["errors"]["closes_at"][0]
    assert Call.objects.count() == before


def test_call_list_makes_a_constant_number_of_queries(api_client, catalog):
    api_client.force_authenticate(UserFactory())
    with CaptureQueriesContext(connection) as few:
        api_client.get("/api/v1/calls/?fiscal_year=2024&platform=KSAC")
    with CaptureQueriesContext(connection) as many:
        response = api_client.get("/api/v1/calls/")
    assert response.json()["count"] > 20
    assert len(many) == len(few)


def test_openapi_schema_is_valid_openapi_3(api_client, catalog):
    import yaml
    from drf_spectacular.validation import validate_schema

    api_client.force_authenticate(UserFactory())
    response = api_client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert "/api/v1/calls/" in schema["paths"]


@pytest.mark.parametrize(
    ("url", "body", "field", "reason"),
    [
        ("/api/v1/platforms/", {"code": "table", "name": "表", "region": "関西"}, "code", "英大文字"),
        ("/api/v1/programs/", {"code": "gap fund", "name": "表"}, "code", "英大文字"),
        (
            "/api/v1/stages/",
            {
                "program": "GAPFUND",
                "order": 9,
                "code": "STEP9",
                "name": "段階",
                "max_amount": 10**12,
                "max_duration_months": 12,
            },
            "max_amount",
            "100000000000以下",
        ),
    ],
)
def test_catalog_writes_that_break_a_constraint_are_a_400_naming_the_field(
    api_client, catalog, url, body, field, reason
):
    api_client.force_authenticate(UserFactory(role=Role.DIRECTOR))

    response = api_client.post(url, body, format="json")

    assert response.status_code == 400, response.content
    assert reason in " ".join(response.json()["errors"][field])
