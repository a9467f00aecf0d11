"""The API's documentation page in Chromium, under the site's Content-Security-Policy: Swagger
UI renders every operation of the schema, asks nothing of another host, and the policy refuses
nothing on it."""

from __future__ import annotations

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, need_chromium

OPERATIONS = 9  # api/urls.py, but the schema and this page


@pytest.mark.slow  # Chromium
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_every_operation_under_the_sites_policy(live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM beside Playwright's loop
    sync_api = need_chromium()
    requested, refused = [], []
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = chromium.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.on(
                "console",
                lambda message: refused.append(message.text) if message.type == "error" else None,
            )
            page.goto(f"{live_server.url}/api/v1/docs/")
            page.wait_for_selector(".opblock", timeout=20_000)
            operations = page.locator(".opblock").count()
            title = page.locator(".info .title").inner_text()
        finally:
            chromium.close()
    assert operations == OPERATIONS
    assert "editorial read API" in title
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requested), [
        url for url in requested if not url.startswith(live_server.url)
    ]
    assert refused == []
