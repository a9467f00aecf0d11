"""The authors' pages under /write/: dashboard, write, preview, what changed, workflow steps.

Each view fetches through ``articles_of(user)`` (another author's article is a 404), validates
a form and calls one service: ``article_create``/``article_update`` for the text, or
``article_transition`` for a step.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.authoring import (
    articles_of,
    author_steps,
    dashboard_articles,
    dashboard_rows,
    latest_feedback,
    what_changed,
)
from articles.forms import ArticleEditor, StepForm
from articles.models import Article
from articles.services import ArticleChanged, article_create, article_update
from articles.translations import (
    languages_to_translate,
    originals_to_translate,
    out_of_date_translations,
    source_changes,
    translation_create,
    translation_follow,
    translation_follow_problems,
    translation_problems,
)
from editorial.comments import (
    comment_act,
    comment_threads,
    comments_visible_to,
    threads_by_section,
)
from editorial.forms import CommentReplyForm
from editorial.languages import language_name
from editorial.models import AUTHOR_STEPS
from editorial.refusals import refusal_html
from editorial.roles import is_translator
from editorial.workflow import (
    ACTIONS,
    PermissionRefused,
    ReviewState,
    WorkflowError,
    article_transition,
    content_edit_problems,
    may_start_article,
    review_tracker,
    submission_step,
)
from references.views import can_import_references

CONFLICT = 409
DASHBOARD_PER_PAGE = 10

ONLY_AUTHORS_START = "Only authors start articles."
DRAFT_SAVED = "Draft saved."
NOT_AN_AUTHOR_STEP = "Not a step authors take."
STEP_DONE = "{label}: done."
TRANSLATION_STARTED = (
    "Translation started from the original's live revision: translate the title and each "
    "section, keep the citation markers, then submit it to the board."
)
FOLLOWED = (
    "This translation now translates the original's current version: update the text from what "
    "changed, then submit it."
)


def _own_article(request: HttpRequest, pk: int) -> Article:
    return get_object_or_404(articles_of(request.user).select_related("live_revision"), pk=pk)


def _add_service_errors(editor: ArticleEditor, error: ValidationError) -> None:
    """A refusal from the service (e.g. a slug taken a moment ago) shown next to its field."""
    if not hasattr(error, "error_dict"):
        editor.form.add_error(None, error.messages)
        return
    for name, problems in error.message_dict.items():
        if name in editor.form.fields:
            editor.form.add_error(name, problems)
        elif name in editor.new_reference.fields:
            editor.new_reference.add_error(name, problems)
        else:
            editor.form.add_error(None, problems)


def _editor_page(
    request: HttpRequest,
    editor: ArticleEditor,
    *,
    article: Article | None,
    status: int = 200,
    **context: object,
) -> HttpResponse:
    numbers = {}
    if article is not None:
        numbers = {work.key: work.number for work in article.render().references}
    return render(
        request,
        "articles/article_form.html",
        {
            "editor": editor,
            "article": article,
            "reference_choices": editor.reference_choices(numbers),
            "searched": editor.form.search_results() if "search" in request.POST else [],
            **context,
        },
        status=status,
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    page = Paginator(dashboard_articles(request.user), DASHBOARD_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "articles/article_dashboard.html",
        {
            "page_obj": page,
            "rows": dashboard_rows(request.user, page.object_list),
            "may_start": may_start_article(request.user),
            "may_import": can_import_references(request.user),
            "may_translate": is_translator(request.user)
            or originals_to_translate(request.user).exists(),
            "out_of_date": list(out_of_date_translations(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    if not may_start_article(request.user):
        raise PermissionDenied(ONLY_AUTHORS_START)
    editor = ArticleEditor(request.POST or None)
    if request.method == "POST" and "search" not in request.POST and editor.is_valid():
        try:
            article = article_create(author=request.user, **editor.changes())
        except ValidationError as error:
            _add_service_errors(editor, error)
        else:
            messages.success(request, DRAFT_SAVED)
            return redirect("authoring:edit", pk=article.pk)
    return _editor_page(request, editor, article=None)


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _own_article(request, pk)
    locked = content_edit_problems(request.user, article)
    editor = ArticleEditor(request.POST or None, article=article)
    status, changed = 200, None
    if request.method == "POST" and "search" not in request.POST:
        if locked:
            status = CONFLICT
        elif editor.is_valid():
            try:
                article_update(
                    article=article,
                    by=request.user,
                    expected_version=editor.form.cleaned_data["version"],
                    **editor.changes(),
                )
            except ArticleChanged as conflict:
                status, changed = CONFLICT, conflict
            except WorkflowError as refusal:  # locked by a step taken meanwhile
                status, locked = CONFLICT, refusal.problems
            except ValidationError as error:
                _add_service_errors(editor, error)
            else:
                messages.success(request, DRAFT_SAVED)
                return redirect("authoring:edit", pk=article.pk)
    return _editor_page(
        request,
        editor,
        article=article,
        status=status,
        locked=locked,
        changed=changed,
        # The board's requests stay beside the text while the author answers them.
        feedback=latest_feedback(article)
        if article.status == ReviewState.CHANGES_REQUESTED
        else None,
        submission_step=submission_step(request.user, article),
        **_translation_context(request, article),
        **_comments_context(request, article),
    )


def _translation_context(request: HttpRequest, article: Article) -> dict[str, object]:
    """A translation's editor says what it translates, lists the original's works, and offers
    to follow the original once it has a newer live revision."""
    if not article.is_translation:
        return {}
    original = article.translation_of
    return {
        "original": original,
        "original_changed": original.is_published
        and article.source_revision_id != original.live_revision_id,
        "may_follow": not translation_follow_problems(request.user, article),
    }


def _comments_context(request: HttpRequest, article: Article) -> dict[str, object]:
    """The board's comments meant for the authors, under the sections of the revision they
    read (once the decision is sent; never a confidential one: ``comments_visible_to``)."""
    threads = comment_threads(request.user, article)
    if not threads:
        return {}
    revision = article.latest_revision()
    headings = [heading for heading, _ in revision.section_texts()] if revision else []
    return {
        "comment_groups": threads_by_section(threads, headings),
        "open_comments": sum(1 for thread in threads if not thread.comment.is_resolved),
        "reply_form": CommentReplyForm(),
        "thread_base": reverse("authoring:comments", args=[article.pk]),
    }


@login_required
@require_GET
def article_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's comments are read beside the text, in the editor."""
    article = _own_article(request, pk)
    return redirect(f"{reverse('authoring:edit', args=[article.pk])}#board-comments")


