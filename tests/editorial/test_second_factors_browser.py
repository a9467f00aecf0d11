"""Second factors in real Chromium (Debian's, through Playwright): a virtual authenticator (the
DevTools protocol's ``WebAuthn.addVirtualAuthenticator``) adds a passkey and signs in with it
alone; an authenticator app's codes, computed here, enrol and sign in; an editor without a
factor cannot reach the admin while the requirement is on. The browser holds the site's
Content-Security-Policy: allauth's scripts must run under it."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator

from editorial.factors import ENROL_FIRST, INCORRECT_CODE
from tests.browser import AXE, CHROMIUM, CHROMIUM_ARGS, axe_problems, need_chromium
from tests.editorial.test_second_factors import PASSWORD, totp_code, wrong_code
from tests.factories import editor_user

pytestmark = [
    pytest.mark.slow,  # Chromium through Playwright
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


@pytest.fixture
def required(settings):
    settings.EDITORIAL_REQUIRE_MFA = True
    settings.EDITORIAL_WEBAUTHN_RP_ID = "localhost"  # live_server's host


@pytest.fixture
def page(monkeypatch):
    sync_api = need_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM beside Playwright's loop
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(path=str(AXE))  # axe-core beside the site's own scripts
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.problems = []
        # Scripts refused (the Content-Security-Policy) or failing, and files not found.
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and page.problems.append(message.text)
            ),
        )
        page.on(
            "response",
            lambda response: response.status == 404 and page.problems.append(f"404 {response.url}"),
        )
        yield page
        context.close()
        browser.close()


def sign_in_with_password(page, base: str, user, next_url: str = "/admin/") -> None:
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()


def confirm_password(page) -> None:
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def sign_out(page, base: str) -> None:
    page.goto(f"{base}/accounts/logout/")
    page.locator("main").get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{base}/")


def fresh_code(secret: str) -> str:
    """The current code, not within two seconds of the end of its 30-second window."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return totp_code(secret)


def test_an_editor_without_a_factor_cannot_reach_the_admin(live_server, page, required):
    editor = editor_user()
    sign_in_with_password(page, live_server.url, editor)
    page.wait_for_url(f"{live_server.url}/accounts/2fa/")
    assert ENROL_FIRST in page.locator("main").inner_text()
    assert axe_problems(page, "second factors, none yet") == []
    for url in ["/admin/", "/admin/editorial/user/", "/write/"]:
        page.goto(f"{live_server.url}{url}")
        assert page.url == f"{live_server.url}/accounts/2fa/", url
    assert page.problems == []


def test_a_passkey_is_added_and_signs_in_alone(live_server, page, required, settings):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    editor = editor_user()
    sign_in_with_password(page, live_server.url, editor)
    page.wait_for_url(f"{live_server.url}/accounts/2fa/")
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    confirm_password(page)
    page.wait_for_url(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    passkey = Authenticator.objects.get(user=editor, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().is_passwordless
    credentials = cdp.send(
        "WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]}
    )["credentials"]
    assert [credential["rpId"] for credential in credentials] == ["localhost"]
    page.goto(f"{live_server.url}/admin/")
    assert page.url == f"{live_server.url}/admin/"

    sign_out(page, live_server.url)
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.get_by_role("button", name="Log in with a passkey").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", level=1).first.inner_text()
    assert page.problems == []

    # The same passkey, asked for by a site calling itself another relying party: the
    # authenticator holds none for it, the browser gives nothing, nobody is signed in.
    sign_out(page, live_server.url)
    settings.EDITORIAL_WEBAUTHN_RP_ID = "example.org"
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.get_by_role("button", name="Log in with a passkey").click()
    page.wait_for_timeout(1500)
    assert page.url == f"{live_server.url}/accounts/login/?next=/admin/"
    page.goto(f"{live_server.url}/admin/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")


def test_an_authenticator_app_enrols_and_signs_in(live_server, page, required):
    editor = editor_user()
    sign_in_with_password(page, live_server.url, editor)
    page.wait_for_url(f"{live_server.url}/accounts/2fa/")
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    confirm_password(page)
    page.wait_for_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    problems = axe_problems(page, "activate an authenticator app")
    page.get_by_label("Authenticator code").fill(fresh_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(lambda url: "/totp/activate/" not in url)
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()

    sign_out(page, live_server.url)
    sign_in_with_password(page, live_server.url, editor)
    page.wait_for_url(f"{live_server.url}/accounts/2fa/authenticate/")
    problems += axe_problems(page, "enter a code")
    page.get_by_label("Code").fill(wrong_code(secret))
    page.get_by_role("button", name="Sign In").first.click()
    page.wait_for_load_state()
    assert INCORRECT_CODE in page.locator("main").inner_text()
    problems += axe_problems(page, "a code refused")
    page.get_by_label("Code").fill(fresh_code(secret))
    page.get_by_role("button", name="Sign In").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/accounts/2fa/")
    problems += axe_problems(page, "second factors")
    assert problems == []
    assert page.problems == []
