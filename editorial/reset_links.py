"""A password reset link, made by the worker as it sends the message, never stored.

django-allauth makes the link in the request that asks for it and sends it there, waiting on
the mail server. Here the request queues the message in the outbox with ``RESET_PLACEHOLDER``
where the link goes (``editorial.accounts.AccountAdapter``), and the worker makes the link with
allauth's own token generator as it sends (``editorial.outbox``): the outbox, the admin and a
database dump never hold a working link, as for a guest reviewer's sign-in link
(``editorial.guest_links``). The token is allauth's: valid for ``PASSWORD_RESET_TIMEOUT`` from
when it is made, and spent once the password changes.
"""

from __future__ import annotations

from allauth.account import app_settings
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from editorial.models import User

RESET_PLACEHOLDER = "[your password reset link: made when this message is sent, never stored]"

RESET_REFUSED = "The account this reset was asked for is no longer active: no link was sent."


def reset_link(user: User) -> str:
    """A working reset link for ``user`` (only the worker calls this, as it sends)."""
    token = app_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": token},
    )
    return f"{settings.EDITORIAL_SITE_URL}{path}"


def reset_problem(user: User | None) -> str | None:
    """Why no reset link is made for this account now (None: it may have one)."""
    if user is None or not user.is_active:
        return RESET_REFUSED
    return None
