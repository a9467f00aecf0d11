"""A board member, in real Chromium, selects words of the revision under review and comments on
them: the small script fills in the passage, its section and its place, and says so to screen
readers; the comment is saved on that passage; the author, once the decision is sent, answers it
beside the editor. Uses Debian's chromium (/usr/bin/chromium), never a downloaded browser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, Section
from editorial.comments import REPLY_ADDED, comment_added_message
from editorial.models import CommentAudience, PassageComment
from tests.browser import CHROMIUM, CHROMIUM_ARGS, need_chromium, session_cookie
from tests.editorial.steps import invite, step
from tests.factories import ArticleFactory, board_user, editor_user

pytestmark = [
    pytest.mark.slow,  # Chromium through Playwright
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Select the words ``needle`` of the first text node under ``selector`` that holds them, as a
# reader dragging the mouse over them would.
SELECT_WORDS = """([selector, needle]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const at = walker.currentNode.data.indexOf(needle);
    if (at !== -1) {
      const range = document.createRange();
      range.setStart(walker.currentNode, at);
      range.setEnd(walker.currentNode, at + needle.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


@pytest.fixture
def browser_page():
    sync_api = need_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
        yield sync_api, context, page
        context.close()
        browser.close()


def test_selecting_words_fills_the_comment_and_the_author_answers_it(live_server, browser_page):
    sync_api, context, page = browser_page
    expect = sync_api.expect
    editor, reviewer = editor_user(), board_user()
    article = ArticleFactory()
    Section.objects.filter(article=article, position=2).update(
        body="Research agrees. Trials were small, and **trials were short**."
    )
    article = step(step(article, "submit", article.author), "start_review", editor)
    invite(article, editor, reviewer)
    comments_url = reverse("admin:articles_article_comments", args=[article.pk])

    context.add_cookies([session_cookie(reviewer, live_server.url)])
    page.goto(f"{live_server.url}{comments_url}")
    # Words across a citation number: the number is left out, as the server reads the text.
    page.locator('[data-section-index="0"] .passage-text__body p').select_text()
    expect(page.get_by_label("The passage")).to_have_value("Guidance says so.")
    expect(page.locator('[data-section-index="0"]')).to_be_visible()
    assert page.evaluate(SELECT_WORDS, ['[data-section-index="1"]', "small, and "])
    expect(page.get_by_label("The passage")).to_have_value("small, and")
    expect(page.get_by_role("status")).to_contain_text("The passage is filled in")
    expect(page.get_by_label("In the section")).to_have_value("1")
    page.get_by_label("Your comment").fill("How small? Give the numbers.")
    page.get_by_label(CommentAudience.AUTHOR.label).check()
    page.get_by_role("button", name="Save the comment").click()

    comment = PassageComment.objects.get()
    expect(page.get_by_text(comment_added_message(comment))).to_be_visible()
    assert (comment.quote, comment.section_index, comment.offset) == ("small, and", 1, 29)
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("How small?")

    step(Article.objects.get(pk=article.pk), "request_changes", editor)
    context.clear_cookies()
    context.add_cookies([session_cookie(article.author, live_server.url)])
    page.goto(f"{live_server.url}{reverse('authoring:edit', args=[article.pk])}")
    thread = page.locator(f"#comment-{comment.pk}")
    expect(thread).to_contain_text("small, and")
    thread.get_by_label("Your reply").fill("Two trials of 40 patients each; now said.")
    thread.get_by_role("button", name="Reply").click()
    expect(page.get_by_text(REPLY_ADDED)).to_be_visible()
    assert comment.replies.get().author == article.author
    assert page.errors == []


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the ORM calls around it are
    ours, so Django's async-safety check is lifted for these tests only."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
