"""A draft with a malformed citation marker can be saved, but not submitted: the refusal says
where each one is and the marker to write; the preview highlights them; nobody else reaches
either page."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from articles.models import Article, ArticleRevision, Section
from editorial.models import TransitionLog
from editorial.workflow import PermissionRefused, ReviewState, WorkflowError, article_transition
from references.checks import malformed_marker_message
from tests.articles.authoring_helpers import editor_data
from tests.editorial.steps import make_actor, snapshot
from tests.factories import ArticleFactory, article_in_state

pytestmark = pytest.mark.django_db


def with_malformed_markers(article: Article) -> list[str]:
    """The article's second section gets two malformed markers; the refusals it should get."""
    key = article.references.get().key
    second_line = f"And more [@ {key}] and [@]."
    Section.objects.filter(article=article, position=2).update(
        body=f"Research agrees [@{key}, {key}].\n{second_line}"
    )
    where = "In “From the Research”"
    last = second_line.index("[@]") + 1
    return [
        malformed_marker_message(f"{where}, line 1, column 17", f"[@{key}, {key}]", f"[@{key}]"),
        malformed_marker_message(f"{where}, line 2, column 10", f"[@ {key}]", f"[@{key}]"),
        malformed_marker_message(f"{where}, line 2, column {last}", "[@]", "[@key]"),
    ]


@pytest.mark.parametrize("role", ["author", "coauthor", "board_coauthor", "editor_coauthor"])
def test_submission_is_refused_with_each_position_and_the_marker_to_write(role):
    article = ArticleFactory()
    expected = with_malformed_markers(article)
    actor = make_actor(role, article)
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="submit", by=actor)

    assert type(refused.value) is WorkflowError
    assert refused.value.problems == expected
    assert snapshot(article) == before


@pytest.mark.parametrize("role", ["anonymous", "other_author", "editor", "board"])
def test_someone_who_did_not_write_it_is_refused_before_the_markers(role):
    article = ArticleFactory()
    with_malformed_markers(article)
    actor = make_actor(role, article)
    before = snapshot(article)

    with pytest.raises(PermissionRefused):
        article_transition(article=article, action="submit", by=actor)

    assert snapshot(article) == before


def test_resubmission_is_refused_too():
    article = article_in_state("changes_requested")
    Section.objects.filter(article=article, position=2).update(body="Now [@]")
    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action="resubmit", by=article.author)
    assert refused.value.problems == [
        malformed_marker_message("In “From the Research”, line 1, column 5", "[@]", "[@key]")
    ]
    assert Article.objects.get(pk=article.pk).status == ReviewState.CHANGES_REQUESTED


def test_the_condition_is_met_once_the_markers_are_written_as_suggested():
    article = ArticleFactory()
    with_malformed_markers(article)
    key = article.references.get().key
    Section.objects.filter(article=article, position=2).update(body=f"Research [@{key}].")
    article_transition(article=article, action="submit", by=article.author)
    assert Article.objects.get(pk=article.pk).status == ReviewState.SUBMITTED


def test_a_draft_with_a_malformed_marker_is_saved_and_refused_on_the_submit_page(client):
    article = ArticleFactory()
    key = article.references.get().key
    client.force_login(article.author)
    sections = [("From the Guidelines", f"Fine [@{key}]."), ("From the Research", "See [@ x].")]
    response = client.post(f"/write/{article.pk}/edit/", editor_data(article, sections=sections))
    assert response.status_code == 302  # a draft may hold one while the author works
    message = malformed_marker_message("In “From the Research”, line 1, column 5", "[@ x]", "[@x]")

    page = client.get(f"/write/{article.pk}/submit/").content.decode()
    assert escape(message) in page  # said before the author tries
    response = client.post(f"/write/{article.pk}/submit/", {"comment": "Please review."})

    assert response.status_code == 409
    assert escape(message) in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == ReviewState.DRAFT
    assert not TransitionLog.objects.exists()


def test_the_preview_highlights_each_malformed_marker_and_lists_where_it_is(client):
    article = ArticleFactory()
    expected = with_malformed_markers(article)
    key = article.references.get().key
    client.force_login(article.author)

    html = client.get(f"/write/{article.pk}/preview/").content.decode()

    for problem in expected:
        assert f"<li>{escape(problem)}</li>" in html
    assert (
        f'<mark class="citation-malformed" title="Not a citation marker: write [@{key}]">'
        f"[@{key}, {key}]</mark>" in html
    )
    assert html.count('<mark class="citation-malformed"') == 3


def test_a_revision_published_before_the_check_shows_the_marker_as_text(client):
    """A live revision frozen before malformed markers were refused keeps reading as it did."""
    article = article_in_state("approved")
    revision = article.live_revision
    sections = [{"heading": "From the Research", "body": "Later [@ x, y] said."}]
    ArticleRevision.objects.filter(pk=revision.pk).update(sections=sections)
    html = ArticleRevision.objects.get(pk=revision.pk).rendered.sections[0].html
    assert html == "<p>Later [@ x, y] said.</p>\n"


@pytest.mark.parametrize("role", ["other_author", "editor", "board"])
def test_nobody_else_reads_the_preview(client, role):
    article = ArticleFactory()
    with_malformed_markers(article)
    client.force_login(make_actor(role, article))
    assert client.get(f"/write/{article.pk}/preview/").status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    article = ArticleFactory()
    response = client.get(f"/write/{article.pk}/preview/")
    assert response.status_code == 302 and "/login/" in response["Location"]
