"""An author, in real Chromium, from logging in to submitting, checking the preview on the way.

Uses Debian's chromium (/usr/bin/chromium), never a downloaded browser. Without it the test is
skipped with a message saying how to install it; CI (.ci/run) installs it and always runs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip(
        f"No Chromium at {CHROMIUM}: install it with `apt-get install chromium` to run the "
        "browser test (CI's .ci/run installs it).",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")

from articles.authoring_views import DRAFT_SAVED, STEP_DONE  # noqa: E402
from articles.models import Article  # noqa: E402
from editorial.workflow import ReviewState, Step  # noqa: E402
from tests.factories import ReferenceFactory, author_user  # noqa: E402

pytestmark = [
    pytest.mark.slow,  # Chromium through Playwright
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def page():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(  # script errors and CSP refusals; failed loads are checked by status below
            "console",
            lambda message: (
                message.type == "error"
                and not message.text.startswith("Failed to load resource")
                and errors.append(message.text)
            ),
        )
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and not response.url.endswith("/favicon.ico")
                and errors.append(f"{response.status} {response.url}")
            ),
        )
        page.errors = errors
        yield page
        context.close()
        browser.close()


def test_author_logs_in_writes_previews_and_submits(live_server, page):
    expect = sync_api.expect
    author_user(username="writer", password="a-long-passphrase")
    reference = ReferenceFactory(
        key="aap2021", title="Screening for anxiety in children", doi="10.1542/peds.2021-1"
    )

    page.goto(f"{live_server.url}/write/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/write/")
    page.get_by_label("Username").fill("writer")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", name="My articles", level=1)).to_be_visible()

    page.get_by_role("link", name="Write a new article").click()
    page.get_by_label("Question").fill("When should clinicians screen children for anxiety?")
    page.get_by_label("Text (Markdown)").first.fill("Screen from age 8 [@aap2021].")
    # JavaScript enhances the form (no inline script: the page's own file only).
    expect(page.get_by_role("button", name="Add a section")).to_be_visible()

    page.get_by_label("Search the library").fill("10.1542/PEDS.2021-1")
    page.get_by_role("button", name="Search the library").click()
    # Nothing was saved and nothing typed was lost.
    expect(page.get_by_label("Question")).to_have_value(
        "When should clinicians screen children for anxiety?"
    )
    assert Article.objects.count() == 0
    page.get_by_label(reference.title, exact=False).check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(DRAFT_SAVED)).to_be_visible()
    article = Article.objects.get()

    page.get_by_role("link", name="Preview").first.click()
    expect(page.get_by_text("Preview, not approved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "When should clinicians screen children for anxiety?"
    )
    citation = page.locator("sup.citation a")
    expect(citation).to_have_text("1")
    expect(page.locator("#ref-1")).to_contain_text("Screening for anxiety in children")
    citation.click()
    expect(page).to_have_url(f"{live_server.url}/write/{article.pk}/preview/#ref-1")

    page.get_by_role("link", name="Back to the text").click()
    page.get_by_role("link", name="submit it for review").click()
    page.get_by_label("Note to the board (optional)").fill("First draft, ready.")
    page.get_by_role("button", name=Step.SUBMIT.label).click()
    expect(page.get_by_text(STEP_DONE.format(label=Step.SUBMIT.label))).to_be_visible()
    expect(page.locator(".state")).to_have_text(ReviewState.SUBMITTED.label)

    article.refresh_from_db()
    assert article.status == ReviewState.SUBMITTED
    assert article.latest_revision().note == "First draft, ready."
    assert page.errors == []


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the ORM calls around it are
    ours, so Django's async-safety check is lifted for these tests only."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
