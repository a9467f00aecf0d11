"""What is announced after a workflow step or a review action, in one registry: events on the
left, their effects on the right. A scheduled publication carried out is announced by
``scheduled_publication_live`` (to the authors and the editors).

Each effect renders its message now and queues it in the outbox (``editorial.outbox``), inside
the transaction of the change that causes it: the message exists exactly when the change
committed, and the worker delivers it. Nothing here talks to a mail server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from editorial.guest_links import LINK_PLACEHOLDER
from editorial.models import (
    ReminderStep,
    Review,
    ReviewAmendment,
    ReviewInvitation,
    ScheduledPublication,
    Step,
    TransitionLog,
    User,
)
from editorial.outbox import Email, emails_queue

# What a workflow step announces: the messages to queue with it.
Effect = Callable[[TransitionLog], list[Email]]

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
    """The editors' addresses: every active editor (``User.objects.editors()``, superusers
    included, as ``editorial.roles.is_editor`` counts them)."""
    return list(User.objects.editors().exclude(email="").values_list("email", flat=True))


def compose(
    *,
    template: str,
    subject: str,
    recipients: Iterable[str],
    reason: str,
    about: Any = None,
    **context: Any,
) -> list[Email]:
    """The message rendered for each distinct recipient (one message each); none while
    muted. ``about``: the article the message concerns, if it concerns one."""
    addresses = sorted({address for address in recipients if address})
    if _muted.get() or not addresses:
        return []
    context["publisher_name"] = settings.PUBLISHER_NAME
    # One line whatever the names in it hold: a header cannot carry a line break.
    subject = " ".join(f"[{settings.PUBLISHER_NAME}] {subject}".split())
    body = render_to_string(f"editorial/email/{template}.txt", context)
    return [
        Email(to=address, subject=subject, body=body, reason=reason, article=about)
        for address in addresses
    ]


def send(
    *,
    template: str,
    subject: str,
    recipients: Iterable[str],
    reason: str,
    about: Any = None,
    **context: Any,
) -> None:
    """Render the message and queue it for each recipient (one message each)."""
    emails = compose(
        template=template,
        subject=subject,
        recipients=recipients,
        reason=reason,
        about=about,
        **context,
    )
    if emails:
        emails_queue(emails)


# Workflow steps -------------------------------------------------------------------------------


def email_editors(entry: TransitionLog) -> list[Email]:
    """Editors hear of every article that waits for them."""
    return _transition_emails(entry, editor_addresses())


def email_authors(entry: TransitionLog) -> list[Email]:
    """Authors hear of every decision on their article, with the decision letter."""
    article = entry.article
    authors = [article.author, *article.coauthors.all()]
    return _transition_emails(entry, [user.email for user in authors if user.is_active])


def _transition_emails(entry: TransitionLog, recipients: list[str]) -> list[Email]:
    return compose(
        template="transition",
        subject=f"{entry.article.title}: {entry.target_label}",
        recipients=recipients,
        reason=entry.action,
        about=entry.article,
        entry=entry,
        article=entry.article,
    )


EFFECTS: dict[str, list[Effect]] = {
    Step.SUBMIT: [email_editors],
    Step.RESUBMIT: [email_editors],
    Step.REQUEST_CHANGES: [email_authors],
    Step.REJECT: [email_authors],
    Step.APPROVE: [email_authors, email_editors],
    Step.ARCHIVE: [email_authors],
}


def transition_taken(entry: TransitionLog) -> None:
    """Queue what the step announces, every message of it at once."""
    emails = [email for effect in EFFECTS.get(entry.action, []) for email in effect(entry)]
    if emails:
        emails_queue(emails)


def scheduled_publication_live(publication: ScheduledPublication) -> None:
    """A scheduled publication carried out: the authors and the editors hear that the approved
    revision is now what readers see (one message each). An approval that publishes at once
    sends nothing more than its decision letter, which says so (``Step.APPROVE`` above).
    ``editorial.publishing`` calls it, inside the publication's transaction (``editorial.apps``
    registers it)."""
    article = publication.article
    authors = [article.author, *article.coauthors.all()]
    send(
        template="published_as_scheduled",
        subject=f"{article.title}: now live",
        recipients=[user.email for user in authors if user.is_active] + editor_addresses(),
        reason="published as scheduled",
        about=article,
        publication=publication,
        article=article,
        article_url=f"{settings.EDITORIAL_SITE_URL}{article.get_absolute_url()}",
    )


# Review actions -------------------------------------------------------------------------------


def invitation_sent(invitation: ReviewInvitation) -> None:
    """The invited member gets the invitation, with the due date; a guest reviewer's holds
    the place of their sign-in link, which the worker makes as it sends it."""
    if invitation.reviewer.external:
        guest_link_sent(invitation)
        return
    send(
        template="invitation",
        subject=f"Invitation to review: {invitation.round.article.title}",
        recipients=[invitation.reviewer.user.email],
        reason="invitation",
        about=invitation.round.article,
        invitation=invitation,
    )


def guest_link_sent(invitation: ReviewInvitation) -> None:
    """A guest reviewer's invitation, or a new link for it: one message, its link made when
    sent (``editorial.guest_links``)."""
    emails = compose(
        template="guest_invitation",
        subject=f"Invitation to review: {invitation.round.article.title}",
        recipients=[invitation.reviewer.user.email],
        reason="guest invitation",
        about=invitation.round.article,
        invitation=invitation,
        link=LINK_PLACEHOLDER,
        link_days=settings.EDITORIAL_GUEST_LINK_DAYS,
    )
    emails_queue([replace(email, sign_in_for=invitation.pk) for email in emails])


def invitation_answered(invitation: ReviewInvitation, readers: Sequence[User]) -> None:
    """Editors hear when a member declines or declares a conflict, to replace them. The email
    quotes the reason or the declaration, which are the board's: it goes to ``readers`` only,
    the editors the one rule lets read them (``roles.editors_reading_confidential``), never to
    an author of the article."""
    send(
        template="invitation_answered",
        subject=f"{invitation.reviewer.display_name}: {invitation.get_status_display()} "
        f"({invitation.round.article.title})",
        recipients=[reader.email for reader in readers if reader.is_active],
        reason="invitation answered",
        about=invitation.round.article,
        invitation=invitation,
    )


def review_submitted(review: Review) -> None:
    """Editors hear of every review (never the author: they get the decision letter)."""
    send(
        template="review_submitted",
        subject=f"Review received: {review.invitation.round.article.title}",
        recipients=editor_addresses(),
        reason="review submitted",
        about=review.invitation.round.article,
        review=review,
    )


def amendment_requested(amendment: ReviewAmendment) -> None:
    """The reviewer is asked to complete or revisit their review, with the editor's note and
    the address of their review form."""
    invitation = amendment.review.invitation
    path = reverse("admin:editorial_awaitingmyreview_review", args=[invitation.pk])
    send(
        template="amendment_requested",
        subject=f"Please revisit your review: {invitation.round.article.title}",
        recipients=[invitation.reviewer.user.email],
        reason="amendment requested",
        about=invitation.round.article,
        amendment=amendment,
        invitation=invitation,
        review_url=f"{settings.EDITORIAL_SITE_URL}{path}",
    )


def review_amended(review: Review, amendment: ReviewAmendment) -> None:
    """Editors hear that a review they asked about was amended."""
    send(
        template="review_amended",
        subject=f"Review amended: {review.invitation.round.article.title}",
        recipients=editor_addresses(),
        reason="review amended",
        about=review.invitation.round.article,
        review=review,
        amendment=amendment,
    )


def review_reminder(invitation: ReviewInvitation, step: str) -> None:
    overdue = step == ReminderStep.OVERDUE
    send(
        template="reminder",
        subject=("Overdue review" if overdue else "Review due soon")
        + f": {invitation.round.article.title}",
        recipients=[invitation.reviewer.user.email],
        reason=f"reminder ({step})",
        about=invitation.round.article,
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
