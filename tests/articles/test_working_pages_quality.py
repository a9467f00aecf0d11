"""The working screens at the standard of the public pages: every authoring page and every
customised admin page, signed in as the role that uses it, in the states that show their extra
panels (board feedback, changes requested, form errors, a conflict, an import preview).

On each: no error from the Nu HTML Checker, no serious or critical axe-core violation, and no
sideways scrolling at 360 and 1280 px. One browser for the module walks each role's
pages at both widths. The pages come from the demo content (``load_demo``), which has an
article in every state, and the states it lacks are made on the way (``Visit.before``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from articles.demo import content
from articles.models import Article, Topic
from articles.services import article_update
from editorial.models import (
    DecisionLetterTemplate,
    EditorialPolicy,
    ReviewInvitation,
    ReviewState,
    User,
)
from editorial.reviews import invitation_accept
from references import tasks
from references.models import Reference, ReferenceImport
from references.parsers import ParsedEntry
from references.tasks import reference_import_confirm, reference_import_queue
from tests.articles.authoring_helpers import editor_data
from tests.browser import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    WIDTHS,
    axe_problems,
    axe_start,
    browser_post,
    need_chromium,
    need_nu,
    nu_errors,
    session_cookie,
)

pytestmark = pytest.mark.slow  # walks every working page in Chromium and the Nu checker (java)

RIS = """\
TY  - JOUR
AU  - Raman, Priya
AU  - Okafor, Daniel
TI  - Attachment security in adult primary care: an observational study
T2  - Journal of Attachment Research
PY  - 2023
VL  - 12
IS  - 3
SP  - 101
EP  - 118
DO  - 10.1000/jar.2023.0101
ER  -
TY  - JOUR
TI  - Accentuating the positive in adult attachments.
T2  - Attachment & human development
PY  - 2007
ER  -
TY  - JOUR
AU  - Nobody, A
ER  -
"""


@dataclass(frozen=True)
class Visit:
    """One page as one role sees it: a GET, or a POST from the page (``post``)."""

    name: str
    path: str
    post: dict[str, Any] | None = None
    status: int = 200
    before: Callable[[], Any] | None = field(default=None, compare=False)
    check: Callable[[Any, str], list[str]] | None = field(default=None, compare=False)


def load_demo() -> None:
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())


def _in(state: str) -> Article:
    return Article.objects.get(status=state)


def _admin(name: str, *args: Any) -> str:
    return reverse(f"admin:{name}", args=args)


def reference_imports() -> list[Visit]:
    """The author's reference imports in each state: waiting for the worker, its preview (and a
    choice refused), refused by the worker, saved; and the list of them."""
    author = User.objects.get(username="author")

    def queued(text: str) -> ReferenceImport:
        return reference_import_queue(by=author, data=text.encode(), pasted=True)

    waiting, ready, refused, done = queued(RIS), queued(RIS), queued("no references"), queued(RIS)
    for job in (ready, refused, done):
        tasks.reference_import_preview.call(job_id=job.pk)
    done.refresh_from_db()
    entry = ParsedEntry.from_dict({**done.preview["entries"][0], "kind": "observational"})
    reference_import_confirm(job=done, entries=[entry])
    tasks.reference_import_save.call(job_id=done.pk)
    return [
        Visit("import waiting for the worker", waiting.get_absolute_url()),
        Visit("import preview", ready.get_absolute_url()),
        Visit("import preview, a choice refused", ready.get_absolute_url(), post={"selected": "1"}),
        Visit("import refused by the worker", refused.get_absolute_url()),
        Visit("import saved", done.get_absolute_url()),
        Visit("the author's imports", reverse("references:imports")),
    ]


def admin_reference_imports() -> list[Visit]:
    """The editor's reference import in the admin: waiting for the worker, and its preview."""
    editor = User.objects.get(username="editor")
    waiting, ready = (
        reference_import_queue(by=editor, data=RIS.encode(), pasted=True) for _ in range(2)
    )
    tasks.reference_import_preview.call(job_id=ready.pk)
    progress = "references_reference_import_progress"
    return [
        Visit("import waiting for the worker", _admin(progress, waiting.pk)),
        Visit("import preview", _admin(progress, ready.pk)),
    ]


