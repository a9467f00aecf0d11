"""Public pages of this app and what changes them.

The page cache itself is generic (``editorial.caching``), and so are the keys
(``editorial.page_keys``); here: which of this app's changes make which readers' pages stale.
Workflow steps (approvals, archiving) are editorial's; a topic renamed, described, created,
deleted or given other articles is this app's: its page, the lists of articles, and the pages of
the articles it gained or lost; and a topic named in another language: the pages showing it.
"""

from typing import Any

from django.db.models.signals import m2m_changed

from articles.models import Article, Topic
from articles.publication import publication_record_refresh, work_keys
from editorial.caching import connect_keys
from editorial.page_keys import BOARD, LISTING, article_key, pages_changed, topic_key


def _topic_articles_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any = None, **kwargs: Any
) -> None:
    """A topic given or relieved of articles: its page, the lists, and the pages (and
    publication records) of the articles concerned. After a clear, the records still name the
    topic: ``pages_changed`` has them rebuilt."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Topic):
        topics, articles = [instance.pk], list(pk_set or ())
    else:
        topics, articles = list(pk_set or instance.topics.values_list("pk", flat=True)), []
        articles = [instance.pk]
    for article in Article.objects.filter(pk__in=articles):
        publication_record_refresh(article)
    pages_changed(
        LISTING,
        *(topic_key(pk) for pk in topics),
        *(article_key(pk) for pk in articles),
    )


def connect_articles() -> None:
    connect_keys("articles.Topic", lambda topic: [LISTING, topic_key(topic.pk)])
    # A topic's name or description in a language: only the pages that show the topic, each
    # carrying its key (its page, the homes and lists naming it, its articles' pages, whose
    # records are rebuilt with the names).
    connect_keys("articles.TopicTranslation", lambda translation: [topic_key(translation.topic_id)])
    # Articles are not deleted in the admin, but a deletion from the shell leaves the site too.
    connect_keys(
        "articles.Article",
        lambda article: [LISTING, BOARD, article_key(article.pk)],
        saved=False,
    )
    # A retraction notice imported, edited or removed: the records of the articles citing the
    # work are rebuilt (articles.publication), and their pages go stale.
    connect_keys(
        "references.Retraction", lambda notice: work_keys(notice.doi or "", notice.pmid or "")
    )
    m2m_changed.connect(
        _topic_articles_changed,
        sender=Topic.articles.through,
        dispatch_uid="page-keys:topic-articles",
    )
