"""Login throttling (django-axes, editorial/throttling.py): LOGIN_FAILURE_LIMIT failed sign-ins
for a username from an address lock that pair out for LOGIN_LOCKOUT_MINUTES, on the site's
login, the admin's and password reset requests; a clear page says so; editors lift a lockout in
the admin; attempts and lockouts are recorded and logged."""

from __future__ import annotations

import logging
import os
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.utils import timezone

from editorial.checks import throttling_settings
from editorial.models import OutboundEmail
from editorial.throttling import RESET_REQUESTS, client_address
from tests.factories import UserFactory, author_user, board_user, editor_user
from tests.html import parse

PROJECT = Path(__file__).resolve().parents[2]
# The admin signs in on the site's login page (/admin/login/ leads there, with ``next``).
SITE_LOGIN, ADMIN_LOGIN = "/accounts/login/", "/accounts/login/?next=/admin/"
RESET = "/accounts/password/reset/"
PASSWORD = "pw"  # the factories' password


def attempt(client: Client, url: str, username: str, password: str, address="10.0.0.1"):
    """A sign-in through the one login page (django-allauth's, which names the account
    ``login``), as a browser posts it."""
    return client.post(url, {"login": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def writer(db):
    return author_user(username="writer", email="writer@example.org", is_staff=True)


def test_the_admins_login_is_the_sites_and_signs_nobody_in_itself(client, writer):
    response = client.get("/admin/login/?next=/admin/editorial/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Feditorial%2F"
    posted = attempt(client, "/admin/login/", "writer", PASSWORD)
    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/login/")
    assert not signed_in(client)
    assert not AccessAttempt.objects.exists()  # nothing was tried there
    elsewhere = client.get("/admin/login/?next=https://elsewhere.example/")
    assert elsewhere["Location"] == "/accounts/login/?next=%2Fadmin%2F"


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(client, writer, url):
    """The probe of the issue: before, the right password signed in after 30 wrong ones."""
    for _ in range(30):
        attempt(client, url, "writer", "wrong")
    response = attempt(client, url, "writer", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_the_lockout_comes_at_the_limit_and_says_so_in_the_sites_layout(client, writer, url):
    for _ in range(4):
        response = attempt(client, url, "writer", "wrong")
        assert response.status_code == 200  # the form again, with its error
    response = attempt(client, url, "writer", "wrong")
    assert response.status_code == 429
    page = parse(response)
    assert page.find("h1").text() == "Too many attempts"
    text = page.find("main").text()
    assert "paused after 5 failed attempts, for 15 minutes" in text
    assert "Even the right password is refused until then." in text
    assert [node for node in page.find_all("header") if node.has_class("site-header")]
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_limit_and_the_pause_are_settings(client, writer, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    attempt(client, SITE_LOGIN, "writer", "wrong")
    response = attempt(client, SITE_LOGIN, "writer", "wrong")
    assert response.status_code == 429
    assert "paused after 2 failed attempts, for 1 minute." in parse(response).find("main").text()


def test_the_lockout_is_per_username_and_address(writer, db):
    UserFactory(username="colleague")
    attacker = Client()
    for _ in range(5):
        attempt(attacker, SITE_LOGIN, "writer", "wrong", address="10.0.0.1")
    assert attempt(attacker, SITE_LOGIN, "writer", PASSWORD, "10.0.0.1").status_code == 429
    elsewhere = Client()
    assert attempt(elsewhere, SITE_LOGIN, "writer", PASSWORD, "10.0.0.2").status_code == 302
    assert signed_in(elsewhere)
    same_address = Client()
    assert attempt(same_address, SITE_LOGIN, "colleague", PASSWORD, "10.0.0.1").status_code == 302


def test_the_pause_ends_and_any_attempt_during_it_starts_it_again(client, writer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(client, SITE_LOGIN, "writer", "wrong")
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        assert attempt(client, SITE_LOGIN, "writer", "wrong").status_code == 429
    with time_machine.travel(start + timedelta(minutes=24), tick=False):
        assert attempt(client, SITE_LOGIN, "writer", PASSWORD).status_code == 429
    # That attempt, though with the right password, started the 15 minutes again.
    with time_machine.travel(start + timedelta(minutes=38), tick=False):
        assert attempt(client, SITE_LOGIN, "writer", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=54), tick=False):
        assert attempt(client, SITE_LOGIN, "writer", PASSWORD).status_code == 302
        assert signed_in(client)


def test_signing_in_clears_the_failures(client, writer):
    for _ in range(4):
        attempt(client, SITE_LOGIN, "writer", "wrong")
    assert attempt(client, SITE_LOGIN, "writer", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert attempt(client, SITE_LOGIN, "writer", "wrong").status_code == 200
    assert attempt(client, SITE_LOGIN, "writer", PASSWORD).status_code == 302


# Wider nets: many usernames from one address, many addresses on one username ---------------


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_thirty_failures_over_thirty_usernames_from_one_address_are_slowed(writer, url):
    """Password spraying, the probe of issue 20: each username fails once, from one address."""
    sprayer = Client()
    answers = [
        attempt(sprayer, url, f"someone{number}", "Spring2026!", "10.0.0.1").status_code
        for number in range(30)
    ]
    limit = settings_of("LOGIN_ADDRESS_FAILURE_LIMIT")
    assert answers[: limit - 1] == [200] * (limit - 1)
    assert set(answers[limit - 1 :]) == {429}
    # Nobody signs in from that address meanwhile, not even with the right password...
    response = attempt(Client(), url, "writer", PASSWORD, "10.0.0.1")
    assert response.status_code == 429
    text = parse(response).find("main").text()
    assert f"signing in from your address is paused after {limit} failed attempts" in text
    # ...and the address only: the same account signs in from elsewhere.
    elsewhere = Client()
    assert attempt(elsewhere, url, "writer", PASSWORD, "10.0.0.2").status_code == 302
    assert signed_in(elsewhere)


def test_many_addresses_on_one_username_are_slowed(writer):
    limit = settings_of("LOGIN_USERNAME_FAILURE_LIMIT")
    answers = [
        attempt(Client(), SITE_LOGIN, "writer", "wrong", f"10.1.0.{number}").status_code
        for number in range(limit + 5)
    ]
    assert answers[: limit - 1] == [200] * (limit - 1)
    assert set(answers[limit - 1 :]) == {429}
    fresh = Client()
    response = attempt(fresh, SITE_LOGIN, "writer", PASSWORD, "10.2.0.1")
    assert response.status_code == 429 and not signed_in(fresh)
    text = parse(response).find("main").text()
    assert f"signing in with this username is paused after {limit} failed attempts" in text
    assert "from any addresses" in text
    # Another username is not held, from those addresses or any.
    UserFactory(username="colleague")
    assert attempt(Client(), SITE_LOGIN, "colleague", PASSWORD, "10.1.0.1").status_code == 302


def test_the_wider_limits_are_settings_and_the_pause_ends(writer, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for name in ("a", "b"):
            assert attempt(Client(), SITE_LOGIN, name, "x").status_code == 200
        assert attempt(Client(), SITE_LOGIN, "c", "x").status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert attempt(Client(), SITE_LOGIN, "writer", PASSWORD).status_code == 302


def test_the_same_username_however_written_counts_once(writer):
    for written in ["Writer", "WRITER", " writer ", "wRiTeR", "writer"]:
        response = attempt(Client(), SITE_LOGIN, written, "wrong")
    assert response.status_code == 429  # the fifth failure of one username from one address
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"writer"}


def test_password_reset_requests_do_not_count_towards_the_address(writer, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for _ in range(4):
        Client().post(RESET, {"email": "x@example.org"}, REMOTE_ADDR="10.0.0.1")
    assert attempt(Client(), SITE_LOGIN, "writer", PASSWORD).status_code == 302


def test_the_throttle_holds_at_the_authentication_backend_whatever_the_login_view(writer, settings):
    """What any login view (Django's, the admin's, django-allauth's) calls: ``authenticate``,
    with the account named by ``username`` or ``email``; the lockout holds there."""
    settings.AXES_FAILURE_LIMIT = 3

    def request():
        made = RequestFactory().post("/somewhere/else/", REMOTE_ADDR="10.0.0.7")
        made.session = {}
        return made

    for _ in range(3):
        assert authenticate(request(), email="Writer@Example.org", password="wrong") is None
    attempts = AccessAttempt.objects.get(username="writer@example.org")
    assert attempts.failures_since_start == 3 and attempts.path_info == "/somewhere/else/"
    for _ in range(3):
        assert authenticate(request(), username="writer", password="wrong") is None
    locked = request()
    assert authenticate(locked, username="writer", password=PASSWORD) is None
    assert locked.axes_locked_out
    assert authenticate(request(), username="colleague", password="wrong") is None


def settings_of(name: str) -> int:
    from django.conf import settings

    return getattr(settings, name)


# Password reset ------------------------------------------------------------------------------


def test_password_reset_requests_are_throttled_per_address(client, writer):
    for _ in range(5):
        response = client.post(RESET, {"email": "writer@example.org"}, REMOTE_ADDR="10.0.0.9")
        assert response.status_code == 302
    assert OutboundEmail.objects.count() == 5
    refused = client.post(RESET, {"email": "other@example.org"}, REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429
    assert "password reset requests from your address are paused" in refused.content.decode()
    assert OutboundEmail.objects.count() == 5  # nothing queued
    elsewhere = client.post(RESET, {"email": "writer@example.org"}, REMOTE_ADDR="10.0.0.10")
    assert elsewhere.status_code == 302
    assert OutboundEmail.objects.count() == 6
    assert AccessAttempt.objects.get(ip_address="10.0.0.9").username == RESET_REQUESTS
    # The throttle counts reset requests, not sign-ins: the user may still sign in from there.
    assert attempt(client, SITE_LOGIN, "writer", PASSWORD, "10.0.0.9").status_code == 302


def test_the_reset_form_is_still_shown_while_paused(client, writer):
    for _ in range(6):
        client.post(RESET, {"email": "x@example.org"})
    assert client.get(RESET).status_code == 200


# Records, logs, and lifting a lockout --------------------------------------------------------


def test_attempts_and_lockouts_are_recorded_and_logged(client, writer, caplog):
    with caplog.at_level(logging.INFO, logger="axes"):
        for _ in range(5):
            attempt(client, SITE_LOGIN, "writer", "wrong")
    record = AccessAttempt.objects.get(username="writer", ip_address="10.0.0.1")
    assert record.failures_since_start == 5
    assert record.path_info == SITE_LOGIN
    assert "wrong" not in record.post_data  # the password is masked
    assert AccessFailureLog.objects.filter(username="writer").count() == 5
    assert AccessFailureLog.objects.filter(username="writer", locked_out=True).exists()
    assert "login failure" in caplog.text
    assert "Locking out" in caplog.text
    other = Client()
    attempt(other, SITE_LOGIN, "writer", PASSWORD, address="10.0.0.3")
    assert AccessLog.objects.filter(username="writer", ip_address="10.0.0.3").exists()


def test_an_editor_lifts_a_lockout_in_the_admin(writer, db):
    visitor = Client()
    for _ in range(5):
        attempt(visitor, SITE_LOGIN, "writer", "wrong")
    record = AccessAttempt.objects.get(username="writer")
    admin = Client()
    admin.force_login(editor_user())
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "writer" in listing.content.decode()
    assert admin.get(f"/admin/axes/accessattempt/{record.pk}/change/").status_code == 200
    assert admin.get("/admin/axes/accessfailurelog/").status_code == 200
    assert admin.get("/admin/axes/accesslog/").status_code == 200
    response = admin.post(f"/admin/axes/accessattempt/{record.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert attempt(visitor, SITE_LOGIN, "writer", PASSWORD).status_code == 302


@pytest.mark.parametrize("who", ["board member", "author"])
def test_only_editors_lift_lockouts(writer, db, who):
    visitor = Client()
    for _ in range(5):
        attempt(visitor, SITE_LOGIN, "writer", "wrong")
    record = AccessAttempt.objects.get(username="writer")
    other = Client()
    other.force_login(board_user() if who == "board member" else author_user())
    response = other.post(f"/admin/axes/accessattempt/{record.pk}/delete/", {"post": "yes"})
    assert response.status_code in {302, 403}
    assert AccessAttempt.objects.filter(pk=record.pk).exists()


# The client's address behind reverse proxies -----------------------------------------------


@pytest.mark.parametrize(
    ("trusted", "forwarded", "address"),
    [
        (0, "203.0.113.7", "10.0.0.1"),  # not configured: the header is ignored
        (1, "203.0.113.7", "203.0.113.7"),  # nginx appended the client's address
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the client wrote 1.2.3.4 itself
        (2, "1.2.3.4, 203.0.113.7, 198.51.100.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # not through both proxies
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address(settings, trusted, forwarded, address):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == address


def test_a_forged_forwarded_header_does_not_escape_the_lockout(client, writer):
    for number in range(8):
        response = client.post(
            SITE_LOGIN,
            {"login": "writer", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_lockouts_follow_the_client(client, writer, settings):
    settings.TRUSTED_PROXIES = 1
    for _ in range(5):
        client.post(
            SITE_LOGIN,
            {"login": "writer", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    other_client = client.post(
        SITE_LOGIN,
        {"login": "writer", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other_client.status_code == 302


# Settings ------------------------------------------------------------------------------------


def test_out_of_range_throttling_settings_stop_the_start(settings):
    settings.AXES_FAILURE_LIMIT = 0
    settings.TRUSTED_PROXIES = -1
    settings.AXES_COOLOFF_TIME = timedelta(0)
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 0
    settings.LOGIN_USERNAME_FAILURE_LIMIT = "20"
    messages = {error.id: error.msg for error in throttling_settings()}
    assert set(messages) == {f"editorial.E10{n}" for n in range(1, 6)}
    assert messages["editorial.E104"].startswith("LOGIN_ADDRESS_FAILURE_LIMIT is 0")
    assert messages["editorial.E105"].startswith("LOGIN_USERNAME_FAILURE_LIMIT is '20'")
    assert messages["editorial.E101"].startswith("LOGIN_FAILURE_LIMIT is 0")


@pytest.mark.slow  # Python started with the settings from the environment
def test_the_throttling_settings_come_from_the_environment():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "editorial.settings",
        "LOGIN_FAILURE_LIMIT": "3",
        "LOGIN_LOCKOUT_MINUTES": "45",
        "TRUSTED_PROXIES": "1",
        "LOGIN_ADDRESS_FAILURE_LIMIT": "40",
        "LOGIN_USERNAME_FAILURE_LIMIT": "30",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), s.TRUSTED_PROXIES, "
        "s.LOGIN_ADDRESS_FAILURE_LIMIT, s.LOGIN_USERNAME_FAILURE_LIMIT)"
    )
    result = subprocess.run(
        [str(PROJECT / ".venv" / "bin" / "python"), "-c", code],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["3", "2700.0", "1", "40", "30"], result.stderr
    env["LOGIN_FAILURE_LIMIT"] = "many"
    result = subprocess.run(
        [str(PROJECT / ".venv" / "bin" / "python"), "-c", code],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "LOGIN_FAILURE_LIMIT must be a whole number, not 'many'" in result.stderr
