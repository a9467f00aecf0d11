"""The read API's languages (api/versions.py): every article says its language; a translation
names its original, the original's version it translates and whether it is out of date; an
original lists its published translations, and never one in draft or approved for later. Lists
and search read one language at a time, the site's by default (what the API gave before
translations existed), with that language's text search."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.params import UNKNOWN_LANGUAGE
from articles.models import Article, Topic
from tests.articles.translation_helpers import (
    approve,
    approve_new_version,
    board_user_in,
    translation_into,
)
from tests.factories import article_in_state
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(path: str, **data) -> dict:
    response = Client().get(f"{API}{path}", data)
    assert response.status_code == 200, (path, response.content)
    return response.json()


def iso(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def version(article: Article) -> dict:
    """A version as the API names it."""
    return {
        "language": article.language,
        "slug": article.slug,
        "title": article.live_revision.title,
        "url": f"http://testserver{article.get_absolute_url()}",
        "api_url": f"http://testserver{API}/articles/{article.slug}/",
    }


@pytest.fixture
def spanish(published) -> Article:
    """The Spanish translation of ``published``, approved and live."""
    return approve(translation_into(published))


def test_an_original_lists_its_published_translation_and_a_translation_names_its_original(
    published, spanish
):
    original = get(f"/articles/{published.slug}/")
    assert original["language"] == "en"
    assert original["translation_of"] is None and original["source_version"] is None
    assert original["out_of_date"] is False
    assert original["translations"] == [version(spanish)]
    assert original["translations"][0]["url"] == f"http://testserver/es/articles/{spanish.slug}/"

    translated = get(f"/articles/{spanish.slug}/")
    assert translated["language"] == "es"
    assert translated["url"] == f"http://testserver/es/articles/{spanish.slug}/"
    assert translated["translation_of"] == version(published)
    assert translated["source_version"] == {
        "number": published.live_revision.number,
        "approved_at": iso(published.live_revision.approved_at),
    }
    assert translated["out_of_date"] is False and translated["translations"] == []
    # A translation is filed under its original's topics.
    assert translated["topics"] == [{"slug": "attachment", "name": "Attachment"}]


def test_a_translation_is_out_of_date_once_its_original_has_a_newer_version(published, spanish):
    translated_version = published.live_revision
    assert get(f"/articles/{spanish.slug}/")["out_of_date"] is False  # stored in the page cache
    listed = get("/articles/", language="es")["results"]
    assert [item["out_of_date"] for item in listed] == [False]

    published = approve_new_version(published)

    # Both responses were purged by the original's approval: no stale "up to date".
    translated = get(f"/articles/{spanish.slug}/")
    assert translated["out_of_date"] is True
    assert translated["source_version"] == {
        "number": translated_version.number,
        "approved_at": iso(translated_version.approved_at),
    }
    assert published.live_revision.number > translated_version.number
    (listed,) = get("/articles/", language="es")["results"]
    assert listed["out_of_date"] is True
    assert listed["source_version"] == translated["source_version"]
    changes = get(f"/articles/{published.slug}/changes/")["results"]
    assert translated_version.number in [change["number"] for change in changes]


def test_a_draft_or_scheduled_translation_is_linked_nowhere(editor, board_member):
    drafted = article_in_state("approved", editor=editor, board=board_member)
    scheduled = article_in_state("approved", editor=editor, board=board_member)
    draft = translation_into(drafted)
    later = approve(translation_into(scheduled), publish_at=timezone.now() + timedelta(days=2))
    assert not later.is_published

    for original in (drafted, scheduled):
        assert get(f"/articles/{original.slug}/")["translations"] == []
    for path, data in [
        ("/articles/", {}),
        ("/articles/", {"language": "es"}),
        ("/search/", {"q": "guidance", "language": "es"}),
    ]:
        body = Client().get(f"{API}{path}", data).content.decode()
        assert draft.slug not in body and later.slug not in body, (path, data)
        assert draft.title not in body and later.title not in body, (path, data)
    for hidden in (draft, later):
        assert Client().get(f"{API}/articles/{hidden.slug}/").status_code == 404

    # Once its time has come, the scheduled one is named on its original (purged there).
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        run_queued_tasks()
    later = Article.objects.get(pk=later.pk)
    assert later.is_published
    assert get(f"/articles/{scheduled.slug}/")["translations"] == [version(later)]
    assert [item["slug"] for item in get("/articles/", language="es")["results"]] == [later.slug]


def test_publishing_a_translation_renews_its_original_s_responses(published):
    translation = translation_into(published)
    before = get(f"/articles/{published.slug}/")
    assert before["translations"] == []
    (listed,) = get("/articles/")["results"]
    assert listed["translations"] == []

    spanish = approve(translation)

    assert get(f"/articles/{published.slug}/")["translations"] == [version(spanish)]
    (listed,) = get("/articles/")["results"]
    assert listed["translations"] == [version(spanish)]


def test_lists_read_the_site_s_language_by_default_and_another_when_asked(published, spanish):
    default = get("/articles/")["results"]
    assert [item["slug"] for item in default] == [published.slug]
    assert get("/articles/", language="en")["results"] == default
    in_spanish = get("/articles/", language="es")["results"]
    assert [item["slug"] for item in in_spanish] == [spanish.slug]
    assert in_spanish[0]["translation_of"]["slug"] == published.slug
    assert in_spanish[0]["topics"] == [{"slug": "attachment", "name": "Attachment"}]

    # A topic's articles in Spanish: the translations of its originals.
    by_topic = get("/articles/", topic="attachment", language="es")["results"]
    assert [item["slug"] for item in by_topic] == [spanish.slug]
    assert [item["slug"] for item in get("/articles/", topic="attachment")["results"]] == [
        published.slug
    ]
    Topic.objects.create(name="Sleep", slug="sleep")
    assert get("/articles/", topic="sleep", language="es")["results"] == []
    assert get("/articles/", topic="no-such-topic", language="es")["results"] == []

    # The next page's link keeps the language.
    second = approve(translation_into(article_in_state("approved")))
    page = get("/articles/", language="es", page_size=1)
    assert "language=es" in page["next"]
    rest = Client().get(page["next"]).json()["results"]
    assert [item["slug"] for item in page["results"] + rest] == [second.slug, spanish.slug]


def test_search_reads_the_language_asked_for(published, spanish):
    english = get("/search/", q="guidance")
    assert english["language"] == "en"
    assert [hit["slug"] for hit in english["results"]] == [published.slug]
    found = get("/search/", q="guidance", language="es")
    assert found["language"] == "es"
    (hit,) = found["results"]
    assert hit["slug"] == spanish.slug and hit["language"] == "es"
    assert hit["url"] == f"http://testserver/es/articles/{spanish.slug}/"
    assert hit["api_url"] == f"http://testserver{API}/articles/{spanish.slug}/"


def test_the_board_names_each_reviewed_article_s_language_and_its_own_address(published):
    reviewer = board_user_in("en", "es")
    spanish = approve(translation_into(published), members=[reviewer, board_user_in("es")])

    (member,) = [
        member
        for member in get("/board/")["results"]
        if member["name"] == reviewer.board_member.display_name
    ]
    assert member["reviewed"] == [
        {key: version(spanish)[key] for key in ("slug", "title", "language", "url", "api_url")}
    ]
    # The board's page links the translation at its address, not through a redirect.
    board = Client().get("/board/").content.decode()
    assert f'href="/es/articles/{spanish.slug}/"' in board


@pytest.mark.parametrize("path", ["/articles/", "/search/?q=guidance"])
def test_a_language_that_is_not_the_site_s_is_a_400_that_names_the_languages(published, path):
    separator = "&" if "?" in path else "?"
    for value in ("fr", "EN", "", "es-es", "x" * 500):
        response = Client().get(f"{API}{path}{separator}language={value}")
        assert response.status_code == 400, value
        assert response.json() == {"detail": UNKNOWN_LANGUAGE.format(languages="en, es")}


def test_a_language_outside_the_schema_s_enum_is_refused_and_inside_it_accepted():
    schema = Client().get(f"{API}/schema/").json()
    for path in ("/api/v1/articles/", "/api/v1/search/"):
        (language,) = [
            p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "language"
        ]
        assert language["schema"]["enum"] == ["en", "es"]
    article = schema["components"]["schemas"]["ArticleSummary"]["properties"]
    assert {"language", "translation_of", "source_version", "out_of_date", "translations"} <= set(
        article
    )


def list_queries(url: str) -> int:
    Client().get(url)
    from editorial.caching import published_state_changed

    published_state_changed()  # rendered, not from the page cache
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
    assert response.status_code == 200, url
    return len(captured)


LIST_URLS = [
    f"{API}/articles/",
    f"{API}/articles/?language=es",
    f"{API}/articles/?language=es&topic=attachment",
    f"{API}/articles/?topic=attachment",
    f"{API}/search/?q=guidance&language=es",
]


def translated_originals(count: int) -> None:
    topic = Topic.objects.get(slug="attachment")
    for _ in range(count):
        original = article_in_state("approved")
        topic.articles.add(original)
        approve(translation_into(original))


def test_lists_of_translations_run_the_same_queries_at_2_and_at_6_translated_articles(
    published, spanish
):
    translated_originals(1)
    small = {url: list_queries(url) for url in LIST_URLS}
    translated_originals(4)
    assert len(get("/articles/", language="es")["results"]) == 6
    large = {url: list_queries(url) for url in LIST_URLS}
    assert large == small
