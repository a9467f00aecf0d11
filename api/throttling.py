"""Rate limits per client: each address may make ``API_RATE_LIMIT`` requests a minute
(``API_RATE_WINDOW_SECONDS``), each API key its own ``rate_limit``, counted in the shared cache
(Redis) across every app process, on page-cache hits as on renders.

A hit of the HTML pages asks nothing of Redis (``editorial.key_mirror``); counting each API
request there would add a round trip to every hit. So each process counts its clients' requests
itself, and a thread of its own adds them to the shared counts in the background, every
``REPORT_EVERY`` seconds at most, all clients in one round trip (``Count``, ``_Reporter``). A
request waits on Redis only when its process holds a whole *credit* of the client's requests
unreported (a twentieth of the limit, at most ``CREDIT_MAX``): a client faster than the reports.
A request is refused when the shared count as last read, plus what this process has counted
since, reaches the limit; refusals are not counted. Several processes may each admit up to a
credit of a client's requests that the others have not heard of yet: a client may get up to a
credit per process more than its limit in a window, never more from one process.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver

logger = logging.getLogger(__name__)

CREDIT_MAX = 1000
COUNTS = 4096
REPORT_EVERY = 0.05  # seconds between two reports of a process, at most
SETTLE_WAIT = 5.0  # seconds ``settle`` waits at most for the reports in flight


@dataclass(slots=True)
class Count:
    """A client's requests in one window, as this process knows them: ``total`` is the shared
    count as last read (every process's reports), ``sending`` what is being reported now,
    ``unreported`` what this process admitted since."""

    key: str
    window: int
    total: int = 0
    sending: int = 0
    unreported: int = 0
    reporting: threading.Lock = field(default_factory=threading.Lock)  # one report at a time


_counts: dict[str, Count] = {}
_unreported: dict[str, Count] = {}  # the counts with requests to report, by their cache key
_lock = threading.Lock()
_changed = threading.Condition(_lock)  # requests to report, or a report done
_reports_running = 0


def credit(limit: int) -> int:
    """How many requests of a client a process may admit without having reported them."""
    return max(1, min(CREDIT_MAX, limit // 20))


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
    """Add what ``counts`` hold unreported to the shared counts and learn their totals. One
    report of a count at a time (a request out of credit waits for the reporting thread's), so
    that the total learnt always includes what was being sent."""
    global _reports_running
    held = sorted(counts, key=lambda count: count.key)  # locks always taken in one order
    for count in held:
        count.reporting.acquire()
    try:
        with _lock:
            _reports_running += 1
            for count in held:
                _unreported.pop(count.key, None)
                count.sending, count.unreported = count.unreported, 0
        sent = [count for count in held if count.sending]
        if not sent:
            return
        try:
            totals = _add([(count.key, count.sending) for count in sent], window_seconds() * 2)
        except Exception:  # the cache is down: count on here, report them with the next ones
            logger.exception("The API rate limit counts were not reported.")
            with _lock:
                for count in sent:
                    count.unreported += count.sending
                    count.sending = 0
            return
        with _lock:
            for count, total in zip(sent, totals, strict=True):
                count.sending = 0
                count.total = total
    finally:
        with _lock:
            _reports_running -= 1
            _changed.notify_all()
        for count in held:
            count.reporting.release()


class _Reporter:
    """The thread that reports this process's counts in the background (started at the first
    request counted, again in a forked child)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.thread = threading.Thread(target=self._run, name="api-rate-reports", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            with _lock:
                _changed.wait_for(lambda: bool(_unreported))
            time.sleep(REPORT_EVERY)  # the requests of the next moments go with these
            with _lock:
                counts = list(_unreported.values())
            _report(counts)


_reporter: _Reporter | None = None
_reporter_lock = threading.Lock()


def _reporting() -> None:
    global _reporter
    if _reporter is None or _reporter.pid != os.getpid():
        with _reporter_lock:
            if _reporter is None or _reporter.pid != os.getpid():
                _reporter = _Reporter()


def settle() -> None:
    """Wait until every request counted is reported (tests: the next one counts from zero)."""
    with _lock:
        pending = list(_unreported.values())
    if pending:
        _report(pending)
    with _lock:
        _changed.wait_for(lambda: not _reports_running, timeout=SETTLE_WAIT)


def forget_counts() -> None:
    """Count every client from zero in this process (tests), once what it counted is reported."""
    settle()
    with _lock:
        _counts.clear()
        _unreported.clear()


@functools.cache
def window_seconds() -> int:
    """API_RATE_WINDOW_SECONDS, read once per settings change (a hit reads it)."""
    return settings.API_RATE_WINDOW_SECONDS


@receiver(setting_changed)
def _settings_changed(**kwargs: object) -> None:
    window_seconds.cache_clear()


def _count_of(client: str, window: int) -> Count:
    if len(_counts) >= COUNTS:
        _counts.clear()
    count = _counts[client] = Count(key=f"api-rate:{client}:{window}", window=window)
    return count


def admit(client: str, limit: int) -> float:
    """Count a request of ``client``: 0 when it may be answered, else the seconds until it may
    try again (the end of the window). Waits on the shared cache only when this process holds a
    credit of the client's requests unreported."""
    seconds = window_seconds()
    now = time.time()
    window = int(now // seconds)
    with _lock:
        count = _counts.get(client)
        if count is None or count.window != window:
            count = _count_of(client, window)
        if count.total + count.sending + count.unreported >= limit:
            return (window + 1) * seconds - now
        count.unreported += 1
        if count.unreported < credit(limit):
            if count.key not in _unreported:
                _unreported[count.key] = count
                _changed.notify_all()
                later = _reporter is None or _reporter.pid != os.getpid()
            else:
                return 0
        else:
            later = None  # out of credit: reported here and now
    if later is None:
        _report([count])
    elif later:
        _reporting()
    return 0
