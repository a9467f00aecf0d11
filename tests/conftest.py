import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.catalogues import compile_stale
from tests.factories import author_user, board_user, editor_user

# The company's identity provider, a real one on a local port (tests/oidc.py).
from tests.oidc import company_sign_in, oidc_provider  # noqa: F401
from tests.shared_corpus import KEPT_OUTSIDE
from tests.tasks import run_queued_tasks


def pytest_configure(config):
    # The site's words in each language, compiled as `make install` compiles them.
    compile_stale()


@pytest.fixture
def author(db):
    return author_user()


@pytest.fixture
def editor(db):
    return editor_user()


@pytest.fixture
def board_member(db):
    return board_user()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to a Spanish page leaves Spanish
    active in the thread that served it (LocaleMiddleware activates one per request)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rolling the database back between tests changes
    the published state without telling the page cache (editorial/caching.py)."""
    from django.core.cache import cache

    from api.throttling import forget_counts
    from editorial.caching import forget_local_pages

    cache.clear()
    forget_local_pages()
    forget_counts()  # the read API's rate limits count from zero too
    yield
    cache.clear()
    forget_local_pages()
    forget_counts()


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def pytest_collection_modifyitems(items):
    """Every test that commits for real restores the migrated data afterwards.

    A transactional test ends by emptying the database. The roles, permissions, decision letters
    and editorial policy that migrations create would be gone for the next test, and mixing
    serialized and plain flushes makes content types collide; so all of them roll back serialized.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
            TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        if transactional:
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True}
            kwargs["serialized_rollback"] = True
            item.own_markers.insert(0, pytest.mark.django_db(**kwargs).mark)


# In CI (CI=true, as .ci/run is run) a skipped test is a failure, unless it is one of the tests
# that need PostgreSQL and this run is the SQLite one: CI runs those in its PostgreSQL run. So
# a missing browser, Java or npm package can never let CI pass by skipping. The other exception:
# data copied from other repositories, which no checkout of ours holds (tests/shared_corpus.py);
# its tests run where the steering repository's shared/ provides it.
def _skip_allowed_in_ci(reason: str) -> bool:
    from django.db import connection

    if KEPT_OUTSIDE in reason:
        return True
    return "PostgreSQL" in reason and connection.vendor != "postgresql"


def _fail_skips_in_ci(report) -> None:
    if os.environ.get("CI") != "true" or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr)
    if not _skip_allowed_in_ci(reason):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, where every test must run: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _fail_skips_in_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _fail_skips_in_ci(outcome.get_result())


@pytest.fixture(scope="session", autouse=True)
def _release_test_database_connections(django_db_setup, django_db_blocker):
    """Let the test database be dropped at the end on PostgreSQL.

    Playwright's sync API runs an event loop in the test thread, and Django gives ORM calls made
    inside it connections of their own, which nothing closes; they would keep the test database
    open and its teardown would fail. Those sessions are ended here, once every test has run.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """The demo content (``load_demo``), loaded once for a whole test module whose tests read it.

    It is loaded inside a transaction kept open for the module and rolled back at its end; each
    test's own changes roll back to a savepoint as usual. A module that uses it loads it for
    every test after the first that asks, so it must hold no transactional test.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            call_command("load_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def deliver(mailoutbox):
    """``deliver()`` runs the queued email tasks as the worker would and returns the messages
    that run delivered (call it once first to deliver what the test's setup queued)."""

    def run() -> list:
        before = len(mailoutbox)
        run_queued_tasks()
        return mailoutbox[before:]

    return run
