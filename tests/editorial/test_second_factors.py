"""Issue 20, item 2: second factors (django-allauth's mfa, editorial/factors.py). TOTP with
recovery codes and passkeys; EDITORIAL_REQUIRE_MFA makes editors and board members enrol before
anything else; refused codes are counted by the one throttle; editors reset a member's factors
in the admin, recorded, and the member's sessions end."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.utils import timezone

from editorial.factors import (
    ENROL_FIRST,
    INCORRECT_CODE,
    PASSKEY_REFUSED,
    RESET_REASON,
    factors_reset,
    factors_reset_problems,
    must_enrol,
)
from tests.factories import author_user, board_user, editor_user
from tests.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "pw"  # the factories' password
LOGIN, AUTHENTICATE, FACTORS = "/accounts/login/", "/accounts/2fa/authenticate/", "/accounts/2fa/"
USERS = "/admin/editorial/user/"


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows at ``at`` (now without it): RFC 6238, 30 seconds."""
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))


def wrong_code(secret: str) -> str:
    """A code that is not the current one."""
    return "000000" if totp_code(secret) != "000000" else "111111"


def enrol_totp(user) -> tuple[str, list[str]]:
    """A TOTP device and recovery codes for ``user``, as enrolment leaves them."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes


def password_step(user, client: Client | None = None, address: str = "10.0.0.1") -> Client:
    client = client or Client()
    response = client.post(
        LOGIN, {"login": user.username, "password": PASSWORD}, REMOTE_ADDR=address
    )
    assert response.status_code == 302, response.content[:300]
    return client


def confirm_password(client: Client) -> None:
    """allauth asks for the password again before a factor is added or removed."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content[:300]


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def required(settings):
    settings.EDITORIAL_REQUIRE_MFA = True


# Who must enrol ---------------------------------------------------------------------------------


def test_editors_and_board_members_must_enrol_when_required(required):
    assert must_enrol(editor_user()) and must_enrol(board_user())
    assert not must_enrol(author_user())


def test_nobody_must_enrol_when_not_required(settings):
    settings.EDITORIAL_REQUIRE_MFA = False
    assert not must_enrol(editor_user()) and not must_enrol(board_user())


