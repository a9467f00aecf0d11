"""sitemap.xml: the home page, the public pages, published articles and topics that have some,
each page in each language it exists in, with its alternates in the other languages
(``<xhtml:link rel="alternate" hreflang>``, as Google reads them, and ``x-default``: the site's
language's): an article's published versions, the other pages under each language's prefix
(a topic in the languages it has articles in).

Up to 50,000 URLs (the sitemap protocol's limit for one file) /sitemap.xml lists them all; past
that it becomes a sitemap index pointing to /sitemap-<section>.xml?p=N, 50,000 URLs each. The
XML is written directly (Django's sitemap template takes about 0.3 ms a URL: 15 s for a file of
50,000), from the same ``Sitemap`` classes.

The site has this one sitemap, at its root (``articles.crawler_urls``), named by robots.txt:
under a language's prefix (/es/sitemap.xml) the same URLs would be listed twice, by a file
whose directory does not hold them. Asked there, it answers with a permanent redirect to the
root's, which search engines follow and remember.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import escape

from articles.models import Article, Topic
from articles.public import (
    CountedPaginator,
    listed_topics,
    published_articles,
    published_count,
)
from editorial.languages import default_language

SITEMAP_MAX_URLS = 50_000


class CountedSitemap(Sitemap):
    """A sitemap whose pages hold SITEMAP_MAX_URLS URLs and which counts its items once."""

    @property
    def limit(self) -> int:
        return SITEMAP_MAX_URLS

    @cached_property
    def paginator(self) -> Paginator:
        return Paginator(self._items(), self.limit)


class ArticleSitemap(CountedSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self) -> QuerySet[Article]:
        return published_articles().only(
            "slug",
            "status",
            "language",
            "translation_of",
            "live_revision",
            "live_revision__approved_at",
        )

    def location(self, item: Article) -> str:
        return self._prefix(item.language) + item.slug + "/"

    def _prefix(self, language: str) -> str:
        """The article URL up to its slug in ``language`` (reversing once per language, not
        for each of 50,000 URLs)."""
        prefixes = self.__dict__.setdefault("_prefixes", {})
        if language not in prefixes:
            with translation.override(language):
                url = reverse("articles:detail", kwargs={"slug": "x"})
            prefixes[language] = url.removesuffix("x/")
        return prefixes[language]

    def alternates_of(self, items: list[Article]) -> dict[int, list[tuple[str, str]]]:
        """Each article's published versions (its work's), one query for a sitemap's page."""
        works = {item.translation_of_id or item.pk for item in items}
        versions: dict[int, list[tuple[str, str]]] = {}
        rows = (
            Article.objects.published()
            .filter(Q(pk__in=works) | Q(translation_of__in=works))
            .values_list("pk", "translation_of_id", "language", "slug")
        )
        for pk, original, language, slug in rows:
            versions.setdefault(original or pk, []).append(
                (language, self._prefix(language) + slug + "/")
            )
        return {
            item.pk: sorted(versions.get(item.translation_of_id or item.pk, []), key=_in_order)
            for item in items
        }

    def lastmod(self, item: Article) -> datetime | None:
        return item.live_revision.approved_at

    @cached_property
    def paginator(self) -> Paginator:
        return CountedPaginator(self._items(), self.limit, published_count())

    def get_latest_lastmod(self) -> datetime | None:
        """For the index: the latest approval (one row read from the index on approvals)."""
        latest = published_articles().values_list("live_revision__approved_at", flat=True)[:1]
        return next(iter(latest), None)


