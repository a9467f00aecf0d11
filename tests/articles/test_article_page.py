"""The public article page, the home page and the editorial policy page, as readers get them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache

from articles.models import Article, ArticleReference, Section
from articles.services import article_update
from editorial.workflow import ACTIONS, ReviewState, Step, article_transition, policy_table
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    article_in_state,
    board_reviews,
    invitees_review,
)
from tests.html import parse, visible_text

# --------------------------------------------------------------------------------------------
# Visibility: readers see approved revisions only
# --------------------------------------------------------------------------------------------

UNPUBLISHED_STATES = [
    "draft",
    "submitted",
    "under_review",
    "changes_requested",
    "rejected",
    "withdrawn",
    "archived",
]


@pytest.mark.django_db
@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_unpublished_article_is_404_for_everyone(client, state, editor, board_member):
    article = article_in_state(state, editor=editor, board=board_member)
    assert article.status == ReviewState(state)
    url = f"/articles/{article.slug}/"
    assert client.get(url).status_code == 404
    for user in (article.author, editor, board_member):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        client.logout()


@pytest.mark.django_db
def test_approved_article_is_public(client):
    article = article_in_state("approved")
    response = client.get(f"/articles/{article.slug}/")
    assert response.status_code == 200
    page = parse(response)
    assert page.find("h1").text() == article.title
    assert "Guidance says so" in visible_text(response)


@pytest.mark.django_db
def test_unknown_slug_is_404(client):
    article_in_state("approved")
    assert client.get("/articles/no-such-article/").status_code == 404


def _at(year: int, month: int, day: int):
    return time_machine.travel(datetime(year, month, day, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def published(db, editor, board_member):
    """An article approved on March 1, 2025."""
    with _at(2025, 3, 1):
        return article_in_state("approved", editor=editor, board=board_member)


def _start_update(article: Article, editor, *, title: str, body: str) -> Article:
    """Revise an approved article, change it, submit it and hand it to the board."""
    author = article.author
    key = article.references.get().key
    with _at(2025, 6, 10):
        article_transition(article=article, action="revise", by=author)
        article_update(
            article=article,
            by=author,
            title=title,
            sections=[("From the Guidelines", f"{body} [@{key}]."), ("From the Research", "")],
        )
        article_transition(article=article, action="submit", by=author)
        article_transition(article=article, action="start_review", by=editor)
    return Article.objects.get(pk=article.pk)


def test_working_copy_of_a_published_article_stays_private_until_approved(
    client, published, editor, board_member
):
    url = published.get_absolute_url()
    old_title = published.title
    author = published.author
    key = published.references.get().key

    def shows_old_version() -> None:
        response = client.get(url)
        assert response.status_code == 200
        text = visible_text(response)
        assert parse(response).find("h1").text() == old_title
        assert "Guidance says so 1." in text
        assert "Research agrees." in text
        assert "Updated guidance" not in text
        assert "Is this the revised question?" not in text
        assert "Last updated: March 1, 2025" in text

    with _at(2025, 6, 10):
        article_transition(article=published, action="revise", by=author)
        shows_old_version()
        article_update(
            article=published,
            by=author,
            title="Is this the revised question?",
            sections=[
                ("From the Guidelines", f"Updated guidance [@{key}]."),
                ("From the Research", ""),
            ],
        )
        shows_old_version()
        article_transition(article=published, action="submit", by=author)
        shows_old_version()
        article_transition(article=published, action="start_review", by=editor)
        shows_old_version()
    with _at(2025, 6, 12):
        # The round's reviewers were invited again by "start_review"; they approve.
        assert len(invitees_review(published)) == 2
        shows_old_version()
    with _at(2025, 6, 15):
        article_transition(article=published, action="approve", by=board_member)

    response = client.get(url)
    assert response.status_code == 200
    text = visible_text(response)
    assert parse(response).find("h1").text() == "Is this the revised question?"
    assert "Updated guidance 1." in text
    assert "Guidance says so" not in text
    assert "Research agrees." not in text
    assert "Last updated: June 15, 2025" in text
    assert "Last updated: March 1, 2025" not in text  # the change log keeps the first date


def test_rejected_update_keeps_the_approved_version_public(client, published, editor, board_member):
    _start_update(published, editor, title="Is this the rejected question?", body="Wrong claim")
    article_transition(
        article=published, action="reject", by=board_member, comment="Not supported."
    )
    article = Article.objects.get(pk=published.pk)
    assert article.status == ReviewState.REJECTED
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    text = visible_text(response)
    assert "Guidance says so 1." in text
    assert "Wrong claim" not in text
    assert "Is this the rejected question?" not in text
    assert "Last updated: March 1, 2025" in text


def test_update_rejected_with_a_long_board_comment_keeps_the_approved_version_public(
    client, published, editor, board_member
):
    """Board comments are often a paragraph long (the demo's are); rejecting must still work."""
    _start_update(published, editor, title=published.title, body="Unsupported claim")
    comment = (
        "The central claim is causal and absolute, and the cited article does not support it. "
        "The question needs a different evidence base."
    )
    assert len(comment) > 100
    article_transition(article=published, action="reject", by=board_member, comment=comment)
    assert Article.objects.get(pk=published.pk).status == ReviewState.REJECTED
    text = visible_text(client.get(published.get_absolute_url()))
    assert "Guidance says so 1." in text
    assert "Unsupported claim" not in text


@pytest.mark.django_db
def test_home_page_lists_published_articles_only(client, editor, board_member):
    articles = {
        state: article_in_state(state, editor=editor, board=board_member)
        for state in ["approved", *UNPUBLISHED_STATES]
    }
    # A published article whose next revision is in the works is listed with its live title.
    revised = article_in_state("approved", editor=editor, board=board_member)
    live_title = revised.title
    article_transition(article=revised, action="revise", by=revised.author)
    article_update(article=revised, by=revised.author, title="A working title nobody may read?")

    response = client.get("/")
    assert response.status_code == 200
    listed = [
        (heading.text(), heading.find("a").attrs["href"])
        for heading in parse(response).find("ul", **{"class": "article-list"}).find_all("h2")
    ]
    assert sorted(listed) == sorted(
        [
            (articles["approved"].title, f"/articles/{articles['approved'].slug}/"),
            (live_title, f"/articles/{revised.slug}/"),
        ]
    )
    html = response.content.decode()
    for state in UNPUBLISHED_STATES:
        assert articles[state].title not in html, state
    assert "A working title nobody may read?" not in html


@pytest.mark.django_db
def test_home_page_without_published_articles(client):
    draft = ArticleFactory()
    response = client.get("/")
    assert response.status_code == 200
    assert "No article has been approved by the board yet." in visible_text(response)
    assert draft.title not in response.content.decode()


def _revised(editor, board_member) -> Article:
    article = article_in_state("approved", editor=editor, board=board_member)
    article_transition(article=article, action="revise", by=article.author)
    return Article.objects.get(pk=article.pk)


def _rejected_update(editor, board_member) -> Article:
    article = article_in_state("approved", editor=editor, board=board_member)
    article = _start_update(article, editor, title=article.title, body="Changed")
    article_transition(article=article, action="reject", by=board_member, comment="No.")
    return Article.objects.get(pk=article.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "expected"),
    [
        *[(state, False) for state in UNPUBLISHED_STATES],
        ("approved", True),
        ("approved, then revised", True),
        ("approved, then an update rejected", True),
    ],
)
def test_published_queryset_and_is_published_agree(case, expected, editor, board_member):
    if case == "approved, then revised":
        article = _revised(editor, board_member)
    elif case == "approved, then an update rejected":
        article = _rejected_update(editor, board_member)
    else:
        article = article_in_state(case, editor=editor, board=board_member)
    article_in_state("approved", editor=editor, board=board_member)  # another, always public
    assert article.is_published is expected
    assert Article.objects.published().filter(pk=article.pk).exists() is expected
    assert Article.objects.filter(pk=article.pk).published().exists() is expected