@pytest.mark.parametrize("make", [editor_user, board_user], ids=["editor", "board member"])
def test_without_a_factor_every_page_leads_to_enrolment(required, make):
    client = password_step(make())
    assert signed_in(client)
    for url in ["/admin/", "/write/", "/", "/accounts/sessions/", "/accounts/password/change/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == FACTORS, url
    page = client.get(FACTORS)
    assert page.status_code == 200
    assert ENROL_FIRST in parse(page).find("main").text()
    # Adding a factor is allowed (after confirming the password), and signing out.
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    assert client.get(asked["Location"]).status_code == 200
    confirm_password(client)
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    assert client.get("/accounts/2fa/webauthn/add/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert not signed_in(client)


def test_an_author_and_an_unrequired_editor_go_where_they_like(settings):
    settings.EDITORIAL_REQUIRE_MFA = True
    assert password_step(author_user()).get("/write/").status_code == 200
    settings.EDITORIAL_REQUIRE_MFA = False
    assert password_step(editor_user()).get("/admin/").status_code == 200


def test_enrolling_totp_through_the_pages_opens_the_admin(required):
    editor = editor_user()
    client = password_step(editor)
    confirm_password(client)
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()  # for an app that cannot scan the QR code
    wrong = client.post("/accounts/2fa/totp/activate/", {"code": wrong_code(secret)})
    assert wrong.status_code == 200
    assert INCORRECT_CODE in wrong.content.decode()
    assert not Authenticator.objects.filter(user=editor).exists()
    done = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert done.status_code == 302
    assert set(Authenticator.objects.filter(user=editor).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    assert client.get("/admin/").status_code == 200


# Signing in with a code ---------------------------------------------------------------------------


def test_the_password_alone_does_not_sign_in_a_member_with_a_factor(required):
    editor = editor_user()
    secret, _ = enrol_totp(editor)
    client = Client()
    response = client.post(LOGIN, {"login": editor.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == AUTHENTICATE
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302  # still the sign-in
    done = client.post(AUTHENTICATE, {"code": totp_code(secret)})
    assert done.status_code == 302 and signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_the_admins_login_asks_for_the_factor_too(required):
    editor = editor_user()
    secret, _ = enrol_totp(editor)
    client = Client()
    to_login = client.get("/admin/login/?next=/admin/")
    assert to_login["Location"].startswith(LOGIN)
    response = client.post(
        to_login["Location"], {"login": editor.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == AUTHENTICATE and not signed_in(client)
    done = client.post(AUTHENTICATE, {"code": totp_code(secret)})
    assert done["Location"] == "/admin/" and signed_in(client)


def test_a_wrong_code_is_refused_clearly_and_counted(required):
    editor = editor_user()
    secret, _ = enrol_totp(editor)
    client = password_step(editor)
    response = client.post(AUTHENTICATE, {"code": wrong_code(secret)}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200 and not signed_in(client)
    assert INCORRECT_CODE in parse(response).find("main").text()
    attempt = AccessAttempt.objects.get(username=editor.username.lower())
    assert attempt.failures_since_start == 1 and attempt.ip_address == "10.0.0.1"


def test_an_expired_code_is_refused():
    editor = editor_user()
    secret, _ = enrol_totp(editor)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        old = totp_code(secret)
        client = password_step(editor)
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        if old == totp_code(secret):  # pragma: no cover - one chance in a million
            pytest.skip("the code of two minutes ago happens to be the current one")
        response = client.post(AUTHENTICATE, {"code": old})
        assert response.status_code == 200 and not signed_in(client)
        assert INCORRECT_CODE in response.content.decode()


def test_a_code_used_once_is_refused_the_second_time():
    editor = editor_user()
    secret, _ = enrol_totp(editor)
    with time_machine.travel(timezone.now(), tick=False):
        code = totp_code(secret)
        first = password_step(editor)
        assert first.post(AUTHENTICATE, {"code": code}).status_code == 302
        assert signed_in(first)
        second = password_step(editor)
        replayed = second.post(AUTHENTICATE, {"code": code})
        assert replayed.status_code == 200 and not signed_in(second)
        assert INCORRECT_CODE in replayed.content.decode()


def test_a_recovery_code_signs_in_once():
    editor = editor_user()
    _, codes = enrol_totp(editor)
    first = password_step(editor)
    assert first.post(AUTHENTICATE, {"code": codes[0]}).status_code == 302
    assert signed_in(first)
    second = password_step(editor)
    again = second.post(AUTHENTICATE, {"code": codes[0]})
    assert again.status_code == 200 and not signed_in(second)
    assert INCORRECT_CODE in again.content.decode()
    assert second.post(AUTHENTICATE, {"code": codes[1]}).status_code == 302


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(settings):
    editor = editor_user()
    secret, _ = enrol_totp(editor)
    client = password_step(editor)
    answers = [
        client.post(AUTHENTICATE, {"code": wrong_code(secret)}).status_code for _ in range(5)
    ]
    assert answers == [200, 200, 200, 200, 429]
    paused = client.post(AUTHENTICATE, {"code": totp_code(secret)})
    assert paused.status_code == 429 and not signed_in(client)
    assert "Too many attempts" in parse(paused).find("h1").text()
    # Nor does the password step start again meanwhile, from that address.
    again = Client().post(LOGIN, {"login": editor.username, "password": PASSWORD})
    assert again.status_code == 429


def test_a_required_member_keeps_their_last_factor(required):
    editor = editor_user()
    secret, _ = enrol_totp(editor)
    client = password_step(editor)
    client.post(AUTHENTICATE, {"code": totp_code(secret)})
    confirm_password(client)
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()


# Resetting a member's factors -------------------------------------------------------------------


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reset(client: Client, *members):
    return client.post(
        USERS,
        {"action": "reset_second_factors", "_selected_action": [m.pk for m in members]},
        follow=True,
    )


def test_an_editor_resets_a_members_factors_recorded_and_signed_out(settings):
    settings.EDITORIAL_REQUIRE_MFA = False
    member, editor = board_user(), editor_user()
    secret, _ = enrol_totp(member)
    session = password_step(member)
    session.post(AUTHENTICATE, {"code": totp_code(secret)})
    assert session.get("/admin/").status_code == 200
    response = _reset(_admin(editor), member)
    assert response.status_code == 200
    assert "2 second factors removed, every session ended" in response.content.decode()
    assert not Authenticator.objects.filter(user=member).exists()
    entry = LogEntry.objects.get(object_id=str(member.pk))
    assert entry.user_id == editor.pk
    assert entry.change_message == RESET_REASON.format(by=editor.username, count=2)
    assert session.get("/admin/").status_code == 302  # signed out
    history = _admin(editor).get(f"{USERS}{member.pk}/history/")
    assert "Second factors reset by" in history.content.decode()
    # At the next sign-in, with the requirement on, they enrol again.
    settings.EDITORIAL_REQUIRE_MFA = True
    assert password_step(member).get("/admin/")["Location"] == FACTORS


@pytest.mark.parametrize("who", ["board member", "author"])
def test_only_editors_reset_factors(who):
    member = board_user()
    enrol_totp(member)
    actor = board_user() if who == "board member" else author_user(is_staff=True)
    assert factors_reset_problems(member=member, by=actor) == [
        "Only editors reset a member's second factors."
    ]
    with pytest.raises(ValueError, match="Only editors"):
        factors_reset(member=member, by=actor)
    response = _admin(actor).post(
        USERS, {"action": "reset_second_factors", "_selected_action": [member.pk]}
    )
    assert response.status_code in {302, 403}
    assert Authenticator.objects.filter(user=member).count() == 2
    assert not LogEntry.objects.exists()


def test_anonymous_visitors_cannot_reset_or_enrol():
    member = board_user()
    enrol_totp(member)
    response = Client().post(
        USERS, {"action": "reset_second_factors", "_selected_action": [member.pk]}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Authenticator.objects.filter(user=member).count() == 2
    for url in [FACTORS, "/accounts/2fa/totp/activate/", "/accounts/2fa/webauthn/add/"]:
        page = Client().get(url)
        assert page.status_code == 302 and page["Location"].startswith(LOGIN), url
    assert Client().get(AUTHENTICATE)["Location"].startswith(LOGIN)


def test_an_editor_resets_neither_their_own_nor_nothing():
    editor, bare = editor_user(), board_user()
    enrol_totp(editor)
    assert factors_reset_problems(member=editor, by=editor) == [
        "Your own second factors are yours to change, at /accounts/2fa/."
    ]
    assert factors_reset_problems(member=bare, by=editor) == [
        f"{bare} has no second factor to reset."
    ]
    response = _reset(_admin(editor), editor, bare)
    text = response.content.decode()
    assert "Your own second factors are yours to change" in text
    assert "has no second factor to reset" in text
    assert Authenticator.objects.filter(user=editor).count() == 2
    assert not LogEntry.objects.exists()


def test_editors_read_the_factors_never_their_secrets():
    member, editor = board_user(), editor_user()
    secret, codes = enrol_totp(member)
    client = _admin(editor)
    listing = client.get("/admin/mfa/authenticator/")
    assert listing.status_code == 200 and str(member) in listing.content.decode()
    totp = Authenticator.objects.get(user=member, type=Authenticator.Type.TOTP)
    page = client.get(f"/admin/mfa/authenticator/{totp.pk}/change/").content.decode()
    assert secret not in page and codes[0] not in page
    assert client.post(f"/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"})
    assert Authenticator.objects.filter(pk=totp.pk).exists()
    user_page = client.get(f"{USERS}{member.pk}/change/").content.decode()
    assert "Second factors" in user_page and "TOTP" in user_page


# Passkeys refused ---------------------------------------------------------------------------------

# An answer no authenticator of this site made (another site's passkey signs another challenge,
# for another relying party).
MADE_UP = (
    '{"type": "public-key", "id": "AAAA", "rawId": "AAAA", "response": '
    '{"clientDataJSON": "e30", "authenticatorData": "AAAA", "signature": "AAAA", '
    '"userHandle": "MQ"}, "clientExtensionResults": {}}'
)


def test_a_passkey_answer_that_does_not_check_out_is_refused_and_counted(required):
    """What a browser would post for a passkey of another site, or one made up: refused, the
    reason on the login page, nobody signed in, and the address's failure counted."""
    client = Client()
    challenge = client.get("/accounts/2fa/webauthn/login/", HTTP_ACCEPT="application/json")
    assert challenge.json()["request_options"]["publicKey"]["rpId"] == "localhost"
    response = client.post(
        "/accounts/2fa/webauthn/login/", {"credential": MADE_UP}, REMOTE_ADDR="10.0.0.5"
    )
    assert not signed_in(client)
    page = client.get(response["Location"]) if response.status_code == 302 else response
    assert PASSKEY_REFUSED in page.content.decode()
    attempt = AccessAttempt.objects.get(ip_address="10.0.0.5")
    assert attempt.failures_since_start == 1


def test_passkey_answers_count_towards_the_address_limit(required, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    editor = editor_user()
    for _ in range(3):
        client = Client()
        client.get("/accounts/2fa/webauthn/login/", HTTP_ACCEPT="application/json")
        client.post(
            "/accounts/2fa/webauthn/login/", {"credential": MADE_UP}, REMOTE_ADDR="10.0.0.6"
        )
    refused = Client().post(
        LOGIN, {"login": editor.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.6"
    )
    assert refused.status_code == 429


def test_the_admin_links_to_the_second_factors_and_the_sessions(settings):
    settings.EDITORIAL_REQUIRE_MFA = False
    page = _admin(editor_user()).get("/admin/").content.decode()
    assert '<a href="/accounts/2fa/">Second factors</a>' in page
    assert '<a href="/accounts/sessions/">Sessions</a>' in page
