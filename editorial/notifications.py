"""What is announced after a workflow step or a review action, in one registry: events on the
left, their effects on the right.

Each effect renders its message now and queues it in the outbox (``editorial.outbox``), inside
the transaction of the change that causes it: the message exists exactly when the change
committed, and the worker delivers it. Nothing here talks to a mail server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from editorial.models import (
    EDITORS,
    ReminderStep,
    Review,
    ReviewInvitation,
    TransitionLog,
    User,
)
from editorial.outbox import email_queue

Effect = Callable[[TransitionLog], None]

_muted: ContextVar[bool] = ContextVar("editorial_notifications_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Announce nothing inside this block: the demo loader replays a story whose messages went
    out when it happened."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def editor_addresses() -> list[str]:
    editors = User.objects.filter(groups__name=EDITORS, is_active=True)
    return list(editors.exclude(email="").values_list("email", flat=True))


def send(
    *, template: str, subject: str, recipients: Iterable[str], reason: str, **context: Any
) -> None:
    """Render the message and queue it for each recipient (one message each)."""
    if _muted.get():
        return
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    context["publisher_name"] = settings.PUBLISHER_NAME
    email_queue(
        reason=reason,
        # One line whatever the names in it hold: a header cannot carry a line break.
        subject=" ".join(f"[{settings.PUBLISHER_NAME}] {subject}".split()),
        body=render_to_string(f"editorial/email/{template}.txt", context),
        recipients=recipients,
    )


# Workflow steps -------------------------------------------------------------------------------


def email_editors(entry: TransitionLog) -> None:
    """Editors hear of every article that waits for them."""
    _send_transition(entry, editor_addresses())


def email_authors(entry: TransitionLog) -> None:
    """Authors hear of every decision on their article, with the decision letter."""
    article = entry.article
    authors = [article.author, *article.coauthors.all()]
    _send_transition(entry, [user.email for user in authors if user.is_active])


def _send_transition(entry: TransitionLog, recipients: list[str]) -> None:
    send(
        template="transition",
        subject=f"{entry.article.title}: {entry.target_label}",
        recipients=recipients,
        reason=entry.action,
        entry=entry,
        article=entry.article,
    )


EFFECTS: dict[str, list[Effect]] = {
    "submit": [email_editors],
    "resubmit": [email_editors],
    "request_changes": [email_authors],
    "reject": [email_authors],
    "approve": [email_authors, email_editors],
    "archive": [email_authors],
}


def transition_taken(entry: TransitionLog) -> None:
    for effect in EFFECTS.get(entry.action, []):
        effect(entry)


# Review actions -------------------------------------------------------------------------------


def invitation_sent(invitation: ReviewInvitation) -> None:
    """The invited member gets the invitation, with the due date."""
    send(
        template="invitation",
        subject=f"Invitation to review: {invitation.round.article.title}",
        recipients=[invitation.reviewer.user.email],
        reason="invitation",
        invitation=invitation,
    )


def invitation_answered(invitation: ReviewInvitation, readers: Sequence[User]) -> None:
    """Editors hear when a member declines or declares a conflict, to replace them. The email
    quotes the reason or the declaration, which are the board's: it goes to ``readers`` only,
    the editors the workflow lets read them (``workflow.editors_reading_confidential``), never
    to an author of the article."""
    send(
        template="invitation_answered",
        subject=f"{invitation.reviewer.display_name}: {invitation.get_status_display()} "
        f"({invitation.round.article.title})",
        recipients=[reader.email for reader in readers if reader.is_active],
        reason="invitation answered",
        invitation=invitation,
    )


def review_submitted(review: Review) -> None:
    """Editors hear of every review (never the author: they get the decision letter)."""
    send(
        template="review_submitted",
        subject=f"Review received: {review.invitation.round.article.title}",
        recipients=editor_addresses(),
        reason="review submitted",
        review=review,
    )


def review_reminder(invitation: ReviewInvitation, step: str) -> None:
    overdue = step == ReminderStep.OVERDUE
    send(
        template="reminder",
        subject=("Overdue review" if overdue else "Review due soon")
        + f": {invitation.round.article.title}",
        recipients=[invitation.reviewer.user.email],
        reason=f"reminder ({step})",
        invitation=invitation,
        overdue=overdue,
    )


def rereviews_due(articles: Sequence[Any]) -> None:
    """Editors hear, once, of the articles newly found due for their periodic re-review."""
    send(
        template="rereview_due",
        subject=f"{len(articles)} article(s) due for periodic re-review",
        recipients=editor_addresses(),
        reason="re-reviews due",
        articles=articles,
    )
