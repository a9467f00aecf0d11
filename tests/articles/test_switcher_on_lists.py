"""The language switcher and the hreflang alternates of a list's page (issue 24): the home, a
topic and a search, on their later pages. The lists differ per language, so page N of one is
the equivalent of page N of another only where that list has it: there the switcher links it
and the head names it (reciprocally, as Google asks); elsewhere the switcher goes to the first
page of the other language's list and the head leaves it out. A search keeps its words. Only
what the page reads is echoed: a made-up parameter, which the page cache does not key, never
reaches a link."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import views
from articles.models import Article, ArticleRevision, Topic
from editorial.caching import forget_local_pages
from editorial.workflow import ReviewState
from tests.factories import UserFactory, board_user
from tests.html import parse
from tests.xss import executable_markup, raw_vector_markup

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
PER_PAGE = 2


@pytest.fixture(autouse=True)
def _short_pages(monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", PER_PAGE)


def published(count: int, *, translated: int = 0, topic: Topic | None = None) -> list[Article]:
    """``count`` published originals (3 pages of 2 for 5), the first ``translated`` of them
    with a published Spanish translation, all in ``topic``: made cheaply, in bulk."""
    author, approver, now = UserFactory(), board_user(), timezone.now()
    start = Article.objects.count()

    def articles(rows: list[dict]) -> list[Article]:
        made = Article.objects.bulk_create(
            Article(
                author=author,
                status=ReviewState.APPROVED,
                last_reviewed_at=now,
                next_review_due=now.date() + timedelta(days=365),
                **row,
            )
            for row in rows
        )
        revisions = ArticleRevision.objects.bulk_create(
            ArticleRevision(
                article=article,
                number=1,
                title=article.title,
                sections=[{"heading": "From the Guidelines", "body": "Paged guidance applies."}],
                references=[],
                created_by=author,
                approved_at=now - timedelta(minutes=n),
                approved_by=approver,
                source_revision=article.source_revision,
            )
            for n, article in enumerate(made)
        )
        for article, revision in zip(made, revisions, strict=True):
            article.live_revision = revision
        Article.objects.bulk_update(made, ["live_revision"])
        return made

    originals = articles(
        [
            {"title": f"Paged question {start + n}?", "slug": f"paged-question-{start + n}"}
            for n in range(count)
        ]
    )
    articles(
        [
            {
                "title": f"Pregunta paginada {start + n}?",
                "slug": f"pregunta-paginada-{start + n}",
                "language": "es",
                "translation_of": original,
                "source_revision": original.live_revision,
            }
            for n, original in enumerate(originals[:translated])
        ]
    )
    if topic is not None:
        topic.articles.add(*originals)
    return originals


def switcher(response) -> dict[str, str]:
    nav = parse(response).find("nav", **{"class": "language-switcher"})
    return {link.attrs["hreflang"]: link.attrs["href"] for link in nav.find_all("a")}


def alternates(response) -> dict[str, str]:
    head = parse(response).find("head")
    return {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in head.find_all("link", rel="alternate")
        if "hreflang" in link.attrs
    }


def assert_reciprocal(client, response) -> None:
    """Each alternate names this page's alternates back, exactly (Google ignores the others)."""
    links = alternates(response)
    for language, href in links.items():
        split = urlsplit(href)
        assert alternates(client.get(f"{split.path}?{split.query}")) == links, (language, href)


@pytest.fixture
def lists():
    """English: 5 articles (3 pages); Spanish: 3 translations (2 pages); all in one topic."""
    topic = Topic.objects.create(name="Paged", slug="paged")
    published(5, translated=3, topic=topic)


@pytest.mark.parametrize("path", ["/", "/topics/paged/"])
def test_a_list_s_page_links_the_same_page_where_the_other_language_s_list_has_it(
    client, lists, path
):
    english = client.get(path, {"page": "2"})
    spanish = client.get(f"/es{path}", {"page": "2"})

    for response, current in ((english, "en"), (spanish, "es")):
        assert switcher(response) == {"en": f"{path}?page=2", "es": f"/es{path}?page=2"}, current
        assert alternates(response) == {
            "en": f"{ORIGIN}{path}?page=2",
            "es": f"{ORIGIN}/es{path}?page=2",
            "x-default": f"{ORIGIN}{path}?page=2",
        }
        assert_reciprocal(client, response)
    nav = parse(spanish).find("nav", **{"class": "language-switcher"})
    current = [link.attrs["hreflang"] for link in nav.find_all("a") if "aria-current" in link.attrs]
    assert current == ["es"]


@pytest.mark.parametrize("path", ["/", "/topics/paged/"])
def test_past_the_other_language_s_last_page_the_switcher_goes_to_its_first(client, lists, path):
    response = client.get(path, {"page": "3"})

    assert switcher(response) == {"en": f"{path}?page=3", "es": f"/es{path}"}
    # /es/?page=3 is not this page in Spanish (that list has 2 pages): no alternate at all.
    assert alternates(response) == {}


