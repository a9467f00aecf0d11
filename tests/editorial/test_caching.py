"""Public pages cached whole for anonymous readers (editorial/caching.py): HTTP caching headers,
conditional GET, compression, what makes a page stale, and who is never served a shared page."""

from __future__ import annotations

import gzip
import io
import sys
from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils import timezone

from articles.models import Article, Topic
from articles.services import article_update
from editorial import caching
from editorial.caching import public_page, published_state_changed
from editorial.models import BoardMember
from editorial.page_keys import ALL, VERSION_PREFIX, article_key, key_versions
from editorial.policy import policy_in_force, policy_publish
from editorial.workflow import article_transition
from tests.factories import article_in_state, invitees_review

PUBLIC_PAGES = {
    "article": None,  # the article's own URL
    "home": "/",
    "topic": "/topics/cached/",
    "search": "/search/?q=clinical",
    "board": "/board/",
    "policy": "/editorial-policy/",
    "feed": "/feed/",
    "sitemap": "/sitemap.xml",
}


@pytest.fixture
def published(editor, board_member) -> Article:
    article = article_in_state("approved", editor=editor, board=board_member)
    topic = Topic.objects.create(name="Cached topic", slug="cached")
    topic.articles.add(article)
    return Article.objects.get(pk=article.pk)


def url_of(name: str, article: Article) -> str:
    return PUBLIC_PAGES[name] or article.get_absolute_url()


