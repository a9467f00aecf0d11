"""Keys: what a public page shows, named, so that a change makes stale exactly the pages that
show it, in the app's page cache and at every HTTP cache in front of it.

A key is a short string: ``article:42`` (everything of article 42 its page shows), ``topic:7``,
``member:3`` (a board member, shown on the pages of the articles they reviewed), ``board``,
``policy`` (the policy page and the disclaimer under every article), ``listing`` (what lists
published articles: home and its pages, topics, search, the feed, the sitemap). Every page also
carries ``all``, which ``pages_changed(ALL)`` uses when anything may have changed.

The key API, for a view (or any later public endpoint such as an API):

- ``public_page(keys=...)`` (``editorial.caching``) declares the keys every response of a view
  carries; ``shows(request, *keys)`` adds the keys of what this one response shows (the article,
  its reviewers, its topics);
- ``pages_changed(*keys)`` is called by whatever changes what readers see, inside its
  transaction: the pages carrying any of the keys are rebuilt at their next request once the
  change commits, on every app server (the versions live in the shared cache, Redis), and a
  purge of the keys is queued in the outbox (``editorial.purges``) for the HTTP caches.

How the app's cache knows a page is stale: each key has a *version* in the shared cache (a
random token and the sequence number of the change that set it). A stored page keeps the
versions of its keys; it is served only while they are all still current. A change sets new
versions (now, so that a reader inside the same transaction sees it, and again once it commits).
A page rendered from rows read before a change committed must not be stored under the new
versions: a render notes the change sequence before it starts and is not stored when any of its
keys changed since.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from editorial.key_mirror import publish
from editorial.purges import purge_queue

logger = logging.getLogger(__name__)

ALL = "all"
BOARD = "board"
POLICY = "policy"
LISTING = "listing"

SEQUENCE_KEY = "page-keys:sequence"
LATEST_CHANGE_KEY = "page-keys:latest-change"
VERSION_PREFIX = "page-key:"


def article_key(pk: int) -> str:
    return f"article:{pk}"


def topic_key(pk: int) -> str:
    return f"topic:{pk}"


def member_key(pk: int) -> str:
    return f"member:{pk}"


def shows(request: HttpRequest, *keys: str) -> None:
    """Say that the response to ``request`` shows what ``keys`` name (in addition to the keys
    its view declared with ``public_page``)."""
    shown = getattr(request, "page_keys", None)
    if shown is None:
        shown = request.page_keys = set()
    shown.update(keys)


def shown_keys(request: HttpRequest, declared: Iterable[str] = ()) -> frozenset[str]:
    return frozenset({ALL, *declared, *getattr(request, "page_keys", ())})


# --------------------------------------------------------------------------------------------
# Versions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyVersion:
    token: str
    sequence: int  # the change that set it (0: set by a reader, no change seen)
    changed_at: float  # a Unix time, for Last-Modified


def _version_key(key: str) -> str:
    return f"{VERSION_PREFIX}{key}"


def current_sequence() -> int:
    """The number of the latest change: read before a render, to know whether one of its keys
    changed while it ran."""
    sequence = cache.get(SEQUENCE_KEY)
    if sequence is None:
        sequence = _restart_sequence()
    return sequence


def _restart_sequence() -> int:
    """A sequence the cache lost (first use, eviction, flush) starts again from the clock in
    milliseconds: above every number given before, so renders are stored again at once."""
    cache.add(SEQUENCE_KEY, int(time.time() * 1000), timeout=None)
    return cache.get(SEQUENCE_KEY) or 0


def key_versions(keys: Iterable[str]) -> dict[str, KeyVersion]:
    """The current version of each key; a key without one (never changed, or evicted) gets
    a new one, so that no page stored under a forgotten version can match again."""
    keys = sorted(set(keys))
    found = cache.get_many([_version_key(key) for key in keys])
    versions = {}
    for key in keys:
        version = found.get(_version_key(key))
        if version is None:
            cache.add(_version_key(key), KeyVersion(secrets.token_hex(8), 0, 0.0), timeout=None)
            version = cache.get(_version_key(key)) or KeyVersion(secrets.token_hex(8), 0, 0.0)
        versions[key] = version
    return versions


def versions_current(stored: Mapping[str, KeyVersion], found: Mapping[str, object]) -> bool:
    """Whether the versions a page was stored with are all current (``found``: the result of
    ``cache.get_many`` on ``version_keys(stored)``)."""
    return all(found.get(_version_key(key)) == version for key, version in stored.items())


def version_keys(keys: Iterable[str]) -> list[str]:
    return [_version_key(key) for key in keys]


def changed_since(versions: Mapping[str, KeyVersion], sequence: int) -> bool:
    return any(version.sequence > sequence for version in versions.values())


def _next_sequence() -> int:
    try:
        return cache.incr(SEQUENCE_KEY)
    except ValueError:  # the first change, or the cache lost it
        _restart_sequence()
        return cache.incr(SEQUENCE_KEY)


def _set_new_versions(keys: frozenset[str]) -> None:
    for attempt in (1, 2):
        try:
            sequence = _next_sequence()
            # Last-Modified counts whole seconds: each change gets a later one than the change
            # before it, so that a client revalidating with If-Modified-Since alone never gets
            # 304 for a page that changed within the same second.
            latest = cache.get(LATEST_CHANGE_KEY) or 0.0
            changed_at = max(time.time(), int(latest) + 1)
            cache.set(LATEST_CHANGE_KEY, changed_at, timeout=None)
            publish(
                {key: KeyVersion(secrets.token_hex(8), sequence, changed_at) for key in keys},
                version_key=_version_key,
            )
            return
        except Exception:  # the change is committed: say loudly that pages may lag behind it
            if attempt == 2:
                logger.exception(
                    "Public pages could not be marked stale: the cache did not answer (keys "
                    "%s). Run `manage.py published_state_changed` once it answers again.",
                    " ".join(sorted(keys)),
                )


KeyListener = Callable[[frozenset[str]], None]
_listeners: list[KeyListener] = []


def on_keys_changed(listener: KeyListener) -> None:
    """Have ``listener(keys)`` called inside the transaction of every change, before the pages
    are marked stale: what is derived from the changed inputs (an article's publication
    record) is rebuilt with the change, or the change fails with it."""
    if listener not in _listeners:
        _listeners.append(listener)


def pages_changed(*keys: str) -> None:
    """What the pages carrying ``keys`` show has changed: they are rebuilt at their next request,
    in this app and (through the purges queued here, in the same transaction) at the HTTP caches.

    Call it inside the transaction of the change. The versions are replaced now (so that the
    change shows to a reader inside the same transaction, as in tests) and again once the
    transaction commits: a page rendered from the old rows in between is not stored under them.
    """
    changed = frozenset(keys)
    if not changed:
        return
    for listener in _listeners:
        listener(changed)
    _set_new_versions(changed)
    purge_queue(changed)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _set_new_versions(changed))
