"""How long to wait before trying a delivery again: doubling from a first wait, up to a most.

The outbox (email), the purge requests and the webhook deliveries all retry this way, each with
its own settings."""

from __future__ import annotations

from datetime import timedelta


def backoff(attempts: int, *, first: float, most: float | None = None) -> timedelta:
    """The wait after ``attempts`` tries: ``first`` seconds, doubled at every further try (the
    exponent bounded, so a long run of failures cannot overflow), at most ``most`` seconds."""
    seconds = first * 2 ** min(max(attempts - 1, 0), 30)
    return timedelta(seconds=seconds if most is None else min(seconds, most))
