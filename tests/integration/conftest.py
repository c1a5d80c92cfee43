import uuid

import pytest
import redis
from django.conf import settings

from sangaku.celery import app as celery_app
from tests.applications.factories import ApplicationFactory
from tests.awards.factories import AwardFactory

from .services import Service
from .worker import Worker, forget_unacked


@pytest.fixture
def gapfund(catalog):
    """KSAC Step 1: three awards and two rejections (a platform report has one row with 3 / 2 / 5)."""
    ksac = catalog["calls"]["GF-KSAC-2024-S1"]
    AwardFactory.create_batch(3, application__call=ksac, amount_total=5_000_000)
    ApplicationFactory.create_batch(2, call=ksac, status="rejected")
    return catalog


@pytest.fixture
def services():
    """`services(service)` starts a service (redis-server, gunicorn, beat); all are killed after the test."""
    started: list[Service] = []

    def start(service: Service) -> Service:
        started.append(service)
        return service.start()

    yield start
    for service in started:
        service.close()


@pytest.fixture
def queue():
    """A queue of our own, so parallel test runs on the same Redis never take each other's messages.

    Tasks published by this process go there too (not eagerly run).
    """
    name = f"it-{uuid.uuid4().hex[:12]}"
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
    client = redis.Redis.from_url(settings.REDIS_URL)
    forget_unacked(client, name)
    for key in client.scan_iter(match=f"*{name}*"):  # the queue and kombu's bindings for it
        client.delete(key)
    client.close()


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    client.close()


@pytest.fixture
def workers(queue):
    """Start workers with `workers(**options)`; every one is stopped (or killed) after the test."""
    started: list[Worker] = []

    def start(**options) -> Worker:
        worker = Worker(queue, **options)
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def task_result():
    """`task_result(async_result, timeout)` waits for a task's return value from the worker.

    The project runs without a result backend; the test workers store results in Redis
    (CELERY_RESULT_BACKEND), and the keys are removed after the test.
    """
    from celery.backends.redis import RedisBackend
    from celery.result import AsyncResult

    backend = RedisBackend(app=celery_app, url=settings.REDIS_URL)
    ids: list[str] = []

    def get(result, *, timeout: float):
        ids.append(result.id)
        return AsyncResult(result.id, backend=backend).get(timeout=timeout)

    yield get
    for task_id in ids:
        backend.forget(task_id)