@pytest.mark.parametrize(
    # Django's get_page: past either end, the last page; not a number, the first
    ("asked", "shown"),
    [("99", "?page=3"), ("0", "?page=3"), ("-1", "?page=3"), ("abc", ""), ("", "")],
)
def test_a_page_number_that_is_not_one_is_the_page_shown(client, lists, asked, shown):
    response = client.get("/", {"page": asked})

    assert switcher(response) == {"en": f"/{shown}", "es": "/es/"}
    first = client.get("/")
    assert alternates(response) == ({} if shown else alternates(first))


def test_the_first_page_s_alternates_are_the_first_pages(client, lists):
    response = client.get("/")

    assert switcher(response) == {"en": "/", "es": "/es/"}
    assert alternates(response) == {
        "en": f"{ORIGIN}/",
        "es": f"{ORIGIN}/es/",
        "x-default": f"{ORIGIN}/",
    }
    assert_reciprocal(client, response)


def test_a_topic_s_page_links_only_the_languages_it_has_articles_in(client):
    topic = Topic.objects.create(name="English only", slug="english-only")
    published(5, topic=topic)

    response = client.get("/topics/english-only/", {"page": "2"})

    assert not parse(response).find_all("nav", **{"class": "language-switcher"})
    assert alternates(response) == {}
    assert client.get("/es/topics/english-only/", {"page": "2"}).status_code == 404


def test_a_search_keeps_its_words_and_goes_to_the_first_page_of_the_other_language_s(client, lists):
    first = client.get("/search/", {"q": "paged  question"})
    second = client.get("/search/", {"q": "paged question", "page": "2"})

    assert switcher(first) == {
        "en": "/search/?q=paged+question",
        "es": "/es/search/?q=paged+question",
    }
    assert alternates(first) == {
        "en": f"{ORIGIN}/search/?q=paged+question",
        "es": f"{ORIGIN}/es/search/?q=paged+question",
        "x-default": f"{ORIGIN}/search/?q=paged+question",
    }
    assert_reciprocal(client, first)
    assert switcher(second) == {
        "en": "/search/?q=paged+question&page=2",
        "es": "/es/search/?q=paged+question",
    }
    assert alternates(second) == {}  # the Spanish search's page 2 is another list's, if any
    spanish = client.get("/es/search/", {"q": "paged question", "page": "2"})
    assert switcher(spanish)["en"] == "/search/?q=paged+question"


HOSTILE = [
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "</nav><img src=x onerror=alert(1)>",
    "a&page=9&q=b",
    "ünïcödé 😀 ‮",
]


@pytest.mark.parametrize("words", HOSTILE)
def test_a_hostile_query_is_encoded_into_the_links_never_markup(client, lists, words):
    response = client.get("/search/", {"q": words, "page": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert executable_markup(html) == []
    assert raw_vector_markup(html, [words]) == []
    links = switcher(response)
    assert urlsplit(links["es"]).path == "/es/search/"
    assert parse_qs(urlsplit(links["es"]).query) == {"q": [" ".join(words.split())]}


@pytest.mark.parametrize("path", ["/", "/topics/paged/", "/search/?q=paged"])
def test_a_made_up_parameter_never_reaches_a_link_of_the_cached_page(client, lists, path):
    cache.clear()
    forget_local_pages()
    separator = "&" if "?" in path else "?"
    poisoned = f"{path}{separator}page=2&utm_source=%22%3E%3Cb%3Epoison&next=//evil.example/"

    first = client.get(poisoned)
    then = client.get(f"{path}{separator}page=2")

    assert then.content == first.content  # the same cached page
    body = then.content.decode()
    for trace in ("poison", "utm_source", "evil.example"):
        assert trace not in body, trace
    pagination = parse(then).find("nav", **{"class": "pagination"})
    hrefs = [link.attrs["href"] for link in pagination.find_all("a")]
    assert hrefs and all("utm" not in href and "next=" not in href for href in hrefs)


def test_pagination_links_keep_the_search_s_words_as_the_page_reads_them(client, lists):
    response = client.get("/search/", {"q": "  paged   question ", "page": "2"})

    pagination = parse(response).find("nav", **{"class": "pagination"})
    assert pagination.find("a", rel="prev").attrs["href"] == "?q=paged+question&page=1"
    assert pagination.find("a", rel="next").attrs["href"] == "?q=paged+question&page=3"


@pytest.mark.parametrize(
    "path", ["/?page=2", "/es/?page=2", "/topics/paged/?page=2", "/es/topics/paged/?page=2"]
)
def test_a_list_s_page_in_each_language_costs_its_budget(
    client, lists, path, django_assert_max_num_queries
):
    # The articles of the page, their topics, the topics listed and how many articles each
    # language has (counted once after each change, then read from the cache): the home
    # counts the other language's articles, a topic's page reads them from the topics listed.
    cache.clear()
    forget_local_pages()
    with django_assert_max_num_queries(5):
        response = client.get(path)
    assert response.status_code == 200
    with django_assert_max_num_queries(0):
        client.get(path)  # the cached page
