"""The Celery set-up the worker and beat run with: every scheduled task exists and retries transient errors."""

from django.conf import settings
from django.db import OperationalError

from sangaku.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"beat entry {name} runs an unknown task {entry['task']}"


def test_tasks_are_late_acknowledged_and_retried_with_backoff_and_jitter():
    app.loader.import_default_modules()
    ours = [task for name, task in app.tasks.items() if name.split(".")[0] in ("reporting", "notifications")]
    assert len(ours) >= 6
    for task in ours:
        assert task.acks_late and task.reject_on_worker_lost, task.name
        assert OperationalError in task.autoretry_for and task.retry_backoff and task.retry_jitter, task.name
        assert (
            task.max_retries and task.retry_backoff_max < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        )
    assert app.conf.accept_content == ["json"] and app.conf.task_serializer == "json"
