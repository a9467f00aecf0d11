"""The versions of the page keys, mirrored in each app process: a page-cache hit asks nothing
of Redis.

A stored page is served while the versions of its keys are current (``editorial.page_keys``).
Reading them costs a round trip to Redis per request; this module keeps a copy in each process,
kept current by Redis pub/sub, and trusted only while it provably is:

- **A change** (``publish``) sets the new versions and publishes them on the changes channel in
  one Lua script (both or neither), which also returns the mirrors registered in Redis. The
  writer applies the change to its own mirror and waits, at most ``ACK_WAIT``, for each other
  registered mirror to acknowledge that it has applied it.
- **A mirror** (``KeyMirror``, a listener thread per process) applies each change it receives
  and acknowledges it. Every ``HEARTBEAT`` it sends a PING on its subscription and, when the
  PONG comes back (after every change published before the PING reached Redis), renews its
  registration (a sorted set scored by Redis's clock) and then its *lease*: trusted until
  ``LEASE`` after the PING was sent. A hit reads the mirror only under a lease and only for keys
  it holds; anything else is read from Redis as before.
- **Nothing learned before the subscription is in place counts**: the mirror is emptied when the
  subscription is confirmed (after a reconnection too), when a registration had lapsed (a writer
  may not have waited for it), and on any error; a version read from Redis enters the mirror only
  if no change was applied while it was read (``generation``), so an older read cannot overwrite
  a newer change; a change never replaces a newer version (``sequence``).

Why no process serves a stale page once a change's ``publish`` has returned: the mirror of each
process either acknowledged the change (applied it), or the writer waited ``ACK_WAIT`` (more
than ``LEASE``) for it in vain. In that case every lease the mirror holds comes from a PING sent
before the change was published (a later PING's PONG comes after the change on the same
connection, so the change was applied first) and has expired. A mirror that was not registered
when the change was published has no lease from before it either: its registration had lapsed,
so it empties itself when it registers again. The guarantee holds while the processes' clocks
run at the same rate (monotonic clocks, a margin of 10 %).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import secrets
import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache, caches
from django.core.signals import setting_changed

logger = logging.getLogger(__name__)

LEASE = 1.0  # seconds a PONG keeps the mirror trusted, from when its PING was sent
HEARTBEAT = LEASE / 4
REGISTRATION_MS = int(LEASE * 1500)  # a registration lapses 1.5 leases after its renewal
ACK_WAIT = LEASE * 1.1 + 0.05
ACK_KEEP_SECONDS = 30
CONFIRMED_PAGES = 1024

CHANNEL = "page-keys:changes"
REGISTRY = "page-keys:mirrors"
ACKS = "page-keys:ack:"

# KEYS: the version keys, then the registry; ARGV: the channel, the message, the values.
PUBLISH = """
local n = #KEYS - 1
for i = 1, n do redis.call('SET', KEYS[i], ARGV[i + 2]) end
redis.call('PUBLISH', ARGV[1], ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[n + 1], '-inf', now)
return redis.call('ZRANGE', KEYS[n + 1], 0, -1)
"""
# KEYS: the registry; ARGV: the mirror's id, how long the registration lasts (ms).
# Returns 1 when the mirror was still registered, 0 when its registration had lapsed.
REGISTER = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if old and tonumber(old) > now then return 1 end
return 0
"""


class Version(Protocol):
    sequence: int


class MirroredCache(Protocol):
    """What the mirror needs of the cache backend (``editorial.redis_cache.RedisCache``)."""

    def redis_client(self) -> Any: ...
    def raw_key(self, key: str) -> str: ...
    def raw_value(self, value: Any) -> Any: ...


def mirrored_cache() -> MirroredCache | None:
    """The default cache when it is Redis (the versions are shared there), else None (a local
    memory cache: reading the versions costs no round trip)."""
    default = caches["default"]
    return default if hasattr(default, "redis_client") else None


