"""Making an approved revision the one readers see: now, or at a time chosen at approval.

``make_live`` is the one place a revision goes live: it records the approval on the revision
(so every public page, the feed, the sitemap and the change log show it from that moment) and
replaces the live revision when the text changed. A scheduled publication is carried out by the
``publish_scheduled`` task, queued to run at its time (django-tasks, ``run_after``), without a
request; moving it queues another task, and a task that finds its publication moved, cancelled
or done does nothing. Who may schedule, move or cancel is the workflow's rule.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone
from django_tasks import task

from editorial.history import save_with_history
from editorial.models import ScheduledPublication, User, WebhookEvent
from editorial.page_keys import BOARD, LISTING, article_key, pages_changed
from editorial.policy import record_policy_in_force
from editorial.webhooks import webhooks_queue

PublicationListener = Callable[..., None]
_publication_listeners: list[PublicationListener] = []
GoLiveListener = Callable[[ScheduledPublication], None]
_go_live_listeners: list[GoLiveListener] = []


def on_publication_change(listener: PublicationListener) -> None:
    """Have ``listener(article, announce=...)`` called inside the transaction of every change of
    what an article's readers are told of its review: a workflow step, a scheduled publication
    carried out, a disclosure published (the articles app rebuilds its publication record).
    ``announce`` is false when the caller tells the webhook endpoints of the change itself (a
    step, a scheduled publication). A listener that raises fails the change."""
    if listener not in _publication_listeners:
        _publication_listeners.append(listener)


def on_scheduled_go_live(listener: GoLiveListener) -> None:
    """Have ``listener(publication)`` called inside the transaction in which a scheduled
    publication is carried out (never for an approval that publishes at once: its step announces
    it). ``editorial.apps`` registers the email to the authors and the editors
    (``notifications.scheduled_publication_live``): the notifications are this module's sibling
    layer, so it names them through this hook rather than importing them. A listener that raises
    fails the task, and nothing is published."""
    if listener not in _go_live_listeners:
        _go_live_listeners.append(listener)


def publication_changed(article: models.Model, *, announce: bool = True) -> None:
    for listener in _publication_listeners:
        listener(article, announce=announce)


def make_live(article: models.Model, revision: models.Model, *, by: User, at: datetime) -> None:
    """Record the approval of ``revision`` (an ``articles.ArticleRevision``) as of ``at`` and make
    it the article's live revision unless it says what the live one says (a re-review that
    changed nothing keeps "Last updated"). The caller saves the article."""
    revision.approved_at = at
    revision.approved_by = by
    record_policy_in_force(revision)  # the policy and disclaimer in force
    revision.save(update_fields=sorted(revision.APPROVAL_FIELDS))
    if article.live_revision is None or not article.live_revision.same_content_as(revision):
        article.live_revision = revision


def publication_schedule(
    article: models.Model, revision: models.Model, *, by: User, at: datetime
) -> ScheduledPublication:
    publication = ScheduledPublication(
        article=article, revision=revision, approved_by=by, publish_at=at
    )
    save_with_history(publication, by=by, reason="Scheduled")
    publish_scheduled.using(run_after=at).enqueue(publication.pk)
    return publication


def publication_requeue(publication: ScheduledPublication) -> None:
    """Queue the task for the publication's (new) time; earlier tasks for it find nothing due."""
    publish_scheduled.using(run_after=publication.publish_at).enqueue(publication.pk)


@task()
def publish_scheduled(publication_id: int) -> str:
    """Carry out a scheduled publication once its time has come."""
    with transaction.atomic():
        publication = (
            ScheduledPublication.objects.select_for_update()
            .select_related("article", "revision", "approved_by")
            .filter(pk=publication_id)
            .first()
        )
        if publication is None or not publication.is_pending:
            return "nothing to do"
        now = timezone.now()
        if publication.publish_at > now:
            return "not due yet"  # moved later: its own task is queued
        article = (
            type(publication.article).objects.select_for_update().get(pk=publication.article_id)
        )
        was_published = article.is_published
        make_live(article, publication.revision, by=publication.approved_by, at=now)
        # Readers now read the revision the board reviewed when it approved it for this time.
        article.last_reviewed_at = publication.created_at
        save_with_history(article, by=publication.approved_by, reason="Published as scheduled")
        publication.published_at = now
        save_with_history(publication, by=publication.approved_by, reason="Published")
        publication_changed(article, announce=False)  # announced below
        # No workflow step marks this one: the pages showing the article go stale.
        pages_changed(article_key(article.pk), LISTING, BOARD)
        if article.is_published:
            event = WebhookEvent.UPDATED if was_published else WebhookEvent.PUBLISHED
            webhooks_queue(event=event, article=article)
        for listener in _go_live_listeners:  # the authors and editors are told, by email
            listener(publication)
    return "published"
