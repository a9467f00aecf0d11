"""The read API's rate limits (api/throttling.py): each process counts its clients' requests
without a round trip, reports them to Redis in the background, and learns what the other
processes counted; the counts reach Redis from a second process, from a forked one (a
gunicorn worker), and before a fast client runs out of credit."""

from __future__ import annotations

import os
import subprocess
import textwrap
import threading
import uuid

import pytest

from api import throttling
from tests.editorial.test_key_mirror import (
    REDIS_URL,
    on_redis,  # noqa: F401  (a fixture)
    wait_until,
)
from tests.runtime import PYTHON, ROOT

# A window no test run crosses: the counts of a test stay in one.
LONG_WINDOW = 10**7


def shared_count(cache, client: str) -> int | None:
    return cache.get(f"api-rate:{client}:{int(throttling._now() // LONG_WINDOW)}")


@pytest.fixture
def shared(request):
    """The default cache on Redis, as production counts there."""
    return request.getfixturevalue("on_redis")


@pytest.fixture
def long_window(settings):
    settings.API_RATE_WINDOW_SECONDS = LONG_WINDOW
    assert throttling.window_seconds() == LONG_WINDOW  # read again when the setting changes


def other_process(cache, client: str, requests: int, limit: int) -> int:
    """Run another app process on the same Redis: it asks ``requests`` of ``client`` and
    reports them before it ends. How many it admitted."""
    script = textwrap.dedent(
        f"""
        import django
        django.setup()
        from api import throttling
        admitted = sum(throttling.admit({client!r}, {limit}) == 0 for _ in range({requests}))
        throttling.settle()
        print(admitted)
        """
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DJANGO_SETTINGS"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="editorial.settings",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=cache.key_prefix,
        API_RATE_WINDOW_SECONDS=str(LONG_WINDOW),
    )
    done = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def test_counts_reach_redis_from_another_process_and_are_learnt_here(shared, long_window):
    client, limit = f"test:{uuid.uuid4().hex}", 50
    assert other_process(shared, client, 30, limit) == 30
    assert shared_count(shared, client) == 30
    admitted = sum(throttling.admit(client, limit) == 0 for _ in range(40))
    # This process learns the other's 30 at its first report, within a credit (2) of requests.
    assert admitted == limit - 30
    throttling.settle()
    assert shared_count(shared, client) == limit
    # And the other way round: a process starting now admits nothing more.
    assert other_process(shared, client, 5, limit) <= throttling.credit(limit)


def test_half_a_credit_is_reported_in_the_background_before_a_request_waits(
    shared, long_window, monkeypatch
):
    client, limit = f"test:{uuid.uuid4().hex}", 2000  # a credit of 100
    assert throttling.admit(f"{client}:warm", limit) == 0
    wait_until(lambda: shared_count(shared, f"{client}:warm") == 1)  # the reporter's cycle
    monkeypatch.setattr(throttling, "REPORT_EVERY", 60.0)  # from now on only a hurried report
    reporters = []
    report = throttling._report

    def reporting(counts):
        reporters.append(threading.current_thread())
        report(counts)

    monkeypatch.setattr(throttling, "_report", reporting)
    for _ in range(throttling.credit(limit) // 2):
        assert throttling.admit(client, limit) == 0
    wait_until(lambda: shared_count(shared, client) == 50)
    assert reporters and threading.current_thread() not in reporters  # no request waited


def test_a_process_out_of_credit_reports_before_it_admits_more(shared, long_window):
    client, limit = f"test:{uuid.uuid4().hex}", 100  # a credit of 5
    with throttling._cycle:  # the reporter is stuck in a report of its own
        for _ in range(throttling.credit(limit)):
            assert throttling.admit(client, limit) == 0
        assert shared_count(shared, client) == throttling.credit(limit)  # sent by a request


def test_a_forked_worker_counts_and_reports_even_if_the_parent_was_reporting(shared, long_window):
    """gunicorn forks its workers from a process that may hold a lock of the counts."""
    client = f"test:{uuid.uuid4().hex}"
    with throttling._cycle:  # as if the parent's reporter were in the middle of a report
        pid = os.fork()
        if pid == 0:  # the child: it must not wait for a lock nobody will release
            try:
                admitted = sum(throttling.admit(client, 100) == 0 for _ in range(3))
                throttling.settle()
                os._exit(0 if admitted == 3 and shared_count(shared, client) == 3 else 1)
            except BaseException:
                os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert shared_count(shared, client) == 3


def test_a_refused_request_is_not_counted(shared, long_window):
    client, limit = f"test:{uuid.uuid4().hex}", 3
    results = [throttling.admit(client, limit) for _ in range(6)]
    assert results[:3] == [0, 0, 0]
    assert all(0 < wait <= LONG_WINDOW for wait in results[3:])
    throttling.settle()
    assert shared_count(shared, client) == limit


def test_the_window_setting_is_read_again_when_it_changes(settings):
    settings.API_RATE_WINDOW_SECONDS = 7
    assert throttling.window_seconds() == 7
    wait = [throttling.admit("test:short", 1) for _ in range(2)][1]
    assert 0 < wait <= 7
