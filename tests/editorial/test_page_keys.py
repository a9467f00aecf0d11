"""Pages cached by the keys of what they show (editorial/page_keys.py): a change rebuilds the
pages carrying its keys and no other; responses name their keys for the HTTP caches; a change
queues its purge in the outbox, sent by the worker with retries (editorial/purges.py)."""

from __future__ import annotations

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Topic
from editorial import caching
from editorial.models import BoardMember, PurgeRequest, TransitionLog
from editorial.page_keys import (
    ALL,
    BOARD,
    LISTING,
    POLICY,
    article_key,
    current_sequence,
    key_versions,
    member_key,
    pages_changed,
    topic_key,
)
from editorial.purges import PURGE_METHOD, send_purge
from tests.editorial.test_caching import approve_update
from tests.factories import article_in_state
from tests.runtime import free_port
from tests.tasks import run_queued_tasks


@pytest.fixture
def two(editor, board_member) -> tuple[Article, Article]:
    """Article A (in topic "a") and an unrelated article B (in topic "b"), both published."""
    a = article_in_state("approved", editor=editor, board=board_member)
    b = article_in_state("approved", editor=editor)
    Topic.objects.create(name="Topic A", slug="a").articles.add(a)
    Topic.objects.create(name="Topic B", slug="b").articles.add(b)
    return Article.objects.get(pk=a.pk), Article.objects.get(pk=b.pk)


def pages_showing_a(a: Article) -> list[str]:
    return [a.get_absolute_url(), "/", "/topics/a/", "/search/?q=clinical", "/feed/", "/board/"]


