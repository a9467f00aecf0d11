"""Checking pages as browsers and validators see them: Debian's Chromium driven by Playwright,
axe-core for accessibility and the Nu HTML Checker for validity.

They need Chromium (/usr/bin/chromium), Java and the npm packages of package.json (``npm ci``);
``need`` skips a test with a printed reason when one is missing (CI installs them all, and fails
on a skip). A browser is never downloaded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NPM_HINT = "run `npm ci` in the repository (installs axe-core and vnu-jar from package.json)"
WIDTHS = (360, 1280)
SERIOUS = ("serious", "critical")


def need(condition: bool, reason: str) -> None:
    if not condition:
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)


def need_chromium() -> Any:
    """Playwright's sync API, once Chromium and axe-core are known to be there."""
    need(Path(CHROMIUM).exists(), "Chromium is missing: apt-get install chromium")
    need(AXE.exists(), f"axe-core is missing: {NPM_HINT}")
    try:
        from playwright import sync_api
    except ImportError:  # pragma: no cover
        need(False, "Playwright for Python is missing: pip install -e '.[dev]'")
    return sync_api


def need_nu() -> None:
    need(shutil.which("java") is not None, "Java is missing: apt-get install default-jre-headless")
    need(VNU.exists(), f"vnu-jar is missing: {NPM_HINT}")


def nu_errors(files: list[Path]) -> list[str]:
    """The Nu HTML Checker's errors for these HTML files, one line each (one Java run)."""
    if not files:
        return []
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine')}: {message.get('message')}"
        for message in messages
        if message.get("type") == "error"
    ]


def axe_start(page: Any) -> None:
    """Start axe-core on the page without waiting, so that pages in other tabs (widths) can be
    checked at the same time; ``axe_problems`` collects the result. A context that loads axe
    in every page (``context.add_init_script(path=AXE)``) saves injecting it each time."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    page.evaluate("() => { window.axeResult = axe.run(document, {resultTypes: ['violations']}); }")


def axe_problems(page: Any, name: str) -> list[str]:
    """axe-core's serious and critical violations on the page, and any sideways scrolling."""
    if not page.evaluate("() => 'axeResult' in window"):
        axe_start(page)
    result = page.evaluate("async () => await window.axeResult")
    width = page.viewport_size["width"]
    problems = [
        f"{name}@{width}: {violation['id']} {[node['target'] for node in violation['nodes']][:3]}"
        for violation in result["violations"]
        if violation["impact"] in SERIOUS
    ]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{name}@{width}: scrolls sideways by {overflow}px")
    return problems


def session_cookie(user: Any, url: str) -> dict[str, str]:
    """A signed-in session for ``user``, as a cookie for the browser (no login form needed)."""
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


# Posts a form as the page's own form would: same URL, the page's CSRF token, the given fields.
POST_SCRIPT = """([action, fields]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  const add = (name, value) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  };
  add("csrfmiddlewaretoken", document.querySelector("[name=csrfmiddlewaretoken]").value);
  for (const [name, value] of fields) add(name, value);
  document.body.appendChild(form);
  form.submit();
}"""


def browser_post(page: Any, url: str, data: dict[str, Any]) -> int:
    """Post ``data`` to ``url`` from the page already open there; the response's status."""
    fields = [
        [name, str(item)]
        for name, value in data.items()
        for item in (value if isinstance(value, list | tuple) else [value])
    ]
    with page.expect_navigation() as navigation:
        page.evaluate(POST_SCRIPT, [url, fields])
    return navigation.value.status