def approve_update(article: Article, *, editor, board_member, title: str) -> Article:
    """A published article revised, resubmitted, reviewed and approved with a new title."""
    article_transition(article=article, action="revise", by=article.author)
    article_update(article=article, by=article.author, title=title)
    article_transition(article=article, action="submit", by=article.author)
    article_transition(article=article, action="start_review", by=editor)
    invitees_review(article)
    article_transition(article=article, action="approve", by=board_member)
    return Article.objects.get(pk=article.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_an_anonymous_public_page_is_public_cached_and_served_without_a_query(
    client, published, name, settings, django_assert_num_queries
):
    settings.PAGE_MAX_AGE, settings.PAGE_S_MAXAGE = 120, 30
    url = url_of(name, published)
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=120, s-maxage=30"
    assert first["ETag"].startswith('"') and first.has_header("Last-Modified")
    assert not first.cookies, "an anonymous public page sets no cookie"
    assert "cookie" not in first.get("Vary", "").lower()

    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_conditional_get_answers_304(client, published):
    url = published.get_absolute_url()
    first = client.get(url)
    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304
    other = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    assert other.content == first.content


@pytest.mark.django_db
def test_html_is_sent_gzipped_to_clients_that_accept_it(client, published):
    url = published.get_absolute_url()
    plain = client.get(url)
    zipped = client.get(url, headers={"Accept-Encoding": "br, gzip, deflate"})
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 2
    assert zipped["ETag"] != plain["ETag"], "each encoding is its own representation"
    assert plain["Vary"] == zipped["Vary"] == "Accept-Encoding"
    assert not plain.has_header("Content-Encoding")


@pytest.mark.django_db
def test_an_approval_shows_on_every_public_page_at_the_next_request(
    client, published, editor, board_member
):
    before = {name: client.get(url_of(name, published)).content.decode() for name in PUBLIC_PAGES}
    old_title = published.live_revision.title
    for name in ("article", "home", "topic", "feed"):
        assert old_title in before[name], name

    updated = approve_update(
        published, editor=editor, board_member=board_member, title="Is the clinical answer new?"
    )

    for name in ("article", "home", "topic", "feed", "search"):
        html = client.get(url_of(name, updated)).content.decode()
        assert "Is the clinical answer new?" in html, name
        assert old_title not in html.replace("Is the clinical answer new?", ""), name


@pytest.mark.django_db
def test_a_revision_in_review_never_reaches_a_cached_page(client, published, editor):
    url = published.get_absolute_url()
    client.get(url)
    article_transition(article=published, action="revise", by=published.author)
    article_update(article=published, by=published.author, title="An unapproved title?")
    article_transition(article=published, action="submit", by=published.author)
    article_transition(article=published, action="start_review", by=editor)
    for name in PUBLIC_PAGES:
        assert "An unapproved title?" not in client.get(url_of(name, published)).content.decode()


@pytest.mark.django_db
def test_archiving_takes_the_article_off_every_cached_page(client, published, editor):
    url = published.get_absolute_url()
    assert client.get(url).status_code == 200
    client.get("/")
    article_transition(article=published, action="archive", by=editor)
    assert client.get(url).status_code == 404
    assert url not in client.get("/").content.decode()
    assert url not in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_a_new_policy_version_shows_on_the_policy_page_and_under_articles(
    client, published, editor
):
    client.get("/editorial-policy/")
    client.get(published.get_absolute_url())
    current = policy_in_force()
    policy_publish(
        body=current.body + "\n\nA sentence added in the new version.",
        disclaimer="A new disclaimer for $publisher readers.",
        by=editor,
    )
    assert "A sentence added in the new version." in (
        client.get("/editorial-policy/").content.decode()
    )
    assert "A new disclaimer for" in client.get(published.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_board_member_change_shows_on_the_board_page(client, published):
    client.get("/board/")
    member = BoardMember.objects.filter(active=True).first()
    member.display_name = "Dr. Renamed Member"
    member.save()
    assert "Dr. Renamed Member" in client.get("/board/").content.decode()


@pytest.mark.django_db
def test_a_topic_change_shows_on_the_next_request(client, published, editor, board_member):
    client.get("/topics/cached/")
    client.get("/")
    topic = Topic.objects.get(slug="cached")
    topic.description = "A description written just now."
    topic.save()
    assert "A description written just now." in client.get("/topics/cached/").content.decode()
    other = article_in_state("approved", editor=editor, board=board_member)
    client.get("/topics/cached/")
    topic.articles.add(other)
    assert other.get_absolute_url() in client.get("/topics/cached/").content.decode()
    topic.articles.remove(other)
    assert other.get_absolute_url() not in client.get("/topics/cached/").content.decode()
    topic.delete()
    assert client.get("/topics/cached/").status_code == 404


@pytest.mark.django_db
def test_a_signed_in_user_gets_their_own_page_never_a_shared_one(client, published, author):
    url = published.get_absolute_url()
    anonymous = client.get(url)
    client.force_login(author)
    theirs = client.get(url)
    assert theirs.status_code == 200
    assert "Log out" in theirs.content.decode()
    assert author.get_username() in theirs.content.decode()
    assert theirs["Cache-Control"] == "private, no-cache"
    assert not theirs.has_header("ETag")
    assert not theirs.has_header("Content-Encoding")

    reader = Client()
    again = reader.get(url)
    assert again.content == anonymous.content
    assert author.get_username() not in again.content.decode()
    assert "csrfmiddlewaretoken" not in again.content.decode()


@pytest.mark.django_db
def test_a_waiting_message_is_shown_not_skipped_by_the_cache(client, published):
    url = published.get_absolute_url()
    client.get(url)
    client.cookies[CookieStorage.cookie_name] = "a-message"
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.django_db
def test_personal_responses_are_private(client, author):
    login = client.get("/accounts/login/")
    assert login.cookies, "the login form sets the CSRF cookie"
    assert "private" in login["Cache-Control"]
    client.force_login(author)
    assert "private" in client.get("/write/")["Cache-Control"]


@pytest.mark.django_db
def test_query_parameters_a_view_does_not_read_share_its_page(client, published):
    first = client.get("/", {"utm_source": "newsletter"})
    cached_keys = len(caching._local_pages)
    client.get("/", {"utm_source": "elsewhere", "ref": "x"})
    assert len(caching._local_pages) == cached_keys
    client.get("/", {"page": "2"})
    assert len(caching._local_pages) == cached_keys + 1
    assert first.status_code == 200


@pytest.mark.django_db
def test_each_host_has_its_own_page(client, published, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    url = published.get_absolute_url()
    one = client.get(url, HTTP_HOST="one.example").content.decode()
    two = client.get(url, HTTP_HOST="two.example").content.decode()
    assert f"http://one.example{url}" in one
    assert f"http://two.example{url}" in two
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400


@pytest.mark.django_db
def test_pages_are_rebuilt_each_day(client, published):
    url = published.get_absolute_url()
    with time_machine.travel(timezone.now(), tick=False):
        today = client.get(url)
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        tomorrow = client.get(url)
    assert today["ETag"] != tomorrow["ETag"]  # "Cite this page" gives the day it was read


@pytest.mark.django_db
def test_a_lost_key_version_makes_the_pages_carrying_it_stale(client, published):
    url = published.get_absolute_url()
    client.get(url)
    key = caching.page_key(RequestFactory().get(url), ("page",))
    assert caching._lookup(key)[1] is not None
    # Evicted, or Redis restarted without its data.
    cache.delete(f"{VERSION_PREFIX}{article_key(published.pk)}")
    assert caching._lookup(key)[1] is None
    caching._local_pages.clear()
    assert caching._lookup(key)[1] is None
    assert client.get(url).status_code == 200
    assert caching._lookup(key)[1] is not None


@pytest.mark.django_db
def test_a_change_inside_a_transaction_is_confirmed_when_it_commits(
    published, django_capture_on_commit_callbacks
):
    before = key_versions([ALL])[ALL]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        published_state_changed()
    during = key_versions([ALL])[ALL]
    assert during != before
    assert len(callbacks) == 1
    callbacks[0]()
    after = key_versions([ALL])[ALL]
    assert after not in (before, during)
    assert after.sequence > during.sequence > before.sequence


# A public view that (wrongly) puts the CSRF token on an anonymous page: never stored.
def csrf_page(request):
    template = engines["django"].from_string("<form>{% csrf_token %}</form>")
    return HttpResponse(template.render({}, request))


def cookie_page(request):
    response = HttpResponse("<p>hello</p>")
    response.set_cookie("tracking", "1")
    return response


urlpatterns = [
    path("csrf/", public_page(csrf_page, params=())),
    path("cookie/", public_page(cookie_page, params=())),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/csrf/", "/cookie/"])
def test_a_page_that_turns_out_personal_is_never_stored(client, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    assert not first.has_header("ETag")
    assert not caching._local_pages
    if url == "/csrf/":
        assert Client().get(url).content != first.content  # a token of its own


@pytest.mark.django_db
def test_a_post_to_a_public_page_is_not_cached(client, published):
    response = client.post(published.get_absolute_url())
    assert not caching._local_pages
    assert "public" not in response.get("Cache-Control", "")


DOWN = {
    "default": {
        "BACKEND": "editorial.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.mark.django_db
def test_a_page_cache_that_does_not_answer_leaves_the_page_to_the_view(client, settings, caplog):
    settings.CACHES = DOWN
    response = client.get("/editorial-policy/")  # a page that reads nothing else from the cache
    assert response.status_code == 200
    assert "Editorial policy" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"
    assert "The page cache did not answer" in caplog.text
    record = Recorder()
    body = call_wsgi(wsgi_environ("/editorial-policy/"), record)
    assert record.status == "200 OK"
    assert b"Editorial policy" in body


@pytest.mark.django_db
def test_a_change_is_still_saved_when_the_cache_does_not_answer(published, settings, caplog):
    settings.CACHES = DOWN
    member = BoardMember.objects.filter(active=True).first()
    member.display_name = "Dr. Saved Anyway"
    member.save()
    assert BoardMember.objects.get(pk=member.pk).display_name == "Dr. Saved Anyway"
    assert "Public pages could not be marked stale" in caplog.text


def wsgi_environ(path: str, **headers: str) -> dict:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    environ.update(
        {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    )
    return environ


class Recorder:
    def __call__(self, status, headers, exc_info=None):
        self.status, self.headers = status, dict(headers)


def call_wsgi(environ: dict, record: Recorder) -> bytes:
    """editorial.wsgi.application called as gunicorn calls it, keeping the test's database
    connection open as Django's test client does (its request signals would close it)."""
    from editorial.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, record)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return body
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_wsgi_application_answers_hits_like_the_middleware(client, published):
    url = published.get_absolute_url()
    stored = client.get(url)
    record = Recorder()
    body = call_wsgi(wsgi_environ(url), record)
    assert record.status == "200 OK"
    assert body == stored.content
    for name in ("ETag", "Last-Modified", "Cache-Control", "Content-Security-Policy", "Vary"):
        assert record.headers[name] == stored[name], name
    assert record.headers["Content-Length"] == str(len(body))

    zipped = Recorder()
    assert (
        gzip.decompress(call_wsgi(wsgi_environ(url, **{"Accept-Encoding": "gzip"}), zipped))
        == stored.content
    )
    not_modified = Recorder()
    call_wsgi(wsgi_environ(url, **{"If-None-Match": stored["ETag"]}), not_modified)
    assert not_modified.status.startswith("304")


@pytest.mark.django_db
def test_the_wsgi_application_leaves_everything_else_to_django(client, published, author):
    url = published.get_absolute_url()
    client.get(url)
    client.force_login(author)
    record = Recorder()
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    body = call_wsgi(wsgi_environ(url, Cookie=cookie), record)
    assert record.headers["Cache-Control"] == "private, no-cache"
    assert author.get_username().encode() in body
    evil = Recorder()
    call_wsgi(wsgi_environ(url, Host="evil.example"), evil)
    assert evil.status.startswith("400")


@pytest.mark.django_db
def test_a_change_within_the_same_second_still_moves_last_modified(client, published):
    url = published.get_absolute_url()
    with time_machine.travel(timezone.now(), tick=False):
        first = client.get(url)
        published_state_changed()
        second = client.get(url)
        stale = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert second["Last-Modified"] != first["Last-Modified"]
    assert stale.status_code == 200


@pytest.mark.django_db
def test_a_hit_answered_before_django_says_the_lifetimes_in_force(client, published, settings):
    url = published.get_absolute_url()
    client.get(url)
    first = Recorder()
    call_wsgi(wsgi_environ(url), first)
    assert first.headers["Cache-Control"] == (
        f"public, max-age={settings.PAGE_MAX_AGE}, s-maxage={settings.PAGE_S_MAXAGE}"
    )
    settings.PAGE_MAX_AGE, settings.PAGE_S_MAXAGE = 7, 86400
    later = Recorder()  # the same stored page
    assert call_wsgi(wsgi_environ(url), later) == client.get(url).content
    later = Recorder()
    call_wsgi(wsgi_environ(url), later)
    assert later.headers["Cache-Control"] == "public, max-age=7, s-maxage=86400"
    assert client.get(url)["Cache-Control"] == "public, max-age=7, s-maxage=86400"


@pytest.mark.django_db
def test_a_server_that_changes_the_headers_it_is_given_changes_no_later_hit(client, published):
    """wsgiref (runserver) adds Date and Server to the list an application gives it."""
    url = published.get_absolute_url()
    client.get(url)

    def wsgiref_like(status, headers, exc_info=None):
        headers.append(("Date", "Thu, 01 Jan 1970 00:00:00 GMT"))
        headers[0] = ("X-Changed", "by the server")

    from editorial.wsgi import application

    for _ in range(2):
        body = b"".join(application(wsgi_environ(url), wsgiref_like))
    record = Recorder()
    assert call_wsgi(wsgi_environ(url), record) == body
    assert "Date" not in record.headers and "X-Changed" not in record.headers
    assert record.headers["Content-Length"] == str(len(body))


@pytest.mark.django_db
def test_a_hit_answered_before_django_sends_the_new_page_once_it_changed(
    client, published, editor, board_member
):
    url = published.get_absolute_url()
    client.get(url)
    old = Recorder()
    call_wsgi(wsgi_environ(url), old)
    zipped_old = Recorder()
    call_wsgi(wsgi_environ(url, **{"Accept-Encoding": "gzip"}), zipped_old)
    approve_update(published, editor=editor, board_member=board_member, title="A newer title?")
    rendered = client.get(url)
    new = Recorder()
    body = call_wsgi(wsgi_environ(url), new)
    assert "A newer title?" in body.decode() and body == rendered.content
    assert new.headers["ETag"] == rendered["ETag"] != old.headers["ETag"]
    zipped_new = Recorder()
    zipped = call_wsgi(wsgi_environ(url, **{"Accept-Encoding": "gzip"}), zipped_new)
    assert gzip.decompress(zipped) == body
    assert zipped_new.headers["ETag"] != zipped_old.headers["ETag"]
    assert zipped_new.headers["Content-Length"] == str(len(zipped))
