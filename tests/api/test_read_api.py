"""The read API's content: the live revision of published articles, as the public page shows it
(from the same publication record), and clear JSON 400s for what it cannot read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from api.params import NO_PARAMETERS, REPEATED, UNKNOWN_LANGUAGE, UNKNOWN_PARAMETERS
from articles.models import Article, Section, Topic
from articles.publication import publication_record_of
from articles.services import article_update
from editorial.workflow import article_transition
from references.formatting import csl_item
from tests.factories import ReferenceFactory, article_in_state, board_reviews
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(path: str, **extra):
    return Client().get(f"{API}{path}", **extra)


def test_an_article_is_its_live_revision_with_its_citations_resolved(published, editor):
    article = article_in_state("draft", editor=editor)
    second = ReferenceFactory()
    article.references.add(second)
    first_key = article.references.exclude(pk=second.pk).get().key
    Section.objects.filter(article=article, position=2).update(
        body=f"Research agrees [@{second.key}; @{first_key}], as `[@{first_key}]` says."
    )
    for action, who in [("submit", article.author), ("start_review", editor)]:
        article_transition(article=article, action=action, by=who)
    board_reviews(article, editor=editor)
    article_transition(article=article, action="approve", by=editor)
    article = Article.objects.get(pk=article.pk)

    body = get(f"/articles/{article.slug}/").json()
    record = publication_record_of(article).page
    assert body["title"] == article.live_revision.title
    assert [section["html"] for section in body["sections"]] == [
        section["html"] for section in record["sections"]
    ]
    assert [section["markdown"] for section in body["sections"]] == [
        "Guidance says so [1].",
        f"Research agrees [1, 2], as `[@{first_key}]` says.",
    ]
    assert body["summary"] == record["summary"]
    assert body["url"] == f"http://testserver/articles/{article.slug}/"
    assert body["authors"] == [article.author.get_full_name()]
    assert body["updated_at"] == article.live_revision.approved_at.isoformat().replace(
        "+00:00", "Z"
    )

    references = get(f"/articles/{article.slug}/references/").json()["results"]
    assert [work["number"] for work in references] == [1, 2]
    assert references[1]["key"] == second.key
    assert references[1]["csl"] == csl_item(second.snapshot()) | {"id": second.key}
    assert references[1]["kind"] == "Research"


def test_the_review_says_who_approved_when_and_under_which_policy(published):
    body = get(f"/articles/{published.slug}/review/").json()
    revision = published.live_revision
    page = publication_record_of(published).page
    assert [reviewer["name"] for reviewer in body["reviewers"]] == [
        member["display_name"] for member in page["reviewers"]
    ]
    assert all(reviewer["disclosure"] == "" for reviewer in body["reviewers"])
    assert body["policy_version"] == revision.policy_version
    assert body["disclaimer_version"] == revision.disclaimer_version
    assert body["claims"] == {"count": 1, "checked": 1, "all_checked": True}
    assert body["review_in_progress"] is False and body["review_overdue"] is False
    changes = get(f"/articles/{published.slug}/changes/").json()["results"]
    assert [change["summary"] for change in changes] == [
        "First published after review by the Medical Advisory Board."
    ]


def test_an_update_in_review_is_never_shown_its_live_revision_is(published):
    article_transition(article=published, action="revise", by=published.author)
    article_update(article=published, by=published.author, title="An unapproved title?")
    for path in [
        "/articles/",
        f"/articles/{published.slug}/",
        f"/articles/{published.slug}/review/",
        "/search/?q=unapproved",
        "/board/",
    ]:
        assert "An unapproved title?" not in get(path).content.decode(), path
    assert get(f"/articles/{published.slug}/").json()["title"] == published.live_revision.title


def test_lists_page_by_cursor_and_filter_by_topic_and_updated_since(editor, board_member):
    start = datetime(2025, 3, 1, 9, tzinfo=UTC)
    made = []
    for day in range(5):
        with time_machine.travel(start + timedelta(days=day), tick=False):
            made.append(article_in_state("approved", editor=editor, board=board_member))
    topic = Topic.objects.create(name="Sleep", slug="sleep")
    topic.articles.add(made[0], made[3])

    seen, url = [], f"{API}/articles/?page_size=2"
    while url:
        page = Client().get(url).json()
        assert len(page["results"]) <= 2
        seen += [item["slug"] for item in page["results"]]
        url = page["next"]
    assert seen == [article.slug for article in reversed(made)]

    by_topic = get("/articles/", data={"topic": "sleep"}).json()["results"]
    assert [item["slug"] for item in by_topic] == [made[3].slug, made[0].slug]
    assert by_topic[0]["topics"] == [{"slug": "sleep", "name": "Sleep"}]
    since = (start + timedelta(days=3)).isoformat()
    recent = get("/articles/", data={"updated_since": since}).json()["results"]
    assert [item["slug"] for item in recent] == [made[4].slug, made[3].slug]
    assert get("/articles/", data={"topic": "no-such-topic"}).json()["results"] == []


def test_search_pages_by_cursor(editor, board_member):
    for _ in range(3):
        article_in_state("approved", editor=editor, board=board_member)
    first = get("/search/", data={"q": "guidance", "page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next_cursor"] == "2"
    rest = get("/search/", data={"q": "guidance", "page_size": 2, "cursor": "2"}).json()
    assert len(rest["results"]) == 1 and rest["next"] is None
    slugs = {hit["slug"] for hit in first["results"] + rest["results"]}
    assert len(slugs) == 3
    assert "<mark>" in first["results"][0]["snippet"]


def detail(response) -> str:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("colour=red", UNKNOWN_PARAMETERS.format(
            unknown="'colour'", known="language, topic, updated_since, cursor, page_size")),
        ("language=fr", UNKNOWN_LANGUAGE.format(languages="en, es")),
        ("language=ES", UNKNOWN_LANGUAGE.format(languages="en, es")),
        ("language=", UNKNOWN_LANGUAGE.format(languages="en, es")),
        ("language=en&language=es", REPEATED.format(name="language")),
        ("cursor=abc", "cursor is malformed: pass the `next_cursor` of the previous page."),
        ("cursor=1.2.3", "cursor is malformed: pass the `next_cursor` of the previous page."),
        ("page_size=100000000000", "page_size must be a whole number."),
        ("page_size=101", "page_size must be between 1 and 100."),
        ("page_size=0", "page_size must be between 1 and 100."),
        ("page_size=-3", "page_size must be a whole number."),
        ("topic=a&topic=b", REPEATED.format(name="topic")),
        ("topic=%3Cb%3E", "topic must be a slug (letters, digits, '-' and '_')."),
        ("updated_since=yesterday", "updated_since must be an RFC 3339 date-time with its "
         "offset, e.g. 2025-03-01T09:00:00Z."),
        ("updated_since=2025-03-01T09:00:00", "updated_since must be an RFC 3339 date-time "
         "with its offset, e.g. 2025-03-01T09:00:00Z."),
        ("%FF=1", "the query string is not UTF-8."),
        ("topic=%C3%28", "the query string is not UTF-8."),
        ("topic=%00", "the query parameter 'topic' holds a NUL or surrogate character."),
    ],
)  # fmt: skip
def test_what_a_list_cannot_read_is_a_json_400_that_says_why(published, query, expected):
    assert get("/articles/").status_code == 200  # stored: the gate still runs before a hit
    assert detail(get("/articles/", QUERY_STRING=query)) == expected


def test_endpoints_without_parameters_refuse_any(published):
    for path in [f"/articles/{published.slug}/", "/topics/", "/board/"]:
        assert detail(get(path, QUERY_STRING="page=2")) == NO_PARAMETERS.format(unknown="'page'")
    assert detail(get("/search/")) == "q is required: the words to find."
    assert detail(get("/search/", data={"q": "x" * 201})) == "q may hold at most 200 characters."


def test_unknown_things_are_json_404s_and_writes_are_405s(published, editor):
    draft = article_in_state("draft", editor=editor)
    for path in [f"/articles/{draft.slug}/", "/articles/nothing/", "/topics/nothing/", "/nope/"]:
        response = get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"]
    for method in ("post", "put", "patch", "delete"):
        response = getattr(Client(), method)(f"{API}/articles/")
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}


def test_a_first_publication_scheduled_for_later_is_nowhere_until_then(editor, board_member):
    now = datetime(2025, 3, 1, 9, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        article = article_in_state("under_review", editor=editor)
        board_reviews(article, editor=editor)
        article_transition(
            article=article, action="approve", by=editor, publish_at=now + timedelta(days=2)
        )
        assert get(f"/articles/{article.slug}/").status_code == 404
        for path in ["/articles/", "/search/?q=clinical", "/board/", "/topics/"]:
            assert article.slug not in get(path).content.decode(), path
    with time_machine.travel(now + timedelta(days=3), tick=False):
        run_queued_tasks()
        assert get(f"/articles/{article.slug}/").status_code == 200


@pytest.mark.parametrize(
    ("since", "listed"),
    [("0001-01-01T00:00:00+05:00", True), ("9999-12-31T23:00:00-05:00", False)],
)
def test_updated_since_at_the_ends_of_the_calendar_lists_all_or_nothing(published, since, listed):
    """A moment that cannot be written in UTC: year 1 east of it is before everything, year
    9999 west of it after everything (it listed every article)."""
    body = get("/articles/", data={"updated_since": since}).json()
    assert [item["slug"] for item in body["results"]] == ([published.slug] if listed else [])
