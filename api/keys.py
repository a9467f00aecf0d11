"""API keys: issued and revoked by editors, recognised on each request.

A key is ``edk_<8 hex>_<43 random characters>``; the start (``edk_<8 hex>``) is kept to tell
keys apart in the admin, and only the SHA-256 digest of the whole key is stored. A key is shown
once, to the editor who issued it. Each process remembers what it read of a key for
``API_KEY_CACHE_SECONDS``, by the key as sent, so a request with a key it read lately costs no
query and no digest; a revoked key is refused by every process within that time (at once by
the one that revoked it).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from api.models import ApiKey
from editorial.models import User
from editorial.roles import is_editor

KEY_PREFIX = "edk_"
EDITORS_ONLY = "Only editors issue and revoke API keys."
ALREADY_REVOKED = "This key was revoked already."
MAX_KEY_LENGTH = 100


@dataclass(frozen=True)
class KeyHolder:
    """Who a valid key belongs to, as throttling needs it."""

    pk: int
    partner: str
    rate_limit: int

    @functools.cached_property
    def client(self) -> str:
        """The name its requests are counted under (``api.throttling``)."""
        return f"key:{self.pk}"


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """A new key and its prefix."""
    prefix = f"{KEY_PREFIX}{secrets.token_hex(4)}"
    return f"{prefix}_{secrets.token_urlsafe(32)}", prefix


@transaction.atomic
def api_key_create(
    *, partner: str, by: User, rate_limit: int | None = None, note: str = ""
) -> tuple[ApiKey, str]:
    """Issue a key to ``partner``: the stored row and the key itself (to show once)."""
    if not is_editor(by):
        raise PermissionDenied(EDITORS_ONLY)
    key, prefix = new_key()
    api_key = ApiKey.objects.create(
        partner=partner,
        prefix=prefix,
        digest=digest_of(key),
        rate_limit=rate_limit or settings.API_KEY_RATE_LIMIT,
        note=note,
        created_by=by,
    )
    return api_key, key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, by: User) -> ApiKey:
    if not is_editor(by):
        raise PermissionDenied(EDITORS_ONLY)
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if api_key.is_revoked:
        raise ValueError(ALREADY_REVOKED)
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked_at"])
    forget_keys()  # now (for this transaction) and once it commits (for everyone here)
    transaction.on_commit(forget_keys)
    return api_key


_known: dict[str, tuple[KeyHolder | None, float]] = {}
_known_lock = threading.Lock()
KNOWN_KEYS = 1024


def forget_keys() -> None:
    with _known_lock:
        _known.clear()


def key_holder(key: str) -> KeyHolder | None:
    """Whose ``key`` is, or None when it is no usable key (unknown, revoked, malformed)."""
    now = time.monotonic()
    known = _known.get(key)
    if known is not None and known[1] > now:
        return known[0]
    if not key.startswith(KEY_PREFIX) or len(key) > MAX_KEY_LENGTH or not key.isascii():
        return None
    row = (
        ApiKey.objects.usable()
        .filter(digest=digest_of(key))
        .values_list("pk", "partner", "rate_limit")
        .first()
    )
    holder = KeyHolder(*row) if row else None
    with _known_lock:
        if len(_known) >= KNOWN_KEYS:
            _known.clear()
        _known[key] = (holder, now + settings.API_KEY_CACHE_SECONDS)
    return holder
