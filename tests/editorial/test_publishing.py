"""Issue 15: scheduled publishing. An approval may carry a publication time; until then readers
keep the previous live revision (or get a 404 for a first publication), and at that time a task
makes the approved revision live, without a request. Editors may move or cancel it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from articles.services import article_update
from editorial.models import ScheduledPublication
from editorial.workflow import (
    PermissionRefused,
    WorkflowError,
    article_transition,
    publication_cancel,
    publication_move,
)
from editorial.workflow.publication import CANCELLED_ALREADY
from editorial.workflow.steps import ONLY_APPROVAL_SCHEDULED, PUBLICATION_IN_PAST
from tests.factories import (
    article_in_state,
    board_reviews,
    board_user,
    editor_user,
    invitees_review,
)
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=7)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def reviewed(editor) -> Article:
    article = article_in_state("under_review", editor=editor)
    board_reviews(article, editor=editor)
    return article


def page(article: Article) -> int:
    return Client().get(f"/articles/{article.slug}/").status_code


def test_a_first_publication_waits_for_its_time(editor):
    with at(NOW):
        article = reviewed(editor)
        entry = article_transition(article=article, action="approve", by=editor, publish_at=LATER)
        article.refresh_from_db()
        assert entry.target == "approved"
        assert article.live_revision is None and not article.is_published
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert page(article) == 404
        assert article.latest_revision().approved_at is None
        publication = ScheduledPublication.objects.get()
        assert publication.is_pending and publication.publish_at == LATER
        assert DBTaskResult.objects.filter(run_after=LATER).exists()
        run_queued_tasks()  # not due: nothing happens
        assert page(article) == 404

    with at(LATER + timedelta(minutes=1)):
        run_queued_tasks()
        article.refresh_from_db()
        assert article.is_published
        assert article.live_revision.approved_at == LATER + timedelta(minutes=1)
        assert article.live_revision.approved_by == editor
        assert page(article) == 200
        assert article.title in Client().get("/feed/").content.decode()
    publication.refresh_from_db()
    assert publication.published_at is not None
    assert article.history.first().history_change_reason == "Published as scheduled"


def test_readers_keep_the_live_revision_until_an_update_goes_live(editor):
    with at(NOW - timedelta(days=30)):
        article = article_in_state("approved", editor=editor)
    first_live = article.live_revision
    with at(NOW):
        article = article_transition(article=article, action="revise", by=article.author).article
        key = article.references.get().key
        article_update(
            article=article,
            by=article.author,
            sections=[("From the Guidelines", f"Updated guidance [@{key}].")],
        )
        article = article_transition(article=article, action="submit", by=article.author).article
        article = article_transition(article=article, action="start_review", by=editor).article
        board_reviews(article, editor=editor)
        article_transition(article=article, action="approve", by=editor, publish_at=LATER)
        article.refresh_from_db()
        assert article.live_revision == first_live
        assert "Guidance says so" in Client().get(f"/articles/{article.slug}/").content.decode()
    with at(LATER):
        run_queued_tasks()
    article.refresh_from_db()
    assert article.live_revision != first_live
    html = Client().get(f"/articles/{article.slug}/").content.decode()
    assert "Updated guidance" in html


def lead_dates(article: Article) -> tuple[str, str]:
    """What readers are told of the review: the JSON-LD's lastReviewed, and the page's text."""
    response = Client().get(f"/articles/{article.slug}/")
    body = response.content.decode()
    [json_ld] = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    return json.loads(json_ld).get("lastReviewed"), body


def test_last_reviewed_moves_when_the_reviewed_revision_goes_live(editor):
    with at(NOW - timedelta(days=30)):
        article = article_in_state("approved", editor=editor)
    with at(NOW):
        article = article_transition(article=article, action="revise", by=article.author).article
        article = article_transition(article=article, action="submit", by=article.author).article
        article = article_transition(article=article, action="start_review", by=editor).article
        board_reviews(article, editor=editor)
        article_transition(article=article, action="approve", by=editor, publish_at=LATER)
        article.refresh_from_db()
        # Readers still read the revision reviewed a month ago, and are told so.
        assert article.last_reviewed_at == NOW - timedelta(days=30)
        assert lead_dates(article)[0] == "2025-01-30"
    with at(LATER):
        run_queued_tasks()
    article.refresh_from_db()
    # Live now: the review behind it is the one approved for this time.
    assert article.last_reviewed_at == NOW
    assert lead_dates(article)[0] == "2025-03-01"


def test_a_cancelled_publication_leaves_last_reviewed_alone(editor):
    with at(NOW):
        article = reviewed(editor)
        article_transition(article=article, action="approve", by=editor, publish_at=LATER)
        publication_cancel(publication=ScheduledPublication.objects.get(), by=editor_user())
    article.refresh_from_db()
    assert article.last_reviewed_at is None


def test_an_editor_moves_a_publication_earlier_or_later(editor):
    with at(NOW):
        article = reviewed(editor)
        article_transition(article=article, action="approve", by=editor, publish_at=LATER)
        publication = ScheduledPublication.objects.get()
        publication_move(publication=publication, by=editor, publish_at=LATER + timedelta(days=3))
    with at(LATER + timedelta(hours=1)):
        run_queued_tasks()  # the first time has come, but the publication was moved
        assert not Article.objects.get(pk=article.pk).is_published
        publication_move(
            publication=publication, by=editor, publish_at=LATER - timedelta(days=1)
        )  # a time already past: at the next run
        run_queued_tasks()
        assert Article.objects.get(pk=article.pk).is_published


def test_a_cancelled_publication_never_happens(editor):
    with at(NOW):
        article = reviewed(editor)
        article_transition(article=article, action="approve", by=editor, publish_at=LATER)
        publication_cancel(publication=ScheduledPublication.objects.get(), by=editor)
    with at(LATER + timedelta(days=1)):
        run_queued_tasks()
    assert not Article.objects.get(pk=article.pk).is_published
    with pytest.raises(WorkflowError, match=re.escape(CANCELLED_ALREADY)):
        publication_move(
            publication=ScheduledPublication.objects.get(), by=editor, publish_at=LATER
        )


@pytest.mark.parametrize("who", ["author", "board_member", "editor_author", "anonymous"])
def test_only_an_editor_who_is_not_an_author_moves_or_cancels(who, editor):
    with at(NOW):
        article = reviewed(editor)
        article_transition(article=article, action="approve", by=editor, publish_at=LATER)
        publication = ScheduledPublication.objects.get()
        user = {
            "author": lambda: article.author,
            "board_member": board_user,
            "editor_author": editor_user,
            "anonymous": AnonymousUser,
        }[who]()
        if who == "editor_author":
            article.coauthors.add(user)
        with pytest.raises(PermissionRefused):
            publication_move(publication=publication, by=user, publish_at=LATER + timedelta(1))
        with pytest.raises(PermissionRefused):
            publication_cancel(publication=publication, by=user)
    publication.refresh_from_db()
    assert publication.is_pending and publication.publish_at == LATER


def test_a_publication_time_must_be_to_come_and_only_for_an_approval(editor):
    with at(NOW):
        article = reviewed(editor)
        with pytest.raises(WorkflowError, match=re.escape(PUBLICATION_IN_PAST)):
            article_transition(
                article=article, action="approve", by=editor, publish_at=NOW - timedelta(1)
            )
        with pytest.raises(WorkflowError, match=re.escape(ONLY_APPROVAL_SCHEDULED)):
            article_transition(
                article=article,
                action="request_changes",
                by=editor,
                comment="More.",
                publish_at=LATER,
            )
        assert Article.objects.get(pk=article.pk).status == "under_review"
        assert not ScheduledPublication.objects.exists()


def test_a_new_approval_or_archiving_cancels_a_pending_publication(editor):
    with at(NOW):
        article = reviewed(editor)
        article_transition(article=article, action="approve", by=editor, publish_at=LATER)
        article = article_transition(article=article, action="archive", by=editor).article
    (publication,) = ScheduledPublication.objects.all()
    assert publication.cancelled_at is not None and publication.cancelled_by == editor
    with at(LATER + timedelta(days=1)):
        run_queued_tasks()
    assert not Article.objects.get(pk=article.pk).is_published


def test_a_re_review_approved_now_supersedes_the_scheduled_one(editor):
    with at(NOW - timedelta(days=30)):
        article = article_in_state("approved", editor=editor)
    with at(NOW):
        article = article_transition(article=article, action="start_rereview", by=editor).article
        invitees_review(article)
        article_transition(article=article, action="approve", by=editor, publish_at=LATER)
        article = Article.objects.get(pk=article.pk)
        article = article_transition(article=article, action="start_rereview", by=editor).article
        invitees_review(article)
        article_transition(article=article, action="approve", by=editor)
    (superseded,) = ScheduledPublication.objects.all()
    assert superseded.cancelled_at is not None and superseded.published_at is None
    with at(LATER + timedelta(days=1)):
        assert run_queued_tasks() >= 1  # the old task runs, and finds nothing to do
    superseded.refresh_from_db()
    assert superseded.published_at is None
