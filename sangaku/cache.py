"""The shared cache on Redis (settings.CACHES when REDIS_URL is set): sessions, API throttle counts.

Django's own `RedisCache`, with two differences that matter when every web machine shares one Redis that is also
the Celery broker:

- `clear()` deletes only this cache's keys (those under its KEY_PREFIX), never the whole Redis database: Django's
  `clear()` is `FLUSHDB`, which would also drop the broker's queued tasks.
- Redis being unreachable is a cache miss, not an error. A read answers "not cached", a write is dropped, and for
  `RETRY_AFTER_SECONDS` the process does not try Redis again (one slow connect, not one per call). Sessions
  (`cached_db`) then come from PostgreSQL, and API throttle counts start again from zero: pages and the API keep
  working while Redis is down, as docs/operator.md promises. Lockouts (django-axes) live in PostgreSQL anyway.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
_GLOB_SPECIAL = str.maketrans({c: f"\\{c}" for c in "*?[]\\"})


class _Client(RedisCacheClient):
    """Django's Redis client; every call answers its "nothing there" value while Redis cannot be reached."""

    _down_until = 0.0

    def _guard(self, call, fallback, *args):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return call(*args)
        except UNREACHABLE as error:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning(
                "cache: Redis unreachable (%s); treated as empty for %ss", type(error).__name__, RETRY_AFTER_SECONDS
            )
            return fallback

    def add(self, key, value, timeout):
        return self._guard(super().add, False, key, value, timeout)

    def get(self, key, default):
        return self._guard(super().get, default, key, default)

    def set(self, key, value, timeout):
        return self._guard(super().set, None, key, value, timeout)

    def touch(self, key, timeout):
        return self._guard(super().touch, False, key, timeout)

    def delete(self, key):
        return self._guard(super().delete, False, key)

    def get_many(self, keys):
        return self._guard(super().get_many, {}, keys)

    def has_key(self, key):
        return self._guard(super().has_key, False, key)

    def set_many(self, data, timeout):
        return self._guard(super().set_many, None, data, timeout)

    def delete_many(self, keys):
        return self._guard(super().delete_many, None, keys)

    def incr(self, key, delta):
        missing = object()
        result = self._guard(super().incr, missing, key, delta)
        if result is missing:
            raise ValueError(f"Key '{key}' not found.")  # as for a key that is not there
        return result

    def clear_prefix(self, prefix: str) -> int:
        def delete_matching():
            client = self.get_client(None, write=True)
            deleted = 0
            batch = []
            for key in client.scan_iter(match=f"{prefix.translate(_GLOB_SPECIAL)}:*", count=500):
                batch.append(key)
                if len(batch) >= 500:
                    deleted += client.delete(*batch)
                    batch = []
            if batch:
                deleted += client.delete(*batch)
            return deleted

        return self._guard(delete_matching, 0)


class SharedRedisCache(RedisCache):
    """`RedisCache` that clears only its own keys and treats an unreachable Redis as empty (see module doc)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        if not self.key_prefix:
            raise ValueError("SharedRedisCache needs a KEY_PREFIX: clear() deletes the keys under it")
        self._class = _Client

    def clear(self):
        return bool(self._cache.clear_prefix(self.key_prefix))
