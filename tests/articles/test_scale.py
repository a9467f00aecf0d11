"""At scale: generate_articles makes realistic approved articles, and every page readers, editors
and authors use runs the same number of queries whatever the number of articles (bench/scale.py
measures the time at 1,000 and 100,000 on PostgreSQL)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleReference, ArticleRevision, Section, Topic
from editorial.caching import published_state_changed
from editorial.models import BoardMember, Review, ReviewRound, Step, TransitionLog, User
from editorial.workflow import ReviewState


def generate(count: int, **options) -> None:
    options.setdefault("yes", True)  # tests run with DEBUG off
    call_command("generate_articles", count=count, stdout=io.StringIO(), **options)


@pytest.mark.django_db
def test_generated_articles_are_approved_with_their_whole_review_and_history(client):
    generate(12, prolific=5)
    articles = Article.objects.filter(
        author__username__in=User.objects.filter(username__startswith="gen-").values("username")
    ) | Article.objects.filter(author__username="prolific")
    assert articles.count() == 12
    assert Article.objects.filter(author__username="prolific").count() == 5
    for article in articles:
        revisions = list(article.revisions.order_by("number"))
        assert_approved_and_published_with_its_text(article, revisions)
        assert_reviewed_in_a_round_per_revision(article, revisions)
        assert_in_the_history_with_a_topic(article)
    page = client.get(articles.first().get_absolute_url())
    assert page.status_code == 200
    assert articles.first().live_revision.title in page.content.decode()
    assert "Medically reviewed by" in page.content.decode()


def assert_approved_and_published_with_its_text(article: Article, revisions: list) -> None:
    assert article.is_published and article.status == ReviewState.APPROVED
    assert article.live_revision == revisions[-1]
    assert all(revision.approved_at and revision.approved_by for revision in revisions)
    assert [s.heading for s in article.sections.all()][:2] == [
        "From the Guidelines",
        "From the Research",
    ]
    assert article.cited_keys() and not article.unresolved_citation_keys()
    assert ArticleReference.objects.filter(article=article).count() >= 3


def assert_reviewed_in_a_round_per_revision(article: Article, revisions: list) -> None:
    steps = list(TransitionLog.objects.filter(article=article).values_list("action", flat=True))
    assert steps.count("approve") == len(revisions) and steps.count("submit") == len(revisions)
    rounds = ReviewRound.objects.filter(article=article)
    assert rounds.count() == len(revisions)
    for review_round in rounds:
        assert review_round.outcome == "approved" and review_round.decision.action == "approve"
        assert Review.objects.filter(invitation__round=review_round).count() == 2


def assert_in_the_history_with_a_topic(article: Article) -> None:
    created = article.history.get(history_type="+")
    assert (created.history_date, created.history_user) == (article.created_at, article.author)
    approved = article.history.get(history_type="~", status=ReviewState.APPROVED)
    assert approved.history_change_reason == Step.APPROVE.label
    assert approved.history_date == article.live_revision.approved_at
    assert Section.history.filter(article_id=article.pk).count() == 3
    assert article.topics.exists()


@pytest.mark.django_db
def test_runs_add_up_with_the_same_board_and_topics():
    generate(3)
    board, topics = BoardMember.objects.count(), Topic.objects.count()
    generate(4)
    assert BoardMember.objects.count() == board and Topic.objects.count() == topics
    assert Article.objects.published().count() == 7
    assert ArticleRevision.objects.filter(approved_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_generate_articles_refuses_bad_input_and_production(settings):
    with pytest.raises(CommandError, match="at least 1"):
        generate(0)
    with pytest.raises(CommandError, match="cannot exceed"):
        generate(2, prolific=3)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        generate(2, yes=False)
    assert Article.objects.count() == 0


def public_urls() -> dict[str, str]:
    topic = Topic.objects.with_published_articles().first()
    return {
        "home": "/",
        "home, page 2": "/?page=2",
        "topic": topic.get_absolute_url(),
        "search": "/search/?q=children",
        "board": "/board/",
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
    }


def api_list_urls(client) -> dict[str, str]:
    """The read API's list endpoints (api/urls.py), a second page by cursor among them."""
    topic = Topic.objects.with_published_articles().first()
    second = client.get("/api/v1/articles/?page_size=5").json()["next_cursor"]
    return {
        "api articles": "/api/v1/articles/",
        "api articles, page 2": f"/api/v1/articles/?page_size=5&cursor={second}",
        "api articles of a topic": f"/api/v1/articles/?topic={topic.slug}",
        "api articles updated since": "/api/v1/articles/?updated_since=2000-01-01T00:00:00Z",
        "api topics": "/api/v1/topics/",
        "api board": "/api/v1/board/",
        "api search": "/api/v1/search/?q=children",
        # One language's: the translations into it (none generated: the fields' queries run
        # for the originals of a page; tests/api/test_api_languages.py counts translations).
        "api articles in Spanish": "/api/v1/articles/?language=es",
        "api articles of a topic in Spanish": f"/api/v1/articles/?topic={topic.slug}&language=es",
        "api search in Spanish": "/api/v1/search/?q=children&language=es",
    }


ADMIN_URLS = [
    "/admin/articles/article/",
    "/admin/articles/article/?status__exact=approved",
    "/admin/articles/article/?review=overdue",
    "/admin/articles/article/?review=rereview",
    "/admin/articles/article/?q=children",
]


def queries(client, url: str) -> int:
    # A request just before: the staff idle timeout has recorded this session's activity
    # (editorial.sessions writes it at most once a minute), so only the page's own queries count.
    client.get(url)
    published_state_changed()  # rendered, not from the page cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.django_db
def test_every_page_runs_the_same_queries_at_25_and_at_75_articles(
    client, django_assert_max_num_queries
):
    generate(25, prolific=25)
    editor = User.objects.filter(username__contains="-editor").first()
    reviewer = BoardMember.objects.first()
    author = User.objects.get(username="prolific")
    staff, writer = type(client)(), type(client)()
    staff.force_login(editor)
    writer.force_login(author)
    pages = {name: (client, url) for name, url in public_urls().items()}
    pages |= {name: (client, url) for name, url in api_list_urls(client).items()}
    pages |= {url: (staff, url) for url in ADMIN_URLS}
    pages[f"reviewer {reviewer.pk}"] = (staff, f"/admin/articles/article/?reviewer={reviewer.pk}")
    pages["/write/"] = (writer, "/write/")
    pages["/write/?page=2"] = (writer, "/write/?page=2")
    small = {name: queries(who, url) for name, (who, url) in pages.items()}
    generate(50, prolific=50)
    assert Article.objects.filter(author=author).count() == 75
    large = {name: queries(who, url) for name, (who, url) in pages.items()}
    assert large == small
    members = BoardMember.objects.filter(active=True).count()
    budgets = {"board": 1 + members, "api board": 1 + members}
    # The dashboard lists, besides the author's articles, their translations out of date.
    budgets |= {"/write/": 15, "/write/?page=2": 15}
    for name, count in large.items():
        assert count <= budgets.get(name, 14), (name, count)
    with django_assert_max_num_queries(5):
        published_state_changed()
        client.get(public_urls()["home"])


@pytest.mark.django_db
def test_write_paginates_an_authors_articles(client):
    generate(45, prolific=45)
    author = User.objects.get(username="prolific")
    client.force_login(author)
    first = client.get("/write/").content.decode()
    assert first.count('class="author-article"') == 10
    assert "Page 1 of 5" in first
    last = client.get("/write/?page=5").content.decode()
    assert last.count('class="author-article"') == 5
    assert client.get("/write/?page=99").content.decode().count('class="author-article"') == 5
