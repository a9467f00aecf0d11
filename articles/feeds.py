"""An Atom feed of articles newly approved or updated: published articles only, live text only.

Titles and summaries are plain text, and the feed says so (Atom's ``type="text"``): a feed reader
shows the words an author wrote, never renders them as markup. Characters XML cannot carry are
left out rather than making the whole feed fail.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from articles.languages import page_language
from articles.models import Article
from articles.public import published_articles, summary_of, with_first_approval

FEED_LENGTH = 30

# What XML 1.0 cannot hold: control characters other than tab and line breaks, surrogates and
# the two non-characters U+FFFE and U+FFFF.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text (``type="text"``), not HTML."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class LatestArticlesFeed(Feed):
    feed_type = PlainTextAtomFeed

    def title(self) -> str:
        return gettext("%(publisher)s: newly approved and updated articles") % {
            "publisher": settings.PUBLISHER_NAME
        }

    def subtitle(self) -> str:
        return gettext("Articles approved or updated by our Medical Advisory Board.")

    def link(self) -> str:
        return reverse("articles:list")

    def feed_url(self) -> str:
        return reverse("articles:feed")

    def author_name(self) -> str:
        return settings.PUBLISHER_NAME

    def items(self) -> QuerySet[Article]:
        """The articles in the feed's language: /feed/ the originals, /es/feed/ the published
        Spanish translations."""
        return with_first_approval(published_articles(page_language()))[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        return xml_text(item.live_revision.title)

    def item_description(self, item: Article) -> str:
        """Plain text: the summary readers see on the home page, and what changed."""
        summary = summary_of(item.live_revision)
        change = item.live_revision.change_summary.strip()
        if not change:
            return xml_text(summary)
        return xml_text(
            gettext("%(summary)s (Update: %(change)s)") % {"summary": summary, "change": change}
        )

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.first_approved_at

    def item_updateddate(self, item: Article) -> datetime | None:
        return item.live_revision.approved_at
