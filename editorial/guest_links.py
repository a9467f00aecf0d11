"""A guest reviewer's sign-in link: what it opens, how long, and when it is refused.

A guest reviewer (``BoardMember.external``) has no password. The email that invites them holds
a link with a django-sesame token scoped to that invitation and to its link version
(``invitation:<pk>:<version>``): it signs them in for that invitation only, for
``EDITORIAL_GUEST_LINK_DAYS`` after it is made, and raising the version (an editor revoking the
link, or sending a new one) refuses every link made before.

The link is never stored: the outbox keeps ``LINK_PLACEHOLDER`` in the message's body and the
worker makes the link as it sends the message (``editorial.outbox``), so neither the outbox nor
the admin nor a database dump ever holds a working link (OJS leaked such tokens into its email
log: pkp-lib#8635).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from sesame.utils import get_query_string, get_user

from editorial.models import ReviewInvitation, User

# Where a guest's session keeps the one invitation its link opened (editorial.guest_access).
SESSION_KEY = "editorial_guest_invitation"

LINK_PLACEHOLDER = "[your sign-in link: made when this message is sent, never stored]"

LINK_REFUSED = "This sign-in link is not valid: it may be mistyped, expired or replaced."
LINK_REVOKED = "This sign-in link was revoked by the editors. Ask them for a new one."
LINK_ROUND_CLOSED = "This review round has closed: the link no longer opens it."
LINK_ANSWERED = "This invitation no longer waits for you: you answered or were released."


def link_scope(invitation: ReviewInvitation) -> str:
    return f"invitation:{invitation.pk}:{invitation.guest_link_version}"


def sign_in_link(invitation: ReviewInvitation) -> str:
    """A working link for the invitation's guest (only the worker calls this, as it sends)."""
    path = reverse("guest-sign-in", args=[invitation.pk])
    query = get_query_string(invitation.reviewer.user, scope=link_scope(invitation))
    return f"{settings.EDITORIAL_SITE_URL}{path}{query}"


def invitation_problem(invitation: ReviewInvitation | None) -> str | None:
    """Why no link opens this invitation now, whatever its token (None: links may)."""
    if invitation is None or not invitation.reviewer.external:
        return LINK_REFUSED
    if invitation.guest_link_revoked_at is not None:
        return LINK_REVOKED
    if not invitation.round.is_open:
        return LINK_ROUND_CLOSED
    if not invitation.is_pending:
        return LINK_ANSWERED
    return None


def link_user(request: Any, invitation: ReviewInvitation) -> User | None:
    """The guest the request's token signs in for this invitation, or None (a token of another
    invitation, of an older version, expired, or forged). Each failure is a failed sign-in for
    the throttling (django-axes counts it)."""
    user = get_user(request, scope=link_scope(invitation), update_last_login=False)
    if user is None or user.pk != invitation.reviewer.user_id:
        return None
    return user