# --------------------------------------------------------------------------------------------
# Query budget: constant, whatever the number of references
# --------------------------------------------------------------------------------------------


def approved_article_citing(count: int, editor, board_member) -> Article:
    """An approved article with ``count`` references, cited across three sections."""
    article = ArticleFactory(content=False)
    references = ReferenceFactory.create_batch(count)
    ArticleReference.objects.bulk_create(
        ArticleReference(article=article, reference=reference) for reference in references
    )
    keys = [reference.key for reference in references]
    thirds = [keys[0::3], keys[1::3], keys[2::3]]
    for position, part in enumerate(thirds, start=1):
        body = " ".join(f"Claim [@{key}]." for key in part)
        body += f" Together [@{'; @'.join(part[:3])}]."
        Section.objects.create(
            article=article, position=position, heading=f"Part {position}", body=body
        )
    article_transition(article=article, action="submit", by=article.author)
    article_transition(article=article, action="start_review", by=editor)
    board_reviews(article, editor=editor)
    article_transition(article=article, action="approve", by=board_member)
    return Article.objects.get(pk=article.pk)


@pytest.mark.django_db
def test_article_page_query_count_does_not_grow_with_references(
    client, editor, board_member, django_assert_max_num_queries
):
    small = approved_article_citing(5, editor, board_member)
    large = approved_article_citing(50, editor, board_member)
    counts = []
    for article, references in [(small, 5), (large, 50)]:
        cache.clear()  # each a first render: nothing read from the cache
        # issue 19's budget: a work with no translation reads its versions with the article
        with django_assert_max_num_queries(3) as captured:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        page = parse(response)
        assert len(page.find("ol", **{"class": "references__list"}).find_all("li")) == references
        counts.append(len(captured))
    assert counts[0] == counts[1] >= 1


