"""Varnish with deploy/varnish.vcl in front of gunicorn, purged by key by the worker.

Readers are served from Varnish's cache; an approval committed through the site reaches them
within a second (the worker's purge of the article's keys) and the old page is never served
again, while a reader loop checks every response; a purge that finds Varnish down is retried
until Varnish takes it; a purge from an address that is not an app server is refused.
Needs PostgreSQL (the app processes and the worker read the test database), Redis and Varnish
with the xkey module: .ci/run provides them.
"""

from __future__ import annotations

import gzip
import http.client
import threading
import time

import pytest
from django.db import connection

from api.keys import api_key_create
from editorial.models import PurgeRequest
from tests.editorial import test_runtime
from tests.editorial.test_runtime import NEW_TITLE, Browser, title_of
from tests.factories import article_in_state
from tests.runtime import fetch, free_port, gunicorn, varnish, worker

# The runtime tests' fixtures: the collected static files, the environment of `make serve` on
# the test database and Redis, an article waiting for its approval.
collected_static = test_runtime.collected_static
runtime_env = test_runtime.runtime_env
ready_to_approve = test_runtime.ready_to_approve

pytestmark = [
    pytest.mark.slow,  # gunicorn, the worker and Varnish
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=(
            "needs PostgreSQL: the app processes under test share the test database, which "
            f"this run keeps in {connection.vendor} memory (set DATABASE_URL=postgres://...)"
        ),
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def with_purges(env: dict[str, str], port: int, **extra: str) -> dict[str, str]:
    return {
        **env,
        "HTTP_CACHE_PURGE_URLS": f"http://127.0.0.1:{port}/",
        "PAGE_S_MAXAGE": "86400",
        **extra,
    }


class Reader(threading.Thread):
    """Reads the page through the proxy again and again; keeps every answer."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.seen, self.running = url, [], True

    def run(self) -> None:
        while self.running:
            page = fetch(self.url)
            self.seen.append((time.monotonic(), title_of(page.body), page.headers.get("X-Cache")))
            time.sleep(0.02)


def test_readers_get_hits_and_an_approval_within_a_second_never_the_old_page_after(
    runtime_env, ready_to_approve, board_member
):
    article = ready_to_approve
    old_title = article.live_revision.title
    proxy = free_port()
    env = with_purges(runtime_env, proxy)
    with gunicorn(env, workers=2) as app, varnish(app_port=app, port=proxy), worker(env):
        url = f"http://127.0.0.1:{proxy}{article.get_absolute_url()}"
        first, *again = [fetch(url) for _ in range(4)]
        assert first.headers["X-Cache"] == "MISS"
        assert [page.headers["X-Cache"] for page in again] == ["HIT"] * 3
        assert title_of(first.body) == old_title
        assert "Set-Cookie" not in first.headers and "xkey" not in first.headers
        assert "s-maxage" not in first.headers["Cache-Control"]  # the day is Varnish's only

        approver = Browser(f"http://127.0.0.1:{proxy}")
        approver.sign_in(board_member.username, "a long board password")
        signed_in = fetch(url, {"Cookie": f"sessionid={approver.cookies['sessionid']}"})
        assert signed_in.headers["X-Cache"] == "PASS"
        assert "private" in signed_in.headers["Cache-Control"]
        assert fetch(url).headers["X-Cache"] == "HIT", "the private page was not stored"

        reader = Reader(url)
        reader.start()
        approver.approve(article)  # answered once the approval committed
        approved_at = time.monotonic()
        while time.monotonic() - approved_at < 3:
            time.sleep(0.1)
        reader.running = False
        reader.join()

    after = [(at - approved_at, title, status) for at, title, status in reader.seen]
    new = [index for index, (_, title, _) in enumerate(after) if title == NEW_TITLE]
    assert new, "the new approval never reached the proxy's readers"
    assert after[new[0]][0] <= 1.0, f"the new page was served {after[new[0]][0]:.2f} s after"
    assert all(title == NEW_TITLE for _, title, _ in after[new[0] :]), "old page served again"
    assert {title for _, title, _ in after} <= {old_title, NEW_TITLE}
    assert after[-1][2] == "HIT", "the new page is cached again"


def purge_from(address: str, port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, source_address=(address, 0))
    connection.request("PURGE", "/", headers={"xkey-purge": "all"})
    status = connection.getresponse().status
    connection.close()
    return status


def test_each_encoding_is_stored_as_the_app_sends_it_and_purged_with_the_other(
    runtime_env, ready_to_approve
):
    # Varnish alone would store the gzipped page only and gunzip it on every hit for a client
    # that does not take gzip: the VCL keeps one page per encoding, each as the app sent it.
    with gunicorn(runtime_env, workers=1) as app, varnish(app_port=app) as proxy:
        url = f"http://127.0.0.1:{proxy}{ready_to_approve.get_absolute_url()}"
        plain = [fetch(url) for _ in range(2)]  # urllib asks for identity
        zipped = [fetch(url, {"Accept-Encoding": "gzip, deflate, br"}) for _ in range(2)]
        assert [page.headers["X-Cache"] for page in plain] == ["MISS", "HIT"]
        assert [page.headers["X-Cache"] for page in zipped] == ["MISS", "HIT"]
        hit, zipped_hit = plain[1], zipped[1]
        assert "Content-Encoding" not in hit.headers
        # The app's own plain page: a gunzipped one would carry a weak "-gzip" ETag and no
        # Content-Length.
        assert hit.headers["ETag"] == plain[0].headers["ETag"] and "gzip" not in hit.headers["ETag"]
        assert hit.headers["Content-Length"] == str(len(hit.body))
        assert zipped_hit.headers["Content-Encoding"] == "gzip"
        assert zipped_hit.headers["ETag"].endswith('-gzip"')
        assert gzip.decompress(zipped_hit.body) == hit.body
        assert purge_from("127.0.0.1", proxy) == 200  # the key every public page carries
        assert fetch(url).headers["X-Cache"] == "MISS"
        assert fetch(url, {"Accept-Encoding": "gzip"}).headers["X-Cache"] == "MISS"


def test_a_purge_from_an_address_that_is_not_an_app_server_is_refused(runtime_env):
    with gunicorn(runtime_env, workers=1) as app, varnish(app_port=app) as proxy:
        assert purge_from("127.0.0.2", proxy) == 403
        assert purge_from("127.0.0.1", proxy) == 200


def test_a_purge_lost_to_a_down_proxy_is_retried_until_it_succeeds(
    runtime_env, ready_to_approve, board_member
):
    article = ready_to_approve
    proxy = free_port()
    env = with_purges(
        runtime_env,
        proxy,
        HTTP_CACHE_PURGE_RETRY_SECONDS="1",
        HTTP_CACHE_PURGE_RETRY_MAX_SECONDS="1",
    )
    url = f"http://127.0.0.1:{proxy}{article.get_absolute_url()}"
    with gunicorn(env, workers=1) as app, worker(env):
        with varnish(app_port=app, port=proxy):
            fetch(url)
            assert fetch(url).headers["X-Cache"] == "HIT"
        # Varnish is down: the approval is taken at the app server and its purge waits.
        approver = Browser(f"http://127.0.0.1:{app}")
        approver.sign_in(board_member.username, "a long board password")
        approver.approve(article)
        purge = wait_for(lambda: PurgeRequest.objects.filter(attempts__gte=2).first())
        assert purge.sent_at is None and purge.last_error
        with varnish(app_port=app, port=proxy):
            sent = wait_for(
                lambda: PurgeRequest.objects.filter(pk=purge.pk, sent_at__isnull=False).first()
            )
            assert sent.attempts >= 3
            assert title_of(fetch(url).body) == NEW_TITLE
    assert not PurgeRequest.objects.pending().exists()


def wait_for(find, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = find()
        if found is not None:
            return found
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s")


def test_requests_with_an_api_key_always_reach_the_app_and_its_limits(
    runtime_env, editor, board_member
):
    """Issue 23: responses Varnish answers are not counted against the anonymous limits (a hit
    there costs the app nothing); a partner's requests are never answered from Varnish, so its
    key's limit counts every one and a key that is not valid is a 401, not a cached 200."""
    article = article_in_state("approved", editor=editor, board=board_member)
    _api_key, key = api_key_create(partner="Partner app", rate_limit=2, by=editor)
    env = {**runtime_env, "API_RATE_LIMIT": "2", "PAGE_S_MAXAGE": "600"}
    with gunicorn(env, workers=1) as app, varnish(app_port=app) as proxy:
        url = f"http://127.0.0.1:{proxy}/api/v1/articles/{article.slug}/"
        anonymous = [fetch(url) for _ in range(4)]
        assert [page.status for page in anonymous] == [200] * 4  # past the limit, from Varnish
        assert [page.headers["X-Cache"] for page in anonymous[1:]] == ["HIT"] * 3
        refused = fetch(url, {"X-API-Key": key[:-1] + ("A" if key[-1] != "A" else "B")})
        assert refused.status == 401 and refused.headers["X-Cache"] == "PASS"
        partner = [fetch(url, {"X-API-Key": key}) for _ in range(3)]
        assert [page.status for page in partner] == [200, 200, 429]
        assert {page.headers["X-Cache"] for page in partner} == {"PASS"}