def authors_pages() -> list[Visit]:
    draft, submitted = _in(ReviewState.DRAFT), _in(ReviewState.SUBMITTED)
    changes = _in(ReviewState.CHANGES_REQUESTED)
    updating = _in(ReviewState.UNDER_REVIEW)
    seed = Article.objects.get(slug=content.SEED_SLUG)
    new_article = {
        "title": "",
        "slug": "",
        "version": "",
        "reference_query": "",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "30",
        "sections-0-heading": "From the Guidelines",
        "sections-0-body": "",
        "sections-0-ORDER": "1",
        "save": "1",
    }
    return [
        Visit("dashboard", "/write/"),
        Visit("new", "/write/new/"),
        Visit("new, with errors", "/write/new/", post=new_article),
        Visit("edit a draft", f"/write/{draft.pk}/edit/"),
        Visit("edit after changes were requested", f"/write/{changes.pk}/edit/"),
        Visit("edit while submitted (locked)", f"/write/{submitted.pk}/edit/"),
        Visit(
            "edit, searching the library",
            f"/write/{draft.pk}/edit/",
            post=editor_data(draft, extra={"search": "1", "reference_query": "attachment"}),
        ),
        Visit(
            "edit, a new reference refused",
            f"/write/{draft.pk}/edit/",
            post=editor_data(
                draft,
                new_reference={"key": "Not a key!", "kind": "research", "title": "A work"},
            ),
        ),
        Visit(
            "edit, someone saved meanwhile",
            f"/write/{draft.pk}/edit/",
            post=editor_data(draft, title="Mine?"),
            status=409,
            before=lambda: article_update(article=draft, by=draft.author, title="Theirs?"),
        ),
        Visit("preview", f"/write/{draft.pk}/preview/"),
        Visit("preview of a published article", f"/write/{seed.pk}/preview/"),
        Visit("what changed", f"/write/{updating.pk}/changes/"),
        Visit("submit (blocked)", f"/write/{draft.pk}/submit/"),
        Visit("submit refused", f"/write/{draft.pk}/submit/", post={"comment": ""}, status=409),
        Visit("resubmit", f"/write/{changes.pk}/resubmit/"),
        Visit("withdraw", f"/write/{submitted.pk}/withdraw/"),
        Visit("start a new revision", f"/write/{seed.pk}/revise/"),
        Visit("import", "/references/import/"),
        Visit(
            "import refused at the upload", "/references/import/", post={"text": "", "format": ""}
        ),
        *reference_imports(),
        Visit("change password", "/accounts/password/change/"),
    ]


def review_screen_layout(page: Any, name: str) -> list[str]:
    """The revision under review beside the form on a wide screen, above it on a narrow one."""
    width = page.viewport_size["width"]
    revision = page.locator(".review-screen__revision").bounding_box()
    form = page.locator(".review-screen__form").bounding_box()
    if width >= 1024:
        beside = (
            form["x"] >= revision["x"] + revision["width"] and abs(form["y"] - revision["y"]) < 2
        )
        return [] if beside else [f"{name}@{width}: the form is not beside the revision"]
    above = form["y"] >= revision["y"] + revision["height"]
    return [] if above else [f"{name}@{width}: the revision is not above the form"]


def _invitation(username: str) -> ReviewInvitation:
    return ReviewInvitation.objects.pending().get(reviewer__user__username=username)


