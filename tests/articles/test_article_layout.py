"""Issue 21, item 7: the article page answers first. The first paragraph of the answer starts
within the first screen at 1280x800 and 360x740, with every element the seed shows above it
(the seed page tests check those); a byline; one line for "updated" versus "reviewed"; a review
status tracker on one row on a phone.

The demo's seed article is the page measured, as `make run` shows it, with its periodic review
overdue (the longest header the page has: the notice says so)."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from articles.demo import content
from articles.models import Article
from editorial.workflow import article_transition
from tests.browser import CHROMIUM, CHROMIUM_ARGS, axe_problems, need_chromium
from tests.factories import ArticleFactory, author_user, board_reviews
from tests.html import parse, visible_text

SCREENS = ((1280, 800), (360, 740))
SEED_URL = f"/articles/{content.SEED_SLUG}/"

MEASURE = """() => {
  const top = (selector) => document.querySelector(selector).getBoundingClientRect().top;
  const first = document.querySelector('.article__section p, .article__section li');
  const steps = [...document.querySelectorAll('.tracker__step')];
  return {
    first: first.getBoundingClientRect().top,
    line: parseFloat(getComputedStyle(first).lineHeight),
    stepTops: steps.map(s => Math.round(s.getBoundingClientRect().top)),
    stepsCut: steps.filter(s => s.scrollWidth > s.clientWidth).map(s => s.textContent.trim()),
    byline: top('.article__byline'),
    promise: top('.board-promise'),
    notice: document.querySelector('.review-record .notice') !== null,
  };
}"""


def load_demo() -> None:
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())


@pytest.mark.slow  # Chromium
@pytest.mark.django_db(transaction=True)
def test_the_answer_starts_within_the_first_screen(live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM beside Playwright's loop
    sync_api = need_chromium()
    load_demo()
    problems = []
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width, height in SCREENS:
                page = chromium.new_page(
                    viewport={"width": width, "height": height}, bypass_csp=True
                )
                page.goto(f"{live_server.url}{SEED_URL}")
                got = page.evaluate(MEASURE)
                screen = f"{width}x{height}"
                assert got["notice"], "the demo's seed article is overdue for its review"
                # at least two lines of the answer on the first screen
                if got["first"] + 2 * got["line"] > height:
                    problems.append(f"{screen}: the answer starts at {got['first']:.0f}px")
                if len(set(got["stepTops"])) != 1:
                    problems.append(f"{screen}: the tracker wraps: {got['stepTops']}")
                if got["stepsCut"]:
                    problems.append(f"{screen}: tracker steps cut: {got['stepsCut']}")
                if not got["byline"] < got["promise"]:
                    problems.append(f"{screen}: the byline is not under the title")
                problems += axe_problems(page, screen)
                page.close()
        finally:
            chromium.close()
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_byline_names_the_authors_never_a_login_name(client, editor):
    author = author_user(first_name="Alex", last_name="Morgan")
    article = ArticleFactory(author=author)
    article.coauthors.add(
        author_user(first_name="Sam", last_name="Lee"),
        author_user(username="nameless-login", first_name="", last_name=""),
    )
    with time_machine.travel(datetime(2025, 3, 1, 12, tzinfo=UTC), tick=False):
        article_transition(article=article, action="submit", by=author)
        article_transition(article=article, action="start_review", by=editor)
        board_reviews(article, editor=editor)
        article_transition(article=article, action="approve", by=editor)

    response = client.get(article.get_absolute_url())
    byline = parse(response).find("span", **{"class": "article__byline"})
    assert byline.text() == "By Alex Morgan and Sam Lee"
    assert "nameless-login" not in response.content.decode()


@pytest.mark.django_db
def test_one_line_says_updated_and_reviewed_apart_only_when_they_differ(client):
    load_demo()
    seed = Article.objects.get(slug=content.SEED_SLUG)
    meta = parse(client.get(SEED_URL)).find("p", **{"class": "article__meta"}).text()
    # approved on the day its text last changed: the reviewers' line gives the date once
    assert "Last reviewed" not in meta
    assert seed.last_reviewed_at.date() == seed.live_revision.last_updated.date()
    text = visible_text(client.get(SEED_URL))
    assert f"on {seed.last_reviewed_at:%B} {seed.last_reviewed_at.day}, " in text
