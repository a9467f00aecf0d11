"""An author, in real Chromium, pastes references and follows the import while the worker reads
and saves it: the page updates itself (static/js/import-progress.js) without reloading, from
waiting to the preview and from saving to what was saved. Uses Debian's chromium
(/usr/bin/chromium), never a downloaded browser."""

from __future__ import annotations

import pytest

from references.models import Reference
from tests.browser import CHROMIUM, CHROMIUM_ARGS, need_chromium, session_cookie
from tests.factories import author_user
from tests.tasks import run_queued_tasks

pytestmark = [
    pytest.mark.slow,  # Chromium through Playwright
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RIS = (
    "TY  - JOUR\nTI  - Early mobilisation after stroke\nJO  - Lancet\nPY  - 2015\n"
    "AU  - Bernhardt, Julie\nM3  - Randomized Controlled Trial\nER  - \n\n"
    "TY  - JOUR\nTI  - A cohort of adults\nJO  - BMJ\nPY  - 2020\nAU  - Smith, Anna\nER  - \n"
)


def test_the_import_s_page_follows_the_worker_without_reloading(live_server):
    sync_api = need_chromium()
    expect = sync_api.expect
    author = author_user()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.add_cookies([session_cookie(author, live_server.url)])
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{live_server.url}/references/import/")
            page.get_by_label("Or paste the references").fill(RIS)
            page.get_by_role("button", name="Preview").click()

            status = page.locator(".import-state")
            expect(status).to_contain_text("Waiting for the worker to read the file")
            expect(page.get_by_role("link", name="Show the latest progress")).to_be_hidden()
            page.evaluate("window.notReloaded = true")
            run_queued_tasks()  # the worker reads the file
            expect(status).to_contain_text("Preview ready", timeout=10_000)
            expect(page.get_by_text("Entries checked: 2 of 2")).to_be_visible()
            assert page.evaluate("window.notReloaded") is True

            page.locator("select[name=kind_2]").select_option("observational")
            page.get_by_role("button", name="Import the chosen entries").click()
            expect(status).to_contain_text("Waiting for the worker to save")
            page.evaluate("window.notReloaded = true")
            run_queued_tasks()  # the worker saves the chosen entries
            expect(page.get_by_text("Imported: 2 new, 0 already in the library.")).to_be_visible(
                timeout=10_000
            )
            assert page.evaluate("window.notReloaded") is True
            assert errors == []
        finally:
            browser.close()
    assert Reference.objects.count() == 2


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the ORM calls around it are
    ours, so Django's async-safety check is lifted for these tests only."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
