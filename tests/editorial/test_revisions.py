"""Published revisions and the working copy (``editorial.workflow``): submitting freezes a
revision, approving makes it live, readers keep the live revision through a revision or a
rejected update, a revision is immutable, and the text is editable only by an author while
it is a draft or changes are requested.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article, ArticleRevision
from articles.services import article_update
from editorial.workflow import PermissionRefused, WorkflowError, content_edit_problems
from editorial.workflow.steps import EDIT_AUTHORS_ONLY, locked_text_refusal
from tests.editorial.steps import (
    S,
    make_actor,
    rejected_update,
    reviewed,
    sections_of,
    snapshot,
    step,
)
from tests.factories import article_in_state, board_reviews, board_user, editor_user

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Published revisions
# --------------------------------------------------------------------------------------------


def test_submit_freezes_the_working_copy_in_revision_one():
    article = article_in_state("draft")
    reference = article.references.get()
    expected_sections = [{"heading": h, "body": b} for h, b in sections_of(article)]

    article = step(article, "submit", article.author, comment="First version.")

    revision = article.revisions.get()
    assert revision.number == 1
    assert revision.title == article.title
    assert revision.sections == expected_sections
    assert [work["key"] for work in revision.references] == [reference.key]
    assert revision.note == "First version."
    assert revision.created_by == article.author
    assert revision.approved_at is None
    assert article.live_revision is None
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_editing_after_changes_requested_leaves_the_submitted_revision_alone():
    article = article_in_state("changes_requested")
    frozen = article.revisions.get()
    frozen_content = (frozen.title, frozen.sections, frozen.references)
    key = article.references.get().key
    reference = article.references.get()
    reference.title = "A retitled study."
    reference.save()

    article_update(
        article=article,
        by=article.author,
        title="A better question?",
        sections=[("Rewritten", f"Entirely new text [@{key}].")],
    )

    frozen = ArticleRevision.objects.get(pk=frozen.pk)
    assert (frozen.title, frozen.sections, frozen.references) == frozen_content
    assert sections_of(article) == [("Rewritten", f"Entirely new text [@{key}].")]
    assert Article.objects.get(pk=article.pk).title == "A better question?"


def test_approve_makes_the_reviewed_revision_live():
    board = board_user()
    article = reviewed()

    article = step(article, "approve", board)

    revision = article.revisions.get()
    assert article.live_revision == revision
    assert revision.approved_by == board
    assert revision.approved_at is not None
    assert article.is_published
    assert list(Article.objects.published()) == [article]


def test_revise_returns_to_draft_and_readers_keep_the_live_revision():
    article = article_in_state("approved")
    live = article.live_revision

    article = step(article, "revise", article.author)

    assert article.status == S.DRAFT
    assert article.live_revision == live
    assert article.is_published
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("route", ["revise", "changes_requested"])
def test_a_newly_approved_revision_replaces_the_live_one(route):
    editor, board = editor_user(), board_user()
    if route == "revise":
        article = article_in_state("approved", editor=editor, board=board)
        first = article.live_revision
        article = step(article, "revise", article.author)
    else:
        article = article_in_state("changes_requested", editor=editor, board=board)
        first = article.revisions.get()
    key = article.references.get().key
    article_update(article=article, by=article.author, sections=[("Updated", f"New [@{key}].")])
    submit = "submit" if route == "revise" else "resubmit"

    article = step(article, submit, article.author)
    assert article.revisions.count() == 2
    article = step(article, "start_review", editor)
    board_reviews(article, editor=editor)
    article = step(article, "approve", board)

    second = article.revisions.get(number=2)
    assert article.live_revision == second
    assert second.sections == [{"heading": "Updated", "body": f"New [@{key}]."}]
    assert second.approved_by == board
    assert ArticleRevision.objects.get(pk=first.pk).sections != second.sections
    assert list(Article.objects.published()) == [article]


def test_rejecting_an_update_keeps_the_old_live_revision():
    article = rejected_update()

    first, second = article.revisions.get(number=1), article.revisions.get(number=2)
    assert article.status == S.REJECTED
    assert article.live_revision == first
    assert second.approved_at is None
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_a_rejected_first_submission_is_not_published():
    article = article_in_state("rejected")

    assert article.live_revision is None
    assert not Article.objects.published().exists()


def test_archive_takes_the_article_off_the_site():
    article = article_in_state("approved")
    assert Article.objects.published().filter(pk=article.pk).exists()

    article = step(article, "archive", editor_user())

    assert article.status == S.ARCHIVED
    assert not article.is_published
    assert not Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    "change",
    [{"title": "Changed"}, {"sections": []}, {"references": []}, {"note": "Changed"}],
    ids=["title", "sections", "references", "note"],
)
def test_a_revision_is_immutable(change):
    revision = article_in_state("submitted").revisions.get()
    stored = ArticleRevision.objects.filter(pk=revision.pk).values().get()
    for field, value in change.items():
        setattr(revision, field, value)

    with pytest.raises(ValidationError):
        revision.save()
    with pytest.raises(ValidationError):
        revision.save(update_fields=[*change, "approved_at"])

    assert ArticleRevision.objects.filter(pk=revision.pk).values().get() == stored


# --------------------------------------------------------------------------------------------
# Editing the working copy
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "changes_requested"])
@pytest.mark.parametrize("role", ["author", "coauthor"])
def test_authors_may_edit_in_draft_and_after_changes_requested(state, role):
    article = article_in_state(state)
    user = make_actor(role, article)

    assert content_edit_problems(user, article) == []
    article_update(article=article, by=user, sections=[("Only", "Rewritten.")])

    assert sections_of(article) == [("Only", "Rewritten.")]


@pytest.mark.parametrize(
    "state", ["submitted", "under_review", "approved", "rejected", "withdrawn", "archived"]
)
def test_the_text_is_locked_while_the_board_has_it_or_it_is_not_a_draft(state):
    article = article_in_state(state)
    before = (sections_of(article), snapshot(article))

    assert content_edit_problems(article.author, article)
    locked = locked_text_refusal(S(state))
    with pytest.raises(WorkflowError, match=re.escape(locked)) as refused:
        article_update(article=article, by=article.author, sections=[("Only", "Sneaky.")])

    assert type(refused.value) is WorkflowError
    assert (sections_of(article), snapshot(article)) == before


@pytest.mark.parametrize("role", ["anonymous", "other_author", "editor", "board"])
def test_only_an_author_may_edit(role):
    article = article_in_state("draft")
    user = make_actor(role, article)
    before = (sections_of(article), snapshot(article))

    assert content_edit_problems(user, article) == [EDIT_AUTHORS_ONLY]
    with pytest.raises(PermissionRefused):
        article_update(article=article, by=user, sections=[("Only", "Vandalism.")])

    assert (sections_of(article), snapshot(article)) == before
