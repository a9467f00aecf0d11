"""Issue 21, item 5: when a scheduled publication goes live, the article's authors and the editors
are told by email, queued in the outbox inside the publication's transaction. An approval that
publishes at once sends its decision letter only (it says the revision is live)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from articles.models import Article
from editorial import notifications
from editorial.models import OutboundEmail, ScheduledPublication
from editorial.notifications import muted
from editorial.workflow import article_transition, publication_cancel, publication_move
from tests.factories import (
    article_in_state,
    author_user,
    board_reviews,
    editor_user,
)
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=7)
REASON = "published as scheduled"


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def scheduled(editor, *, coauthor=None) -> Article:
    with at(NOW):
        article = article_in_state("under_review", editor=editor)
        if coauthor is not None:
            article.coauthors.add(coauthor)
        board_reviews(article, editor=editor)
        article_transition(article=article, action="approve", by=editor, publish_at=LATER)
    return article


def go_live_emails() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(reason=REASON).order_by("to"))


def test_the_authors_and_the_editors_are_told_when_it_goes_live(editor):
    coauthor = author_user()
    other_editor = editor_user()
    article = scheduled(editor, coauthor=coauthor)
    with at(LATER - timedelta(minutes=1)):
        run_queued_tasks()  # not due yet: nobody is told anything
    assert go_live_emails() == []
    with at(LATER + timedelta(minutes=5)):
        run_queued_tasks()
    emails = go_live_emails()
    expected = {article.author.email, coauthor.email, editor.email, other_editor.email}
    assert {email.to for email in emails} == expected
    assert len(emails) == len(expected)  # one message each
    body = emails[0].body
    assert article.title in body and f"/articles/{article.slug}/" in body
    # The moment it went live and the approval's, each with its zone (TIME_ZONE).
    assert "March 8, 2025, 09:05 UTC" in body and "March 1, 2025, 09:00 UTC" in body
    assert all(email.article_id == article.pk for email in emails)
    assert emails[0].subject.endswith(f"{article.title}: now live")


def test_board_members_who_are_not_editors_are_not_told(editor, board_member):
    article = scheduled(editor)
    with at(LATER):
        run_queued_tasks()
    recipients = {email.to for email in go_live_emails()}
    assert recipients and board_member.email not in recipients
    invitations = article.review_rounds.get().invitations.all()
    reviewers = {invitation.reviewer.user.email for invitation in invitations}
    assert reviewers and not reviewers & recipients


def test_an_inactive_author_is_not_emailed(editor):
    coauthor = author_user(is_active=False)
    scheduled(editor, coauthor=coauthor)
    with at(LATER):
        run_queued_tasks()
    assert coauthor.email not in {email.to for email in go_live_emails()}


def test_an_approval_that_publishes_at_once_sends_its_letter_only(editor):
    with at(NOW):
        article = article_in_state("under_review", editor=editor)
        board_reviews(article, editor=editor)
        article_transition(article=article, action="approve", by=editor)
        run_queued_tasks()
    assert Article.objects.get(pk=article.pk).is_published
    assert go_live_emails() == []
    letters = OutboundEmail.objects.filter(reason="approve")
    assert article.author.email in {email.to for email in letters}


def test_a_moved_publication_tells_once_and_a_cancelled_one_never(editor):
    scheduled(editor)
    publication = ScheduledPublication.objects.get()
    with at(NOW + timedelta(hours=1)):
        publication_move(publication=publication, by=editor, publish_at=LATER + timedelta(days=1))
    with at(LATER + timedelta(days=2)):
        run_queued_tasks()  # both tasks run; the first finds its publication moved
    assert len([e for e in go_live_emails() if e.to == editor.email]) == 1

    OutboundEmail.objects.all().delete()
    other = article_in_state("under_review", editor=editor)
    board_reviews(other, editor=editor)
    with at(LATER + timedelta(days=3)):
        article_transition(
            article=other, action="approve", by=editor, publish_at=LATER + timedelta(days=4)
        )
        publication_cancel(publication=ScheduledPublication.objects.pending().get(), by=editor)
    with at(LATER + timedelta(days=5)):
        run_queued_tasks()
    assert go_live_emails() == []


def test_a_failure_to_queue_the_email_leaves_the_publication_undone(editor, monkeypatch):
    article = scheduled(editor)

    def broken(emails):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(notifications, "emails_queue", broken)
    with at(LATER):
        run_queued_tasks()  # the task fails: its transaction is rolled back whole
    assert not Article.objects.get(pk=article.pk).is_published
    assert ScheduledPublication.objects.get().is_pending
    assert go_live_emails() == []


def test_nothing_is_sent_while_muted(editor):
    scheduled(editor)
    with at(LATER), muted():
        run_queued_tasks()
    assert ScheduledPublication.objects.get().published_at is not None
    assert go_live_emails() == []
