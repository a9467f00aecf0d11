"""The site's one sitemap (issue 24): at its root, listing every page in each language it exists
in with reciprocal hreflang alternates, named by robots.txt; under a language's prefix it has
moved there for good (a 301), never a second copy of the same URLs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.conf import settings

from articles.models import Article, Topic
from editorial.caching import published_state_changed
from editorial.languages import default_language
from tests.articles.translation_helpers import approve, translation_into
from tests.factories import article_in_state

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def original():
    original = article_in_state("approved")
    Topic.objects.create(name="Cardiology", slug="cardiology").articles.add(original)
    return Article.objects.get(pk=original.pk)


@pytest.fixture
def spanish(original):
    return approve(translation_into(original))


def urlset(xml: bytes) -> dict[str, dict[str, str]]:
    """Each <url>'s <loc> and its alternates, checked as the sitemap protocol and Google's
    hreflang rules ask: a urlset in the protocol's namespace, absolute URLs of this host under
    the sitemap's directory (the root), each listed once, alternates only to configured
    languages and x-default."""
    root = ElementTree.fromstring(xml)
    assert root.tag == f"{SITEMAP}urlset"
    languages = {code for code, _ in settings.LANGUAGES} | {"x-default"}
    urls: dict[str, dict[str, str]] = {}
    for url in root.findall(f"{SITEMAP}url"):
        loc = url.find(f"{SITEMAP}loc").text
        assert loc.startswith(f"{ORIGIN}/"), loc
        assert loc not in urls, f"{loc} is listed twice"
        links = {}
        for link in url.findall(f"{XHTML}link"):
            assert link.attrib["rel"] == "alternate", loc
            assert link.attrib["hreflang"] in languages, loc
            assert link.attrib["hreflang"] not in links, loc
            links[link.attrib["hreflang"]] = link.attrib["href"]
        urls[loc] = links
    return urls


def assert_reciprocal(urls: dict[str, dict[str, str]]) -> None:
    """Google ignores hreflang that is not reciprocal: every alternate names the URL itself,
    and every URL it names is listed with exactly the same alternates."""
    for loc, links in urls.items():
        if not links:
            continue
        assert loc in links.values(), f"{loc} is not among its own alternates"
        assert links.get("x-default") == links.get(default_language()), loc
        assert len(set(links) - {"x-default"}) >= 2, f"{loc} has alternates in one language"
        for language, href in links.items():
            assert href in urls, f"{loc}'s {language} alternate {href} is not in the sitemap"
            assert urls[href] == links, f"{href} does not name {loc}'s alternates back"


def test_the_sitemap_at_the_root_lists_every_language_s_pages_with_reciprocal_alternates(
    client, original, spanish
):
    urls = urlset(client.get("/sitemap.xml").content)

    assert_reciprocal(urls)
    for path in ("/", "/es/", original.get_absolute_url(), spanish.get_absolute_url()):
        assert f"{ORIGIN}{path}" in urls, path
    assert urls[f"{ORIGIN}{spanish.get_absolute_url()}"]["en"] == (
        f"{ORIGIN}{original.get_absolute_url()}"
    )
    assert f"{ORIGIN}/es/topics/cardiology/" in urls


def test_under_a_language_s_prefix_the_sitemap_has_moved_to_the_root_for_good(
    client, original, spanish
):
    moved = client.get("/es/sitemap.xml")

    assert (moved.status_code, moved["Location"]) == (301, "/sitemap.xml")
    assert client.get(moved["Location"]).content == client.get("/sitemap.xml").content
    section = client.get("/es/sitemap-articles.xml", {"p": "2"})
    assert (section.status_code, section["Location"]) == (301, "/sitemap-articles.xml?p=2")
    first = client.get("/es/sitemap-topics.xml")
    assert (first.status_code, first["Location"]) == (301, "/sitemap-topics.xml")


@pytest.mark.parametrize(
    "path",
    [
        "/en/sitemap.xml",  # the site's language has no prefix
        "/fr/sitemap.xml",  # not a language of the site
        "/es/sitemap-nope.xml",  # not a section
        "/en/sitemap-articles.xml",
        "/es/robots.txt",  # robots.txt is read at the root only
        "/es/sitemap-pages.xml/",
    ],
)
def test_nothing_else_under_a_prefix_is_a_sitemap(client, original, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ({"p": "<script>alert(1)</script>"}, "/sitemap-articles.xml"),
        ({"p": "2", "next": "https://evil.example/"}, "/sitemap-articles.xml?p=2"),
        ({"p": "٣"}, "/sitemap-articles.xml"),  # a digit, but not an ASCII one
        ({"p": "9" * 5000}, "/sitemap-articles.xml"),  # past int()'s limit for text
        ({"p": "007"}, "/sitemap-articles.xml?p=7"),
    ],
)
def test_the_redirect_keeps_only_the_page_number_of_the_query(client, original, query, location):
    response = client.get("/es/sitemap-articles.xml", query)

    assert (response.status_code, response["Location"]) == (301, location)


def test_the_index_and_its_sections_are_at_the_root_only(client, original, spanish, monkeypatch):
    from articles import sitemaps

    whole = urlset(client.get("/sitemap.xml").content)
    monkeypatch.setattr(sitemaps, "SITEMAP_MAX_URLS", 2)
    published_state_changed()

    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = [entry.find(f"{SITEMAP}loc").text for entry in index.findall(f"{SITEMAP}sitemap")]
    assert parts and all(re.fullmatch(rf"{ORIGIN}/sitemap-[a-z]+\.xml(\?p=\d+)?", p) for p in parts)
    listed: dict[str, dict[str, str]] = {}
    for part in parts:
        split = urlsplit(part)
        section = urlset(client.get(f"{split.path}?{split.query}").content)
        assert not set(section) & set(listed), part
        listed |= section
    assert listed == whole  # the same URLs and alternates, split in sections
    assert_reciprocal(listed)


def test_robots_txt_names_the_sitemap_at_the_root(client, django_assert_num_queries):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert [line for line in lines if line.lower().startswith("sitemap:")] == [
        f"Sitemap: {ORIGIN}/sitemap.xml"
    ]
    assert "User-agent: *" in lines and "Disallow:" in lines  # every page may be crawled
    assert not response.cookies
    with django_assert_num_queries(0):  # from the page cache
        assert client.get("/robots.txt").content == response.content


def test_the_one_sitemap_lists_a_translation_once_it_is_published(client, original):
    translation = translation_into(original)
    before = urlset(client.get("/sitemap.xml").content)  # cached now
    assert not any(translation.slug in url for url in before)

    translation = approve(translation)

    after = urlset(client.get("/sitemap.xml").content)
    spanish_url = f"{ORIGIN}{translation.get_absolute_url()}"
    assert after[spanish_url]["en"] == f"{ORIGIN}{original.get_absolute_url()}"
    assert after[f"{ORIGIN}{original.get_absolute_url()}"]["es"] == spanish_url
    assert_reciprocal(after)
    assert client.get("/es/sitemap.xml")["Location"] == "/sitemap.xml"


def test_the_sitemap_s_page_carries_the_listing_key(client, original):
    response = client.get("/sitemap.xml")

    assert "listing" in response["xkey"].split()
    assert response["Cache-Control"].startswith("public")
