"""Sessions: when they end besides signing out, and signing out of every other one.

- ``end_sessions(user, except_session_key=None)`` ends every session of a user at once, on any
  session engine: it raises the user's ``session_epoch``, which the hash every session carries
  includes (``User._get_session_auth_hash``), so Django refuses each session signed in before
  at its next request, as it does after a password change. The one session named is kept.
  Whoever resets a member's second factors, or takes a role away, calls it.
- A password change ends the user's other sessions (Django's own hash of the password); the
  one that changed it stays signed in.
- Taking a role away ends the user's sessions: leaving a group (Authors, Board members,
  Editors, or any), a group deleted (every member's, in the deletion's transaction) and a
  board-member profile deactivated or deleted (``connect``, at start).
- ``sign_out_others`` (POST, /accounts/sessions/) is "sign out of every other session", for
  every signed-in user.
- ``StaffIdleTimeoutMiddleware`` signs staff out after ``STAFF_IDLE_TIMEOUT_MINUTES`` without a
  request.
"""

from __future__ import annotations

import time
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from editorial.models import BoardMember, User

# What the pages say.
OTHERS_SIGNED_OUT = "You are signed out of every other session; this one stays signed in."
IDLE_SIGNED_OUT = "You were signed out after {minutes} minutes without activity. Sign in again."
# When a staff member was last seen, in their session (seconds since the epoch).
LAST_SEEN = "editorial_last_seen"
# The last-seen time is written at most this often (seconds): not a session write per request.
LAST_SEEN_EVERY = 60


def end_sessions(user: User, except_session_key: str | None = None) -> None:
    """End every session of ``user``, except the one with ``except_session_key`` if it is
    theirs. Takes effect at each session's next request, on every server."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    if except_session_key:
        store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=except_session_key)
        if store.get(SESSION_KEY) == str(user.pk):
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.save()


# Role removal ---------------------------------------------------------------------------------


def _groups_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in {"post_remove", "pre_clear"}:
        return
    if reverse:  # from the group's side: ``instance`` is the group, ``pk_set`` the users
        users = (
            instance.user_set.all()
            if action == "pre_clear"
            else User.objects.filter(pk__in=pk_set or [])
        )
    else:
        if action == "pre_clear" and not instance.groups.exists():
            return
        users = [instance]
    for user in users:
        end_sessions(user)


def _group_deleted(sender, instance: Group, **kwargs) -> None:
    # Before the deletion removes the memberships (without an m2m signal), inside its
    # transaction: one update for every member.
    User.objects.filter(groups=instance).update(session_epoch=F("session_epoch") + 1)


def _board_member_before(sender, instance: BoardMember, **kwargs) -> None:
    previous = BoardMember.objects.filter(pk=instance.pk).values_list("active", flat=True)
    instance._was_active = bool(instance.pk and previous.first())


def _board_member_saved(sender, instance: BoardMember, created: bool, **kwargs) -> None:
    if getattr(instance, "_was_active", False) and not instance.active:
        end_sessions(instance.user)


def _board_member_deleted(sender, instance: BoardMember, **kwargs) -> None:
    if instance.active:
        end_sessions(User.objects.get(pk=instance.user_id))


def connect() -> None:
    """Ending sessions when a role is taken away, wherever it is taken (the admin, a command,
    a sign-in that syncs groups from an identity provider): Django's signals are the one place
    every such change passes."""
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="end-sessions")
    pre_delete.connect(_group_deleted, sender=Group, dispatch_uid="end-sessions")
    pre_save.connect(_board_member_before, sender=BoardMember, dispatch_uid="end-sessions")
    post_save.connect(_board_member_saved, sender=BoardMember, dispatch_uid="end-sessions")
    post_delete.connect(_board_member_deleted, sender=BoardMember, dispatch_uid="end-sessions")


# Signing out of every other session --------------------------------------------------------


@login_required
def sessions_page(request: HttpRequest) -> HttpResponse:
    """The page with the button."""
    return render(request, "accounts/sessions.html")


@require_POST
@login_required
def sign_out_others(request: HttpRequest) -> HttpResponse:
    end_sessions(request.user)
    update_session_auth_hash(request, request.user)  # this session, with a new key
    messages.success(request, OTHERS_SIGNED_OUT)
    return redirect("sessions")


# The idle timeout for staff ------------------------------------------------------------------


def is_staff_session(user) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


class StaffIdleTimeoutMiddleware:
    """Signs a staff member out after STAFF_IDLE_TIMEOUT_MINUTES without a request; their next
    page is the one a signed-out visitor gets, with a message saying why. Requests without a
    session cookie are left alone (the anonymous pages read no session)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and is_staff_session(request.user):
            self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        now = int(time.time())
        last = request.session.get(LAST_SEEN)
        minutes = settings.STAFF_IDLE_TIMEOUT_MINUTES
        if isinstance(last, int) and now - last > minutes * 60:
            logout(request)
            messages.info(request, IDLE_SIGNED_OUT.format(minutes=minutes))
        elif not isinstance(last, int) or now - last >= LAST_SEEN_EVERY:
            request.session[LAST_SEEN] = now
