"""What readers see of translations (issue 24, items 3 and 7): a translation's page under its
language's prefix, in its language; the language switcher and the hreflang alternates; each
language's home, topics, search and feed; the JSON-LD; the pages a translation's change makes
stale. A translation that is not live (in draft, under review, approved for later) appears on
no page."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, Topic
from editorial.caching import forget_local_pages
from editorial.page_keys import article_key
from editorial.workflow import article_transition
from tests.articles.translation_helpers import (
    approve,
    approve_new_version,
    translation_into,
)
from tests.factories import article_in_state
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def original():
    original = article_in_state("approved")
    Topic.objects.create(name="Cardiology", slug="cardiology").articles.add(original)
    return Article.objects.get(pk=original.pk)


@pytest.fixture
def spanish(original):
    """The original's Spanish translation, approved by the board and live."""
    return approve(translation_into(original))


def json_ld(response) -> dict:
    return json.loads(parse(response).find("script", type="application/ld+json").text())


def switcher(response):
    return parse(response).find("nav", **{"class": "language-switcher"})


def alternates(response) -> dict[str, str]:
    head = parse(response).find("head")
    return {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in head.find_all("link", rel="alternate")
        if "hreflang" in link.attrs
    }


def notice_of(response):
    (notice,) = [
        node for node in parse(response).find_all("p") if node.has_class("translation-notice")
    ]
    return notice


def keys_of(response) -> set[str]:
    return set(response["xkey"].split())


# --------------------------------------------------------------------------------------------
# The translation's page
# --------------------------------------------------------------------------------------------


def test_a_translation_s_page_is_under_its_language_s_prefix_in_its_language(
    client, original, spanish
):
    assert spanish.get_absolute_url() == f"/es/articles/{spanish.slug}/"
    response = client.get(spanish.get_absolute_url())

    assert response.status_code == 200
    assert parse(response).find("html").attrs["lang"] == "es"
    text = visible_text(response)
    assert spanish.live_revision.title in text
    assert "Estado de revisión del artículo" in text  # the site's words in Spanish
    assert "Cómo citar esta página" in text
    assert "Consultado el" in parse(response).find("p", **{"class": "cite__text"}).text()
    notice = notice_of(response)
    assert "Traducido del original en inglés" in notice.text()
    link = notice.find("a")
    assert link.attrs["href"] == original.get_absolute_url()
    assert link.attrs["hreflang"] == "en"


def test_the_original_s_page_stays_at_its_address_in_english(client, original, spanish):
    response = client.get(original.get_absolute_url())

    assert original.get_absolute_url() == f"/articles/{original.slug}/"
    assert response.status_code == 200
    assert parse(response).find("html").attrs["lang"] == "en"
    assert not [p for p in parse(response).find_all("p") if p.has_class("translation-notice")]


def test_a_version_asked_in_another_language_sends_the_reader_to_its_own_address(
    client, original, spanish
):
    to_spanish = client.get(f"/articles/{spanish.slug}/")
    to_english = client.get(f"/es/articles/{original.slug}/")

    assert (to_spanish.status_code, to_spanish["Location"]) == (302, spanish.get_absolute_url())
    assert (to_english.status_code, to_english["Location"]) == (302, original.get_absolute_url())


def test_an_out_of_date_translation_says_so_in_its_language_and_links_the_updated_original(
    client, original, spanish
):
    based_on = original.live_revision.approved_at
    original = approve_new_version(original)

    response = client.get(spanish.get_absolute_url())

    notice = notice_of(response)
    assert notice.has_class("translation-notice--out-of-date")
    assert "Esta traducción se basa en la versión del original del" in notice.text()
    assert notice.find("time").attrs["datetime"] == f"{timezone.localdate(based_on):%Y-%m-%d}"
    link = notice.find("a")
    assert link.attrs["href"] == original.get_absolute_url()
    assert "Leer el original actualizado (en inglés)" in link.text()


# --------------------------------------------------------------------------------------------
# Who may not see what: a translation not live is nowhere
# --------------------------------------------------------------------------------------------


def public_urls(original: Article, translation: Article) -> list[str]:
    word = translation.title.split()[-1]
    return [
        "/es/",
        "/",
        "/es/topics/cardiology/",
        "/topics/cardiology/",
        f"/es/search/?q={word}",
        f"/search/?q={word}",
        "/es/feed/",
        "/feed/",
        "/sitemap.xml",
        original.get_absolute_url(),
        "/api/v1/articles/",
    ]


