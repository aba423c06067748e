"""The Redis cache keeps one client object per connection pool instead of building one per call,
and still reads and writes like Django's."""

import uuid

import pytest
import redis

from portal.cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/10"


def redis_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")


def test_one_client_serves_every_call_and_values_round_trip():
    cache = RedisCache(REDIS_URL, {"OPTIONS": {"socket_timeout": 2}})
    key = f"test-redis-cache-client-{uuid.uuid4()}"
    try:
        cache.set(key, {"answer": 42}, 30)
        assert cache.get(key) == {"answer": 42}
        assert cache.add(key + "-n", 1, 30)
        assert cache.incr(key + "-n") == 2
        assert cache._cache.get_client(key) is cache._cache.get_client(key, write=True)
    finally:
        cache.delete_many([key, key + "-n"])
    assert cache.get(key) is None
