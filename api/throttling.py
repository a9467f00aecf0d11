"""Rate limits per client: each address may make ``API_RATE_LIMIT`` requests a minute
(``API_RATE_WINDOW_SECONDS``), each API key its own ``rate_limit``, counted in the shared cache
(Redis) across every app process, on page-cache hits as on renders.

A hit of the HTML pages asks nothing of Redis (``editorial.key_mirror``); counting each API
request there would add a round trip to every hit. So each process counts its clients' requests
itself, in a fixed window per client (``Count``), and a thread of its own adds them to the shared
counts in the background, every ``REPORT_EVERY`` seconds at most, all clients in one round trip
(``_Reporter``). A request waits on Redis only when its process holds a whole *credit* of the
client's requests unreported (a twentieth of the limit, at most ``CREDIT_MAX``): a client faster
than the reports. Half a credit unreported wakes the reporter at once, so that a fast client is
reported before its process runs out of credit. A request is refused when the shared count as
last read, plus what this process has counted since, reaches the limit. Several processes may
each admit up to a credit of a client's requests that the others have not heard of yet: a client
may get up to a credit per process more than its limit in a window, never more from one process.

Counting a request takes no lock: ``next()`` of an ``itertools.count`` is one step under the
GIL, and the request's thread and the reporter's each write fields of a ``Count`` that the other
only reads. Refusals are not counted. gunicorn's sync workers serve one request at a time; where
several threads serve requests (the development server), two of them may each admit a client's
last request of a window, and a report may leave a request or two for the next one.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver

logger = logging.getLogger(__name__)

CREDIT_MAX = 1000
COUNTS = 4096
REPORT_EVERY = 0.05  # seconds between two reports of a process, at most
SETTLE_WAIT = 5.0  # seconds ``settle`` waits at most for a report in flight


def credit(limit: int) -> int:
    """How many requests of a client a process may admit without having reported them."""
    return max(1, min(CREDIT_MAX, limit // 20))


class Count:
    """A client's requests in one window, as this process knows them.

    The request's thread counts (``counted``, ``seen``) and queues the count for the reporter
    (``queued``); the reporter, holding ``reporting``, writes what it sent (``reported``), what
    the other processes had counted when it sent it (``others``), and when the next report is
    to be hurried (``hurry_at``) and waited for (``due_at``): half a credit and a whole credit
    past what it sent. The credit is the limit's at the window's first request."""

    __slots__ = (
        "counted",
        "credit",
        "due_at",
        "ends",
        "hurry_at",
        "key",
        "others",
        "queued",
        "reported",
        "reporting",
        "seen",
    )

    def __init__(self, key: str, ends: float, limit: int) -> None:
        self.key = key
        self.ends = ends  # the window's end (time.time())
        self.credit = credit(limit)
        self.counted = itertools.count(1)
        self.seen = 0  # requests this process counted, as of the last one
        self.queued = False  # waiting in ``_queue`` for the reporter
        self.others = 0  # the shared count, less this process's part, as last read
        self.reporting = threading.Lock()  # one report of a count at a time
        self.sent(0)

    def sent(self, reported: int) -> None:
        self.reported = reported  # of ``seen``, how many the shared count holds
        self.hurry_at = reported + max(1, self.credit // 2)
        self.due_at = reported + self.credit


_counts: dict[str, Count] = {}
_queue: deque[Count] = deque()  # counts with requests to report (append and popleft: atomic)
_wake = threading.Event()  # something is queued
_hurry = threading.Event()  # a count is halfway through its credit: report now
_cycle = threading.Lock()  # held by the reporter through a report; ``settle`` waits for it

# API_RATE_WINDOW_SECONDS, read once per settings change (every request reads it)
_window: int = settings.API_RATE_WINDOW_SECONDS
_now = time.time


def window_seconds() -> int:
    return _window


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs: object) -> None:
    global _window
    if setting == "API_RATE_WINDOW_SECONDS":
        _window = settings.API_RATE_WINDOW_SECONDS


def _after_fork() -> None:
    """A forked child (a gunicorn worker) starts with no counts and locks of its own: a lock
    the parent's reporter held at the fork would never be released in the child."""
    global _queue, _wake, _hurry, _cycle
    _counts.clear()
    _queue, _wake, _hurry, _cycle = deque(), threading.Event(), threading.Event(), threading.Lock()


