"""Issue 20, item 5: sessions end on a password change, a factor reset (``end_sessions``, which
others call) and a role taken away; every user signs out of every other session; staff are
signed out when idle; the session cookie keeps its flags."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial.checks import throttling_settings
from editorial.models import AUTHORS, BOARD_MEMBERS, EDITORS, BoardMember
from editorial.sessions import IDLE_SIGNED_OUT, OTHERS_SIGNED_OUT, end_sessions
from tests.factories import author_user, board_user, editor_user
from tests.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "pw"  # the factories' password
SESSIONS = "/accounts/sessions/"
SIGN_OUT_OTHERS = "/accounts/sessions/sign-out-others/"


def session_of(user) -> Client:
    """A browser signed in as ``user`` through the login form."""
    client = Client()
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def still_signed_in(client: Client) -> bool:
    """Whether the browser's session still signs it in (a page that needs a signed-in user)."""
    return client.get(SESSIONS).status_code == 200


# end_sessions --------------------------------------------------------------------------------


def test_end_sessions_ends_every_session_of_the_user_and_no_one_elses():
    editor, other = editor_user(), editor_user()
    laptop, phone, theirs = session_of(editor), session_of(editor), session_of(other)
    end_sessions(editor)
    assert not still_signed_in(laptop)
    assert not still_signed_in(phone)
    assert still_signed_in(theirs)
    # Signing in again works, and that session lasts.
    again = session_of(editor)
    assert still_signed_in(again)


def test_end_sessions_keeps_the_session_named():
    editor = editor_user()
    kept, ended = session_of(editor), session_of(editor)
    end_sessions(editor, except_session_key=kept.session.session_key)
    assert still_signed_in(kept)
    assert not still_signed_in(ended)
    end_sessions(editor, except_session_key=kept.session.session_key)  # twice: still kept
    assert still_signed_in(kept)


def test_end_sessions_never_keeps_someone_elses_session_for_them():
    editor, other = editor_user(), editor_user()
    mine, theirs = session_of(editor), session_of(other)
    end_sessions(editor, except_session_key=theirs.session.session_key)
    assert not still_signed_in(mine)
    assert still_signed_in(theirs)
    store = import_module(django_settings.SESSION_ENGINE).SessionStore
    for bad in ("no-such-session", ""):
        end_sessions(editor, except_session_key=bad)  # no error, and no session made
        assert not store().exists(bad)


# Password change -------------------------------------------------------------------------------


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one():
    editor = editor_user()
    here, elsewhere = session_of(editor), session_of(editor)
    response = here.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "N3w-pass-phrase", "password2": "N3w-pass-phrase"},
    )
    assert response.status_code == 302
    assert still_signed_in(here)
    assert not still_signed_in(elsewhere)


def test_a_refused_password_change_ends_nothing():
    editor = editor_user()
    here, elsewhere = session_of(editor), session_of(editor)
    response = here.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "N3w-pass-phrase", "password2": "other"},
    )
    assert response.status_code == 200  # the form again, with its errors
    assert still_signed_in(here) and still_signed_in(elsewhere)


def test_a_password_set_by_someone_else_ends_every_session():
    member = board_user()
    session = session_of(member)
    member.set_password("Set-by-the-admin-1")
    member.save()
    assert not still_signed_in(session)


# Role removal -----------------------------------------------------------------------------------


@pytest.mark.parametrize("group", [EDITORS, BOARD_MEMBERS, AUTHORS])
def test_leaving_a_group_ends_the_sessions(group):
    user = editor_user()
    user.groups.add(Group.objects.get(name=group))
    session, bystander = session_of(user), session_of(editor_user())
    user.groups.remove(Group.objects.get(name=group))
    assert not still_signed_in(session)
    assert still_signed_in(bystander)


def test_gaining_a_group_ends_nothing():
    user = author_user()
    session = session_of(user)
    user.groups.add(Group.objects.get(name=EDITORS))
    assert still_signed_in(session)


def test_groups_cleared_from_either_side_end_the_sessions():
    first, second = editor_user(), editor_user()
    sessions = [session_of(first), session_of(second)]
    Group.objects.get(name=EDITORS).user_set.clear()
    assert not any(still_signed_in(session) for session in sessions)
    third = editor_user()
    session = session_of(third)
    third.groups.clear()
    assert not still_signed_in(session)


def test_a_group_deleted_ends_its_members_sessions_only():
    members = [editor_user(), author_user()]
    group = Group.objects.create(name="Statistics reviewers")
    group.user_set.add(*members)
    sessions, bystander = [session_of(user) for user in members], session_of(editor_user())
    group.delete()
    assert not any(still_signed_in(session) for session in sessions)
    assert still_signed_in(bystander)
    Group.objects.create(name="Empty").delete()  # no members: nothing to end, no error
    assert still_signed_in(bystander)


def test_groups_deleted_together_end_their_members_sessions():
    first, second = editor_user(), board_user()
    sessions = [session_of(first), session_of(second)]
    Group.objects.filter(name__in=[EDITORS, BOARD_MEMBERS]).delete()
    assert not any(still_signed_in(session) for session in sessions)


