"""Second factors: TOTP with recovery codes, and WebAuthn passkeys (django-allauth's mfa).

- Who must have one: with ``EDITORIAL_REQUIRE_MFA`` on (by default when ``DEBUG`` is off),
  every editor and board member (``must_enrol``: those who can approve or publish, from
  editorial.roles). Until they have one, ``RequireSecondFactorMiddleware`` sends them to
  /accounts/2fa/ from every page but the second-factor pages, signing out and static files.
- Once they have one, signing in asks for it after the password (allauth's stage), or a
  passkey signs in alone (``MFA_PASSKEY_LOGIN_ENABLED``). A member whose factor is required
  may not remove their last one (``MFAAdapter.can_delete_authenticator``).
- A code refused (wrong, expired, already used; a recovery code used twice) or a passkey
  refused (another site's, another account's) counts as a failed sign-in in the one throttle
  (django-axes, editorial/throttling.py), for the account's username from the address; while
  the throttle holds, no code is even checked (``ThrottledCodeMixin``).
- Resetting a member's factors (``factors_reset``) is an editor's action in the admin: it
  removes them, writes the admin's history entry for the member, and ends their sessions
  (editorial.sessions.end_sessions). ``factors_reset_problems`` says why it would be refused.
"""

from __future__ import annotations

from typing import Any

from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.forms import (
    AuthenticateWebAuthnForm,
    LoginWebAuthnForm,
    ReauthenticateWebAuthnForm,
)
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from editorial.models import User
from editorial.roles import Someone, is_board_member, is_editor
from editorial.sessions import end_sessions

# The factors that sign in (recovery codes only stand in for a lost TOTP device).
SIGNING_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# What the pages say.
INCORRECT_CODE = (
    "That code was not accepted: it is wrong, expired, or already used. Enter the code your "
    "authenticator app shows now, or a recovery code you have not used before."
)
PASSKEY_REFUSED = (
    "That passkey was not accepted: it is not one registered for this account on this site."
)
THROTTLED = "Too many failed attempts: signing in with this account is paused for a while."
ENROL_FIRST = (
    "Editors and board members protect their accounts with a second factor: add an "
    "authenticator app or a passkey before you continue."
)
# The URLs a member who must enrol may still open: the second-factor pages (allauth's
# ``mfa_*``), signing out, and confirming their password to add a factor.
ENROLMENT_URL_NAMES = {"account_logout", "account_reauthenticate"}
RESET_REASON = "Second factors reset by {by}: {count} removed, every session ended."


# Who must enrol ---------------------------------------------------------------------------------


def must_enrol(user: Someone | None) -> bool:
    """Whether ``user`` must have a second factor: an editor or a board member, when
    ``EDITORIAL_REQUIRE_MFA`` is on."""
    return bool(settings.EDITORIAL_REQUIRE_MFA) and (is_editor(user) or is_board_member(user))


def has_second_factor(user: Someone | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user_id=user.pk, type__in=SIGNING_FACTORS).exists()


def _enrolment_url(request: HttpRequest) -> bool:
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        name = resolve(request.path_info).url_name or ""
    except Resolver404:
        return False
    return name.startswith("mfa_") or name in ENROLMENT_URL_NAMES