os.register_at_fork(after_in_child=_after_fork)


def _add(amounts: list[tuple[str, int]], seconds: int) -> list[int]:
    """Add each amount to the shared count under its key, in one round trip to Redis; the
    counts after it."""
    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is not None:
        redis = client(amounts[0][0], write=True)
        pipeline = redis.pipeline(transaction=False)
        for key, amount in amounts:
            stored = cache.make_and_validate_key(key)
            pipeline.incrby(stored, amount)
            pipeline.expire(stored, seconds)
        return [int(total) for total in pipeline.execute()[::2]]
    totals = []
    for key, amount in amounts:
        cache.add(key, 0, seconds)
        try:
            totals.append(cache.incr(key, amount))
        except ValueError:  # expired in between
            cache.add(key, amount, seconds)
            totals.append(amount)
    return totals


def _report(counts: Iterable[Count]) -> None:
    """Add what ``counts`` hold unreported to the shared counts, and learn what the other
    processes counted. One report of a count at a time, so that each request is sent once."""
    held = sorted(set(counts), key=lambda count: (count.key, id(count)))  # one lock order
    for count in held:
        count.reporting.acquire()
    try:
        sent = []
        for count in held:
            count.queued = False  # before ``seen`` is read: a request counted after is queued
            seen = count.seen
            if seen > count.reported:
                sent.append((count, seen))
        if not sent:
            return
        try:
            totals = _add([(count.key, seen - count.reported) for count, seen in sent], _window * 2)
        except Exception:  # the cache is down: counted on here, reported with the next ones
            logger.exception("The API rate limit counts were not reported.")
            return
        for (count, seen), total in zip(sent, totals, strict=True):
            count.others = total - seen  # ``seen`` is all this process has added to ``total``
            count.sent(seen)
    finally:
        for count in held:
            count.reporting.release()


def _drain() -> list[Count]:
    counts = []
    while _queue:
        counts.append(_queue.popleft())
    return counts


class _Reporter:
    """The thread that reports this process's counts in the background (started at the first
    request counted, again in a forked child)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.thread = threading.Thread(target=self._run, name="api-rate-reports", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            _wake.wait()
            _hurry.wait(REPORT_EVERY)  # the requests of the next moments go with these
            with _cycle:
                _wake.clear()  # before draining: what is queued after wakes the next cycle
                _hurry.clear()
                _report(_drain())


_reporter: _Reporter | None = None
_reporter_lock = threading.Lock()


def _reporting() -> None:
    global _reporter
    if _reporter is None or _reporter.pid != os.getpid():
        with _reporter_lock:
            if _reporter is None or _reporter.pid != os.getpid():
                _reporter = _Reporter()


def settle() -> None:
    """Report every request counted now, once a report in flight is done (tests: what another
    process would read)."""
    if _cycle.acquire(timeout=SETTLE_WAIT):
        try:
            _report([*_drain(), *_counts.values()])
        finally:
            _cycle.release()


def forget_counts() -> None:
    """Count every client from zero in this process (tests), once what it counted is reported."""
    settle()
    _counts.clear()
    _drain()


def _new_count(client: str, now: float, limit: int) -> Count:
    if len(_counts) >= COUNTS:
        _counts.clear()  # what they counted is reported with their queue
    window = int(now // _window)
    count = Count(f"api-rate:{client}:{window}", (window + 1) * _window, limit)
    _counts[client] = count
    if _reporter is None or _reporter.pid != os.getpid():
        _reporting()
    return count


def admit(client: str, limit: int) -> float:
    """Count a request of ``client``: 0 when it may be answered, else the seconds until it may
    try again (the end of the window). Waits on the shared cache only when this process holds a
    credit of the client's requests unreported."""
    now = _now()
    count = _counts.get(client)
    if count is None or now >= count.ends:
        count = _new_count(client, now, limit)
    if count.others + count.seen >= limit:
        return count.ends - now
    seen = count.seen = next(count.counted)
    if not count.queued:
        count.queued = True  # after ``seen``: the reporter reads them in the other order
        _queue.append(count)
        _wake.set()
    if seen >= count.hurry_at:
        if seen >= count.due_at:
            _report([count])  # out of credit: reported here and now
        elif seen == count.hurry_at:
            _hurry.set()
    return 0
