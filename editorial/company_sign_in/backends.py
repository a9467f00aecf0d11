"""Password sign-in turned off for staff, when company sign-in is on.

``StaffPasswordOff`` sits among ``AUTHENTICATION_BACKENDS`` after axes's and before the password
backends: with ``EDITORIAL_STAFF_PASSWORD_SIGN_IN`` off and a company provider configured, a
password sign-in that names a staff account (editors, board members, superusers: ``is_staff``)
is refused before any password is checked, on every login page (the site's and the admin's go
through ``authenticate``), and counted by the throttling as any failed sign-in. The account
named by ``EDITORIAL_EMERGENCY_ACCOUNT`` keeps its password: the way in when the provider is
down. The login page says that staff use company sign-in (whatever the username, so it tells
nobody which accounts are staff).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest

from editorial.models import User


def company_sign_in_on() -> bool:
    return bool(settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS"))


def staff_passwords_off() -> bool:
    """Whether staff must use company sign-in (the login page says so when they must)."""
    return company_sign_in_on() and not settings.EDITORIAL_STAFF_PASSWORD_SIGN_IN


def password_refused(user: User) -> bool:
    """The one rule: whether this account may not sign in with a password now."""
    if not staff_passwords_off() or not (user.is_staff or user.is_superuser):
        return False
    return user.get_username() != settings.EDITORIAL_EMERGENCY_ACCOUNT


class StaffPasswordOff:
    """Refuses a password sign-in to staff while ``staff_passwords_off()``; never signs anyone
    in itself (Django's ``authenticate`` stops at the refusal and reports a failed sign-in), so
    it has no ``get_user``: no session is ever tied to it."""

    def authenticate(
        self, request: HttpRequest | None, password: str | None = None, **credentials: Any
    ) -> None:
        if password is None or not staff_passwords_off():
            return None
        login = next(
            (credentials[key] for key in ("username", "email", "login") if credentials.get(key)),
            None,
        )
        if not isinstance(login, str):
            return None
        login = login.strip()
        named = User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        if any(password_refused(user) for user in named):
            raise PermissionDenied("Staff sign in through company sign-in.")
        return None