class RequireSecondFactorMiddleware:
    """Sends an editor or board member without a second factor to /accounts/2fa/ from every
    other page, while ``EDITORIAL_REQUIRE_MFA`` is on."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A request without a session cookie is anonymous: its session is never read, so that
        # the public pages stay cacheable (editorial/caching.py).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and must_enrol(user)
            and not _enrolment_url(request)
            and not has_second_factor(user)
        ):
            messages.warning(request, ENROL_FIRST)
            return redirect("mfa_index")
        return self.get_response(request)


# allauth's adapter --------------------------------------------------------------------------------


class MFAAdapter(DefaultMFAAdapter):
    """``MFA_ADAPTER``: the site's messages, the WebAuthn relying party from the settings, and
    a required member's last factor kept."""

    error_messages = {**DefaultMFAAdapter.error_messages, "incorrect_code": INCORRECT_CODE}

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        return {"id": settings.EDITORIAL_WEBAUTHN_RP_ID, "name": settings.PUBLISHER_NAME}

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        user = authenticator.user
        if authenticator.type not in SIGNING_FACTORS or not must_enrol(user):
            return True
        others = Authenticator.objects.filter(user_id=user.pk, type__in=SIGNING_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()


# Counted by the throttle --------------------------------------------------------------------------


def _credentials(user: Any) -> dict[str, Any]:
    return {"username": user.get_username() if user is not None else None}


class ThrottledCodeMixin:
    """A second-factor form (``MFA_FORMS``) in the one throttle: refused while it holds for the
    account from this address (the lockout page answers, as for a password), and each refusal
    counted as a failed sign-in."""

    checked_field = "code"

    def _throttled_clean(self, clean) -> Any:
        request = context.request
        credentials = _credentials(self.user)
        if self.user is not None and AxesProxyHandler.is_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise ValidationError(THROTTLED)
        try:
            return clean()
        except ValidationError:
            user_login_failed.send(sender=type(self), credentials=credentials, request=request)
            raise


class ThrottledAuthenticateForm(ThrottledCodeMixin, AuthenticateForm):
    def clean_code(self) -> str:
        return self._throttled_clean(super().clean_code)


class ThrottledReauthenticateForm(ThrottledCodeMixin, ReauthenticateForm):
    def clean_code(self) -> str:
        return self._throttled_clean(super().clean_code)


class _PasskeyMessage:
    def _passkey_clean(self) -> Authenticator:
        try:
            return self._throttled_clean(super().clean_credential)
        except ValidationError as refused:
            if THROTTLED in refused.messages:
                raise
            raise ValidationError(PASSKEY_REFUSED) from refused


class ThrottledAuthenticateWebAuthnForm(
    _PasskeyMessage, ThrottledCodeMixin, AuthenticateWebAuthnForm
):
    def clean_credential(self) -> Authenticator:
        return self._passkey_clean()


class ThrottledReauthenticateWebAuthnForm(
    _PasskeyMessage, ThrottledCodeMixin, ReauthenticateWebAuthnForm
):
    def clean_credential(self) -> Authenticator:
        return self._passkey_clean()


class ThrottledLoginWebAuthnForm(_PasskeyMessage, ThrottledCodeMixin, LoginWebAuthnForm):
    """A passkey signing in alone names no account before it is checked: a refusal counts
    for the address (LOGIN_ADDRESS_FAILURE_LIMIT)."""

    def clean_credential(self) -> Authenticator:
        return self._passkey_clean()


# Resetting a member's factors ---------------------------------------------------------------------


def factors_reset_problems(*, member: User, by: Someone) -> list[str]:
    """Why ``by`` may not reset ``member``'s second factors (none: they may)."""
    if not is_editor(by):
        return ["Only editors reset a member's second factors."]
    if member.pk == by.pk:
        return ["Your own second factors are yours to change, at /accounts/2fa/."]
    if not Authenticator.objects.filter(user_id=member.pk).exists():
        return [f"{member} has no second factor to reset."]
    return []


def factors_reset(*, member: User, by: User) -> int:
    """Remove every second factor of ``member`` (TOTP, recovery codes, passkeys), record it
    in the admin's history of the member, and end every session of theirs. Returns how many
    were removed. Refused (ValueError, with the reasons) when ``factors_reset_problems`` says."""
    problems = factors_reset_problems(member=member, by=by)
    if problems:
        raise ValueError(" ".join(problems))
    with transaction.atomic():
        factors = Authenticator.objects.select_for_update().filter(user_id=member.pk)
        count = len(list(factors))
        factors.delete()
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[member],
            action_flag=CHANGE,
            change_message=RESET_REASON.format(by=by.get_username(), count=count),
            single_object=True,
        )
        end_sessions(member)
    return count


def factor_summary(user: User) -> str:
    """The member's factors, for editors in the admin (never a secret)."""
    kinds = dict(Authenticator.Type.choices)
    types = sorted(Authenticator.objects.filter(user_id=user.pk).values_list("type", flat=True))
    return ", ".join(str(kinds.get(kind, kind)) for kind in types) or "none"