@login_required
@require_POST
def article_comment(request: HttpRequest, pk: int, comment_id: int, what: str) -> HttpResponse:
    """Answer, resolve or reopen a comment of the board meant for the authors."""
    article = _own_article(request, pk)
    comment = get_object_or_404(comments_visible_to(request.user, article), pk=comment_id)
    try:
        done = comment_act(
            comment=comment, by=request.user, what=what, body=request.POST.get("body", "")
        )
    except PermissionRefused as refusal:
        raise PermissionDenied(" ".join(refusal.problems)) from refusal
    except WorkflowError as refusal:
        for problem in refusal.problems:
            messages.error(request, refusal_html(problem))
    else:
        messages.success(request, done)
    return redirect(f"{reverse('authoring:edit', args=[article.pk])}#comment-{comment.pk}")


@login_required
@require_GET
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    article = _own_article(request, pk)
    return render(
        request,
        "articles/article_preview.html",
        {
            "article": article,
            "page": article.render(mark_malformed=True),
            "malformed": article.malformed_citation_problems(),
            "tracker": review_tracker(article.status),
            "last_updated": article.updated_at,
        },
    )


@login_required
@require_GET
def article_changes(request: HttpRequest, pk: int) -> HttpResponse:
    article = _own_article(request, pk)
    return render(
        request,
        "articles/article_changes.html",
        {
            "article": article,
            "changes": what_changed(article),
            "original_changes": source_changes(article) if article.is_translation else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in AUTHOR_STEPS:
        raise Http404(NOT_AN_AUTHOR_STEP)
    article = _own_article(request, pk)
    offered = {step.action.name: step for step in author_steps(request.user, article)}
    form = StepForm(request.POST or None, action=action)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            article_transition(
                article=article,
                action=action,
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except PermissionRefused as refusal:
            raise PermissionDenied(" ".join(refusal.problems)) from refusal
        except WorkflowError as refusal:
            problems = refusal.problems
        else:
            messages.success(request, STEP_DONE.format(label=ACTIONS[action].label))
            return redirect("authoring:dashboard")
    return render(
        request,
        "articles/article_step.html",
        {
            "article": article,
            "action": ACTIONS[action],
            "offered": offered.get(action),
            "form": form,
            "problems": problems,
            "feedback": latest_feedback(article),
        },
        status=CONFLICT if problems else 200,
    )


# --------------------------------------------------------------------------------------------
# Translations
# --------------------------------------------------------------------------------------------


@login_required
@require_GET
def translations(request: HttpRequest) -> HttpResponse:
    """The published originals the user may translate, each with the languages it has no
    version in yet, and their translations out of date."""
    page = Paginator(originals_to_translate(request.user), DASHBOARD_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "articles/translations.html",
        {
            "page_obj": page,
            "originals": [
                (original, languages_to_translate(original)) for original in page.object_list
            ],
            "out_of_date": list(out_of_date_translations(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def translation_start(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """Start a translation of a published original into ``language`` (a form to confirm)."""
    source = get_object_or_404(originals_to_translate(request.user), pk=pk)
    problems = translation_problems(request.user, source, language)
    if request.method == "POST" and not problems:
        try:
            translation = translation_create(source=source, language=language, by=request.user)
        except PermissionRefused as refusal:
            raise PermissionDenied(" ".join(refusal.problems)) from refusal
        except WorkflowError as refusal:  # e.g. the same translation started a moment ago
            problems = refusal.problems
        else:
            messages.success(request, TRANSLATION_STARTED)
            return redirect("authoring:edit", pk=translation.pk)
    return render(
        request,
        "articles/translation_start.html",
        {"source": source, "language": language_name(language), "problems": problems},
        status=CONFLICT if problems else 200,
    )


@login_required
@require_POST
def translation_follow_original(request: HttpRequest, pk: int) -> HttpResponse:
    """The translation's working copy now translates the original's live revision."""
    article = _own_article(request, pk)
    try:
        translation_follow(translation=article, by=request.user)
    except PermissionRefused as refusal:
        raise PermissionDenied(" ".join(refusal.problems)) from refusal
    except WorkflowError as refusal:
        for problem in refusal.problems:
            messages.error(request, problem)
    else:
        messages.success(request, FOLLOWED)
    return redirect(f"{reverse('authoring:changes', args=[article.pk])}#original")