def test_a_group_deletion_rolled_back_ends_nothing():
    member = editor_user()
    session = session_of(member)
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.get(name=EDITORS).delete()
        raise RuntimeError("the deletion's transaction fails")
    assert Group.objects.filter(name=EDITORS).exists()
    assert still_signed_in(session)


@pytest.mark.parametrize("how", ["delete page", "delete selected"])
def test_an_editor_deleting_a_group_in_the_admin_ends_its_members_sessions(how):
    member = editor_user()
    group = Group.objects.create(name="Guest editors")
    group.user_set.add(member)
    session = session_of(member)
    admin = Client()
    admin.force_login(editor_user(is_superuser=True))
    if how == "delete page":
        url = reverse("admin:auth_group_delete", args=[group.pk])
        response = admin.post(url, {"post": "yes"})
    else:
        response = admin.post(
            reverse("admin:auth_group_changelist"),
            {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"},
        )
    assert response.status_code == 302, parse(response).text()[:2000]
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not still_signed_in(session)


def test_an_editor_taking_a_role_away_in_the_admin_ends_the_sessions():
    member = editor_user()
    session = session_of(member)
    admin = Client()
    admin.force_login(editor_user(is_superuser=True))
    url = reverse("admin:editorial_user_change", args=[member.pk])
    page = admin.get(url)
    assert page.status_code == 200
    form = {
        "username": member.username,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [],  # no longer an editor
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": timezone.localtime(member.date_joined).strftime("%Y-%m-%d"),
        "date_joined_1": timezone.localtime(member.date_joined).strftime("%H:%M:%S"),
    }
    response = admin.post(url, form)
    assert response.status_code == 302, parse(response).text()[:2000]
    assert not member.groups.exists()
    assert not still_signed_in(session)


def test_a_board_profile_deactivated_or_deleted_ends_the_sessions():
    member = board_user()
    session = session_of(member)
    profile = member.board_member
    profile.display_name = "Dr. Renamed"
    profile.save()  # a change that takes no role away
    assert still_signed_in(session)
    profile.active = False
    profile.save()
    assert not still_signed_in(session)
    profile.active = True
    profile.save()  # reactivated: nothing to end
    session = session_of(member)
    BoardMember.objects.get(pk=profile.pk).delete()
    assert not still_signed_in(session)


# Signing out of every other session ------------------------------------------------------------


@pytest.mark.parametrize("make", [author_user, board_user, editor_user])
def test_everyone_signs_out_of_every_other_session(make):
    user = make()
    here, elsewhere = session_of(user), session_of(user)
    page = here.get(SESSIONS)
    assert page.status_code == 200
    html = parse(page)
    assert [node for node in html.find_all("header") if node.has_class("site-header")]
    assert html.find("form", action=SIGN_OUT_OTHERS, method="post")
    response = here.post(SIGN_OUT_OTHERS, follow=True)
    assert response.redirect_chain[-1][0] == SESSIONS
    assert OTHERS_SIGNED_OUT in [str(message) for message in response.context["messages"]]
    assert still_signed_in(here)
    assert not still_signed_in(elsewhere)


def test_signing_out_of_other_sessions_is_post_only_and_needs_a_user_and_a_token():
    user = editor_user()
    here, elsewhere = session_of(user), session_of(user)
    assert here.get(SIGN_OUT_OTHERS).status_code == 405
    assert still_signed_in(elsewhere)
    anonymous = Client().post(SIGN_OUT_OTHERS)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert Client().get(SESSIONS).status_code == 302
    forged = Client(enforce_csrf_checks=True)
    forged.cookies = here.cookies  # the victim's session, without their page's token
    assert forged.post(SIGN_OUT_OTHERS).status_code == 403
    assert still_signed_in(elsewhere)


# The idle timeout for staff ----------------------------------------------------------------------


def test_staff_are_signed_out_when_idle(settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        editor = session_of(editor_user())
        assert editor.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert editor.get("/admin/").status_code == 200  # active: the clock starts again
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert editor.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = editor.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        login = editor.get(response["Location"], follow=True)  # the site's login page
        assert login.redirect_chain[-1][0].startswith("/accounts/login/")
        assert IDLE_SIGNED_OUT.format(minutes=30) in parse(login).find("main").text()
        assert not still_signed_in(editor)


def test_the_idle_timeout_is_a_setting_and_only_for_staff(settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        author = session_of(author_user())
        member = session_of(board_user())
        assert still_signed_in(author) and still_signed_in(member)
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert still_signed_in(author)  # not staff: no idle timeout
        assert not still_signed_in(member)


def test_anonymous_readers_get_no_session_from_the_timeout(client):
    response = client.get("/")
    assert "sessionid" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_an_idle_timeout_below_a_minute_stops_the_start(settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 0
    messages = {error.id: error.msg for error in throttling_settings()}
    assert set(messages) == {"editorial.E106"}
    assert messages["editorial.E106"].startswith("STAFF_IDLE_TIMEOUT_MINUTES is 0")


# The session cookie --------------------------------------------------------------------------


def test_the_session_cookie_keeps_its_flags(settings):
    response = Client().post(
        "/accounts/login/", {"login": editor_user().username, "password": PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