def board_members_pages() -> dict[str, list[Visit]]:
    updating = _in(ReviewState.UNDER_REVIEW)
    mine, theirs = _invitation("reviewer"), _invitation("reviewer2")

    def accept() -> None:
        invitation_accept(invitation=theirs, by=theirs.reviewer.user)

    queue = "editorial_awaitingmyreview"
    return {
        "reviewer": [
            Visit("admin home", _admin("index")),
            Visit("awaiting my review", _admin(f"{queue}_changelist")),
            Visit("an invitation, ready to review", _admin(f"{queue}_change", mine.pk)),
            Visit(
                "the review form", _admin(f"{queue}_review", mine.pk), check=review_screen_layout
            ),
            Visit("the review form, with errors", _admin(f"{queue}_review", mine.pk), post={}),
            Visit("the article in review", _admin("articles_article_change", updating.pk)),
            Visit("what changed", _admin("articles_article_compare", updating.pk)),
            Visit("timeline", _admin("articles_article_timeline", updating.pk)),
            Visit("citation checks", _admin("articles_article_citations", updating.pk)),
            Visit("comments on passages", _admin("articles_article_comments", updating.pk)),
        ],
        "reviewer2": [
            Visit("an invitation to answer", _admin(f"{queue}_change", theirs.pk)),
            Visit(
                "an invitation, conflict of interest to declare",
                _admin(f"{queue}_change", theirs.pk),
                before=accept,
            ),
        ],
    }


def editors_pages() -> list[Visit]:
    submitted, updating = _in(ReviewState.SUBMITTED), _in(ReviewState.UNDER_REVIEW)
    changes = _in(ReviewState.CHANGES_REQUESTED)
    seed = Article.objects.get(slug=content.SEED_SLUG)
    reference = Reference.objects.get(key=content.REFERENCES[0]["key"])
    invitation = _invitation("reviewer")
    letter = DecisionLetterTemplate.objects.order_by("pk").first()
    topic = Topic.objects.order_by("pk").first()
    policy = EditorialPolicy.objects.order_by("-version").first()
    return [
        Visit("admin home", _admin("index")),
        Visit("articles", _admin("articles_article_changelist")),
        Visit("a submitted article", _admin("articles_article_change", submitted.pk)),
        Visit("an article in review", _admin("articles_article_change", updating.pk)),
        Visit("an article sent back", _admin("articles_article_change", changes.pk)),
        Visit("a published article", _admin("articles_article_change", seed.pk)),
        Visit("timeline", _admin("articles_article_timeline", seed.pk)),
        Visit("comments on passages, resolved", _admin("articles_article_comments", seed.pk)),
        Visit("comments on passages, to comment", _admin("articles_article_comments", updating.pk)),
        Visit("comments on passages, sent back", _admin("articles_article_comments", changes.pk)),
        Visit("what changed", _admin("articles_article_compare", updating.pk)),
        Visit("citation checks", _admin("articles_article_citations", seed.pk)),
        Visit("a revision", _admin("articles_articlerevision_change", seed.live_revision_id)),
        Visit("a topic", _admin("articles_topic_change", topic.pk)),
        Visit("invitations", _admin("editorial_reviewinvitation_changelist")),
        Visit("an invitation", _admin("editorial_reviewinvitation_change", invitation.pk)),
        Visit("references", _admin("references_reference_changelist")),
        Visit("a reference", _admin("references_reference_change", reference.pk)),
        Visit("import references", _admin("references_reference_import")),
        Visit(
            "import refused at the upload",
            _admin("references_reference_import"),
            post={"text": "", "format": ""},
        ),
        *admin_reference_imports(),
        Visit("merge", _admin("references_reference_merge", reference.pk)),
        Visit("merge refused", _admin("references_reference_merge", reference.pk), post={}),
        Visit("retractions", _admin("references_retraction_changelist")),
        Visit("import retractions", _admin("references_retraction_import")),
        Visit("policy versions", _admin("editorial_editorialpolicy_changelist")),
        Visit("a policy version", _admin("editorial_editorialpolicy_change", policy.pk)),
        Visit("new policy version", _admin("editorial_editorialpolicy_add")),
        Visit("a decision letter", _admin("editorial_decisionlettertemplate_change", letter.pk)),
        Visit("board members", _admin("editorial_boardmember_changelist")),
        Visit("workflow transitions", _admin("editorial_transitionlog_changelist")),
        Visit("the board's numbers", _admin("articles_article_numbers")),
        Visit("the board's numbers, five years", _admin("articles_article_numbers") + "?months=60"),
    ]


