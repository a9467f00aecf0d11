"""The cron commands: ``send_review_reminders`` and ``flag_due_rereviews``. Each is run twice
to show that it is idempotent; days pass with time_machine."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from articles.models import Article
from editorial.models import ReminderStep, ReReviewNotice
from editorial.reviews import invitation_accept, invitation_decline, invitations_create
from editorial.workflow import article_transition
from tests.factories import (
    article_in_state,
    board_reviews,
    board_user,
    editor_user,
    invitees_review,
)

pytestmark = pytest.mark.django_db

START = date(2025, 5, 1)


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC), tick=False)


@pytest.fixture
def run(deliver, mailoutbox):
    """``run(command)`` runs a command, then the worker; ``mailoutbox`` keeps only the messages
    commands queued (what the test's setup queued, such as invitations, is left out)."""

    def run_command(command: str) -> str:
        for message in deliver():
            mailoutbox.remove(message)
        out = StringIO()
        call_command(command, stdout=out)
        deliver()
        return out.getvalue()

    return run_command


def worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def invited(editor: Any, *, due_in_days: int, article: Article | None = None):
    """A board member invited on START to an article's open round, due ``due_in_days`` later."""
    article = article or article_in_state("under_review", editor=editor)
    member = board_user()
    (invitation,) = invitations_create(
        article=article,
        reviewers=[member.board_member],
        by=editor,
        due_date=START + timedelta(days=due_in_days),
    )
    return invitation, member


# --------------------------------------------------------------------------------------------
# send_review_reminders
# --------------------------------------------------------------------------------------------


def test_a_reviewer_is_reminded_once_when_due_soon_and_once_when_overdue(editor, run, mailoutbox):
    with on(START):
        invitation, member = invited(editor, due_in_days=10)
        output = run("send_review_reminders")
        assert "Queued 0 reminder(s)." in output
    assert mailoutbox == []  # not due for a week and more

    with on(START + timedelta(days=8)):  # due in two days
        assert "Queued 1 reminder(s)." in run("send_review_reminders")
        run("send_review_reminders")
    assert len(mailoutbox) == 1
    soon = mailoutbox[0]
    assert soon.to == [member.email]
    assert "Review due soon" in soon.subject
    assert invitation.round.article.title in soon.subject
    assert "May 11, 2025" in soon.body
    invitation.refresh_from_db()
    assert invitation.last_reminder == ReminderStep.DUE_SOON

    with on(START + timedelta(days=10)):  # the due day itself: still "due soon", already sent
        run("send_review_reminders")
    assert len(mailoutbox) == 1

    with on(START + timedelta(days=11)):  # overdue
        assert "Queued 1 reminder(s)." in run("send_review_reminders")
    with on(START + timedelta(days=20)):
        assert "Queued 0 reminder(s)." in run("send_review_reminders")
    assert len(mailoutbox) == 2
    overdue = mailoutbox[1]
    assert overdue.to == [member.email]
    assert "Overdue review" in overdue.subject
    assert "overdue" in overdue.body
    invitation.refresh_from_db()
    assert invitation.last_reminder == ReminderStep.OVERDUE


def test_an_invitation_first_seen_overdue_gets_only_the_overdue_reminder(editor, run, mailoutbox):
    with on(START):
        invited(editor, due_in_days=2)
    with on(START + timedelta(days=5)):
        run("send_review_reminders")
        run("send_review_reminders")

    assert [message.subject.split(":")[0].split("] ")[1] for message in mailoutbox] == [
        "Overdue review"
    ]


def test_an_accepted_invitation_not_yet_reviewed_is_reminded(editor, run, mailoutbox):
    with on(START):
        invitation, member = invited(editor, due_in_days=2)
        invitation_accept(invitation=invitation, by=member)
        run("send_review_reminders")

    assert [message.to for message in mailoutbox] == [[member.email]]


@pytest.mark.parametrize("how", ["reviewed", "declined", "round_closed", "round_approved"])
def test_finished_invitations_are_never_reminded(editor, how, run, mailoutbox):
    with on(START):
        article = article_in_state("under_review", editor=editor)
        invitation, member = invited(editor, due_in_days=1, article=article)
        if how == "reviewed":
            invitees_review(article)
        elif how == "declined":
            invitation_decline(invitation=invitation, by=member, reason="Busy.")
        elif how == "round_closed":
            article_transition(
                article=article, action="request_changes", by=editor, comment="Cite it."
            )
        else:
            board_reviews(article, editor=editor)
            article_transition(article=article, action="approve", by=editor)

    for day in [START, START + timedelta(days=3)]:  # due soon, then overdue
        with on(day):
            assert "Queued 0 reminder(s)." in run("send_review_reminders")

    assert mailoutbox == []
    invitation.refresh_from_db()
    assert invitation.last_reminder == ReminderStep.NONE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminders_are_sent_when_the_command_commits():
    """Committed for real, as from cron: the worker delivers the reminder, once."""
    editor = editor_user()
    with on(START):
        invited(editor, due_in_days=1)
        worker()
        mail.outbox.clear()  # the invitation itself
        call_command("send_review_reminders", stdout=StringIO())
        call_command("send_review_reminders", stdout=StringIO())
        worker()
        worker()

    assert len(mail.outbox) == 1
    assert "Review due soon" in mail.outbox[0].subject


# --------------------------------------------------------------------------------------------
# flag_due_rereviews
# --------------------------------------------------------------------------------------------


def approved_on(day: date, editor: Any, **kwargs: Any) -> Article:
    with on(day):
        return article_in_state("approved", editor=editor, **kwargs)


def test_articles_due_for_re_review_are_flagged_and_the_editors_told_once(editor, mailoutbox, run):
    due = approved_on(date(2024, 4, 1), editor)  # next review due April 1, 2025
    also_due = approved_on(date(2024, 5, 1), editor)  # due May 1, 2025: today
    not_yet = approved_on(date(2024, 5, 2), editor)  # due tomorrow

    with on(START):
        output = run("flag_due_rereviews")
        again = run("flag_due_rereviews")

    assert "Flagged 2 article(s)" in output
    assert due.title in output and also_due.title in output
    assert "Flagged 0 article(s)" in again
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert editor.email in message.to
    assert due.author.email not in message.to
    assert "2 article(s) due for periodic re-review" in message.subject
    assert due.title in message.body and also_due.title in message.body
    assert not_yet.title not in message.body
    assert sorted(ReReviewNotice.objects.values_list("article", "due_date")) == sorted(
        [(due.pk, date(2025, 4, 1)), (also_due.pk, date(2025, 5, 1))]
    )


def test_a_flagged_article_is_flagged_again_only_for_its_next_due_date(editor, mailoutbox, run):
    article = approved_on(date(2024, 5, 1), editor)
    with on(START):
        call_command("flag_due_rereviews", stdout=StringIO())
        article = article_transition(article=article, action="start_rereview", by=editor).article
        invitees_review(article)
        article_transition(article=article, action="approve", by=editor)
    mailoutbox.clear()

    with on(date(2025, 12, 1)):
        run("flag_due_rereviews")
    assert mailoutbox == []
    with on(date(2026, 5, 1)):
        run("flag_due_rereviews")
        run("flag_due_rereviews")

    assert len(mailoutbox) == 1
    assert list(ReReviewNotice.objects.order_by("due_date").values_list("due_date", flat=True)) == [
        date(2025, 5, 1),
        date(2026, 5, 1),
    ]


@pytest.mark.parametrize("what", ["archived", "under_re_review", "never_approved"])
def test_archived_unpublished_or_already_re_reviewed_articles_are_not_flagged(
    editor, what, mailoutbox
):
    if what == "never_approved":
        with on(date(2025, 4, 15)):
            article = article_in_state("under_review", editor=editor)
        Article.objects.filter(pk=article.pk).update(next_review_due=date(2025, 1, 1))
    else:
        article = approved_on(date(2024, 4, 1), editor)  # due April 1, 2025
        with on(date(2025, 4, 15)):
            action = "archive" if what == "archived" else "start_rereview"
            article_transition(article=article, action=action, by=editor)

    with on(START):
        output = StringIO()
        call_command("flag_due_rereviews", stdout=output)

    assert "Flagged 0 article(s)" in output.getvalue()
    assert mailoutbox == []
    assert not ReReviewNotice.objects.exists()


def test_the_due_articles_are_the_ones_the_manager_lists(editor):
    due = approved_on(date(2024, 4, 1), editor)
    approved_on(date(2024, 6, 1), editor)
    archived = approved_on(date(2024, 3, 1), editor)
    article_transition(article=archived, action="archive", by=editor)

    assert list(Article.objects.due_for_rereview(today=START)) == [due]
    assert list(Article.objects.due_for_rereview(today=date(2024, 3, 31))) == []