def assert_nowhere(client, original: Article, translation: Article) -> None:
    assert client.get(f"/es/articles/{translation.slug}/").status_code == 404
    assert client.get(f"/articles/{translation.slug}/").status_code == 404
    for url in public_urls(original, translation):
        response = client.get(url, HTTP_ACCEPT="application/json")
        # A topic has a page in the languages it has articles in: none in Spanish yet.
        assert response.status_code == (404 if url.startswith("/es/topics/") else 200), url
        body = response.content.decode()
        assert translation.slug not in body, url
        assert translation.title not in body, url


@pytest.mark.parametrize("step", ["draft", "submitted", "in_review"])
def test_a_translation_not_approved_appears_on_no_page(client, original, step):
    translation = translation_into(original)
    if step != "draft":
        article_transition(article=translation, action="submit", by=translation.author)
    if step == "in_review":
        from tests.factories import editor_user

        article_transition(article=translation, action="start_review", by=editor_user())

    assert_nowhere(client, original, Article.objects.get(pk=translation.pk))


def test_a_translation_approved_for_later_appears_on_no_page_until_then(client, original):
    translation = approve(translation_into(original), publish_at=timezone.now() + timedelta(days=2))

    assert not translation.is_published
    assert_nowhere(client, original, translation)


# --------------------------------------------------------------------------------------------
# The language switcher and the alternates
# --------------------------------------------------------------------------------------------


def test_an_article_s_switcher_links_its_published_versions(client, original, spanish):
    for article, current in ((original, "en"), (spanish, "es")):
        response = client.get(article.get_absolute_url())
        nav = switcher(response)
        assert nav.attrs["aria-label"] in ("Languages", "Idiomas")
        links = {link.attrs["hreflang"]: link for link in nav.find_all("a")}
        assert links["en"].attrs["href"] == original.get_absolute_url()
        assert links["es"].attrs["href"] == spanish.get_absolute_url()
        for code, link in links.items():
            assert link.attrs["lang"] == code
            assert (link.attrs.get("aria-current") == "page") == (code == current)
        assert alternates(response) == {
            "en": f"http://testserver{original.get_absolute_url()}",
            "es": f"http://testserver{spanish.get_absolute_url()}",
            "x-default": f"http://testserver{original.get_absolute_url()}",
        }


def test_an_article_without_a_published_translation_offers_no_switcher(client, original):
    translation_into(original)  # in draft

    response = client.get(original.get_absolute_url())

    assert not parse(response).find_all("nav", **{"class": "language-switcher"})
    assert alternates(response) == {}


def test_a_translated_work_s_page_reads_its_versions_in_one_query_more(
    client, original, spanish, django_assert_max_num_queries
):
    # issue 19's 3, and the work's versions; in Spanish, the policy's Spanish text too
    for article, budget in ((original, 4), (spanish, 5)):
        cache.clear()
        forget_local_pages()
        with django_assert_max_num_queries(budget):
            response = client.get(article.get_absolute_url())
        assert len(switcher(response).find_all("a")) == 2


@pytest.mark.parametrize(
    ("english", "spanish_url"),
    [
        ("/", "/es/"),
        ("/board/", "/es/board/"),
        ("/editorial-policy/", "/es/editorial-policy/"),
        ("/search/?q=heart", "/es/search/?q=heart"),
        ("/topics/cardiology/", "/es/topics/cardiology/"),
    ],
)
def test_every_other_page_links_the_same_page_in_the_other_language(
    client, spanish, english, spanish_url
):
    for url, current in ((english, "en"), (spanish_url, "es")):
        response = client.get(url)
        assert response.status_code == 200, url
        links = {link.attrs["hreflang"]: link for link in switcher(response).find_all("a")}
        assert links["en"].attrs["href"] == english
        assert links["es"].attrs["href"] == spanish_url
        assert links[current].attrs["aria-current"] == "page"
        assert parse(response).find("html").attrs["lang"] == current
        assert alternates(response)["x-default"] == f"http://testserver{english}"


def test_a_topic_with_no_article_in_a_language_has_no_page_in_it(client, original):
    assert client.get("/es/topics/cardiology/").status_code == 404
    response = client.get("/topics/cardiology/")
    assert not parse(response).find_all("nav", **{"class": "language-switcher"})


# --------------------------------------------------------------------------------------------
# Each language's home, topics, search and feed
# --------------------------------------------------------------------------------------------


