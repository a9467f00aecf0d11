"""Public pages of this app and what changes them.

The page cache itself is generic (``editorial.caching``), and so are the keys
(``editorial.page_keys``); here: which of this app's changes make which readers' pages stale.
Workflow steps (approvals, archiving) are editorial's; a topic renamed, described, created,
deleted or given other articles is this app's: its page, the lists of articles, and the pages of
the articles it gained or lost.
"""

from typing import Any

from django.db.models.signals import m2m_changed

from articles.models import Topic
from editorial.caching import connect_keys
from editorial.page_keys import BOARD, LISTING, article_key, pages_changed, topic_key


def _topic_articles_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any = None, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if isinstance(instance, Topic):
        topics = [instance.pk]
        articles = pk_set if pk_set is not None else instance.articles.values_list("pk", flat=True)
    else:
        articles = [instance.pk]
        topics = pk_set if pk_set is not None else instance.topics.values_list("pk", flat=True)
    pages_changed(
        LISTING,
        *(topic_key(pk) for pk in topics),
        *(article_key(pk) for pk in articles),
    )


def connect_articles() -> None:
    connect_keys("articles.Topic", lambda topic: [LISTING, topic_key(topic.pk)])
    # Articles are not deleted in the admin, but a deletion from the shell leaves the site too.
    connect_keys(
        "articles.Article",
        lambda article: [LISTING, BOARD, article_key(article.pk)],
        saved=False,
    )
    m2m_changed.connect(
        _topic_articles_changed,
        sender=Topic.articles.through,
        dispatch_uid="page-keys:topic-articles",
    )
