"""Login throttling, with django-axes: too many failed sign-ins lock the door for a while.

``LOGIN_FAILURE_LIMIT`` failed sign-ins (5 by default) for one username from one address lock
that username out from that address for ``LOGIN_LOCKOUT_MINUTES`` (15), on the one login page
(/accounts/login/, django-allauth's, where the admin's login leads too): axes's authentication
backend refuses even the right password meanwhile, and a failure during the lockout starts the
wait again. Requests for a password reset count the same way, per address (``password_reset``).
A locked-out visitor gets the lockout page, in the site's layout, with status 429. Attempts,
failures and lockouts are recorded (the admin's "Axes" section) and logged; editors lift a
lockout there by deleting the access attempt.

Two wider nets, counted over the same ``LOGIN_LOCKOUT_MINUTES`` and enforced the same way:
``LOGIN_ADDRESS_FAILURE_LIMIT`` failures (20) from one address, whatever the usernames, lock that
address out (password spraying: many usernames tried from one place), and
``LOGIN_USERNAME_FAILURE_LIMIT`` failures (20) for one username, whatever the addresses, lock
that username out (one account guessed at from many places). Both are axes's own records and
lockouts, decided by its authentication backend through ``ThrottleHandler``: so they hold for
any sign-in that goes through ``django.contrib.auth.authenticate`` (the site's login, the
admin's, or any other login view, such as django-allauth's), and the username is read from
whichever credential the view passes (``attempted_username``).

The client's address is REMOTE_ADDR. Behind reverse proxies it is read from X-Forwarded-For, but
only as far as ``TRUSTED_PROXIES`` (how many proxies in front of the site append to it) says:
anything further left in the header was written by the client and is never believed.
"""

from __future__ import annotations

import functools
import ipaddress
import math
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from allauth.account.forms import ResetPasswordForm
from allauth.core import context
from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

LOCKOUT_STATUS = 429
# The "username" under which password reset requests are counted: one count per address.
RESET_REQUESTS = "(password reset requests)"
# The "username" under which refused answers of the company's identity provider are counted
# (editorial.company_sign_in): one count per address, as no account is known from them.
COMPANY_SIGN_IN = "(company sign-in)"
# The credentials a login view may name the account by: Django's and the admin's forms pass
# ``username``; django-allauth passes ``username`` or ``email``, its form field is ``login``.
USERNAME_KEYS = ("username", "email", "login")
RESET_PAUSED = "Password reset requests from your address are paused for a while."


class Scope(StrEnum):
    """What a lockout holds: one username from one address, an address, or a username."""

    PAIR = "pair"
    ADDRESS = "address"
    USERNAME = "username"


def attempted_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """The username a sign-in attempt names (``AXES_USERNAME_CALLABLE``), the same however it
    is written (case and surrounding spaces), so that "Editor" and "editor " count as one."""
    sources = [credentials or {}]
    if request is not None:
        sources.append(getattr(request, "data", None) or request.POST)
    for source in sources:
        for key in USERNAME_KEYS:
            value = source.get(key)
            if isinstance(value, str) and value.strip():
                return value if value == RESET_REQUESTS else value.strip().lower()
    return None


def _failures(request: HttpRequest, **lookup: str) -> int:
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    total = recent.filter(**lookup).exclude(username=RESET_REQUESTS)
    return total.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


def locked_scopes(request: HttpRequest, credentials: dict | None = None) -> list[Scope]:
    """The wider lockouts that hold for this attempt: its address past
    LOGIN_ADDRESS_FAILURE_LIMIT recent failures over all usernames, its username past
    LOGIN_USERNAME_FAILURE_LIMIT over all addresses. Password reset requests have their own
    count (per address) and are never held by these."""
    username = get_client_username(request, credentials)
    if username == RESET_REQUESTS:
        return []
    scopes = []
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    if _failures(request, ip_address=address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        scopes.append(Scope.ADDRESS)
    # Company sign-in is one "username" for everyone: never locked for all addresses at once.
    if not username or username == COMPANY_SIGN_IN:
        return scopes
    if _failures(request, username=username) >= settings.LOGIN_USERNAME_FAILURE_LIMIT:
        scopes.append(Scope.USERNAME)
    return scopes


class ThrottleHandler(AxesDatabaseHandler):
    """axes's database handler (``AXES_HANDLER``), with the wider nets: an attempt counts as
    at the limit when its username and address are (axes's own count), or when its address or
    its username is past its own limit. axes's backend then refuses it and its middleware
    answers with the lockout page, as for any lockout."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if locked_scopes(request, credentials):
            return max(failures, get_failure_limit(request, credentials))
        return failures


@functools.cache
def trusted_proxies() -> int:
    """TRUSTED_PROXIES, read once per settings change (the read API's hits read it)."""
    return settings.TRUSTED_PROXIES


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    trusted_proxies.cache_clear()


def client_address(request: HttpRequest) -> str:
    """The address a request came from (``AXES_CLIENT_IP_CALLABLE``).

    With ``TRUSTED_PROXIES = n``, each of the n proxies appends the address it saw to
    X-Forwarded-For, so the client is the n-th entry from the right; with fewer entries than
    that, or one that is not an address, the request did not come through them and REMOTE_ADDR
    is used.
    """
    return address_in(request.META)


def address_in(meta: Mapping[str, Any]) -> str:
    """``client_address`` read from a request's META or a WSGI environ (the page cache's hits
    answered before Django builds a request)."""
    remote = meta.get("REMOTE_ADDR", "")
    trusted = trusted_proxies()
    if trusted > 0:
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if len(entries) >= trusted:
            try:
                return str(ipaddress.ip_address(entries[-trusted]))
            except ValueError:
                pass
    return remote


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The lockout page (``AXES_LOCKOUT_CALLABLE``), in the site's layout."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    resetting = (credentials or {}).get("username") == RESET_REQUESTS
    scopes = [] if resetting else locked_scopes(request, credentials)
    scope = scopes[0] if scopes else Scope.PAIR
    limits = {
        Scope.PAIR: settings.AXES_FAILURE_LIMIT,
        Scope.ADDRESS: settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        Scope.USERNAME: settings.LOGIN_USERNAME_FAILURE_LIMIT,
    }
    content = render_to_string(
        "accounts/lockout.html",
        {
            "minutes": minutes,
            "failure_limit": limits[scope],
            "password_reset": resetting,
            "company_sign_in": (credentials or {}).get("username") == COMPANY_SIGN_IN,
            "scope": str(scope),
        },
        request=request,
    )
    return HttpResponse(content, status=LOCKOUT_STATUS)


class ThrottledResetPasswordForm(ResetPasswordForm):
    """django-allauth's password reset form (``ACCOUNT_FORMS["reset_password"]``), each request
    counted like a failed sign-in (per address): it sends mail, so it must not be a way to flood
    an inbox or to probe at leisure. Past the limit, nothing is sent and the lockout page
    answers (axes's middleware, as for any lockout)."""

    def clean(self) -> dict:
        request = context.request
        credentials = {"username": RESET_REQUESTS}
        if AxesProxyHandler.is_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise ValidationError(RESET_PAUSED)
        cleaned = super().clean()
        AxesProxyHandler.user_login_failed(
            sender=type(self), credentials=credentials, request=request
        )
        # This request is answered as usual; the lockout applies from the next one.
        request.axes_locked_out = False
        return cleaned