class KeyMirror:
    """One process's copy of the key versions (see the module's description)."""

    def __init__(self, backend: MirroredCache, config: object) -> None:
        self.backend = backend
        self.config = config  # the cache settings it mirrors
        self.id = secrets.token_hex(8)
        self.pid = os.getpid()
        self._versions: dict[str, Version] = {}
        self._generation = 0
        self._confirmed: dict[int, tuple[Mapping[str, Version], int]] = {}
        self._lease_until = 0.0
        self._lock = threading.Lock()
        self._hold = threading.Lock()  # held while a message is applied (tests stall it)
        self._stopped = threading.Event()
        self.pubsub: Any = None  # the subscription's redis-py PubSub, while it runs
        self._thread = threading.Thread(target=self._run, name="page-key-mirror", daemon=True)

    # -- what a request asks -----------------------------------------------------------------

    def current(self, keys: Iterable[str]) -> dict[str, Version] | None:
        """The versions of ``keys`` while the mirror is trusted and holds them all, else None."""
        with self._lock:
            if time.monotonic() >= self._lease_until:
                return None
            try:
                return {key: self._versions[key] for key in keys}
            except KeyError:
                return None

    def confirms(self, versions: Mapping[str, Version]) -> bool:
        """Whether the mirror is trusted and holds exactly ``versions`` (a stored page's): what
        ``current`` says, remembered per page until the next change."""
        with self._lock:
            if time.monotonic() >= self._lease_until:
                return False
            confirmed = self._confirmed.get(id(versions))
            if (
                confirmed is not None
                and confirmed[0] is versions
                and confirmed[1] == self._generation
            ):
                return True
            # Never confirmed, or before the latest change (of any key): compared again.
            try:
                if any(self._versions[key] != version for key, version in versions.items()):
                    return False
            except KeyError:
                return False
            if len(self._confirmed) >= CONFIRMED_PAGES:
                self._confirmed.clear()
            self._confirmed[id(versions)] = (versions, self._generation)
            return True

    def generation(self) -> int:
        """Taken before reading versions from Redis, handed to ``learn``."""
        return self._generation

    def learn(self, versions: Mapping[str, Version | None], generation: int) -> None:
        """Versions read from Redis, kept unless a change was applied (or the mirror emptied)
        since ``generation`` was taken: what was read may be older than that change."""
        with self._lock:
            if generation != self._generation or time.monotonic() >= self._lease_until:
                return
            for key, version in versions.items():
                if version is not None and self._versions.get(key) != version:
                    self._versions[key] = version
                    self._generation += 1  # a version replaced: confirmations are void

    def apply(self, versions: Mapping[str, Version]) -> None:
        """A change: its versions replace older ones."""
        with self._lock:
            self._generation += 1
            for key, version in versions.items():
                held = self._versions.get(key)
                if held is None or held.sequence <= version.sequence:
                    self._versions[key] = version

    def trusted(self) -> bool:
        return time.monotonic() < self._lease_until

    def reset(self) -> None:
        """Forget everything: not trusted until the next PONG."""
        with self._lock:
            self._generation += 1
            self._versions.clear()
            self._lease_until = 0.0

    def _reconnected(self, connection: Any) -> None:
        self.reset()  # redis-py reconnected and subscribes again: nothing before counts

    def _renew(self, pinged_at: float) -> None:
        with self._lock:
            self._lease_until = max(self._lease_until, pinged_at + LEASE)

    # -- the listener ------------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self.reset()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        with contextlib.suppress(Exception):  # else the registration lapses by itself
            self.backend.redis_client().zrem(self.backend.raw_key(REGISTRY), self.id)

    def _run(self) -> None:
        delay = 0.05
        while not self._stopped.is_set():
            try:
                self._listen()
            except Exception:  # Redis gone or restarted: the round trip meanwhile
                logger.warning(
                    "The page-key mirror lost its subscription; reconnecting.", exc_info=True
                )
            self.reset()
            self._stopped.wait(delay)
            delay = min(delay * 2, 2.0)

    def _listen(self) -> None:
        client = self.backend.redis_client()
        register = client.register_script(REGISTER)
        registry = self.backend.raw_key(REGISTRY)
        pubsub = self.pubsub = client.pubsub()
        try:
            pubsub.subscribe(self.backend.raw_key(CHANNEL))
            pubsub.connection.register_connect_callback(self._reconnected)
            next_ping = 0.0
            while not self._stopped.is_set():
                now = time.monotonic()
                if now >= next_ping:
                    pubsub.ping(repr(now))
                    next_ping = now + HEARTBEAT
                message = pubsub.get_message(timeout=max(0.0, next_ping - time.monotonic()))
                if message is None:
                    continue
                with self._hold:
                    self._handle(message, client, register, registry)
        finally:
            pubsub.close()

    def _handle(self, message: dict, client: Any, register: Any, registry: str) -> None:
        kind = message["type"]
        if kind == "subscribe":  # from now on every change reaches us; nothing before counts
            self.reset()
        elif kind == "pong":
            pinged_at = float(message["data"])
            if not register(keys=[registry], args=[self.id, REGISTRATION_MS]):
                self.reset()  # a writer may have gone on without our acknowledgement
            self._renew(pinged_at)
        elif kind == "message":
            change, versions = pickle.loads(message["data"])  # our own cache's data
            self.apply(versions)
            ack = self.backend.raw_key(f"{ACKS}{change}")
            client.pipeline(transaction=False).rpush(ack, self.id).expire(
                ack, ACK_KEEP_SECONDS
            ).execute()


