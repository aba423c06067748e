"""Django's Redis cache, without a new Redis client object for every cache call.

Django's RedisCacheClient.get_client() builds a fresh redis.Redis around the
(shared) connection pool on every get and set, and redis-py's constructor
copies its table of about 80 response callbacks, upper-casing each name: about
a tenth of the article page's CPU time went there (see BENCHMARKS.md). One
client per pool does the same work; connections still come from the pool, so
nothing else changes (timeouts, errors, fork safety are redis-py's as before).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
