"""Rate limits per client: each address may make ``API_RATE_LIMIT`` requests a minute
(``API_RATE_WINDOW_SECONDS``), each API key its own ``rate_limit``, counted in the shared cache
(Redis) across every app process, on cache hits as on renders.

Counting each request in Redis would double the cost of a page-cache hit (one round trip for
the page's key versions, one for the count). So a process takes requests from the shared count
in small leases (a twentieth of the limit, at most ``LEASE_MAX``) and spends them locally: one
round trip per lease. A client may get up to a lease per process more than its limit in a
window, and a lease a process does not spend is lost to it for that window.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

LEASE_MAX = 50
LEASES = 4096


@dataclass
class Lease:
    window: int
    left: int


_leases: dict[str, Lease] = {}
_lock = threading.Lock()


def forget_leases() -> None:
    with _lock:
        _leases.clear()


def lease_size(limit: int) -> int:
    return max(1, min(LEASE_MAX, limit // 20))


def _take(key: str, amount: int, seconds: int) -> int:
    """Add ``amount`` to the shared count under ``key``; the count after it."""
    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is not None:  # Redis: one round trip
        redis = client(key, write=True)
        stored = cache.make_and_validate_key(key)
        pipeline = redis.pipeline(transaction=False)
        pipeline.incrby(stored, amount)
        pipeline.expire(stored, seconds)
        return int(pipeline.execute()[0])
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key, amount)
    except ValueError:  # expired in between
        cache.add(key, amount, seconds)
        return amount


def admit(client: str, limit: int) -> float:
    """Count a request of ``client``: 0 when it may be answered, else the seconds until it may
    try again (the end of the window)."""
    seconds = settings.API_RATE_WINDOW_SECONDS
    now = time.time()
    window = int(now // seconds)
    with _lock:
        lease = _leases.get(client)
        if lease is not None and lease.window == window and lease.left > 0:
            lease.left -= 1
            return 0
        if lease is not None and lease.window == window and lease.left < 0:
            return (window + 1) * seconds - now  # refused already in this window
    size = lease_size(limit)
    total = _take(f"api-rate:{client}:{window}", size, seconds * 2)
    granted = max(0, min(size, limit - (total - size)))
    with _lock:
        if len(_leases) >= LEASES:
            _leases.clear()
        _leases[client] = Lease(window, granted - 1)
    return 0 if granted else (window + 1) * seconds - now
