"""Signing in: django-allauth, for the site and the admin alike.

- One sign-in page, /accounts/login/ (allauth's), in the site's layout. The admin's
  /admin/login/ leads there (``admin_login``), so there is no second login page that would skip
  a second factor; the admin's password change leads to the site's.
- Accounts are made by editors, never by sign-up (``AccountAdapter.is_open_for_signup``).
- One throttle, django-axes (editorial/throttling.py): allauth's own rate limits are off
  (``ACCOUNT_RATE_LIMITS = False``); allauth's login form calls ``authenticate``, where axes's
  backend counts failures and refuses during a lockout; password reset requests are counted
  per address (``ThrottledPasswordResetView``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Nobody signs up: editors make the accounts (authors, board members, editors)."""
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's messages (a password reset link), with the publisher's name to sign them."""
        super().send_mail(
            template_prefix, email, {**context, "publisher_name": settings.PUBLISHER_NAME}
        )


def _safe_next(request: HttpRequest) -> str | None:
    target = request.GET.get("next") or request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def admin_login(request: HttpRequest) -> HttpResponseRedirect:
    """/admin/login/: the site's sign-in, coming back to the admin page asked for (or the
    admin's index). Whatever is posted here signs nobody in."""
    target = _safe_next(request) or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


def admin_password_change(request: HttpRequest) -> HttpResponseRedirect:
    """/admin/password_change/: the site's password change (the same form for everyone)."""
    return HttpResponseRedirect(reverse("account_change_password"))
