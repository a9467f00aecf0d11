"""What happens after a workflow step, in one registry: events on the left, their effects on the
right. Effects run only after the step's transaction has committed (``transaction.on_commit``)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

from editorial.models import TransitionLog
from editorial.workflow import EDITORS

Effect = Callable[[TransitionLog], None]


def email_editors(entry: TransitionLog) -> None:
    """Editors hear of every article that waits for them."""
    editors = get_user_model().objects.filter(groups__name=EDITORS, is_active=True)
    _send(entry, [user.email for user in editors.exclude(email="")])


def email_authors(entry: TransitionLog) -> None:
    """Authors hear of every decision on their article, with the board's comment."""
    article = entry.article
    authors = [article.author, *article.coauthors.all()]
    _send(entry, [user.email for user in authors if user.email and user.is_active])


def _send(entry: TransitionLog, recipients: list[str]) -> None:
    recipients = sorted(set(recipients))
    if not recipients:
        return
    context = {"entry": entry, "article": entry.article, "publisher_name": settings.PUBLISHER_NAME}
    subject = f"[{settings.PUBLISHER_NAME}] {entry.article.title}: {entry.target_label}"
    body = render_to_string("editorial/email/transition.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


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
