"""The shared cache on Redis (settings.CACHES when REDIS_URL is set): API throttle counts and computed results.

It is Django's own `RedisCache` (its maintained client, unchanged), used through the public cache API only, with
two differences that matter when every web machine shares one Redis that is also the Celery broker:

- `clear()` deletes only this cache's keys (those under its KEY_PREFIX), never the whole Redis database: Django's
  `clear()` is `FLUSHDB`, which would also drop the broker's queued tasks.
- Redis being unreachable is a cache miss, not an error. A read answers "not cached", a write is dropped, and for
  `RETRY_AFTER_SECONDS` the process does not try Redis again (one slow connect, not one per call): pages and the
  API keep working while Redis is down, as docs/operator.md promises.

Nothing whose loss would be wrong lives only here, and no correctness depends on a delete reaching Redis: a delete
made while Redis is unreachable is lost, and Redis may come back with the old value. So sessions and sign-in
lockouts are in the database, and a cached value that must follow the data is stored under a key that includes
its *generation*, kept in the database (`reliability.generations`): an invalidation moves the generation on in
the database, and the old entries are never read again, whatever Redis kept.
"""

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
_GLOB_SPECIAL = str.maketrans({c: f"\\{c}" for c in "*?[]\\"})


class SharedRedisCache(RedisCache):
    """`RedisCache` that clears only its own keys and treats an unreachable Redis as empty (see module doc)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        if not self.key_prefix:
            raise ValueError("SharedRedisCache needs a KEY_PREFIX: clear() deletes the keys under it")
        self._location = server if isinstance(server, str) else server[0]
        self._down_until = 0.0

    def _guard(self, call, fallback):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return call()
        except UNREACHABLE as error:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning(
                "cache: Redis unreachable (%s); treated as empty for %ss", type(error).__name__, RETRY_AFTER_SECONDS
            )
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: super(SharedRedisCache, self).add(key, value, timeout, version), False)

    def get(self, key, default=None, version=None):
        return self._guard(lambda: super(SharedRedisCache, self).get(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: super(SharedRedisCache, self).set(key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: super(SharedRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._guard(lambda: super(SharedRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self._guard(lambda: super(SharedRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guard(lambda: super(SharedRedisCache, self).has_key(key, version), False)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: super(SharedRedisCache, self).set_many(data, timeout, version), list(data))

    def delete_many(self, keys, version=None):
        return self._guard(lambda: super(SharedRedisCache, self).delete_many(keys, version), None)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._guard(lambda: super(SharedRedisCache, self).incr(key, delta, version), missing)
        if result is missing:
            raise ValueError(f"Key '{key}' not found.")  # as for a key that is not there
        return result

    def clear(self):
        def delete_own_keys() -> int:
            client = redis.Redis.from_url(self._location, **self._options)
            try:
                deleted, batch = 0, []
                for key in client.scan_iter(match=f"{self.key_prefix.translate(_GLOB_SPECIAL)}:*", count=500):
                    batch.append(key)
                    if len(batch) >= 500:
                        deleted += client.delete(*batch)
                        batch = []
                if batch:
                    deleted += client.delete(*batch)
                return deleted
            finally:
                client.close()

        return bool(self._guard(delete_own_keys, 0))
