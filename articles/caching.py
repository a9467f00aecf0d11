"""Public pages of this app and the published state they depend on.

The page cache itself is generic (``editorial.caching``); here: which of this app's changes
make readers' pages stale. Workflow steps (approvals, archiving) are editorial's; a topic
renamed, described, created, deleted or given other articles is this app's.
"""

from typing import Any

from django.db.models.signals import m2m_changed

from articles.models import Topic
from editorial.caching import connect_published_state, published_state_changed


def _topic_articles_changed(sender: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        published_state_changed()


def connect_articles() -> None:
    connect_published_state(["articles.Topic"])
    # Articles are not deleted in the admin, but a deletion from the shell leaves the site too.
    connect_published_state([], deleted=["articles.Article"])
    m2m_changed.connect(
        _topic_articles_changed,
        sender=Topic.articles.through,
        dispatch_uid="published-state:topic-articles",
    )
