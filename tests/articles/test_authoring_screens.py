"""The authors' screens: kept out of search engines, the board's feedback said once and in the
outline's order, a dashboard that pages, and the reference import within reach (linked from the
dashboard and the editor, back to the article, naming the new citation keys)."""

from __future__ import annotations

import pytest
from django.test import Client

from articles.models import Article
from editorial.models import Review
from editorial.workflow import article_transition
from references.models import Reference
from tests.clients import signed_in
from tests.factories import (
    ArticleFactory,
    article_in_state,
    author_user,
    board_reviews,
    board_user,
    editor_user,
)
from tests.html import parse, visible_text
from tests.reference_imports import confirmed, previewed

pytestmark = pytest.mark.django_db

RIS = """\
TY  - JOUR
AU  - Raman, Priya
TI  - Attachment security in adult primary care
T2  - Journal of Attachment Research
PY  - 2023
DO  - 10.1000/jar.2023.0101
ER  -
"""


def changes_requested(comment_in_letter: bool) -> Article:
    """An article sent back after one review; the letter quotes the review or not."""
    editor, board = editor_user(), board_user()
    article = article_in_state("under_review", editor=editor)
    (review,) = board_reviews(article, editor=editor, members=[board])
    Review.objects.filter(pk=review.pk).update(comments_for_author="Cite the 2023 guideline.")
    letter = "Dear author,\n\nReviewer 1:\nCite the 2023 guideline." if comment_in_letter else ""
    article_transition(
        article=article,
        action="request_changes",
        by=board,
        comment=letter or "Dear author, please revise.",
    )
    return article


def test_every_authors_page_is_kept_out_of_search_engines():
    article = article_in_state("changes_requested")
    client = signed_in(article.author)
    for url in [
        "/write/",
        "/write/new/",
        f"/write/{article.pk}/edit/",
        f"/write/{article.pk}/preview/",
        f"/write/{article.pk}/changes/",
        f"/write/{article.pk}/resubmit/",
        f"/write/{article.pk}/withdraw/",
        "/references/import/",
    ]:
        robots = [
            m.attrs["content"] for m in parse(client.get(url)).find_all("meta", name="robots")
        ]
        assert robots == ["noindex, nofollow"], url


def test_the_write_form_posts_to_its_own_address_without_an_empty_action():
    article = ArticleFactory()
    for url in ["/write/new/", f"/write/{article.pk}/edit/"]:
        form = parse(signed_in(article.author).get(url)).find("form", **{"class": "article-editor"})
        assert "action" not in form.attrs, url
        assert form.attrs["method"] == "post"


def test_the_boards_feedback_follows_the_pages_outline():
    """Its heading comes right under the page's: h2 under the h1 of the edit and resubmit pages,
    h3 under each article's h2 on the dashboard."""
    article = changes_requested(comment_in_letter=False)
    client = signed_in(article.author)
    for url, level in [
        (f"/write/{article.pk}/edit/", 2),
        (f"/write/{article.pk}/resubmit/", 2),
        ("/write/", 3),
    ]:
        section = parse(client.get(url)).find("section", **{"class": "board-feedback"})
        headings = [node.tag for node in section.iter() if node.tag in {"h2", "h3", "h4"}]
        assert headings == [f"h{level}", f"h{level + 1}"], (url, headings)


@pytest.mark.parametrize("comment_in_letter", [True, False])
def test_a_reviewers_comment_is_read_once(comment_in_letter):
    article = changes_requested(comment_in_letter=comment_in_letter)
    client = signed_in(article.author)
    for url in ["/write/", f"/write/{article.pk}/edit/"]:
        text = visible_text(client.get(url))
        assert text.count("Cite the 2023 guideline.") == 1, url
        assert ("Reviewers' comments for the author" in text) != comment_in_letter, url


