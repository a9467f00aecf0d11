"""sitemap.xml: the home page, the public pages, published articles and topics that have some.

Up to 50,000 URLs (the sitemap protocol's limit for one file) /sitemap.xml lists them all; past
that it becomes a sitemap index pointing to /sitemap-<section>.xml?p=N, 50,000 URLs each.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index, sitemap
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property

from articles.models import Article, Topic
from articles.public import public_topics, published_articles

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

    def lastmod(self, item: Article) -> datetime | None:
        return item.live_revision.approved_at

    def get_latest_lastmod(self) -> datetime | None:
        """For the index: one query, not a walk through every article."""
        return published_articles().aggregate(latest=Max("live_revision__approved_at"))["latest"]


class TopicSitemap(CountedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Topic]:
        return public_topics()


class PageSitemap(CountedSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[str]:
        return ["articles:list", "board", "editorial-policy"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "topics": TopicSitemap}


def sitemap_or_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: every URL while there are at most SITEMAP_MAX_URLS, an index past that."""
    sections = {name: sitemap_class() for name, sitemap_class in SITEMAPS.items()}
    if sum(section.paginator.count for section in sections.values()) <= SITEMAP_MAX_URLS:
        return sitemap(request, sections)
    return index(request, sections, sitemap_url_name="articles:sitemap-section")
