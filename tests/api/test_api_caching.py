"""The read API is cached and purged like the public pages: by the keys of what each response
shows, with ETag, Last-Modified, 304 and gzip; and its rate limits hold on cache hits too."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from api import throttling
from api.keys import api_key_create, api_key_revoke
from api.params import INVALID_KEY, THROTTLED
from articles.models import Article
from editorial import caching, page_keys
from editorial.caching import COMPRESS_MIN_BYTES
from editorial.models import PurgeRequest
from editorial.page_keys import LISTING, article_key, on_keys_changed
from editorial.wsgi import application
from tests.editorial.test_caching import approve_update
from tests.editorial.test_key_mirror import on_redis  # noqa: F401  (a fixture)
from tests.factories import article_in_state

pytestmark = pytest.mark.django_db

API = "/api/v1"


def endpoints(article: Article) -> list[str]:
    slug = article.slug
    return [
        f"{API}/articles/",
        f"{API}/articles/?topic=attachment",
        f"{API}/articles/?language=es",
        f"{API}/articles/{slug}/",
        f"{API}/articles/{slug}/references/",
        f"{API}/articles/{slug}/review/",
        f"{API}/articles/{slug}/changes/",
        f"{API}/topics/",
        f"{API}/topics/attachment/",
        f"{API}/board/",
        f"{API}/search/?q=guidance",
        f"{API}/search/?q=guidance&language=es",
    ]


def queries(url: str, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url, **headers)
    assert response.status_code == 200, (url, response.content)
    return len(captured), response


def test_every_endpoint_is_public_cached_conditional_and_compressed(published):
    compressed = 0
    for url in endpoints(published):
        _, first = queries(url)
        count, hit = queries(url)
        assert count == 0, url  # from the page cache
        assert hit.content == first.content
        assert hit["Cache-Control"] == "public, max-age=60, s-maxage=10"
        assert "all" in hit["xkey"].split(), url
        assert not hit.cookies
        not_modified = Client().get(url, HTTP_IF_NONE_MATCH=hit["ETag"])
        assert not_modified.status_code == 304, url
        since = Client().get(url, HTTP_IF_MODIFIED_SINCE=hit["Last-Modified"])
        assert since.status_code == 304, url
        zipped = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
        if len(first.content) < COMPRESS_MIN_BYTES:
            assert not zipped.has_header("Content-Encoding"), url
            continue
        assert zipped["Content-Encoding"] == "gzip" and zipped["Vary"] == "Accept-Encoding"
        assert gzip.decompress(zipped.content) == first.content
        compressed += 1
    assert compressed >= 6


@pytest.fixture
def changed_keys():
    """The keys every change marks stale (and purges), as ``pages_changed`` announces them."""
    seen: list[str] = []
    on_keys_changed(seen.extend)
    yield seen
    page_keys._listeners.remove(seen.extend)


def test_an_approval_renews_exactly_the_responses_that_show_the_article(
    published, editor, board_member, settings, changed_keys
):
    settings.HTTP_CACHE_PURGE_URLS = ["http://varnish.invalid/"]
    other = article_in_state("approved", editor=editor, board=board_member)
    article_url = f"{API}/articles/{published.slug}/"
    other_url = f"{API}/articles/{other.slug}/"
    for url in [article_url, other_url, f"{API}/articles/"]:
        Client().get(url)
    shown = {url: set(Client().get(url)["xkey"].split()) for url in [article_url, other_url]}
    assert article_key(published.pk) in shown[article_url]
    changed_keys.clear()

    approve_update(published, editor=editor, board_member=board_member, title="A new question?")

    assert queries(article_url)[1].json()["title"] == "A new question?"
    assert "A new question?" in queries(f"{API}/articles/")[1].content.decode()
    assert queries(other_url)[0] == 0  # another article's response is still a hit
    assert {article_key(published.pk), LISTING} <= set(changed_keys)
    assert not shown[other_url] & set(changed_keys)  # Varnish keeps it too
    purged = set(PurgeRequest.objects.get().keys.split())
    assert set(changed_keys) <= purged


# The limits count per minute: a test of them runs inside one minute, not across two.
IN_A_MINUTE = datetime(2025, 3, 1, 9, 0, 20, tzinfo=UTC)


@time_machine.travel(IN_A_MINUTE, tick=False)
def test_a_client_past_its_limit_gets_429_on_hits_too_and_others_do_not(published, settings):
    settings.API_RATE_LIMIT = 3
    url = f"{API}/articles/{published.slug}/"
    for _ in range(3):
        assert Client().get(url, REMOTE_ADDR="203.0.113.5").status_code == 200
    refused = Client().get(url, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert refused.json()["detail"] == THROTTLED.format(limit=3, seconds=refused["Retry-After"])
    assert 1 <= int(refused["Retry-After"]) <= settings.API_RATE_WINDOW_SECONDS
    assert "public" not in refused["Cache-Control"]
    assert Client().get(url, REMOTE_ADDR="203.0.113.6").status_code == 200


@time_machine.travel(IN_A_MINUTE, tick=False)
def test_a_partner_key_has_its_own_limit_and_a_bad_or_revoked_key_is_refused(
    published, editor, settings
):
    settings.API_RATE_LIMIT = 1
    _api_key, key = api_key_create(partner="Partner app", rate_limit=5, by=editor)
    url = f"{API}/articles/"
    assert Client().get(url).status_code == 200
    assert Client().get(url).status_code == 429
    for _ in range(5):
        assert Client().get(url, HTTP_X_API_KEY=key).status_code == 200
    assert Client().get(url, HTTP_X_API_KEY=key).status_code == 429

    for wrong in [key[:-1] + ("A" if key[-1] != "A" else "B"), "nonsense", ""]:
        refused = Client().get(url, HTTP_X_API_KEY=wrong)
        assert refused.status_code == 401, wrong
        assert refused.json() == {"detail": INVALID_KEY}
        assert refused["WWW-Authenticate"] == "X-API-Key"
    other, other_key = api_key_create(partner="Another", by=editor)
    assert Client().get(url, HTTP_X_API_KEY=other_key).status_code == 200
    api_key_revoke(api_key=other, by=editor)
    assert Client().get(url, HTTP_X_API_KEY=other_key).status_code == 401


def test_a_path_that_is_not_ascii_reaches_django_intact_through_the_wsgi_cache(published):
    """gunicorn hands the path over as Latin-1 text (PEP 3333); the page cache in front must not
    leave it decoded for Django's handler, which reads it as Latin-1 again."""
    path = "/api/v1/articles/caf\u00e9-\U00045a0c/"
    environ = RequestFactory()._base_environ(
        PATH_INFO=path.encode().decode("latin-1"), REQUEST_METHOD="GET"
    )
    statuses = []
    body = b"".join(application(environ, lambda status, headers: statuses.append(status)))
    # No such article: a JSON 404, not the 500 it was when the page cache left the environ
    # decoded.
    assert statuses == ["404 Not Found"]
    assert b'"detail"' in body


