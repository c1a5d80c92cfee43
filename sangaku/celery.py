"""Celery application. Broker is Redis (REDIS_URL); without it tasks run eagerly in-process.

Every task of the project takes `**RETRY_POLICY`: transient failures (database
or broker connection dropped, mail server unreachable) are retried with
exponential backoff and jitter; anything else fails loudly. Tasks are
idempotent (dedup keys, row locks), so a retry or a redelivery is harmless.
"""

import os
import smtplib

from celery import Celery
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sangaku.settings")

app = Celery("sangaku")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError, smtplib.SMTPException)

RETRY_POLICY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 600,  # keep below CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    "retry_jitter": True,
    "max_retries": 6,
}
