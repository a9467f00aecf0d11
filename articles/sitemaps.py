"""sitemap.xml: the home page, the public pages, published articles and topics that have some.

Up to 50,000 URLs (the sitemap protocol's limit for one file) /sitemap.xml lists them all; past
that it becomes a sitemap index pointing to /sitemap-<section>.xml?p=N, 50,000 URLs each. The
XML is written directly (Django's sitemap template takes about 0.3 ms a URL: 15 s for a file of
50,000), from the same ``Sitemap`` classes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import escape

from articles.models import Article, Topic
from articles.public import (
    CountedPaginator,
    listed_topics,
    published_articles,
    published_count,
)

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
            "slug", "status", "live_revision", "live_revision__approved_at"
        )

    def location(self, item: Article) -> str:
        return self._prefix + item.slug + "/"

    @cached_property
    def _prefix(self) -> str:
        """The article URL up to its slug (reversing once, not for each of 50,000 URLs)."""
        return reverse("articles:detail", kwargs={"slug": "x"}).removesuffix("x/")

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

    def items(self) -> list[Topic]:
        return listed_topics()


class PageSitemap(CountedSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[str]:
        return ["articles:list", "articles:board", "articles:editorial-policy"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "topics": TopicSitemap}


URLSET = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
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
        for url in urls:
            lastmod = f"<lastmod>{_day(url['lastmod'])}</lastmod>" if url["lastmod"] else ""
            parts.append(
                f"<url><loc>{escape(url['location'])}</loc>{lastmod}"
                f"<changefreq>{url['changefreq']}</changefreq>"
                f"<priority>{url['priority']}</priority></url>\n"
            )
    parts.append("</urlset>\n")
    return _xml("".join(parts))


def sitemap_or_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: every URL while there are at most SITEMAP_MAX_URLS, an index past that."""
    sections = _sections()
    if sum(section.paginator.count for section in sections.values()) <= SITEMAP_MAX_URLS:
        return _urlset(request, list(sections.values()))
    parts = [INDEX]
    for name, section in sections.items():
        location = request.build_absolute_uri(
            reverse("articles:sitemap-section", kwargs={"section": name})
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