def test_the_dashboard_folds_the_letters_away():
    article = changes_requested(comment_in_letter=True)
    section = parse(signed_in(article.author).get("/write/")).find(
        "section", **{"class": "board-feedback"}
    )
    details = section.find("details")
    assert details.find("summary").text().startswith("Read the decision letter")
    assert "Cite the 2023 guideline." in details.text()


def test_the_dashboard_pages_ten_articles_at_a_time_most_recent_first():
    author = author_user()
    articles = [ArticleFactory(author=author) for _ in range(12)]
    client = signed_in(author)
    first = parse(client.get("/write/"))
    titles = [
        h2.text() for h2 in first.find_all("h2") if h2.attrs.get("id", "").startswith("article-")
    ]
    assert titles == [article.title for article in reversed(articles)][:10]
    assert "12 articles, the most recently changed first: 1 to 10." in first.find("main").text()
    assert first.find("a", rel="next").attrs["href"] == "?page=2"
    second = parse(client.get("/write/", {"page": 2}))
    titles = [
        h2.text() for h2 in second.find_all("h2") if h2.attrs.get("id", "").startswith("article-")
    ]
    assert titles == [articles[1].title, articles[0].title]
    beyond = parse(client.get("/write/", {"page": 99}))  # the last page, not an error
    assert "11 to 12" in beyond.find("main").text()


# --------------------------------------------------------------------------------------------
# The reference import, from the dashboard and the editor
# --------------------------------------------------------------------------------------------


def test_the_dashboard_and_the_editor_link_to_the_reference_import():
    article = ArticleFactory()
    client = signed_in(article.author)
    dashboard = parse(client.get("/write/"))
    assert "/references/import/" in [a.attrs.get("href") for a in dashboard.find_all("a")]
    editor = parse(client.get(f"/write/{article.pk}/edit/"))
    hrefs = [a.attrs.get("href") for a in editor.find_all("a")]
    assert f"/references/import/?next=/write/{article.pk}/edit/" in hrefs


def test_the_import_page_is_styled_like_the_other_working_pages():
    page = parse(signed_in(author_user()).get("/references/import/"))
    sheets = {link.attrs["href"] for link in page.find_all("link", rel="stylesheet")}
    assert {"/static/css/authoring.css", "/static/css/reference-import.css"} <= sheets
    labels = {label.attrs["for"] for label in page.find_all("label")}
    assert {"id_file", "id_text", "id_format"} <= labels


def _import(client: Client, url: str) -> object:
    preview = previewed(client, {"text": RIS, "format": ""}, url=url)
    # A journal article's file does not say what kind of evidence it is: the author chooses.
    return confirmed(client, preview, {"selected": ["1"], "kind_1": "observational"})


def _links(response) -> list[str]:
    return [a.attrs.get("href") for a in parse(response).find_all("a")]


def test_after_an_import_from_the_editor_the_author_has_the_new_key_and_the_way_back():
    article = ArticleFactory()
    client = signed_in(article.author)
    response = _import(client, f"/references/import/?next=/write/{article.pk}/edit/")
    assert f"/write/{article.pk}/edit/" in _links(response)
    key = Reference.objects.get(doi="10.1000/jar.2023.0101").key
    assert (
        f"Imported: 1 new, 0 already in the library. New citation keys: [@{key}]."
        in visible_text(response)
    )


def test_an_import_names_the_keys_of_works_already_in_the_library():
    client = signed_in(author_user())
    _import(client, "/references/import/")
    key = Reference.objects.get().key
    response = _import(client, "/references/import/")
    assert "Back to the article" not in visible_text(response)
    assert (
        f"Imported: 0 new, 1 already in the library. Already in the library as: [@{key}]."
        in visible_text(response)
    )


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/write/", "javascript:alert(1)"]
)
def test_the_way_back_never_leaves_the_site(target):
    client = signed_in(author_user())
    page = client.get("/references/import/", {"next": target})
    assert target not in page.content.decode()
    response = _import(client, f"/references/import/?next={target}")
    assert "Imported: 1 new" in visible_text(response)
    assert target not in response.content.decode()
