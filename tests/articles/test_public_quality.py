"""Accessibility (axe-core in real Chromium) and HTML validity (the Nu HTML Checker) of the
public pages: home, search, article, board, policy and topic, in English and in Spanish.

They need Chromium (/usr/bin/chromium), Java and the npm packages of package.json
(``npm ci``); without them they skip and say how to install them. .ci/run installs them.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from articles.models import Article, ArticleRevision, Topic
from articles.publication import publication_record_refresh
from editorial.models import ROLE_GROUPS
from editorial.policy import policy_publish
from tests.articles.translation_helpers import approve, translation_into
from tests.browser import AXE, CHROMIUM, CHROMIUM_ARGS, NPM_HINT, VNU, need
from tests.factories import article_in_state

pytestmark = pytest.mark.slow  # Chromium, axe-core and the Nu checker (java)


def _public_content() -> dict[str, str]:
    """An approved article with a topic, a reviewer with a bio, and the policy in force."""
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)
    seed = importlib.import_module("editorial.migrations.0008_seed_editorial_policy")
    editor_article = article_in_state("approved")
    if not policy_publish_exists():
        policy_publish(body=seed.BODY, disclaimer=seed.DISCLAIMER, by=editor_article.author)
    Topic.objects.create(name="Attachment", slug="attachment").articles.add(editor_article)
    member = editor_article.live_revision.approved_by.board_member
    member.bio = "Twenty years of practice in child and adolescent psychiatry."
    member.save()
    # A reference with an evidence label and authors. (A revision is immutable through the
    # model; the test reshapes its snapshot directly.)
    revision = editor_article.live_revision
    ArticleRevision.objects.filter(pk=revision.pk).update(
        references=[
            {**work, "kind": "observational", "authors": "Raman P; Okafor D"}
            for work in revision.references
        ]
    )
    publication_record_refresh(Article.objects.get(pk=editor_article.pk))  # built from it
    # Its Spanish translation, approved: the article's page, the home and the topic in Spanish
    # show it, and both versions' pages the language switcher.
    spanish = approve(translation_into(Article.objects.get(pk=editor_article.pk)))
    english = {
        "home": "/",
        "search": "/search/?q=clinical",
        "article": editor_article.get_absolute_url(),
        "board": "/board/",
        "policy": "/editorial-policy/",
        "topic": "/topics/attachment/",
    }
    # The same pages in Spanish (their words from the catalogue, lang="es"); the article's is
    # its translation's.
    in_spanish = {f"es-{name}": f"/es{path}" for name, path in english.items()}
    return {**english, **in_spanish, "es-article": spanish.get_absolute_url()}


def policy_publish_exists() -> bool:
    from editorial.models import EditorialPolicy

    return EditorialPolicy.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_axe_finds_no_serious_or_critical_violation(live_server):
    need(Path(CHROMIUM).exists(), "Chromium is missing: apt-get install chromium")
    need(AXE.exists(), f"axe-core is missing: {NPM_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        need(False, "Playwright for Python is missing: pip install -e '.[dev]'")
    pages = _public_content()
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width in (360, 1280):
                # bypass_csp only lets the test inject axe; the pages' own CSP is tested elsewhere.
                context = browser.new_context(
                    viewport={"width": width, "height": 800}, bypass_csp=True
                )
                page = context.new_page()
                errors: list[str] = []
                page.on(
                    "response",
                    lambda r, errors=errors: (
                        r.status >= 400
                        and not r.url.endswith("/favicon.ico")
                        and errors.append(f"{r.status} {r.url}")
                    ),
                )
                for name, path in pages.items():
                    page.goto(f"{live_server.url}{path}")
                    page.add_script_tag(path=str(AXE))
                    result = page.evaluate("async () => await axe.run(document)")
                    for violation in result["violations"]:
                        if violation["impact"] in ("serious", "critical"):
                            targets = [node["target"] for node in violation["nodes"]][:3]
                            problems.append(f"{name}@{width}: {violation['id']} {targets}")
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - window.innerWidth"
                    )
                    if overflow > 0:
                        problems.append(f"{name}@{width}: scrolls sideways by {overflow}px")
                    if name == "article":
                        problems += [f"article@{width}: {p}" for p in _reading_problems(page)]
                assert not errors, errors
                context.close()
        finally:
            browser.close()
    assert not problems, "\n".join(problems)


def _reading_problems(page) -> list[str]:
    """What the axe rules cannot see: a reference's evidence label reads apart from its
    authors (on a line of its own), and "Cite this page" is never split across printed pages."""
    problems = []
    label, authors = (
        page.locator(".reference__evidence").first,
        page.locator(".reference__authors").first,
    )
    if label.inner_text() != "Observational study":
        problems.append(f"the evidence label reads {label.inner_text()!r}")
    label_box, authors_box = label.bounding_box(), authors.bounding_box()
    if authors_box["y"] < label_box["y"] + label_box["height"] - 1:
        problems.append("the authors run on from the evidence label, on the same line")
    page.emulate_media(media="print")
    try:
        breaks = page.evaluate("getComputedStyle(document.querySelector('.cite')).breakInside")
    finally:
        page.emulate_media(media="screen")
    if breaks != "avoid":
        problems.append(f"'Cite this page' may split across printed pages (break-inside: {breaks})")
    return problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_load_under_their_content_security_policy(live_server):
    """In a real browser with CSP enforced: no blocked script, style or resource."""
    need(Path(CHROMIUM).exists(), "Chromium is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    pages = _public_content()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            messages: list[str] = []
            page.on("console", lambda m: messages.append(m.text))
            for path in pages.values():
                page.goto(f"{live_server.url}{path}")
            violations = [m for m in messages if "Content Security Policy" in m]
            assert not violations, violations
            assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # CSS loaded
        finally:
            browser.close()


@pytest.mark.django_db
def test_nu_html_checker_reports_no_error(client, tmp_path):
    need(shutil.which("java") is not None, "Java is missing: apt-get install default-jre-headless")
    need(VNU.exists(), f"vnu-jar is missing: {NPM_HINT}")
    files = []
    for name, path in _public_content().items():
        response = client.get(path)
        assert response.status_code == 200, name
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(str(file))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not errors, "\n".join(errors)


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the ORM calls around it are
    ours, so Django's async-safety check is lifted for these tests only."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
