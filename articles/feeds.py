"""An Atom feed of articles newly approved or updated: published articles only, live text only."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article
from articles.public import published_articles, summary_of, with_first_approval

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return f"{settings.PUBLISHER_NAME}: newly approved and updated articles"

    def subtitle(self) -> str:
        return "Articles approved or updated by our Medical Advisory Board."

    def link(self) -> str:
        return reverse("articles:list")

    def feed_url(self) -> str:
        return reverse("articles:feed")

    def author_name(self) -> str:
        return settings.PUBLISHER_NAME

    def items(self) -> QuerySet[Article]:
        return with_first_approval(published_articles())[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        return item.live_revision.title

    def item_description(self, item: Article) -> str:
        summary = summary_of(item.live_revision)
        change = item.live_revision.change_summary.strip()
        return f"{summary} (Update: {change})" if change else summary

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.first_approved_at

    def item_updateddate(self, item: Article) -> datetime | None:
        return item.live_revision.approved_at
