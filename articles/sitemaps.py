"""sitemap.xml: the home page, the public pages, published articles and topics that have some."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from articles.models import Article, Topic
from articles.public import public_topics, published_articles


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self) -> QuerySet[Article]:
        return published_articles().only(
            "slug", "status", "live_revision", "live_revision__approved_at"
        )

    def lastmod(self, item: Article) -> datetime | None:
        return item.live_revision.approved_at


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Topic]:
        return public_topics()


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[str]:
        return ["articles:list", "articles:board", "articles:editorial-policy"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "topics": TopicSitemap}
