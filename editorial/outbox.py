"""The outbox: how the product sends email without ever making a user wait on a mail server.

A service that announces something calls ``email_queue`` inside its own transaction: each
recipient's message is written as an ``OutboundEmail`` with a django-tasks task to deliver it,
so the message exists exactly when the change committed, and never when it was rolled back.
The worker (``manage.py db_worker``, django-tasks-db) runs ``deliver_email``:

- delivered: the message is marked sent (a second task for it finds it sent and does nothing);
- a transient failure (refused connection, timeout, a 4xx SMTP answer): tried again later,
  after EDITORIAL_EMAIL_RETRY_SECONDS, doubled at every attempt, up to
  EDITORIAL_EMAIL_MAX_ATTEMPTS attempts;
- a permanent failure (a 5xx answer, a refused address) or the last attempt: the message is
  marked failed, with its error, for editors to see in the admin and retry.

One message per recipient: a bad address holds up nobody else.

A guest reviewer's invitation (``Email.sign_in_for``) is stored with ``LINK_PLACEHOLDER`` where
its sign-in link goes; the link is made at each attempt to send it and never written here
(``editorial.guest_links``). A message whose invitation no longer takes a link fails, saying why.
A password reset (``Email.password_reset_for``) is kept the same way, with ``RESET_PLACEHOLDER``
(``editorial.reset_links``).
On Django 6, ``django.tasks`` replaces the django-tasks backport: change the import below only.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from editorial.guest_links import LINK_PLACEHOLDER, invitation_problem, sign_in_link
from editorial.models import EmailStatus, OutboundEmail
from editorial.reset_links import RESET_PLACEHOLDER, reset_link, reset_problem
from editorial.retries import backoff

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    """One message to one recipient, not yet queued, and the article it concerns (the reviewed
    model; None for a message about several): the admin shows a message only to those who may
    read the board's confidential material about its article."""

    to: str
    subject: str
    body: str
    reason: str
    article: Any = None
    sign_in_for: int | None = None  # a guest reviewer's invitation: its link added when sent
    password_reset_for: int | None = None  # the account a reset was asked for: likewise


def emails_queue(emails: Sequence[Email]) -> list[int]:
    """Queue the messages (written at once), each with its delivery task. Call it inside the
    transaction of the change they announce."""
    queued = OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=email.to,
            subject=email.subject[:300],
            body=email.body,
            reason=email.reason[:100],
            article=email.article,
            sign_in_for_id=email.sign_in_for,
            password_reset_for_id=email.password_reset_for,
        )
        for email in emails
    )
    for email in queued:
        deliver_email.enqueue(email.pk)
    return [email.pk for email in queued]


def email_queue(
    *,
    reason: str,
    subject: str,
    body: str,
    recipients: Iterable[str],
    article: Any = None,
) -> list[int]:
    """Queue one message per distinct recipient, with its delivery task. Call it inside the
    transaction of the change it announces."""
    return emails_queue(
        [
            Email(to=address, subject=subject, body=body, reason=reason, article=article)
            for address in sorted({address for address in recipients if address})
        ]
    )


def email_retry(email: OutboundEmail) -> bool:
    """Queue a failed message again (an editor's action in the admin), with fresh attempts."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email.pk)
        if email.status != EmailStatus.FAILED:
            return False
        email.status = EmailStatus.QUEUED
        email.attempts = 0
        email.next_attempt_at = None
        email.save(update_fields=["status", "attempts", "next_attempt_at"])
        deliver_email.enqueue(email.pk)
    return True


def is_transient(error: BaseException) -> bool:
    """Whether trying again later may deliver: the server was unreachable or said "not now"."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    # Disconnections, refused connections, timeouts, name resolution: the network, not the
    # message.
    return isinstance(error, smtplib.SMTPServerDisconnected | OSError)


def retry_delay(attempts: int) -> timedelta:
    return backoff(attempts, first=settings.EDITORIAL_EMAIL_RETRY_SECONDS)


class LinkRefused(Exception):
    """The message's link is refused now: the guest's invitation takes none any more (revoked,
    answered, closed), or the account a reset was asked for is no longer active."""


def body_to_send(email: OutboundEmail) -> str:
    """The body as the recipient reads it: with a guest's sign-in link, or a password reset
    link, made now."""
    if email.password_reset_for_id is not None:
        user = email.password_reset_for
        problem = reset_problem(user)
        if problem:
            raise LinkRefused(problem)
        return email.body.replace(RESET_PLACEHOLDER, reset_link(user))
    if email.sign_in_for_id is None:
        return email.body
    invitation = email.sign_in_for
    problem = invitation_problem(invitation)
    if problem:
        raise LinkRefused(problem)
    return email.body.replace(LINK_PLACEHOLDER, sign_in_link(invitation))


@task()
def deliver_email(email_id: int) -> str:
    """Try to deliver one queued message; record what happened. Never raises: the outcome is
    the message's own status (sent, queued for a retry, or failed)."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != EmailStatus.QUEUED:
            return "nothing to do"
        now = timezone.now()
        if email.next_attempt_at and email.next_attempt_at > now:
            return "not due yet"  # an earlier task for the same message; its retry is queued
        email.attempts += 1
        email.last_attempt_at = now
        try:
            body = body_to_send(email)
            EmailMessage(email.subject, body, settings.DEFAULT_FROM_EMAIL, [email.to]).send(
                fail_silently=False
            )
        except LinkRefused as refused:
            email.last_error = str(refused)
            email.status = EmailStatus.FAILED
            email.next_attempt_at = None
            outcome = "failed"
        except Exception as error:
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if is_transient(error) and email.attempts < settings.EDITORIAL_EMAIL_MAX_ATTEMPTS:
                email.next_attempt_at = now + retry_delay(email.attempts)
                deliver_email.using(run_after=email.next_attempt_at).enqueue(email.pk)
                outcome = "retry"
            else:
                email.status = EmailStatus.FAILED
                email.next_attempt_at = None
                logger.error("Email %s to %s failed: %s", email.pk, email.to, email.last_error)
                outcome = "failed"
        else:
            email.status = EmailStatus.SENT
            email.sent_at = timezone.now()
            email.next_attempt_at = None
            outcome = "sent"
        email.save()
    return outcome
