"""Django's built-in Redis cache, keeping its client objects.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object around its connection pool for
every operation; that costs about 60 µs, more than the round trip to a local Redis, and a page
cache hit (editorial/caching.py) is one operation. This backend keeps one client per pool (a
``redis.Redis`` object is safe to share between threads). Everything else is Django's.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient

    # For the page-key mirror (editorial/key_mirror.py): the redis-py client, and keys and
    # values as this cache writes them, for a Lua script that sets versions and publishes them.
    def redis_client(self) -> Any:
        return self._cache.get_client(write=True)

    def raw_key(self, key: str) -> str:
        return self.make_and_validate_key(key)

    def raw_value(self, value: Any) -> Any:
        return self._cache._serializer.dumps(value)
