"""Celery application. Broker is Redis (REDIS_URL); without it tasks run eagerly in-process.

Every task of the project takes `**RETRY_POLICY`: transient failures (database
or broker connection dropped, mail server unreachable) are retried with
exponential backoff and jitter; anything else fails loudly. Tasks are
idempotent (dedup keys, row locks), so a retry or a redelivery is harmless.
"""

import os
import smtplib

from celery import Celery
from django.db import InterfaceError, OperationalError, connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sangaku.settings")

app = Celery("sangaku")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.steps["worker"].add("health.worker.Heartbeat")  # /readyz wants a recent heartbeat of some worker

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError, smtplib.SMTPException)

RETRY_POLICY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 600,  # keep below CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    "retry_jitter": True,
    "max_retries": 6,
}


def drop_broken_connections() -> None:
    """Close database connections that no longer work (e.g. the server ended the backend).

    Django reconnects on the next query; without this a retried task, above all an
    eager retry running in the same process, would fail again on the dead connection.
    Connections inside a transaction are left alone (the transaction owner handles them).
    """
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None and not conn.in_atomic_block and not conn.is_usable():
            conn.close()