_mirror: KeyMirror | None = None
_mirror_lock = threading.Lock()
_unmirrored: object = None  # the cache settings found not to be Redis


def _ours(mirror: KeyMirror | None) -> bool:
    return (
        mirror is not None
        and mirror.config is settings.CACHES["default"]
        and mirror.pid == os.getpid()
    )


# What process_mirror() found, kept until the process forks or the cache settings change: all
# that a hit asks (no settings lookup, no getpid system call).
_found: tuple[KeyMirror | None] | None = None


def process_mirror() -> KeyMirror | None:
    """This process's mirror (started at its first use, again in a forked child, again when the
    cache settings change), or None when the cache is not Redis."""
    global _found
    found = _found
    if found is None:
        found = _found = (_find_mirror(),)
    return found[0]


def _find_mirror() -> KeyMirror | None:
    global _mirror, _unmirrored
    if _ours(_mirror):
        return _mirror
    if _unmirrored is settings.CACHES["default"]:
        return None
    with _mirror_lock:
        if _ours(_mirror):
            return _mirror
        if _mirror is not None and _mirror.pid == os.getpid():
            _mirror.stop()
        _mirror = None
        backend = mirrored_cache()
        if backend is None:
            _unmirrored = settings.CACHES["default"]
            return None
        _mirror = KeyMirror(backend, settings.CACHES["default"])
        _mirror.start()
        return _mirror


def _forget_found(**kwargs: Any) -> None:
    global _found
    if kwargs.get("setting", "CACHES") == "CACHES":
        _found = None


# A forked child (a gunicorn worker) has no listener thread: it starts its own at its first use.
os.register_at_fork(after_in_child=_forget_found)
setting_changed.connect(_forget_found, dispatch_uid="editorial.key_mirror.found")


def running_mirror() -> KeyMirror | None:
    """This process's mirror if it has one for the current cache, without starting one."""
    return _mirror if _ours(_mirror) else None


@atexit.register
def _unregister() -> None:
    mirror = running_mirror()
    if mirror is not None:
        mirror.stop()


def publish(versions: Mapping[str, Any], *, version_key: Any) -> None:
    """Set ``versions`` (key -> version) in the cache and tell every mirror, waiting (at most
    ``ACK_WAIT``) until each registered one has applied them. Without Redis, only sets them."""
    backend = mirrored_cache()
    if backend is None:
        cache.set_many({version_key(key): value for key, value in versions.items()}, timeout=None)
        return
    change = secrets.token_hex(8)
    client = backend.redis_client()
    names = [backend.raw_key(version_key(key)) for key in versions]
    message = pickle.dumps((change, dict(versions)), pickle.HIGHEST_PROTOCOL)
    values = [backend.raw_value(value) for value in versions.values()]
    mirrors = client.eval(
        PUBLISH,
        len(names) + 1,
        *names,
        backend.raw_key(REGISTRY),
        backend.raw_key(CHANNEL),
        message,
        *values,
    )
    own = running_mirror()
    if own is not None:
        own.apply(versions)
    waiting = {mirror.decode() for mirror in mirrors} - ({own.id} if own is not None else set())
    if waiting:
        _wait_for_acks(client, backend.raw_key(f"{ACKS}{change}"), waiting)


def _wait_for_acks(client: Any, key: str, waiting: set[str]) -> None:
    deadline = time.monotonic() + ACK_WAIT
    while waiting:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            logger.warning(
                "%d page-key mirror(s) did not acknowledge a change within %.1f s; they read "
                "the versions from Redis until they catch up.",
                len(waiting),
                ACK_WAIT,
            )
            return
        popped = client.blpop([key], timeout=min(remaining, 0.5))
        if popped is not None:
            waiting.discard(popped[1].decode())
