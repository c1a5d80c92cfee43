"""The cache on Redis (sangaku.cache.SharedRedisCache, Django's RedisCache): shared by every process, clears only its
own keys (the broker lives in the same Redis), and an unreachable Redis is a miss, not an error."""

import socket
import time
import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache, caches

from sangaku.cache import SharedRedisCache

pytestmark = pytest.mark.redis


def test_with_redis_url_the_cache_is_on_redis_and_sessions_stay_in_the_database_only():
    assert isinstance(caches["default"], SharedRedisCache)
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_clearing_the_cache_leaves_every_other_key_in_redis_alone():
    client = redis.Redis.from_url(settings.REDIS_URL)
    foreign = f"celery-like-{uuid.uuid4().hex}"  # e.g. a queued task of the broker in the same database
    client.set(foreign, b"a task", ex=60)
    try:
        cache.set("throttle-count", 3)
        assert cache.get("throttle-count") == 3
        cache.clear()
        assert cache.get("throttle-count") is None
        assert client.get(foreign) == b"a task"
    finally:
        client.delete(foreign)
        client.close()


def test_another_process_sees_what_this_one_cached():
    key = f"shared-{uuid.uuid4().hex}"
    cache.set(key, {"n": 1}, 60)
    other = SharedRedisCache(settings.CACHES["default"]["LOCATION"], settings.CACHES["default"])  # a fresh client
    assert other.get(key) == {"n": 1}


def test_an_unreachable_redis_is_a_miss_and_is_not_asked_again_at_once():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here
    down = SharedRedisCache(f"redis://127.0.0.1:{port}/0", {"KEY_PREFIX": "down-test"})
    started = time.monotonic()
    assert down.get("anything", "default") == "default"
    down.set("anything", 1)  # dropped, no error
    assert down.add("anything", 1) is False
    assert down.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        down.incr("anything")  # as for a missing key
    assert down.clear() is False
    assert time.monotonic() - started < 2
