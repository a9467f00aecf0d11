"""What readers get of translations besides their pages (tests/articles/test_translated_pages.py):
a translation the board has not approved appears in no listing, feed, sitemap, search or API
answer; the API gives a translation's live revision only; a new revision of the translation,
reviewed for the original's new version, is current again."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import formats, translation

from articles.models import Article
from articles.services import article_update
from articles.translations import translation_follow
from editorial.workflow import article_transition
from tests.articles.translation_helpers import (
    approve,
    approve_new_version,
    translation_into,
)
from tests.factories import article_in_state, editor_user

pytestmark = pytest.mark.django_db

# The out-of-date notice as the Spanish catalogue has it (locale/es).
UPDATED = "que se ha actualizado desde entonces"


@pytest.fixture
def original():
    return article_in_state("approved")


def html(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def spanish_date(moment) -> str:
    with translation.override("es"):
        return formats.date_format(moment, "DATE_FORMAT")


def test_a_new_revision_of_the_translation_reviewed_for_the_new_original_is_current(original):
    spanish = approve(translation_into(original))
    original = approve_new_version(original)
    assert UPDATED in html(spanish.get_absolute_url())
    article_transition(article=spanish, action="revise", by=spanish.author)

    spanish = translation_follow(translation=spanish, by=spanish.author)
    approve(spanish)

    page = html(spanish.get_absolute_url())
    assert UPDATED not in page
    assert "Traducido del original en" in page
    assert original.get_absolute_url() in page


@pytest.mark.parametrize("state", ["draft", "submitted", "under_review", "changes_requested"])
def test_a_translation_the_board_has_not_approved_appears_nowhere(original, state):
    spanish = translation_into(original)
    editor = editor_user()
    if state != "draft":
        article_transition(article=spanish, action="submit", by=spanish.author)
    if state in {"under_review", "changes_requested"}:
        article_transition(article=spanish, action="start_review", by=editor)
    if state == "changes_requested":
        article_transition(article=spanish, action="request_changes", by=editor, comment="Más.")
    client = Client()

    assert client.get(spanish.get_absolute_url()).status_code == 404
    assert client.get(f"/articles/{spanish.slug}/").status_code in {404, 302}
    assert client.get(f"/api/v1/articles/{spanish.slug}/").status_code == 404
    for path in (
        "/",
        "/es/",
        "/feed/",
        "/es/feed/",
        "/sitemap.xml",
        "/api/v1/articles/",
        "/search/?q=es",
        "/es/search/?q=es",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert spanish.slug not in response.content.decode(), path
        assert "[es]" not in response.content.decode(), path


def test_the_api_gives_a_translation_s_live_revision_never_its_draft(original):
    spanish = approve(translation_into(original))
    article_transition(article=spanish, action="revise", by=spanish.author)
    article_update(
        article=spanish,
        by=spanish.author,
        sections=[("Borrador", "UNAPPROVED-SPANISH-DRAFT")],
    )
    client = Client()

    body = client.get(f"/api/v1/articles/{spanish.slug}/").content.decode()
    page = client.get(spanish.get_absolute_url()).content.decode()

    assert spanish.title in body
    assert "UNAPPROVED-SPANISH-DRAFT" not in body
    assert "UNAPPROVED-SPANISH-DRAFT" not in page
    assert Article.objects.get(pk=spanish.pk).live_revision.sections[0]["body"].startswith("[es]")
