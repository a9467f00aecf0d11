"""Signing in: django-allauth, for the site and the admin alike.

- One sign-in page, /accounts/login/ (allauth's), in the site's layout. The admin's
  /admin/login/ leads there (editorial.admin_site), so there is no second login page that would
  skip a second factor; the admin's password change leads to the site's.
- Accounts are made by editors, never by sign-up (``AccountAdapter.is_open_for_signup``).
- One throttle, django-axes (editorial/throttling.py): allauth's own rate limits are off
  (``ACCOUNT_RATE_LIMITS = False``); allauth's login form calls ``authenticate``, where axes's
  backend counts failures and refuses during a lockout; password reset requests are counted
  per address (``ThrottledResetPasswordForm``).
- allauth's messages (a password reset) go through the outbox like every other email: queued in
  the request, sent by the worker, the reset link made as it is sent (``editorial.reset_links``).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.http import HttpRequest

from editorial.outbox import Email, emails_queue
from editorial.reset_links import RESET_PLACEHOLDER

# What each of allauth's messages announces, as the outbox records it (``OutboundEmail.reason``).
REASONS = {
    "account/email/password_reset_key": "password reset",
    "account/email/unknown_account": "password reset (no account)",
}


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Nobody signs up: editors make the accounts (authors, board members, editors)."""
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's messages, signed with the publisher's name, queued in the outbox for the
        worker to send: the request never waits on the mail server."""
        self._queue(template_prefix, email, context)

    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        """The reset message, queued with ``RESET_PLACEHOLDER`` where the link goes: the worker
        makes the link as it sends (``editorial.reset_links``), so no working link is stored."""
        hidden = {"password_reset_url": RESET_PLACEHOLDER, "key": "", "uid": ""}
        self._queue(
            "account/email/password_reset_key",
            email,
            {**context, **hidden},
            password_reset_for=user.pk,
        )

    def _queue(
        self,
        template_prefix: str,
        email: str,
        context: dict[str, Any],
        password_reset_for: int | None = None,
    ) -> None:
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                "publisher_name": settings.PUBLISHER_NAME,
                **context,
            },
        )
        with transaction.atomic():
            emails_queue(
                [
                    Email(
                        to=address,
                        subject=message.subject,
                        body=message.body,
                        reason=REASONS.get(template_prefix, template_prefix.rsplit("/", 1)[-1]),
                        password_reset_for=password_reset_for,
                    )
                    for address in message.to
                ]
            )