def test_each_language_lists_its_own_articles(client, original, spanish):
    for url in ("/es/", "/es/topics/cardiology/", "/es/feed/"):
        body = client.get(url).content.decode()
        assert spanish.get_absolute_url() in body, url
        assert f'"{original.get_absolute_url()}"' not in body, url
    for url in ("/", "/topics/cardiology/", "/feed/"):
        body = client.get(url).content.decode()
        assert original.get_absolute_url() in body, url
        assert spanish.slug not in body, url


def test_the_spanish_home_counts_the_topic_s_spanish_articles(client, spanish):
    topics = parse(client.get("/es/")).find("ul", **{"class": "topic-list"})
    assert "/es/topics/cardiology/" in [link.attrs["href"] for link in topics.find_all("a")]
    assert "(1 artículo)" in topics.text()


def test_search_reads_the_articles_in_the_page_s_language(client, original, spanish):
    word = original.title.split()[-1]

    spanish_hits = parse(client.get(f"/es/search/?q={word}")).find_all("h2")
    english_hits = parse(client.get(f"/search/?q={word}")).find_all("h2")

    spanish_links = [link.attrs["href"] for hit in spanish_hits for link in hit.find_all("a")]
    english_links = [link.attrs["href"] for hit in english_hits for link in hit.find_all("a")]
    assert spanish_links == [spanish.get_absolute_url()]
    assert english_links == [original.get_absolute_url()]


# --------------------------------------------------------------------------------------------
# JSON-LD
# --------------------------------------------------------------------------------------------


def test_the_json_ld_names_the_language_and_the_other_versions(client, original, spanish):
    of_original = json_ld(client.get(original.get_absolute_url()))
    of_spanish = json_ld(client.get(spanish.get_absolute_url()))

    assert of_original["inLanguage"] == "en"
    assert of_spanish["inLanguage"] == "es"
    assert of_spanish["translationOfWork"] == {
        "@type": "MedicalWebPage",
        "@id": f"http://testserver{original.get_absolute_url()}",
        "inLanguage": "en",
    }
    assert of_original["workTranslation"] == [
        {
            "@type": "MedicalWebPage",
            "@id": f"http://testserver{spanish.get_absolute_url()}",
            "inLanguage": "es",
        }
    ]
    assert "workTranslation" not in of_spanish and "translationOfWork" not in of_original


# --------------------------------------------------------------------------------------------
# Keys and purges
# --------------------------------------------------------------------------------------------


def test_each_version_s_page_carries_the_keys_of_the_versions_it_names(client, original, spanish):
    assert {article_key(original.pk), article_key(spanish.pk)} <= keys_of(
        client.get(original.get_absolute_url())
    )
    assert {article_key(original.pk), article_key(spanish.pk)} <= keys_of(
        client.get(spanish.get_absolute_url())
    )


def test_publishing_a_translation_rebuilds_the_original_s_page(client, original):
    before = client.get(original.get_absolute_url())
    assert not parse(before).find_all("nav", **{"class": "language-switcher"})

    spanish = approve(translation_into(original))

    after = client.get(original.get_absolute_url())
    assert spanish.get_absolute_url() in after.content.decode()
    assert article_key(spanish.pk) in keys_of(after)


def test_a_new_version_of_the_original_rebuilds_the_translation_s_page(client, original, spanish):
    before = client.get(spanish.get_absolute_url()).content.decode()
    assert "translation-notice--out-of-date" not in before

    approve_new_version(original)

    assert (
        "translation-notice--out-of-date" in client.get(spanish.get_absolute_url()).content.decode()
    )


def test_archiving_a_translation_takes_it_off_the_original_s_switcher(client, original, spanish):
    from tests.factories import editor_user

    assert spanish.get_absolute_url() in client.get(original.get_absolute_url()).content.decode()

    article_transition(article=spanish, action="archive", by=editor_user())

    assert client.get(spanish.get_absolute_url()).status_code == 404
    assert spanish.slug not in client.get(original.get_absolute_url()).content.decode()
    assert spanish.slug not in client.get("/es/").content.decode()


def test_a_page_cached_for_one_language_is_never_served_for_the_other(client, spanish):
    cache.clear()
    forget_local_pages()
    english = client.get("/board/")
    spanish_board = client.get("/es/board/")
    assert parse(english).find("html").attrs["lang"] == "en"
    assert parse(spanish_board).find("html").attrs["lang"] == "es"


