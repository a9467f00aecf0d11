"""The periodic re-review (issue 3), through the services every caller uses
(``editorial.reviews`` and ``editorial.workflow.article_transition``), not through the admin.

Approval sets when the article was last reviewed and is next due; during a re-review readers
keep the live revision, and approving unchanged content keeps its 'Last updated'.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from articles.models import Article, ArticleRevision
from articles.services import article_update
from editorial.models import ReviewInvitation
from editorial.workflow import PermissionRefused
from tests.editorial.steps import S, refusal, state_of, step
from tests.factories import article_in_state, author_user, board_user, editor_user, invitees_review

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def page_text(client: Any, article: Article) -> str:
    """The article page as a reader reads it: text, without markup."""
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def at(*args: int):
    return time_machine.travel(datetime(*args, 12, 0, tzinfo=UTC), tick=False)


# --------------------------------------------------------------------------------------------
# Periodic re-review
# --------------------------------------------------------------------------------------------


def approved_on_march_first(editor: Any, **kwargs: Any) -> Article:
    with at(2025, 3, 1):
        return article_in_state("approved", editor=editor, **kwargs)


def test_approval_sets_last_reviewed_and_the_next_review_a_year_later(editor):
    article = approved_on_march_first(editor)

    assert article.last_reviewed_at == datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert article.next_review_due == date(2026, 3, 1)
    assert article.live_revision.last_updated == datetime(2025, 3, 1, 12, tzinfo=UTC)


@override_settings(EDITORIAL_REREVIEW_MONTHS=1)
def test_the_next_review_falls_on_the_last_day_of_a_shorter_month(editor):
    with at(2025, 1, 31):
        article = article_in_state("approved", editor=editor)

    assert article.next_review_due == date(2025, 2, 28)


def test_an_editor_starts_a_re_review_and_readers_keep_the_live_revision(editor, client):
    article = approved_on_march_first(editor)
    live = article.live_revision
    first_reviewers = set(ReviewInvitation.objects.values_list("reviewer", flat=True))

    with at(2026, 3, 2):
        article = step(article, "start_rereview", editor, comment="Due for its yearly review.")

    assert article.status == S.UNDER_REVIEW
    assert article.live_revision == live
    assert Article.objects.published().filter(pk=article.pk).exists()
    rereview = article.review_rounds.get(closed_at__isnull=True)
    assert (rereview.number, rereview.kind) == (2, "periodic")
    assert rereview.revision == article.latest_revision() != live
    assert rereview.revision.same_content_as(live)
    assert set(rereview.invitations.values_list("reviewer", flat=True)) == first_reviewers
    assert "Last updated: March 1, 2025" in page_text(client, article)


@pytest.mark.parametrize("who", ["board", "author", "editor_author"])
def test_only_an_editor_who_is_not_an_author_starts_a_re_review(editor, who):
    user = {"board": board_user, "author": author_user, "editor_author": editor_user}[who]()
    article = approved_on_march_first(editor, author=user) if who != "board" else None
    article = article or approved_on_march_first(editor)
    before = state_of(article)

    refused = refusal(article, "start_rereview", user)

    assert type(refused) is PermissionRefused
    assert state_of(article) == before


@pytest.mark.parametrize("interval", [None, 6])
def test_approving_unchanged_content_keeps_the_live_revision_and_its_last_updated(
    editor, client, interval
):
    article = approved_on_march_first(editor)
    Article.objects.filter(pk=article.pk).update(review_interval_months=interval)
    live = article.live_revision
    with at(2026, 3, 2):
        article = step(article, "start_rereview", editor)
        invitees_review(article)

    with at(2026, 3, 5):
        article = step(article, "approve", board_user())

    assert article.status == S.APPROVED
    assert article.live_revision == live
    live = ArticleRevision.objects.get(pk=live.pk)
    assert live.approved_at == datetime(2025, 3, 1, 12, tzinfo=UTC)  # "Last updated" stays
    assert live.last_updated == datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert article.last_reviewed_at == datetime(2026, 3, 5, 12, tzinfo=UTC)
    assert article.next_review_due == (date(2026, 9, 5) if interval else date(2027, 3, 5))
    assert article.review_rounds.get(number=2).outcome == "approved"
    assert "Last updated: March 1, 2025" in page_text(client, article)


def test_approving_changed_content_replaces_the_live_revision(editor, client):
    article = approved_on_march_first(editor)
    old = article.live_revision
    key = article.references.get().key
    author = article.author
    with at(2025, 9, 1):
        article = step(article, "revise", author)
        article_update(article=article, by=author, sections=[("Guidance", f"Updated [@{key}].")])
        article = step(article, "submit", author)
        article = step(article, "start_review", editor)
        invitees_review(article)
    assert Article.objects.get(pk=article.pk).live_revision == old

    with at(2025, 9, 3):
        article = step(article, "approve", editor)

    new = article.live_revision
    assert new != old and new == article.latest_revision()
    assert new.sections == [{"heading": "Guidance", "body": f"Updated [@{key}]."}]
    assert (new.approved_by, new.last_updated) == (editor, datetime(2025, 9, 3, 12, tzinfo=UTC))
    assert article.last_reviewed_at == datetime(2025, 9, 3, 12, tzinfo=UTC)
    assert article.next_review_due == date(2026, 9, 3)
    page = page_text(client, article)
    assert "Last updated: September 3, 2025" in page
    assert "Updated" in page
    assert "Guidance says so" not in page  # the old text is gone


def test_a_re_review_may_request_changes_and_readers_still_see_the_live_revision(editor):
    article = approved_on_march_first(editor)
    live = article.live_revision

    article = step(article, "start_rereview", editor)
    article = step(article, "request_changes", board_user(), comment="Update the dose table.")

    assert article.status == S.CHANGES_REQUESTED
    assert article.live_revision == live
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.last_reviewed_at == datetime(2025, 3, 1, 12, tzinfo=UTC)
