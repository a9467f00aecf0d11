"""Purges: telling the HTTP caches in front of the app (Varnish, a CDN) which pages went stale.

``pages_changed`` (``editorial.page_keys``) calls ``purge_queue`` inside the transaction of the
change: one ``PurgeRequest`` per configured cache (``HTTP_CACHE_PURGE_URLS``), each with a
django-tasks task, so a purge exists exactly when the change committed. The worker runs
``send_purge``: a ``PURGE`` request to the cache with the keys in ``HTTP_CACHE_PURGE_HEADER``
(``xkey-purge``, which deploy/varnish.vcl hands to the xkey module). A cache that does not
answer, or answers with anything but 2xx, is tried again after HTTP_CACHE_PURGE_RETRY_SECONDS,
doubled each time up to HTTP_CACHE_PURGE_RETRY_MAX_SECONDS, until it takes the purge: a stale
page is never left behind by a proxy that was down for a while. A workflow step never waits on
a cache.
"""

from __future__ import annotations

import logging
import urllib.request
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from editorial.models import PurgeRequest
from editorial.retries import backoff

logger = logging.getLogger(__name__)

PURGE_METHOD = "PURGE"


class _QueuedInTransaction:
    """The purges a transaction queued so far: registered as its on-commit callback (which
    Django drops when the transaction, or the savepoint that registered it, rolls back), so a
    transaction that changes many rows queues one purge per cache with every key."""

    def __init__(self, ids: list[int], keys: set[str]) -> None:
        self.ids, self.keys = ids, keys

    def add(self, keys: set[str]) -> None:
        if not keys <= self.keys:
            self.keys |= keys
            PurgeRequest.objects.filter(pk__in=self.ids).update(keys=" ".join(sorted(self.keys)))

    def __call__(self) -> None:  # committed: the worker sends them
        pass


def _queued_in(connection: object) -> _QueuedInTransaction | None:
    for _, callback, _ in getattr(connection, "run_on_commit", ()):
        if isinstance(callback, _QueuedInTransaction):
            return callback
    return None


def purge_queue(keys: Iterable[str]) -> list[int]:
    """Queue a purge of ``keys`` at every configured HTTP cache, each with its task. Call it
    inside the transaction of the change; further keys in the same transaction join them."""
    urls, keys = settings.HTTP_CACHE_PURGE_URLS, set(keys)
    if not urls or not keys:
        return []
    connection = transaction.get_connection()
    queued = _queued_in(connection) if connection.in_atomic_block else None
    if queued is not None:
        queued.add(keys)
        return queued.ids
    purges = PurgeRequest.objects.bulk_create(
        PurgeRequest(cache_url=url, keys=" ".join(sorted(keys))) for url in urls
    )
    for purge in purges:
        send_purge.enqueue(purge.pk)
    ids = [purge.pk for purge in purges]
    if connection.in_atomic_block:
        transaction.on_commit(_QueuedInTransaction(ids, keys))
    return ids


def retry_delay(attempts: int) -> timedelta:
    return backoff(
        attempts,
        first=settings.HTTP_CACHE_PURGE_RETRY_SECONDS,
        most=settings.HTTP_CACHE_PURGE_RETRY_MAX_SECONDS,
    )


def purge_send(purge: PurgeRequest) -> None:
    """Send one purge; raises when the cache did not take it."""
    request = urllib.request.Request(
        purge.cache_url,
        method=PURGE_METHOD,
        headers={settings.HTTP_CACHE_PURGE_HEADER: purge.keys},
    )
    with urllib.request.urlopen(request, timeout=settings.HTTP_CACHE_PURGE_TIMEOUT) as answer:
        if not 200 <= answer.status < 300:
            raise OSError(f"The cache answered {answer.status}.")


@task()
def send_purge(purge_id: int) -> str:
    """Send a queued purge; record what happened. Never raises: a purge that failed is queued
    again."""
    with transaction.atomic():
        purge = PurgeRequest.objects.select_for_update().filter(pk=purge_id).first()
        if purge is None or purge.sent_at is not None:
            return "nothing to do"
        now = timezone.now()
        if purge.next_attempt_at and purge.next_attempt_at > now:
            return "not due yet"  # an earlier task for the same purge; its retry is queued
        purge.attempts += 1
        try:
            purge_send(purge)
        except Exception as error:  # refused, timed out, an error status: the cache, not us
            purge.last_error = f"{type(error).__name__}: {error}"[:2000]
            purge.next_attempt_at = now + retry_delay(purge.attempts)
            send_purge.using(run_after=purge.next_attempt_at).enqueue(purge.pk)
            logger.warning("Purge %s at %s failed: %s", purge.pk, purge.cache_url, purge.last_error)
            outcome = "retry"
        else:
            purge.sent_at = timezone.now()
            purge.next_attempt_at = None
            outcome = "sent"
        purge.save()
    return outcome