@pytest.mark.django_db
def test_approving_a_rebuilds_every_page_showing_it_and_keeps_b_cached(
    client, two, editor, board_member, django_assert_num_queries
):
    a, b = two
    b_url = b.get_absolute_url()
    b_page = client.get(b_url)
    before = {url: client.get(url).content for url in pages_showing_a(a)}

    updated = approve_update(a, editor=editor, board_member=board_member, title="A, revised")

    with django_assert_num_queries(0):
        again = client.get(b_url)
    assert again.content == b_page.content
    assert again["ETag"] == b_page["ETag"]
    for url in pages_showing_a(updated):
        page = client.get(url)
        assert page.content != before[url], url
    assert "A, revised" in client.get(updated.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_topic_change_rebuilds_its_pages_not_an_unrelated_article(
    client, two, django_assert_num_queries
):
    a, b = two
    for url in (a.get_absolute_url(), b.get_absolute_url(), "/topics/a/"):
        client.get(url)
    topic = Topic.objects.get(slug="a")
    topic.name = "Topic A renamed"
    topic.save()
    with django_assert_num_queries(0):
        client.get(b.get_absolute_url())
    assert "Topic A renamed" in client.get("/topics/a/").content.decode()
    assert "Topic A renamed" in client.get(a.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_reviewer_edited_rebuilds_the_pages_of_what_they_reviewed_only(
    client, two, django_assert_num_queries
):
    a, b = two
    a_html = client.get(a.get_absolute_url()).content.decode()
    client.get(b.get_absolute_url())
    only_a = set(BoardMember.objects.filter(invitations__round__article=a)) - set(
        BoardMember.objects.filter(invitations__round__article=b)
    )
    member = only_a.pop()
    assert member.credentials in a_html
    member.credentials = "MD, PhD, FRCP (edited)"
    member.save()
    with django_assert_num_queries(0):
        client.get(b.get_absolute_url())
    assert "MD, PhD, FRCP (edited)" in client.get(a.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_responses_name_their_keys_for_the_http_caches(client, two, settings):
    a, _ = two
    keys = set(client.get(a.get_absolute_url())["xkey"].split())
    topic = Topic.objects.get(slug="a")
    reviewers = BoardMember.objects.filter(
        invitations__round__article=a, invitations__review__isnull=False
    )
    assert {ALL, POLICY, article_key(a.pk), topic_key(topic.pk)} <= keys
    assert {member_key(member.pk) for member in reviewers} <= keys
    assert set(client.get("/board/")["xkey"].split()) == {ALL, BOARD, LISTING}
    assert set(client.get("/editorial-policy/")["xkey"].split()) == {ALL, POLICY}

    settings.HTTP_CACHE_KEY_HEADERS = ["Surrogate-Key", "Cache-Tag"]
    caching.forget_local_pages()
    from django.core.cache import cache

    cache.clear()
    page = client.get("/board/")
    assert page["Surrogate-Key"] == "all board listing"
    assert page["Cache-Tag"] == "all,board,listing"
    assert not page.has_header("xkey")


@pytest.mark.django_db
def test_personal_responses_name_no_keys(client, two, author):
    client.force_login(author)
    assert not client.get(two[0].get_absolute_url()).has_header("xkey")


@pytest.mark.django_db
def test_a_page_rendered_before_a_change_committed_is_not_stored(client, two):
    a, _ = two
    url = a.get_absolute_url()
    started = current_sequence()
    pages_changed(article_key(a.pk))  # committed while the page was being rendered
    versions = key_versions([article_key(a.pk)])
    assert caching.changed_since(versions, started)
    response = client.get(url)
    assert response["Cache-Control"].startswith("public")  # rendered after: stored


# --------------------------------------------------------------------------------------------
# Purges at the HTTP caches
# --------------------------------------------------------------------------------------------


class PurgeReceiver(BaseHTTPRequestHandler):
    """A local HTTP cache's purge endpoint: records each purge, answers 200."""

    received: list[tuple[str, str]]

    def do_PURGE(self) -> None:
        self.server.received.append((self.command, self.headers.get("xkey-purge", "")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), PurgeReceiver)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_a_change_queues_its_purge_in_the_same_transaction(settings, two, receiver):
    a, _ = two
    url = f"http://127.0.0.1:{receiver.server_port}/"
    settings.HTTP_CACHE_PURGE_URLS = [url]
    with transaction.atomic():
        pages_changed(article_key(a.pk), LISTING)
        purge = PurgeRequest.objects.get()
        assert purge.cache_url == url
        assert purge.keys == f"{article_key(a.pk)} {LISTING}"
        pages_changed(BOARD)  # the same transaction: the same purge
        assert PurgeRequest.objects.get().keys == f"{article_key(a.pk)} {BOARD} {LISTING}"
    run_queued_tasks()
    assert receiver.received == [(PURGE_METHOD, f"{article_key(a.pk)} {BOARD} {LISTING}")]
    assert PurgeRequest.objects.get().sent_at is not None


@pytest.mark.django_db
def test_a_rolled_back_change_queues_no_purge(settings, two):
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    with pytest.raises(RuntimeError), transaction.atomic():
        pages_changed(article_key(two[0].pk))
        raise RuntimeError("the change failed")
    assert not PurgeRequest.objects.exists()
    assert not DBTaskResult.objects.filter(task_path="editorial.purges.send_purge").exists()


@pytest.mark.django_db
def test_a_workflow_step_queues_one_purge_per_cache(settings, editor, board_member):
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/", "http://127.0.0.1:10/"]
    article = article_in_state("approved", editor=editor, board=board_member)
    steps = TransitionLog.objects.filter(article=article).count()
    assert PurgeRequest.objects.count() <= 2 * (steps + 4)  # a few changes around the steps
    approval = PurgeRequest.objects.filter(keys__contains=LISTING).order_by("pk")
    assert [purge.cache_url for purge in approval[:2]] == settings.HTTP_CACHE_PURGE_URLS
    assert article_key(article.pk) in approval[0].keys.split()


@pytest.mark.django_db
def test_no_cache_configured_queues_no_purge(settings, two):
    settings.HTTP_CACHE_PURGE_URLS = []
    pages_changed(article_key(two[0].pk))
    assert not PurgeRequest.objects.exists()


@pytest.mark.django_db
def test_a_purge_lost_to_a_down_cache_is_retried_until_it_succeeds(settings, two, receiver):
    port = free_port()  # nothing listens there: the cache is down
    settings.HTTP_CACHE_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
    settings.HTTP_CACHE_PURGE_RETRY_SECONDS = 1
    pages_changed(BOARD)
    purge = PurgeRequest.objects.get()
    assert send_purge.call(purge.pk) == "retry"
    assert send_purge.call(purge.pk) == "not due yet"
    purge.refresh_from_db()
    assert purge.attempts == 1 and purge.sent_at is None
    assert "Connection refused" in purge.last_error or "Errno" in purge.last_error
    queued = DBTaskResult.objects.filter(task_path="editorial.purges.send_purge")
    assert purge.next_attempt_at in {task.run_after for task in queued}

    # The cache is back (at the address now configured): the retry takes it.
    purge.cache_url = f"http://127.0.0.1:{receiver.server_port}/"
    purge.next_attempt_at = timezone.now() - timedelta(seconds=1)
    purge.save()
    assert send_purge.call(purge.pk) == "sent"
    assert receiver.received == [(PURGE_METHOD, BOARD)]
    assert send_purge.call(purge.pk) == "nothing to do"


@pytest.mark.django_db
def test_a_purge_the_cache_refuses_is_retried(settings, two):
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), BaseHTTPRequestHandler)  # 501
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.HTTP_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
        pages_changed(BOARD)
        purge = PurgeRequest.objects.get()
        assert send_purge.call(purge.pk) == "retry"
        purge.refresh_from_db()
        assert "501" in purge.last_error
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db
def test_a_lost_change_sequence_starts_above_every_number_given_before(client, two):
    """A cache that lost the sequence (evicted, flushed) restarts it from the clock: pages are
    stored again at once, and a change after it still makes them stale."""
    from django.core.cache import cache

    pages_changed(BOARD)
    before = key_versions([BOARD])[BOARD].sequence
    cache.delete("page-keys:sequence")
    assert current_sequence() > before
    first = client.get("/board/")
    assert caching._lookup(caching.page_key(first.wsgi_request, ()))[1] is not None
    pages_changed(BOARD)
    assert caching._lookup(caching.page_key(first.wsgi_request, ()))[1] is None
