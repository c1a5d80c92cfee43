import pytest

from sangaku.celery import app as celery_app


@pytest.fixture(autouse=True)
def eager_tasks():
    """Unit tests run tasks in-process even when REDIS_URL is set (tests/integration use a real worker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
