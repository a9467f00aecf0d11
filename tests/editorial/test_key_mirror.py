"""The key versions mirrored in each process (editorial/key_mirror.py): a page-cache hit asks
nothing of the database nor of Redis; a change published by another process or thread reaches
every mirror before it returns; a mirror whose subscription was lost, or whose listener stalls,
is not trusted, so it never serves a page a change made stale.

Needs Redis (TEST_REDIS_URL); the mirror exists only in front of Redis.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

import pytest
import redis
import redis.connection
from django.core.cache import caches

from articles.models import Article
from editorial import caching, key_mirror
from editorial.key_mirror import LEASE, REGISTRATION_MS, KeyMirror
from editorial.models import BoardMember
from editorial.page_keys import KeyVersion, article_key, key_versions, pages_changed
from tests.editorial.test_caching import Recorder, call_wsgi, wsgi_environ
from tests.editorial.test_runtime import collected_static, runtime_env  # noqa: F401  (fixtures)
from tests.factories import article_in_state
from tests.runtime import fetch, gunicorn

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def published(editor, board_member) -> Article:
    article = article_in_state("approved", editor=editor, board=board_member)
    return Article.objects.get(pk=article.pk)


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def on_redis(settings):
    """The default cache on Redis under a key prefix of this test's own."""
    if not redis_answers():
        pytest.fail(f"Redis does not answer at {REDIS_URL} (set TEST_REDIS_URL).")
    settings.CACHES = {
        "default": {
            "BACKEND": "editorial.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-mirror-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    caching.forget_local_pages()
    yield caches["default"]
    mirror = key_mirror.running_mirror()
    if mirror is not None:
        mirror.stop()
    caches["default"].clear()  # this test's Redis database (TEST_REDIS_URL)
    caching.forget_local_pages()


def wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def other(on_redis):
    """A second mirror in this process, standing for another app process."""
    mirror = KeyMirror(on_redis, object())
    mirror.start()
    wait_until(mirror.trusted)
    yield mirror
    mirror.stop()


class CommandLog:
    """Every command this thread sends to Redis (what redis-py writes to its sockets)."""

    def __init__(self, monkeypatch) -> None:
        self.commands: list[bytes] = []
        original = redis.connection.AbstractConnection.send_packed_command
        thread = threading.current_thread()

        def send(connection, command, *args, **kwargs):
            if threading.current_thread() is thread:
                self.commands.append(command if isinstance(command, bytes) else b"".join(command))
            return original(connection, command, *args, **kwargs)

        monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", send)


def stored_versions() -> dict:
    """The key versions of the one page this process keeps."""
    (page,) = caching._local_pages.values()
    return page.versions


@pytest.mark.django_db
def test_a_hit_asks_nothing_of_the_database_nor_of_redis(
    on_redis, client, published, monkeypatch, django_assert_num_queries
):
    url = published.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    mirror = key_mirror.running_mirror()
    assert mirror is not None
    versions = stored_versions()
    client.get(url)  # the round trip once more: the mirror learns the versions
    wait_until(lambda: mirror.current(versions) == versions)

    log = CommandLog(monkeypatch)
    with django_assert_num_queries(0):
        for _ in range(5):
            hit = client.get(url)  # the middleware
            assert hit.content == first.content
            record = Recorder()
            body = call_wsgi(wsgi_environ(url), record)  # what gunicorn runs
            assert record.status == "200 OK" and body == first.content
    assert log.commands == []


@pytest.mark.django_db
def test_a_change_of_another_page_leaves_a_hit_asking_nothing_of_redis(
    on_redis, client, editor, board_member, monkeypatch
):
    """A change voids every page's confirmation by the mirror; a page whose keys it did not
    touch is confirmed again at its next hit, from the mirror alone (it was asked of Redis at
    every hit after any change, until the page was stored again)."""
    shown, changed = (
        article_in_state("approved", editor=editor, board=board_member) for _ in range(2)
    )
    url = shown.get_absolute_url()
    first = client.get(url)
    mirror = key_mirror.running_mirror()
    wait_until(mirror.trusted)
    client.get(url)  # the round trip once more: the mirror learns the versions
    (page,) = caching._local_pages.values()
    wait_until(lambda: mirror.confirms(page.versions))
    generation = mirror.generation()
    pages_changed(article_key(changed.pk))
    assert mirror.generation() > generation  # applied here before pages_changed returned

    log = CommandLog(monkeypatch)
    for _ in range(3):
        record = Recorder()
        assert call_wsgi(wsgi_environ(url), record) == first.content
        assert record.status == "200 OK"
    assert log.commands == []
    pages_changed(article_key(shown.pk))  # its own key: the next hit asks Redis, and renders
    assert not mirror.confirms(page.versions)


@pytest.mark.django_db
def test_without_a_trusted_mirror_a_hit_reads_the_versions_from_redis(
    on_redis, client, published, monkeypatch, django_assert_num_queries
):
    url = published.get_absolute_url()
    client.get(url)
    mirror = key_mirror.running_mirror()
    wait_until(mirror.trusted)
    mirror.reset()  # as after a lost subscription
    log = CommandLog(monkeypatch)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    assert len(log.commands) == 1 and b"MGET" in log.commands[0]


@pytest.mark.django_db
def test_a_change_from_another_thread_reaches_every_mirror_before_it_returns(other):
    key = article_key(1)
    for _ in range(20):
        before = key_versions([key])
        other.learn(before, other.generation())
        assert other.current([key]) == before
        writer = threading.Thread(target=pages_changed, args=(key,))
        writer.start()
        writer.join()
        after = key_versions([key])
        assert after != before
        assert other.current([key]) == after


@pytest.mark.django_db(transaction=True)
def test_a_change_made_elsewhere_rebuilds_the_next_page(on_redis, client, published):
    member = BoardMember.objects.filter(active=True).first()
    client.get("/board/")
    client.get("/board/")
    for number in range(5):
        name = f"Dr. Renamed {number}"
        writer = threading.Thread(target=rename, args=(member.pk, name))
        writer.start()
        writer.join()
        assert name in client.get("/board/").content.decode()
        assert name in client.get("/board/").content.decode()


def rename(pk: int, name: str) -> None:
    from django.db import connection

    try:
        member = BoardMember.objects.get(pk=pk)
        member.display_name = name
        member.save()
    finally:
        connection.close()


def claim(mirror: KeyMirror, key: str) -> KeyVersion:
    """Have ``mirror`` hold the current version of ``key``; return it."""
    wait_until(mirror.trusted)
    version = key_versions([key])
    mirror.learn(version, mirror.generation())
    assert mirror.current([key]) == version
    return version[key]


def kill_subscription(mirror: KeyMirror) -> None:
    port = mirror.pubsub.connection._sock.getsockname()[1]
    admin = redis.Redis.from_url(REDIS_URL)
    (entry,) = [client for client in admin.client_list() if client["addr"].endswith(f":{port}")]
    admin.client_kill(entry["addr"])


@pytest.mark.django_db
def test_a_lost_subscription_never_serves_a_version_a_change_replaced(other):
    key = article_key(2)
    for attempt in range(5):
        old = claim(other, key)
        kill_subscription(other)
        if attempt % 2:
            time.sleep(0.01)  # the listener may or may not have noticed yet
        pages_changed(key)
        assert other.current([key]) in (None, key_versions([key]))
        assert other.current([key]) != {key: old}


@pytest.mark.django_db
def test_a_stalled_listener_is_not_trusted_after_a_change(other, caplog):
    key = article_key(3)
    old = claim(other, key)
    with other._hold:
        started = time.monotonic()
        pages_changed(key)  # waits for the stalled mirror in vain
        assert time.monotonic() - started >= LEASE
        assert other.current([key]) is None
    assert "did not acknowledge a change" in caplog.text
    wait_until(other.trusted)
    assert other.current([key]) in (None, key_versions([key]))
    assert other.current([key]) != {key: old}


@pytest.mark.django_db
def test_a_mirror_whose_registration_lapsed_empties_itself(other):
    key = article_key(4)
    old = claim(other, key)
    with other._hold:
        time.sleep(REGISTRATION_MS / 1000 + 0.1)  # a stall longer than the registration
        started = time.monotonic()
        pages_changed(key)  # no mirror registered now: nothing to wait for
        assert time.monotonic() - started < LEASE / 2
        assert other.current([key]) is None  # its lease ran out before the registration
    wait_until(other.trusted)
    assert other.current([key]) != {key: old}
    assert other.current([key]) in (None, key_versions([key]))


# --------------------------------------------------------------------------------------------
# gunicorn: a real other process (PostgreSQL: it reads the test database)
# --------------------------------------------------------------------------------------------


class Monitor:
    """Redis MONITOR in a thread: the commands that name this test's key prefix."""

    def __init__(self, prefix: str) -> None:
        self.prefix, self.commands, self._stop = prefix, [], threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with redis.Redis.from_url(REDIS_URL).monitor() as monitor:
            self._ready.set()
            for entry in monitor.listen():
                if self.prefix in entry["command"]:
                    self.commands.append(entry["command"])
                if self._stop.is_set():
                    return

    def __enter__(self) -> Monitor:
        self._thread.start()
        self._ready.wait(5)
        time.sleep(0.2)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        redis.Redis.from_url(REDIS_URL).ping()  # one more entry, so that listen() returns
        self._thread.join(5)


@pytest.mark.slow
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_hits_ask_nothing_of_redis_and_a_change_here_rebuilds_there(
    runtime_env,  # noqa: F811  (the fixture)
    published,
    settings,
):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL: gunicorn reads the test database ({connection.vendor})")
    prefix = runtime_env["CACHE_KEY_PREFIX"]
    settings.CACHES = {  # this process writes to the cache gunicorn reads
        "default": {
            "BACKEND": "editorial.redis_cache.RedisCache",
            "LOCATION": runtime_env["REDIS_URL"],
            "KEY_PREFIX": prefix,
        }
    }
    member = BoardMember.objects.filter(active=True).first()
    with gunicorn(runtime_env, workers=1) as port:
        url = f"http://127.0.0.1:{port}/board/"
        for _ in range(3):
            assert fetch(url).status == 200
        time.sleep(LEASE)  # the worker's mirror is trusted and has learned the versions
        fetch(url)
        with Monitor(prefix) as monitor:
            for _ in range(50):
                assert fetch(url).headers["Cache-Control"].startswith("public")
        asked = [command for command in monitor.commands if "page-keys:mirrors" not in command]
        assert asked == [], asked[:5]

        for number in range(10):
            name = f"Dr. Renamed Elsewhere {number}"
            member.display_name = name
            member.save()  # commits: the versions are published, gunicorn's mirror acknowledges
            assert name in fetch(url).body.decode()
    caches["default"].clear()


def test_a_forked_process_starts_a_mirror_of_its_own(on_redis):
    """A gunicorn worker forked from the master that loaded the app (preload_app): the parent's
    mirror and its listener thread stay the parent's."""
    parent = key_mirror.process_mirror()
    assert parent is not None and parent.pid == os.getpid()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child reports through the pipe)
        try:
            mirror = key_mirror.process_mirror()
            wait_until(mirror.trusted)
            same = mirror is key_mirror.process_mirror()
            report = f"{os.getpid()} {mirror.pid} {mirror.id} {same}"
        except BaseException as error:
            report = f"error {error!r}"
        os.write(writer, report.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        report = pipe.read()
    os.waitpid(child, 0)
    pid, mirror_pid, mirror_id, same = report.split()
    assert mirror_pid == pid == str(child)
    assert mirror_id != parent.id and same == "True"
    assert key_mirror.process_mirror() is parent  # still this process's, still listening
    wait_until(parent.trusted)


def test_the_mirror_follows_the_cache_settings(on_redis, settings):
    mirror = key_mirror.process_mirror()
    assert mirror is not None and mirror.config is settings.CACHES["default"]
    assert key_mirror.process_mirror() is mirror
    redis_caches = settings.CACHES
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert key_mirror.process_mirror() is None  # a local cache: nothing to mirror
    settings.CACHES = redis_caches
    again = key_mirror.process_mirror()
    assert again is not None and again is not mirror and again.config is redis_caches["default"]
