"""The API's front door: anonymous requests get 401 with WWW-Authenticate, throttling answers 429, and the
API docs and schema are behind sign-in in production."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_api_request_is_401_with_www_authenticate_and_the_standard_shape(api_client):
    response = api_client.get("/api/v1/applications/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    body = response.json()
    assert body["code"] == "not_authenticated" and body["errors"] == {} and body["detail"]


def test_a_signed_in_person_is_throttled_after_the_rate(api_client, settings):
    settings.API_THROTTLE_RATES = {"anon": "100/minute", "user": "5/minute"}
    api_client.force_authenticate(UserFactory())
    answers = [api_client.get("/api/v1/programs/").status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]
    response = api_client.get("/api/v1/programs/")
    assert response.status_code == 429 and response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    # Another person has their own allowance.
    api_client.force_authenticate(UserFactory())
    assert api_client.get("/api/v1/programs/").status_code == 200


def test_an_anonymous_address_is_throttled_after_the_rate(api_client, settings):
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "user": "100/minute"}
    answers = [api_client.get("/api/v1/programs/", REMOTE_ADDR="192.0.2.1").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]
    assert api_client.get("/api/v1/programs/", REMOTE_ADDR="192.0.2.2").status_code == 401


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_are_behind_sign_in_in_production(client, settings, path):
    settings.API_DOCS_PUBLIC = False  # the production default
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory())
    assert client.get(path).status_code == 200


def test_schema_is_public_in_development(client, settings):
    settings.API_DOCS_PUBLIC = True
    assert client.get("/api/schema/").status_code == 200


def test_production_profile_defaults(monkeypatch):
    """DJANGO_ENV=production turns on REQUIRE_2FA and puts the API docs behind sign-in."""
    import importlib

    import sangaku.settings as module

    monkeypatch.setenv("DJANGO_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.delenv("REQUIRE_2FA", raising=False)
    monkeypatch.delenv("API_DOCS_PUBLIC", raising=False)
    production = importlib.reload(module)
    try:
        assert production.REQUIRE_2FA is True and production.API_DOCS_PUBLIC is False
    finally:
        monkeypatch.setenv("DJANGO_ENV", "development")
        importlib.reload(module)


def test_wrong_tokens_count_against_the_address(api_client, settings):
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "user": "100/minute"}
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    answers = [api_client.get("/api/v1/programs/").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]


def test_the_throttled_answer_is_in_japanese(api_client, settings):
    settings.API_THROTTLE_RATES = {"anon": "100/minute", "user": "1/minute"}
    api_client.force_authenticate(UserFactory())
    api_client.get("/api/v1/programs/")
    detail = api_client.get("/api/v1/programs/").json()["detail"]
    assert detail.startswith("リクエストが多すぎます。") and "秒後にもう一度お試しください。" in detail


def test_behind_the_trusted_proxy_each_client_address_has_its_own_allowance(api_client, settings):
    """nginx passes the client's address as X-Real-IP; believed only from TRUSTED_PROXY_IPS (sangaku.clock)."""
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "user": "100/minute"}
    settings.TRUSTED_PROXY_IPS = ["127.0.0.1"]
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    first = [
        api_client.get("/api/v1/programs/", HTTP_X_REAL_IP="192.0.2.10", **via_proxy).status_code for _ in range(3)
    ]
    assert first == [401, 401, 429]
    assert api_client.get("/api/v1/programs/", HTTP_X_REAL_IP="192.0.2.11", **via_proxy).status_code == 401


def test_a_client_address_claimed_by_anyone_but_the_proxy_is_ignored(api_client, settings):
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "user": "100/minute"}
    settings.TRUSTED_PROXY_IPS = ["127.0.0.1"]
    answers = [
        api_client.get("/api/v1/programs/", REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP=f"192.0.2.{n}").status_code
        for n in range(3)
    ]
    assert answers == [401, 401, 429]  # one address (the peer's), whatever it claims
