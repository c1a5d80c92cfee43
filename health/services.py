"""Writing heartbeats, and the checks behind /readyz. No check ever reports a URL, a password or a message text."""

import datetime as dt
import logging

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

FORGET_AFTER = dt.timedelta(days=7)
_migrations_checked = False  # once every migration is applied, this process need not look again


def heartbeat_record(*, name: str) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})


def heartbeats_forget_old() -> int:
    return WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - FORGET_AFTER).delete()[0]


def _failure(exc: Exception) -> dict:
    return {"ok": False, "error": type(exc).__name__}  # the class only: messages may carry hosts or users


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        from sangaku.celery import drop_broken_connections

        drop_broken_connections()
        return _failure(exc)
    return {"ok": True}


def check_migrations() -> dict:
    global _migrations_checked
    if _migrations_checked:
        return {"ok": True, "unapplied": 0}
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        unapplied = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except Exception as exc:
        return _failure(exc)
    _migrations_checked = unapplied == 0
    return {"ok": unapplied == 0, "unapplied": unapplied}


def check_redis() -> dict:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except Exception as exc:
        return _failure(exc)
    finally:
        client.close()
    return {"ok": True}


def check_worker() -> dict:
    try:
        latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    except Exception as exc:
        return _failure(exc)
    if latest is None:
        return {"ok": False, "error": "no heartbeat yet"}
    age = (timezone.now() - latest).total_seconds()
    return {
        "ok": age <= settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS,
        "last_heartbeat_seconds_ago": round(age, 1),
        "max_age_seconds": settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS,
    }


def readiness() -> dict:
    """Every check with its result; Redis and the worker only when the site runs with a broker (REDIS_URL)."""
    checks = {"database": check_database()}
    checks["migrations"] = check_migrations() if checks["database"]["ok"] else {"ok": False, "error": "database"}
    if settings.REDIS_URL:
        checks["redis"] = check_redis()
        checks["worker"] = check_worker() if checks["database"]["ok"] else {"ok": False, "error": "database"}
    return {"ready": all(check["ok"] for check in checks.values()), "checks": checks}