def wsgi_get(path: str, query: str = "") -> tuple[str, bytes]:
    """A GET through the WSGI application `make serve` runs, whose cache answers hits before
    Django's handler."""
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET", REMOTE_ADDR="198.51.100.7"
    )
    statuses = []
    # As Django's test client does: the request's end would close the test's own connection
    # (on PostgreSQL, the transaction the test runs in).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, lambda status, headers: statuses.append(status)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0], body


@time_machine.travel(IN_A_MINUTE, tick=False)
def test_hits_answered_before_django_still_pass_the_gate(published, settings):
    settings.API_RATE_LIMIT = 3
    path = f"{API}/articles/"
    assert wsgi_get(path)[0] == "200 OK"  # rendered and stored
    assert wsgi_get(path)[0] == "200 OK"  # a hit
    status, body = wsgi_get(path, "colour=red")
    assert status == "400 Bad Request" and b"Unknown query parameter" in body  # not counted
    assert wsgi_get(path)[0] == "200 OK"  # the third
    assert wsgi_get(path)[0] == "429 Too Many Requests"


def cookieless_get(path: str, **headers: str) -> tuple[str, bytes]:
    """``wsgi_get`` as a client without cookies sends it (no Cookie header at all, as curl, an
    app or a partner's server does): the page cache answers its hits from the environ alone."""
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, REQUEST_METHOD="GET", REMOTE_ADDR="198.51.100.9", **headers
    )
    environ.pop("HTTP_COOKIE", None)
    statuses = []
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, lambda status, headers: statuses.append(status)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0], body


@time_machine.travel(IN_A_MINUTE, tick=False)
def test_a_hit_is_gated_from_the_environ_as_an_html_hit_is_served(published, settings, monkeypatch):
    """Issue 23, item 5: the API's hit takes the HTML page's path (no request built, nothing
    of Django run) and still counts against the client's limit, and a bad key is refused."""
    settings.API_RATE_LIMIT = 4
    built = []
    build = caching.WSGIRequest
    monkeypatch.setattr(caching, "WSGIRequest", lambda environ: built.append(1) or build(environ))
    path = f"{API}/articles/{published.slug}/"
    assert cookieless_get(path)[0] == "200 OK"  # rendered and stored; its key worked out once
    for _ in range(3):
        assert cookieless_get(path)[0] == "200 OK"  # hits, the 2nd to the 4th request
    status, body = cookieless_get(path)
    assert status == "429 Too Many Requests" and b"Too many requests" in body
    assert built == [1]  # only the first request's key was worked out from a request
    status, body = cookieless_get(path, HTTP_X_API_KEY="edk_never_issued")
    assert status == "401 Unauthorized" and INVALID_KEY.encode() in body
    assert cookieless_get(f"{path}", HTTP_X_API_KEY="")[0] == "401 Unauthorized"


@pytest.fixture(params=["local memory", "redis"])
def shared_cache(request):
    """The shared count in this process's cache, and in Redis (as production keeps it)."""
    if request.param == "redis":
        return request.getfixturevalue("on_redis")
    return caches["default"]


@time_machine.travel(IN_A_MINUTE, tick=False)
def test_a_client_is_counted_in_the_background_and_stopped_at_its_limit(shared_cache):
    limit = 200
    admitted = sum(1 for _ in range(260) if throttling.admit("test:busy", limit) == 0)
    assert admitted == limit  # one process: exactly the limit
    throttling.settle()
    assert shared_cache.get(f"api-rate:test:busy:{int(IN_A_MINUTE.timestamp()) // 60}") == limit


@time_machine.travel(IN_A_MINUTE, tick=False)
def test_a_second_process_admits_what_is_left_and_at_most_a_credit_more(shared_cache):
    limit = 200
    first = sum(1 for _ in range(150) if throttling.admit("test:spread", limit) == 0)
    throttling.forget_counts()  # what another process knows: nothing of this client yet
    second = sum(1 for _ in range(200) if throttling.admit("test:spread", limit) == 0)
    assert first == 150
    assert limit - first <= second < limit - first + throttling.credit(limit)