@pytest.mark.django_db
def test_home_page_query_count_does_not_grow_with_articles(
    client, editor, board_member, django_assert_max_num_queries
):
    counts = []
    for total in (2, 6):
        while Article.objects.published().count() < total:
            article_in_state("approved", editor=editor, board=board_member)
        with django_assert_max_num_queries(10) as captured:  # issue 5's budget
            response = client.get("/")
        assert response.status_code == 200
        assert len(parse(response).find_all("li", **{"class": "article-list__item"})) == total
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --------------------------------------------------------------------------------------------
# The editorial policy page
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editorial_policy_page_describes_the_process(client):
    response = client.get("/editorial-policy/")
    assert response.status_code == 200
    page = parse(response)
    assert page.find("h1").text() == "Editorial policy"
    headings = [h2.text() for h2 in page.find("article").find_all("h2")]
    for expected in [
        "How articles are written",
        "How articles are reviewed",
        "How articles are approved and published",
        "How articles are updated and corrected",
    ]:
        assert expected in headings
    text = visible_text(response)
    for phrase in [
        "every citation leads to an entry in the article's reference list",
        "its text and references are frozen as a revision",
        "Nobody reviews or approves an article they wrote.",
        "A member of the Medical Advisory Board who is not one of its authors approves",
        "Drafts, submissions and articles in review are never shown to readers.",
        "until the board approves it, readers keep seeing the last approved version",
    ]:
        assert phrase in text


@pytest.mark.django_db
def test_editorial_policy_page_shows_the_workflow_table(client):
    page = parse(client.get("/editorial-policy/"))
    table = page.find("table", **{"class": "policy-table"})
    rows = [
        tuple(cell.text() for cell in row.iter() if cell.tag in {"th", "td"})
        for row in table.find("tbody").find_all("tr")
    ]
    expected = [
        (row.label, row.sources, row.target, row.who, row.conditions) for row in policy_table()
    ]
    assert len(expected) == len(ACTIONS) > 0
    assert rows == expected
    labels = [row[0] for row in rows]
    for step in [
        Step.SUBMIT,
        Step.START_REVIEW,
        Step.START_REREVIEW,
        Step.APPROVE,
        Step.REJECT,
        Step.ARCHIVE,
    ]:
        assert step.label in labels
    by_label = {row[0]: row for row in rows}
    # Issue 3's rules, written down independently of the code.
    assert by_label[Step.START_REREVIEW.label][1:4] == (
        "Approved",
        "Under review",
        "An editor who is not an author of the article",
    )
    _, sources, target, who, conditions = by_label[Step.APPROVE.label]
    assert (sources, target) == ("Under review", "Approved")
    assert who.startswith("An editor, or a board member where the board may decide")
    assert who.endswith("who is not an author of the article")
    for needed in [
        "quorum of approving reviews (EDITORIAL_APPROVAL_QUORUM, 2 by default)",
        "conflict of interest left unresolved",
        "every 'reject' recommendation of the round has been addressed by an editor",
    ]:
        assert needed in conditions
    for decision in [Step.REQUEST_CHANGES, Step.REJECT]:
        assert by_label[decision.label][3] == who


@pytest.mark.django_db
def test_editorial_policy_page_prose_states_the_quorum_and_the_periodic_re_review(client):
    """The prose above the table must not contradict issue 3's rules: approval needs a quorum
    of approving board reviews (and an editor may take the decision), and approved articles
    are re-reviewed periodically."""
    page = parse(client.get("/editorial-policy/"))
    prose = [p.text() for p in page.find("article").find_all("p")]  # not the generated table
    text = " ".join(prose).lower()
    assert "frozen as a revision" in text  # the prose is there

    assert "quorum" in text or "approving reviews" in text
    assert "re-review" in text


# --------------------------------------------------------------------------------------------
# Built once for every reader: a signed-in reader's page reads no article row again
# --------------------------------------------------------------------------------------------


def main_of(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


@pytest.mark.django_db
def test_a_signed_in_readers_article_page_is_built_once_and_rebuilt_after_a_change(
    client, published, author, editor, board_member
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.editorial.test_caching import approve_update

    client.force_login(author)
    url = published.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert main_of(again) == main_of(first)
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "articles_article" not in read and "publication" not in read, read
    assert "Log out" in again.content.decode()  # the header is still the reader's own

    updated = approve_update(published, editor=editor, board_member=board_member, title="Rebuilt")
    client.force_login(author)
    page = client.get(updated.get_absolute_url())
    assert "<h1" in page.content.decode() and "Rebuilt" in page.content.decode()
    client.logout()
    anonymous = client.get(updated.get_absolute_url()).content.decode()
    assert "Rebuilt" in anonymous and "Log out" not in anonymous