class TopicSitemap(CountedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> list[tuple[Topic, str]]:
        return [(topic, code) for code in _languages() for topic in listed_topics(code)]

    def location(self, item: tuple[Topic, str]) -> str:
        topic, language = item
        with translation.override(language):
            return topic.get_absolute_url()

    def alternates_of(self, items: list) -> dict[Any, list[tuple[str, str]]]:
        listed = {code: {topic.pk for topic in listed_topics(code)} for code in _languages()}
        return {
            item: [
                (code, self.location((item[0], code)))
                for code in _languages()
                if item[0].pk in listed[code]
            ]
            for item in items
        }


class PageSitemap(CountedSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[tuple[str, str]]:
        names = ["articles:list", "articles:board", "articles:editorial-policy"]
        return [(name, code) for name in names for code in _languages()]

    def location(self, item: tuple[str, str]) -> str:
        name, language = item
        with translation.override(language):
            return reverse(name)

    def alternates_of(self, items: list) -> dict[Any, list[tuple[str, str]]]:
        return {
            item: [(code, self.location((item[0], code))) for code in _languages()]
            for item in items
        }


def _languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def _in_order(version: tuple[str, str]) -> int:
    languages = _languages()
    return languages.index(version[0]) if version[0] in languages else len(languages)


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "topics": TopicSitemap}


URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
INDEX = '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


def _sections() -> dict[str, CountedSitemap]:
    return {name: sitemap_class() for name, sitemap_class in SITEMAPS.items()}


def _day(value: datetime | None) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else str(value or "")


def _xml(body: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def _urlset(request: HttpRequest, sections: list[CountedSitemap], page: Any = 1) -> HttpResponse:
    site, parts = RequestSite(request), [URLSET]
    for section in sections:
        try:
            urls = section.get_urls(page=page, site=site, protocol=request.scheme)
        except EmptyPage as empty:
            raise Http404(f"No page {page}.") from empty
        except PageNotAnInteger as wrong:
            raise Http404(f"No page {page!r}.") from wrong
        alternates = section.alternates_of([url["item"] for url in urls])
        origin = f"{request.scheme}://{site.domain}"
        for url in urls:
            lastmod = f"<lastmod>{_day(url['lastmod'])}</lastmod>" if url["lastmod"] else ""
            parts.append(
                f"<url><loc>{escape(url['location'])}</loc>{lastmod}"
                f"<changefreq>{url['changefreq']}</changefreq>"
                f"<priority>{url['priority']}</priority>"
                f"{_alternates(alternates.get(_key(url['item']), []), origin)}</url>\n"
            )
    parts.append("</urlset>\n")
    return _xml("".join(parts))


def _key(item: Any) -> Any:
    return item.pk if isinstance(item, Article) else item


def _alternates(versions: list[tuple[str, str]], origin: str) -> str:
    """Google's ``xhtml:link`` alternates of a URL: every language's, its own among them, and
    ``x-default``, the site's language's; none for a page in one language only."""
    if len(versions) < 2:
        return ""
    links = [*versions]
    if versions[0][0] == default_language():
        links.append(("x-default", versions[0][1]))
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{language}" href="{escape(origin + path)}"/>'
        for language, path in links
    )


def sitemap_or_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: every URL while there are at most SITEMAP_MAX_URLS, an index past that."""
    sections = _sections()
    if sum(section.paginator.count for section in sections.values()) <= SITEMAP_MAX_URLS:
        return _urlset(request, list(sections.values()))
    parts = [INDEX]
    for name, section in sections.items():
        location = request.build_absolute_uri(
            reverse("crawlers:sitemap-section", kwargs={"section": name})
        )
        lastmod = section.get_latest_lastmod()
        for page in section.paginator.page_range:
            url = location if page == 1 else f"{location}?p={page}"
            modified = f"<lastmod>{_day(lastmod)}</lastmod>" if lastmod else ""
            parts.append(f"<sitemap><loc>{escape(url)}</loc>{modified}</sitemap>\n")
    parts.append("</sitemapindex>\n")
    return _xml("".join(parts))


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """/sitemap-<section>.xml?p=N: one page of one section, listed by the index."""
    sitemap_class = SITEMAPS.get(section)
    if sitemap_class is None:
        raise Http404("No such sitemap.")
    return _urlset(request, [sitemap_class()], request.GET.get("p", 1))


def sitemap_moved(request: HttpRequest, language: str, section: str | None = None) -> HttpResponse:
    """/es/sitemap.xml, /es/sitemap-<section>.xml?p=N: the site's one sitemap is at its root.
    A permanent redirect there (its page ``p`` kept when it is a number; nothing else of the
    query), under the prefix of a language of the site (not its own: it has none) and for a
    section the index may list; a 404 for anything else."""
    if language not in _languages() or language == default_language():
        raise Http404("No such sitemap.")
    if section is None:
        return HttpResponsePermanentRedirect(reverse("crawlers:sitemap"))
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    location = reverse("crawlers:sitemap-section", kwargs={"section": section})
    page = request.GET.get("p", "")
    if page.isascii() and page.isdigit() and len(page) <= 9:
        location = f"{location}?p={int(page)}"
    return HttpResponsePermanentRedirect(location)


def robots_txt(request: HttpRequest) -> HttpResponse:
    """/robots.txt: every page may be crawled (the pages readers must not find are a 404, and
    the working pages say ``noindex`` themselves), and where the sitemap is: the site's one,
    at its root, as an absolute URL (the robots.txt ``Sitemap`` line)."""
    sitemap = request.build_absolute_uri(reverse("crawlers:sitemap"))
    body = f"User-agent: *\nDisallow:\n\nSitemap: {sitemap}\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
