"""/healthz and /readyz: JSON for load balancers and operators, no login, no secrets."""

import json

import pytest

from health.services import heartbeat_record
from tests.integration.services import free_port

pytestmark = pytest.mark.django_db


def test_healthz_says_the_process_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_without_a_broker_checks_the_database_and_migrations(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": {"ok": True}, "migrations": {"ok": True, "unapplied": 0}},
    }


@pytest.mark.redis
def test_readyz_with_a_broker_wants_redis_and_a_recent_worker_heartbeat(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "error": "no heartbeat yet"}
    assert response.json()["checks"]["redis"] == {"ok": True}
    heartbeat_record(name="celery@test")
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["status"] == "ready"
    assert response.json()["checks"]["worker"]["last_heartbeat_seconds_ago"] < 5


def test_readyz_reports_redis_down_without_its_address(client, settings):
    port = free_port()  # nothing listens there
    settings.REDIS_URL = f"redis://:secret-password@127.0.0.1:{port}/0"
    heartbeat_record(name="celery@test")
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready" and body["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}
    text = json.dumps(body)
    assert "secret-password" not in text and str(port) not in text
