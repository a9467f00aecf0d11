"""Signing in: django-allauth, for the site and the admin alike.

- One sign-in page, /accounts/login/ (allauth's), in the site's layout. The admin's
  /admin/login/ leads there (editorial.admin_site), so there is no second login page that would
  skip a second factor; the admin's password change leads to the site's.
- Accounts are made by editors, never by sign-up (``AccountAdapter.is_open_for_signup``).
- One throttle, django-axes (editorial/throttling.py): allauth's own rate limits are off
  (``ACCOUNT_RATE_LIMITS = False``); allauth's login form calls ``authenticate``, where axes's
  backend counts failures and refuses during a lockout; password reset requests are counted
  per address (``ThrottledResetPasswordForm``).
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Nobody signs up: editors make the accounts (authors, board members, editors)."""
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's messages (a password reset link), with the publisher's name to sign them."""
        super().send_mail(
            template_prefix, email, {**context, "publisher_name": settings.PUBLISHER_NAME}
        )
