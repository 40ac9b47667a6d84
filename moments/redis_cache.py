"""Django's Redis cache, degrading to no cache while Redis is unreachable.

Everything the project keeps in the cache can be rebuilt (moment answers, the
content version, the taxonomy's version) or may lapse (rate-limit counters:
while Redis is down, limits are not enforced). So a Redis outage costs speed,
is logged, and never turns a request into a 5xx.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError)


def _forgiving(method, unreachable_result=None):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("Redis cache unreachable (%s): %s answers as if empty", error, method.__name__)
            return unreachable_result

    return call


def _unreachable_incr(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("Redis cache unreachable (%s): incr fails as for a missing key", error)
            raise ValueError("the cache is unreachable") from error

    return call


class ForgivingRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            logger.warning("Redis cache unreachable (%s): get answers as if empty", error)
            return default

    set = _forgiving(RedisCache.set)
    add = _forgiving(RedisCache.add, unreachable_result=False)
    touch = _forgiving(RedisCache.touch, unreachable_result=False)
    delete = _forgiving(RedisCache.delete, unreachable_result=False)
    has_key = _forgiving(RedisCache.has_key, unreachable_result=False)
    get_many = _forgiving(RedisCache.get_many, unreachable_result={})
    set_many = _forgiving(RedisCache.set_many, unreachable_result=[])
    delete_many = _forgiving(RedisCache.delete_many)
    clear = _forgiving(RedisCache.clear, unreachable_result=False)
    incr = _unreachable_incr(RedisCache.incr)

    def ping(self) -> bool:
        """Whether Redis answers now (the health check asks)."""
        try:
            return bool(self._cache.get_client().ping())
        except UNREACHABLE:
            return False
