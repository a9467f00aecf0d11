"""Login throttling, with django-axes: too many failed sign-ins lock the door for a while.

``LOGIN_FAILURE_LIMIT`` failed sign-ins (5 by default) for one username from one address lock
that username out from that address for ``LOGIN_LOCKOUT_MINUTES`` (15), on the site's login
(/accounts/login/) and the admin's alike: axes's authentication backend refuses even the right
password meanwhile, and a failure during the lockout starts the wait again. Requests for a
password reset count the same way, per address (``password_reset``). A locked-out visitor gets
the lockout page, in the site's layout, with status 429. Attempts, failures and lockouts are
recorded (the admin's "Axes" section) and logged; editors lift a lockout there by deleting the
access attempt.

The client's address is REMOTE_ADDR. Behind reverse proxies it is read from X-Forwarded-For, but
only as far as ``TRUSTED_PROXIES`` (how many proxies in front of the site append to it) says:
anything further left in the header was written by the client and is never believed.
"""

from __future__ import annotations

import ipaddress
import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

LOCKOUT_STATUS = 429
# The "username" under which password reset requests are counted: one count per address.
RESET_REQUESTS = "(password reset requests)"


def client_address(request: HttpRequest) -> str:
    """The address a request came from (``AXES_CLIENT_IP_CALLABLE``).

    With ``TRUSTED_PROXIES = n``, each of the n proxies appends the address it saw to
    X-Forwarded-For, so the client is the n-th entry from the right; with fewer entries than
    that, or one that is not an address, the request did not come through them and REMOTE_ADDR
    is used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if trusted > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
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
    content = render_to_string(
        "accounts/lockout.html",
        {
            "minutes": minutes,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "password_reset": resetting,
        },
        request=request,
    )
    return HttpResponse(content, status=LOCKOUT_STATUS)


class ThrottledPasswordResetView(auth.PasswordResetView):
    """Django's password reset, counted like failed sign-ins (per address): it sends mail, so
    it must not be a way to flood an inbox or to probe at leisure."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        credentials = {"username": RESET_REQUESTS}
        if AxesProxyHandler.is_locked(request, credentials):
            return lockout_response(request, credentials=credentials)
        response = super().post(request, *args, **kwargs)
        AxesProxyHandler.user_login_failed(
            sender=type(self), credentials=credentials, request=request
        )
        # This request is answered as usual; the lockout applies from the next one.
        request.axes_locked_out = False
        return response
