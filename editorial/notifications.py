"""What happens after a workflow step or a review action, in one registry: events on the left,
their effects on the right. Effects run only after the transaction has committed
(``transaction.on_commit``), so nothing is announced that was rolled back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from editorial.models import EDITORS, ReminderStep, Review, ReviewInvitation, TransitionLog

Effect = Callable[[TransitionLog], None]


def editor_addresses() -> list[str]:
    editors = get_user_model().objects.filter(groups__name=EDITORS, is_active=True)
    return list(editors.exclude(email="").values_list("email", flat=True))


def send(*, template: str, subject: str, recipients: Iterable[str], **context: Any) -> None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    context["publisher_name"] = settings.PUBLISHER_NAME
    body = render_to_string(f"editorial/email/{template}.txt", context)
    send_mail(
        f"[{settings.PUBLISHER_NAME}] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients
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


def transition_taken(entry_pk: int) -> None:
    entry = TransitionLog.objects.select_related("article__author", "actor").get(pk=entry_pk)
    for effect in EFFECTS.get(entry.action, []):
        effect(entry)


# Review actions -------------------------------------------------------------------------------


def _invitation(pk: int) -> ReviewInvitation:
    return ReviewInvitation.objects.select_related(
        "round__article", "reviewer__user", "invited_by"
    ).get(pk=pk)


def invitation_sent(invitation_pk: int) -> None:
    """The invited member gets the invitation, with the due date."""
    invitation = _invitation(invitation_pk)
    send(
        template="invitation",
        subject=f"Invitation to review: {invitation.round.article.title}",
        recipients=[invitation.reviewer.user.email],
        invitation=invitation,
    )


def invitation_answered(invitation_pk: int, reader_pks: Sequence[int]) -> None:
    """Editors hear when a member declines or declares a conflict, to replace them. The email
    quotes the reason or the declaration, which are the board's: it goes to ``reader_pks`` only,
    the editors the workflow lets read them (``workflow.editors_reading_confidential``), never
    to an author of the article."""
    invitation = _invitation(invitation_pk)
    readers = get_user_model().objects.filter(pk__in=reader_pks, is_active=True)
    send(
        template="invitation_answered",
        subject=f"{invitation.reviewer.display_name}: {invitation.get_status_display()} "
        f"({invitation.round.article.title})",
        recipients=readers.values_list("email", flat=True),
        invitation=invitation,
    )


def review_submitted(review_pk: int) -> None:
    """Editors hear of every review (never the author: they get the decision letter)."""
    review = Review.objects.select_related(
        "invitation__round__article", "invitation__reviewer"
    ).get(pk=review_pk)
    send(
        template="review_submitted",
        subject=f"Review received: {review.invitation.round.article.title}",
        recipients=editor_addresses(),
        review=review,
    )


def review_reminder(invitation: ReviewInvitation, step: str) -> None:
    send(
        template="reminder",
        subject=("Overdue review" if step == ReminderStep.OVERDUE else "Review due soon")
        + f": {invitation.round.article.title}",
        recipients=[invitation.reviewer.user.email],
        invitation=invitation,
        overdue=step == ReminderStep.OVERDUE,
    )


def rereviews_due(articles: list[Any]) -> None:
    send(
        template="rereview_due",
        subject=f"{len(articles)} article(s) due for periodic re-review",
        recipients=editor_addresses(),
        articles=articles,
    )
