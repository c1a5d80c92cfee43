"""Shared test set-up.

Tests that need a real service carry a marker (`postgres`, `redis`). Without the
service they are skipped on a developer's machine, and fail under CI=true:
nothing is silently skipped in CI.
"""

import os

import pytest
from django.conf import settings
from django.db import connection


def _service_missing(item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "PostgreSQL がありません（DATABASE_URL を設定してください）"
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        return "Redis がありません（REDIS_URL を設定してください）"
    return None


def pytest_runtest_setup(item):
    reason = _service_missing(item)
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI requires this service: {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """API throttling counts requests in the cache: each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def catalog(db):
    """The demo catalog (platforms, programs, stages, calls) built by the real loader."""
    import io

    from django.utils import timezone

    from programs import demo
    from programs.fiscal import JST

    demo.load(today=timezone.now().astimezone(JST).date(), out=io.StringIO())
    from programs.models import Call, Platform, Stage

    return {
        "platforms": {p.code: p for p in Platform.objects.all()},
        "stages": {s.code: s for s in Stage.objects.all()},
        "calls": {c.code: c for c in Call.objects.all()},
    }


def _watch_for_n_plus_one() -> None:
    """django-zeal in every request a test makes (pages, API lists, the live server of the browser tests): a
    relation loaded once per row of a list (an N+1) raises NPlusOneError, and the test fails with a 500.
    zeal is a development dependency, so it is wired here rather than in the settings production uses."""
    from zeal.constants import initialize_app_registry
    from zeal.patch import patch

    initialize_app_registry()
    patch()
    settings.ZEAL_RAISE = True
    # A stage's API update fetches the stage (the URL) and, to validate `predecessor`, another stage: two
    # `Stage.get()` that DRF makes from one line of its own code, which zeal would count as an N+1.
    settings.ZEAL_ALLOWLIST = [{"model": "programs.Stage", "field": "get()"}]
    settings.MIDDLEWARE = ["zeal.middleware.zeal_middleware", *settings.MIDDLEWARE]


def pytest_configure(config):
    # Fast hashing keeps factories cheap; production keeps Django's default hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Not under `make mutate`: mutmut routes every call of a mutated module through one trampoline line, which
    # zeal would take for an N+1 (mutation testing is about the rules, the query counts are checked by `make test`).
    if "MUTANT_UNDER_TEST" not in os.environ:
        _watch_for_n_plus_one()
    # API throttling stays on, at rates no ordinary test reaches (a test may call one route many times as one
    # person); tests/test_api_auth.py sets low rates to see the 429.
    settings.API_THROTTLE_RATES = {"anon": "100000/minute", "user": "100000/minute"}
    # With REDIS_URL the cache is on Redis, where another test run may use the same database: each run keeps its keys
    # under a prefix of its own, so one run's cache.clear() (before every test) never wipes another run's counts.
    cache_settings = settings.CACHES["default"]
    if cache_settings.get("KEY_PREFIX"):
        cache_settings["KEY_PREFIX"] = f"{cache_settings['KEY_PREFIX']}-test-{os.getpid()}"


def pytest_unconfigure(config):
    from django.core.cache import cache

    if settings.configured and settings.CACHES["default"].get("KEY_PREFIX"):
        cache.clear()  # this run's keys only
