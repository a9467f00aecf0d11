"""Company sign-in in real Chromium (Debian's, through Playwright): the site's button, the
provider's form on its own origin, and back, signed in; and a refused answer, shown with its
reason. The browser holds the site's Content-Security-Policy, whose ``form-action`` must let the
button's form lead to the provider."""

from __future__ import annotations

import pytest

from editorial.company_sign_in.provider import Refusal
from editorial.models import AUTHORS, User
from tests.browser import AXE, CHROMIUM, CHROMIUM_ARGS, axe_problems, need_chromium
from tests.oidc import Company

pytestmark = [
    pytest.mark.slow,  # Chromium through Playwright
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def page(monkeypatch):
    sync_api = need_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM beside Playwright's loop
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        # axe in every page, without lifting the pages' CSP (which this test is about).
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.csp_errors = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and page.csp_errors.append(message.text)
            ),
        )
        yield page
        context.close()
        browser.close()


def sign_in_at_the_provider(page, company: Company, username: str) -> None:
    page.get_by_role("button", name="Sign in with Company sign-in").click()
    page.wait_for_url(f"{company.provider.issuer}/authorize?*")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(company.passwords[username])
    page.get_by_role("button", name="Sign in").click()


def test_a_person_signs_in_through_the_company_in_a_browser(live_server, page, company_sign_in):
    company_sign_in.add_user("robin.writer", groups=["cms-authors"], name="Robin Writer")
    page.goto(f"{live_server.url}/accounts/login/")
    assert axe_problems(page, "login with company sign-in") == []
    sign_in_at_the_provider(page, company_sign_in, "robin.writer")
    page.wait_for_url(f"{live_server.url}/write/")
    assert page.csp_errors == []
    user = User.objects.get(username="robin.writer")
    assert set(user.groups.values_list("name", flat=True)) == {AUTHORS}


def test_a_refused_answer_is_shown_with_its_reason(live_server, page, company_sign_in):
    company_sign_in.add_user("eve", groups=["cms-editors"])
    company_sign_in.misbehave("nonce")
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in_at_the_provider(page, company_sign_in, "eve")
    page.wait_for_url(f"{live_server.url}/accounts/oidc/company/login/callback/?*")
    assert page.get_by_role("alert").inner_text() == Refusal.NONCE.value
    assert page.get_by_role("heading", level=1).inner_text() == "Company sign-in refused"
    assert axe_problems(page, "company sign-in refused") == []
    assert not User.objects.filter(username="eve").exists()
