"""Issue 20, item 3: company sign-in (OIDC) against a real provider started by the test
(``tests/oidc_provider.py``): the whole sign-in, roles following the provider's groups at the
first and later sign-ins, their removal ending sessions, password sign-in off for staff with one
emergency account, and every bad answer refused with its reason, nobody signed in, counted by
the throttling."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount, SocialApp
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from editorial.company_sign_in.checks import company_sign_in_settings
from editorial.company_sign_in.config import settings_from
from editorial.company_sign_in.provider import Refusal
from editorial.company_sign_in.roles import provider_groups, user_roles_sync
from editorial.models import AUTHORS, BOARD_MEMBERS, EDITORS, BoardMember, User
from editorial.roles import is_board_member, is_editor, may_start_article
from editorial.throttling import COMPANY_SIGN_IN, LOCKOUT_STATUS
from tests.browser import need_nu, nu_errors
from tests.factories import author_user, editor_user
from tests.html import parse
from tests.oidc import CLIENT_ID, Company, callback_query

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PASSWORD = "pw"  # the factories' password
SESSIONS = "/accounts/sessions/"


def signed_in_user(client: Client) -> User | None:
    """Who the browser's session signs in, asked of a page (not of the session's contents)."""
    response = client.get(SESSIONS)
    if response.status_code != 200:
        return None
    return User.objects.get(pk=client.session["_auth_user_id"])


def signed_in_user_by_session(client: Client) -> User | None:
    """Who the session signs in (for when every page leads to enrolling a second factor)."""
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def roles(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def password_sign_in(client: Client, username: str, password: str = PASSWORD):
    """The login form (Django's field name and allauth's, whichever the page has)."""
    return client.post(
        reverse(django_settings.LOGIN_URL),
        {"username": username, "login": username, "password": password},
    )


def company_failures() -> int:
    return sum(
        AccessAttempt.objects.filter(username=COMPANY_SIGN_IN).values_list(
            "failures_since_start", flat=True
        )
    )


# The whole sign-in ----------------------------------------------------------------------------


def test_a_first_sign_in_makes_the_account_with_the_mapped_roles(company_sign_in: Company):
    company_sign_in.add_user("dana.lee", groups=["cms-editors", "sales"], name="Dana Lee")
    client = Client()
    response = company_sign_in.sign_in(client, "dana.lee")
    assert response.status_code == 302
    user = signed_in_user(client)
    assert user is not None and user.username == "dana.lee"
    assert user.email == "dana.lee@company.example"
    assert (user.first_name, user.last_name) == ("Dana", "Lee")
    assert roles(user) == {EDITORS}
    assert user.is_staff and is_editor(user)
    assert client.get("/admin/").status_code == 200
    account = SocialAccount.objects.get(user=user)
    assert account.provider == "company"
    # The account is the provider's subject, not its (changeable) username.
    assert account.uid.startswith("sub-")


def test_an_account_only_at_the_provider_gets_no_role_unless_mapped(company_sign_in: Company):
    company_sign_in.add_user("sam.sales", groups=["sales", "everyone"])
    client = Client()
    company_sign_in.sign_in(client, "sam.sales")
    user = signed_in_user(client)
    assert user is not None
    assert roles(user) == set()
    assert not user.is_staff and not is_editor(user) and not may_start_article(user)
    assert client.get("/admin/").status_code == 302  # to the login: no admin access
    # No groups claim at all: no role either.
    company_sign_in.add_user("no.claim")
    other = Client()
    company_sign_in.sign_in(other, "no.claim")
    assert roles(signed_in_user(other)) == set()


def test_a_board_member_gets_the_group_and_an_active_board_profile(company_sign_in: Company):
    company_sign_in.add_user("priya.raman", groups=["cms-board"], name="Priya Raman")
    client = Client()
    company_sign_in.sign_in(client, "priya.raman")
    user = signed_in_user(client)
    assert roles(user) == {BOARD_MEMBERS}
    assert user.is_staff and is_board_member(user)
    profile = BoardMember.objects.get(user=user)
    assert profile.display_name == "Priya Raman" and profile.active and not profile.external


def test_an_existing_account_is_found_by_its_verified_address(company_sign_in: Company):
    editor = editor_user(username="chief", email="chief@company.example")
    company_sign_in.add_user("chief.at.company", groups=["cms-editors"], email=editor.email)
    client = Client()
    company_sign_in.sign_in(client, "chief.at.company")
    assert signed_in_user(client) == editor
    assert User.objects.filter(email=editor.email).count() == 1
    # allauth's guard for an account found by an address the site never verified: its password
    # goes (from now on it signs in through the provider), and the provider's id is kept.
    editor.refresh_from_db()
    assert not editor.has_usable_password()
    assert SocialAccount.objects.get(user=editor).provider == "company"


def test_an_unverified_address_does_not_take_over_an_account(company_sign_in: Company):
    editor = editor_user(username="chief", email="chief@company.example")
    company_sign_in.add_user(
        "impostor", groups=["cms-editors"], email=editor.email, email_verified=False
    )
    client = Client()
    company_sign_in.sign_in(client, "impostor")
    assert signed_in_user(client) != editor
    assert not SocialAccount.objects.filter(user=editor).exists()


def test_the_sign_in_page_offers_company_sign_in_when_configured(company_sign_in, settings):
    login = reverse("openid_connect_login", args=["company"])
    (form,) = [
        form
        for form in parse(Client().get(reverse(settings.LOGIN_URL))).find_all("form")
        if (form.attrs.get("action") or "").startswith(login)
    ]
    assert form.attrs["method"] == "post"
    assert "Sign in with Company sign-in" in form.text()
    settings.SOCIALACCOUNT_PROVIDERS = settings_from({})["SOCIALACCOUNT_PROVIDERS"]
    page = parse(Client().get(reverse(settings.LOGIN_URL)))
    assert not [form for form in page.find_all("form") if "/oidc/" in form.attrs["action"]]


def test_the_groups_come_from_the_id_token_else_from_userinfo(settings):
    settings.OIDC_GROUPS_CLAIM = "roles"
    both = {"id_token": {"roles": ["a"]}, "userinfo": {"roles": ["b"]}}
    assert provider_groups(both) == ["a"]
    assert provider_groups({"id_token": {}, "userinfo": {"roles": ["b", 7]}}) == ["b", "7"]
    assert provider_groups({"id_token": {"roles": "single"}}) == ["single"]
    assert provider_groups({"id_token": {"groups": ["a"]}}) == []


# Roles follow the provider -------------------------------------------------------------------


def test_later_sign_ins_add_and_remove_roles_and_a_removal_ends_the_sessions(
    company_sign_in: Company,
):
    company_sign_in.add_user("alex.kim", groups=["cms-editors", "cms-board"])
    laptop = Client()
    company_sign_in.sign_in(laptop, "alex.kim")
    user = signed_in_user(laptop)
    assert roles(user) == {EDITORS, BOARD_MEMBERS} and is_board_member(user)

    # Granted one more role: nothing is taken away, the other session goes on.
    company_sign_in.set_groups("alex.kim", ["cms-editors", "cms-board", "cms-authors"])
    phone = Client()
    company_sign_in.sign_in(phone, "alex.kim")
    assert roles(user) == {EDITORS, BOARD_MEMBERS, AUTHORS}
    assert signed_in_user(laptop) == user and signed_in_user(phone) == user

    # Left the editors and the board at the company: both roles go, the profile is inactive,
    # no admin access, and the sessions signed in before end; the new one goes on.
    company_sign_in.set_groups("alex.kim", ["cms-authors"])
    desk = Client()
    company_sign_in.sign_in(desk, "alex.kim")
    user.refresh_from_db()
    assert roles(user) == {AUTHORS}
    assert not user.is_staff and not is_board_member(user)
    assert not BoardMember.objects.get(user=user).active
    assert signed_in_user(laptop) is None and signed_in_user(phone) is None
    assert signed_in_user(desk) == user
    assert desk.get("/admin/").status_code == 302

    # Back on the board: the same profile is active again.
    company_sign_in.set_groups("alex.kim", ["cms-board"])
    company_sign_in.sign_in(Client(), "alex.kim")
    user.refresh_from_db()
    assert roles(user) == {BOARD_MEMBERS} and user.is_staff and is_board_member(user)
    assert BoardMember.objects.filter(user=user).count() == 1


def test_roles_the_map_never_grants_are_left_to_the_editors(company_sign_in: Company, settings):
    settings.OIDC_ROLE_MAP = {"cms-editors": EDITORS}
    writer = author_user(email="writer@company.example")
    company_sign_in.add_user("writer", groups=["cms-editors"], email=writer.email)
    company_sign_in.sign_in(Client(), "writer")
    assert roles(writer) == {AUTHORS, EDITORS}
    company_sign_in.set_groups("writer", [])
    company_sign_in.sign_in(Client(), "writer")
    assert roles(writer) == {AUTHORS}
    assert not User.objects.get(pk=writer.pk).is_staff


def test_a_superuser_keeps_admin_access_without_a_mapped_role(settings):
    settings.OIDC_ROLE_MAP = {"cms-editors": EDITORS}
    admin = editor_user(is_superuser=True)
    change = user_roles_sync(user=admin, groups=[])
    assert change.removed == {EDITORS} and not change.added
    admin.refresh_from_db()
    assert admin.is_staff and roles(admin) == set()


def test_company_sign_in_skips_no_second_factor(company_sign_in: Company, settings):
    settings.EDITORIAL_REQUIRE_MFA = True
    company_sign_in.add_user("dana.lee", groups=["cms-editors"])
    # Without a factor: signed in, and every page leads to enrolling one.
    client = Client()
    company_sign_in.sign_in(client, "dana.lee")
    user = signed_in_user_by_session(client)
    assert user is not None
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_index")
    # With one: the provider's answer leads to the second-factor step, not into the site.
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    other = Client()
    response = company_sign_in.sign_in(other, "dana.lee")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_by_session(other) is None


# Password sign-in off for staff ----------------------------------------------------------------


@pytest.fixture
def staff_passwords_off(company_sign_in, settings):
    settings.EDITORIAL_STAFF_PASSWORD_SIGN_IN = False
    settings.EDITORIAL_EMERGENCY_ACCOUNT = "break-glass"
    return company_sign_in


def test_staff_cannot_sign_in_with_a_password_when_it_is_off(staff_passwords_off, client):
    editor = editor_user()
    response = password_sign_in(client, editor.username)
    assert response.status_code == 200  # the form again, with its error
    assert signed_in_user(client) is None
    # Counted as a failed sign-in, as any wrong password.
    assert AccessAttempt.objects.get(username=editor.username).failures_since_start == 1
    assert "password sign-in is turned off for staff" in parse(response).text()


def test_authors_and_the_emergency_account_keep_their_passwords(staff_passwords_off):
    writer = author_user()
    writers_browser = Client()
    assert password_sign_in(writers_browser, writer.username).status_code == 302
    assert signed_in_user(writers_browser) == writer
    emergency = editor_user(username="break-glass")
    browser = Client()
    assert password_sign_in(browser, "break-glass").status_code == 302
    assert signed_in_user(browser) == emergency
    assert browser.get("/admin/").status_code == 200


def test_staff_passwords_work_while_company_sign_in_is_not_configured(settings, client):
    settings.EDITORIAL_STAFF_PASSWORD_SIGN_IN = False  # no provider: the setting does nothing
    editor = editor_user()
    assert password_sign_in(client, editor.username).status_code == 302
    assert signed_in_user(client) == editor


def test_the_emergency_account_never_signs_in_through_the_provider(staff_passwords_off):
    emergency = editor_user(username="break-glass", email="root@company.example")
    staff_passwords_off.add_user("root", groups=[], email=emergency.email)
    client = Client()
    response = staff_passwords_off.sign_in(client, "root")
    assert response.status_code == 403
    assert Refusal.EMERGENCY in response.content.decode()
    assert signed_in_user(client) is None
    emergency.refresh_from_db()
    assert roles(emergency) == {EDITORS} and emergency.has_usable_password()
    assert not SocialAccount.objects.filter(user=emergency).exists()


# Bad answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "refusal"),
    [
        ("state", Refusal.STATE),
        ("nonce", Refusal.NONCE),
        ("audience", Refusal.AUDIENCE),
        ("signature", Refusal.SIGNATURE),
        ("expired", Refusal.EXPIRED),
        ("issuer", Refusal.ISSUER),
    ],
)
def test_a_bad_answer_is_refused_with_its_reason_nobody_signed_in_and_counted(
    company_sign_in: Company, fault: str, refusal: Refusal, caplog
):
    company_sign_in.add_user("eve", groups=["cms-editors"])
    company_sign_in.misbehave(fault)
    client = Client()
    response = company_sign_in.sign_in(client, "eve")
    assert response.status_code == 403
    page = parse(response)
    assert page.find("p", role="alert").text() == refusal.value
    assert "Nothing was signed in" in page.text()
    assert signed_in_user(client) is None
    assert not User.objects.filter(username="eve").exists()
    assert company_failures() == 1
    assert f"Company sign-in refused ({refusal.name}) from 127.0.0.1" in caplog.text
    # The provider behaving again, the same browser signs in.
    company_sign_in.misbehave(None)
    company_sign_in.sign_in(client, "eve")
    assert signed_in_user(client).username == "eve"


def test_a_callback_replayed_or_from_another_browser_is_refused(company_sign_in: Company):
    company_sign_in.add_user("eve", groups=["cms-editors"])
    victim = Client()
    start = victim.post(reverse("openid_connect_login", args=["company"]))
    callback = company_sign_in.authorize(start["Location"], "eve")
    # Another browser (the attacker's) brings the victim's answer: its session has no such state.
    attacker = Client()
    assert attacker.get(callback).status_code == 403
    assert signed_in_user(attacker) is None
    # A state the site never sent, in the right browser.
    query = callback_query(callback)
    forged = f"{callback.split('?')[0]}?code={query['code']}&state=forged"
    response = victim.get(forged)
    assert response.status_code == 403 and Refusal.STATE in response.content.decode()
    assert signed_in_user(victim) is None
    assert company_failures() == 2


def test_a_provider_whose_clock_is_a_few_seconds_fast_still_signs_in(company_sign_in: Company):
    company_sign_in.add_user("eve", groups=["cms-editors"])
    company_sign_in.misbehave("clock-ahead")  # its token is issued 10 seconds in our future
    client = Client()
    company_sign_in.sign_in(client, "eve")
    assert signed_in_user(client).username == "eve"


def test_a_token_used_before_is_refused(company_sign_in: Company):
    company_sign_in.add_user("eve", groups=["cms-editors"])
    company_sign_in.sign_in(Client(), "eve")
    # The provider (or someone between) hands the same ID token to another sign-in.
    company_sign_in.misbehave("replay")
    client = Client()
    response = company_sign_in.sign_in(client, "eve")
    assert response.status_code == 403
    assert parse(response).find("p", role="alert").text() == Refusal.REPLAYED.value
    assert signed_in_user(client) is None
    assert company_failures() == 1


def test_refused_answers_lock_company_sign_in_from_the_address(company_sign_in, settings):
    settings.AXES_FAILURE_LIMIT = 2
    company_sign_in.add_user("eve", groups=["cms-editors"])
    company_sign_in.misbehave("signature")
    client = Client()
    for _ in range(2):
        assert company_sign_in.sign_in(client, "eve").status_code == 403
    company_sign_in.misbehave(None)
    response = client.post(reverse("openid_connect_login", args=["company"]))
    assert response.status_code == LOCKOUT_STATUS
    assert "company sign-in from your address is paused" in parse(response).text()
    # Another address is not held.
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")
    company_sign_in.sign_in(elsewhere, "eve")
    assert signed_in_user(elsewhere).username == "eve"


def test_the_providers_documents_are_kept_and_its_new_keys_fetched(company_sign_in: Company):
    company_sign_in.add_user("eve", groups=["cms-editors"])
    discovery, keys = "/.well-known/openid-configuration", "/jwks"
    before = {path: company_sign_in.requests_for(path) for path in (discovery, keys)}
    for _ in range(3):
        company_sign_in.sign_in(Client(), "eve")
    # Three sign-ins: the discovery document and the keys asked for once.
    assert company_sign_in.requests_for(discovery) == before[discovery] + 1
    assert company_sign_in.requests_for(keys) == before[keys] + 1
    # The provider rotates its key: the first token signed by the new one has the keys fetched
    # again, and signs in.
    company_sign_in.rotate_keys()
    client = Client()
    company_sign_in.sign_in(client, "eve")
    assert signed_in_user(client).username == "eve"
    assert company_sign_in.requests_for(keys) == before[keys] + 2


def test_a_provider_saved_in_the_database_is_never_used(company_sign_in: Company, settings):
    # Someone saves a provider of their own, with the provider id and client id the site uses
    # and one of another: neither is offered nor followed, and the admin has no page for it.
    for provider_id, client_id in (("company", CLIENT_ID), ("rogue", "rogue")):
        SocialApp.objects.create(
            provider="openid_connect",
            provider_id=provider_id,
            name="Rogue",
            client_id=client_id,
            secret="x",
            settings={"server_url": "http://127.0.0.1:9"},
        )
    page = parse(Client().get(reverse(settings.LOGIN_URL)))
    assert "Rogue" not in page.text()
    rogue = Client().post(reverse("openid_connect_login", args=["rogue"]))
    assert rogue.status_code == 404
    company_sign_in.add_user("eve", groups=["cms-editors"])
    client = Client()
    company_sign_in.sign_in(client, "eve")  # through the environment's provider
    assert signed_in_user(client).username == "eve"
    admin = Client()
    admin.force_login(editor_user(is_superuser=True))
    assert admin.get("/admin/socialaccount/socialapp/").status_code == 404


# Configuration -------------------------------------------------------------------------------


def test_configuration_comes_from_the_environment():
    config = settings_from(
        {
            "OIDC_ISSUER": "https://id.company.example/",
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": "s3cret",
            "OIDC_GROUPS_CLAIM": "roles",
            "OIDC_ROLE_MAP": "cms-editors=Editors, cms-board = Board members",
        }
    )
    (app,) = config["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"]
    assert app["client_id"] == CLIENT_ID and app["secret"] == "s3cret"
    assert app["settings"]["server_url"] == "https://id.company.example"
    assert config["OIDC_GROUPS_CLAIM"] == "roles"
    assert config["OIDC_ROLE_MAP"] == {"cms-editors": EDITORS, "cms-board": BOARD_MEMBERS}
    assert settings_from({})["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"] == []


@pytest.mark.parametrize(
    "environ",
    [
        {"OIDC_ISSUER": "https://id.example", "OIDC_CLIENT_ID": "x"},
        {"OIDC_ROLE_MAP": "cms-editors"},
        {
            "OIDC_ISSUER": "https://id.example",
            "OIDC_CLIENT_ID": "x",
            "OIDC_CLIENT_SECRET": "y",
            "OIDC_SCOPES": "profile email",
        },
    ],
)
def test_incomplete_configuration_stops_the_start(environ):
    with pytest.raises(ImproperlyConfigured):
        settings_from(environ)


def test_a_map_to_something_that_is_not_a_role_fails_the_checks(settings):
    settings.OIDC_ROLE_MAP = {"it-admins": "Superusers"}
    (error,) = company_sign_in_settings()
    assert error.id == "editorial.E301" and "Superusers" in error.msg


def test_staff_passwords_off_without_an_emergency_account_warns(company_sign_in, settings):
    settings.EDITORIAL_STAFF_PASSWORD_SIGN_IN = False
    settings.EDITORIAL_EMERGENCY_ACCOUNT = ""
    assert [message.id for message in company_sign_in_settings()] == ["editorial.W302"]
    settings.EDITORIAL_EMERGENCY_ACCOUNT = "break-glass"
    assert company_sign_in_settings() == []


def test_the_sign_in_and_refusal_pages_are_valid_html(company_sign_in, settings, tmp_path):
    need_nu()
    settings.EDITORIAL_STAFF_PASSWORD_SIGN_IN = False
    company_sign_in.add_user("eve", groups=["cms-editors"])
    company_sign_in.misbehave("audience")
    pages = {
        "login.html": Client().get(reverse(settings.LOGIN_URL)),
        "refused.html": company_sign_in.sign_in(Client(), "eve"),
    }
    for name, response in pages.items():
        (tmp_path / name).write_bytes(response.content)
    assert nu_errors(sorted(tmp_path.iterdir())) == []