def translators_pages() -> list[Visit]:
    """The translator's pages: what to translate, and the exchange with an agency (XLIFF)."""
    seed = Article.objects.get(slug=content.SEED_SLUG)
    exchange = reverse("authoring:translate", args=[seed.pk])
    return [
        Visit("translations", reverse("authoring:translations")),
        Visit("exchange with an agency", exchange),
        Visit("exchange, no file chosen", exchange, post={"language": "es"}, status=400),
    ]


def account_pages() -> list[Visit]:
    """The pages before signing in."""
    return [
        Visit("log in", "/accounts/login/"),
        Visit(
            "log in, refused",
            "/accounts/login/",
            post={"login": "author", "password": "not the password"},
        ),
        Visit("forgotten password", "/accounts/password/reset/"),
    ]


ANONYMOUS = ""


def all_pages() -> dict[str, list[Visit]]:
    return {
        ANONYMOUS: account_pages(),
        "author": authors_pages(),
        **board_members_pages(),
        "editor": editors_pages(),
        "translator": translators_pages(),
    }


# --------------------------------------------------------------------------------------------
# Validity: the Nu HTML Checker on every page, in one run
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_nu_html_checker_reports_no_error_on_the_working_pages(tmp_path):
    need_nu()
    load_demo()
    files, statuses = [], []
    for username, visits in all_pages().items():
        client = Client()
        if username != ANONYMOUS:
            client.force_login(User.objects.get(username=username))
        for number, visit in enumerate(visits):
            if visit.before:
                visit.before()
            if visit.post is None:
                response = client.get(visit.path)
            else:
                response = client.post(visit.path, visit.post)
            if response.status_code != visit.status:
                statuses.append(f"{username}: {visit.name}: {response.status_code}")
            file = tmp_path / f"{username}-{number:02d}.html"
            file.write_bytes(response.content)
            files.append(file)
    assert not statuses, statuses
    errors = nu_errors(files)
    assert not errors, "\n".join(errors)


# --------------------------------------------------------------------------------------------
# Accessibility and layout: axe-core in Chromium, at a phone's width and a desktop's
# --------------------------------------------------------------------------------------------


def walk(chromium, live_server, pages: dict[str, list[Visit]]) -> list[str]:
    """Each role's pages at each width: axe's serious violations, sideways scrolling, and any
    unexpected status (a failed page or resource)."""
    problems: list[str] = []

    def failed(response: Any) -> None:  # a stylesheet, script or image that did not load
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} {response.url}")

    for username, visits in pages.items():
        cookies = (
            [session_cookie(User.objects.get(username=username), live_server.url)]
            if username != ANONYMOUS
            else []
        )
        contexts = []
        for width in WIDTHS:
            # bypass_csp only lets the test inject axe; the pages' CSP is tested elsewhere.
            context = chromium.new_context(
                viewport={"width": width, "height": 800}, bypass_csp=True
            )
            context.add_cookies(cookies)
            context.add_init_script(path=str(AXE))
            page = context.new_page()
            page.on("response", failed)
            contexts.append((context, page))
        for visit in visits:
            if visit.before:
                visit.before()
            name = f"{username or 'anonymous'}: {visit.name}"
            for _, page in contexts:
                status = page.goto(f"{live_server.url}{visit.path}").status
                if visit.post is not None:
                    status = browser_post(page, f"{live_server.url}{visit.path}", visit.post)
                if status != visit.status:
                    problems.append(f"{name}: status {status}")
                axe_start(page)  # both widths at once
            for _, page in contexts:
                problems += axe_problems(page, name)
                if visit.check:
                    problems += visit.check(page, name)
        for context, _ in contexts:
            context.close()
    return problems


@pytest.mark.django_db(transaction=True)
def test_the_working_pages_are_accessible_at_every_width(live_server):
    """One browser for the module: the demo's authors, board members and editor, in turn."""
    sync_api = need_chromium()
    load_demo()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            problems = walk(chromium, live_server, all_pages())
        finally:
            chromium.close()
    assert not problems, "\n".join(problems)


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the ORM calls around it are
    ours, so Django's async-safety check is lifted for these tests only."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