# --------------------------------------------------------------------------------------------
# The sitemap
# --------------------------------------------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_alternates(client) -> dict[str, dict[str, str]]:
    from xml.etree import ElementTree

    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find(f"{SITEMAP}loc").text: {
            link.attrib["hreflang"]: link.attrib["href"] for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_each_version_with_its_alternates(client, original, spanish):
    urls = sitemap_alternates(client)
    english = f"http://testserver{original.get_absolute_url()}"
    spanish_url = f"http://testserver{spanish.get_absolute_url()}"
    expected = {"en": english, "es": spanish_url, "x-default": english}

    assert urls[english] == expected
    assert urls[spanish_url] == expected
    assert urls["http://testserver/es/"] == {
        "en": "http://testserver/",
        "es": "http://testserver/es/",
        "x-default": "http://testserver/",
    }
    assert urls["http://testserver/es/topics/cardiology/"]["en"] == (
        "http://testserver/topics/cardiology/"
    )
    for url, links in urls.items():
        assert all(link.startswith("http://testserver/") for link in links.values()), url


def test_an_article_in_one_language_has_no_alternates_in_the_sitemap(client, original):
    translation_into(original)  # in draft: not a version readers may see

    urls = sitemap_alternates(client)

    assert urls[f"http://testserver{original.get_absolute_url()}"] == {}
    assert not any("/es/articles/" in url for url in urls)
    assert "http://testserver/es/topics/cardiology/" not in urls


# --------------------------------------------------------------------------------------------
# Search in each language's configuration (PostgreSQL)
# --------------------------------------------------------------------------------------------


def _postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def test_the_database_s_configuration_of_each_language_is_the_search_s():
    if not _postgresql():
        pytest.skip("PostgreSQL's text search")
    from django.db import connection

    from articles.search import FALLBACK_CONFIG, SEARCH_CONFIGS

    with connection.cursor() as cursor:
        for code, config in [
            *SEARCH_CONFIGS.items(),
            ("xx", FALLBACK_CONFIG),
            ("es-mx", "spanish"),
        ]:
            cursor.execute("SELECT articles_search_config(%s)::text", [code])
            assert cursor.fetchone()[0] == config, code


def test_a_translation_s_vector_is_in_its_language_s_configuration(client, original):
    if not _postgresql():
        pytest.skip("PostgreSQL's text search")
    from articles.services import article_update

    translation = translation_into(original)
    first = translation.sections.first()
    article_update(
        article=translation,
        by=translation.author,
        sections=[
            (first.heading, f"Los corazones de los pacientes {first.body}"),
            *[(section.heading, section.body) for section in translation.sections.all()[1:]],
        ],
    )
    translation = approve(Article.objects.get(pk=translation.pk))

    spanish = parse(client.get("/es/search/?q=corazón")).find_all("mark")
    assert spanish, "the Spanish stemmer matches corazón with corazones"
    assert not [
        hit for hit in parse(client.get("/search/?q=corazón")).find_all("mark")
    ]  # the English search reads no Spanish article


# --------------------------------------------------------------------------------------------
# What the HTTP caches are told to purge
# --------------------------------------------------------------------------------------------


def purged_keys() -> set[str]:
    from editorial.models import PurgeRequest

    return {key for purge in PurgeRequest.objects.all() for key in purge.keys.split()}


def test_publishing_a_translation_purges_its_page_and_its_original_s(settings, original):
    from editorial.models import PurgeRequest

    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    translation = translation_into(original)
    PurgeRequest.objects.all().delete()

    translation = approve(translation)

    keys = purged_keys()
    assert {article_key(translation.pk), article_key(original.pk)} <= keys


def test_a_translation_s_new_draft_purges_nothing_of_its_original(settings, original, spanish):
    from articles.services import article_update
    from editorial.models import PurgeRequest

    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    PurgeRequest.objects.all().delete()
    article_transition(article=spanish, action="revise", by=spanish.author)

    article_update(
        article=Article.objects.get(pk=spanish.pk), by=spanish.author, title="[es] Otra pregunta"
    )

    assert article_key(original.pk) not in purged_keys()


def test_a_new_version_of_the_original_purges_its_translations_pages(settings, original, spanish):
    from editorial.models import PurgeRequest

    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]
    PurgeRequest.objects.all().delete()

    approve_new_version(Article.objects.get(pk=original.pk))

    assert {article_key(original.pk), article_key(spanish.pk)} <= purged_keys()
