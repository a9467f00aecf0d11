"""The public site for anonymous readers: only live revisions of published articles, anywhere."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from api.urls import urlpatterns
from articles.models import Article, ArticleRevision, Topic
from articles.public import render_cache_key
from articles.services import article_update
from editorial.caching import published_state_changed
from editorial.workflow import ReviewState, article_transition
from tests.factories import (
    ArticleFactory,
    UserFactory,
    article_in_state,
    board_reviews,
    board_user,
)
from tests.html import parse, visible_text

UNPUBLISHED = ["draft", "submitted", "under_review", "changes_requested", "rejected", "withdrawn"]
SECRET_TITLE = "A working title nobody may read?"


@pytest.fixture
def site(editor, board_member):
    """Articles in every state, all filed under one topic."""
    topic = Topic.objects.create(name="Shared topic", slug="shared", description="Everything.")
    articles = {
        state: article_in_state(state, editor=editor, board=board_member)
        for state in ["approved", *UNPUBLISHED, "archived"]
    }
    rereview = article_in_state("approved", editor=editor, board=board_member)
    article_transition(article=rereview, action="start_rereview", by=editor)
    articles["under re-review"] = Article.objects.get(pk=rereview.pk)
    revised = article_in_state("approved", editor=editor, board=board_member)
    article_transition(article=revised, action="revise", by=revised.author)
    article_update(article=revised, by=revised.author, title=SECRET_TITLE)
    articles["revised"] = Article.objects.get(pk=revised.pk)
    topic.articles.add(*articles.values())
    return articles


PUBLISHED_CASES = ["approved", "under re-review", "revised"]
HIDDEN_CASES = [*UNPUBLISHED, "archived"]


# The read API's endpoints (api/urls.py), each walked by the leak test below: a test fails when
# an endpoint is added without being walked here.
API_LISTS = {
    "api articles": "/api/v1/articles/",
    "api articles of the topic": "/api/v1/articles/?topic=shared",
    "api articles since": "/api/v1/articles/?updated_since=2000-01-01T00:00:00Z",
    "api search": "/api/v1/search/?q=clinical+question",
}
API_PAGES = {
    "api topics": "/api/v1/topics/",
    "api topic": "/api/v1/topics/shared/",
    "api board": "/api/v1/board/",
}
API_ARTICLE_PAGES = ["", "references/", "review/", "changes/"]
API_WALKED = {"articles", "search", "topics", "topic", "board", "article"} | {
    f"article-{suffix.rstrip('/')}" for suffix in API_ARTICLE_PAGES if suffix
}


def api_article_urls(article) -> list[str]:
    return [f"/api/v1/articles/{article.slug}/{suffix}" for suffix in API_ARTICLE_PAGES]


def _public_pages(client, site) -> dict[str, str]:
    pages = {
        "home": client.get("/"),
        "search": client.get("/search/", {"q": "clinical question"}),
        "topic": client.get("/topics/shared/"),
        "board": client.get("/board/"),
        "policy": client.get("/editorial-policy/"),
        "sitemap": client.get("/sitemap.xml"),
        "feed": client.get("/feed/"),
    }
    pages |= {name: client.get(url) for name, url in (API_LISTS | API_PAGES).items()}
    for case in PUBLISHED_CASES:
        pages[case] = client.get(site[case].get_absolute_url())
        for url in api_article_urls(site[case]):
            pages[f"{case}: {url}"] = client.get(url)
    for name, response in pages.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in pages.items()}


@pytest.mark.django_db
def test_nothing_unapproved_appears_on_any_public_page(client, site):
    pages = _public_pages(client, site)
    for case in HIDDEN_CASES:
        article = site[case]
        for name, html in pages.items():
            assert article.title not in html, (case, name)
            assert f"/articles/{article.slug}/" not in html, (case, name)
        assert client.get(article.get_absolute_url()).status_code == 404, case
        for url in api_article_urls(article):
            assert client.get(url).status_code == 404, (case, url)
    for name, html in pages.items():
        assert SECRET_TITLE not in html, name
    # The published ones are listed (the revised one under its live title).
    for case in PUBLISHED_CASES:
        slug = f"/articles/{site[case].slug}/"
        for name in ["home", "search", "topic", "sitemap", "feed", *API_LISTS]:
            assert slug in pages[name], (case, name)
        assert site[case].live_revision.title in pages[f"{case}: {api_article_urls(site[case])[0]}"]


@pytest.fixture
def translated_site(site):
    """The site, with translations into Spanish: the approved article's, live (the Spanish
    pages exist), one in draft (of the article under re-review) and one approved for later
    (of the revised article)."""
    from tests.articles.translation_helpers import approve, translation_into

    live = approve(translation_into(site["approved"]))
    draft = translation_into(site["under re-review"])
    later = approve(
        translation_into(site["revised"]), publish_at=timezone.now() + timedelta(days=3)
    )
    return {"live": live, "draft": draft, "scheduled": later}


# The read API in Spanish: its lists of one language, and the live translation's endpoints.
SPANISH_API_LISTS = {
    "es api articles": "/api/v1/articles/?language=es",
    "es api articles of the topic": "/api/v1/articles/?language=es&topic=shared",
    "es api articles since": "/api/v1/articles/?language=es&updated_since=2000-01-01T00:00:00Z",
    "es api search": "/api/v1/search/?q=clinical+question&language=es",
}
SPANISH_PAGES = {
    "es home": "/es/",
    "es search": "/es/search/?q=clinical+question",
    "es topic": "/es/topics/shared/",
    "es board": "/es/board/",
    "es policy": "/es/editorial-policy/",
    "es feed": "/es/feed/",
}


@pytest.mark.django_db
def test_no_translation_unapproved_appears_on_any_public_page(client, site, translated_site):
    pages = _public_pages(client, site)
    pages |= {
        name: client.get(url).content.decode()
        for name, url in (SPANISH_PAGES | SPANISH_API_LISTS).items()
    }
    live = translated_site["live"]
    pages["es article"] = client.get(live.get_absolute_url()).content.decode()
    for url in api_article_urls(live):
        response = client.get(url)
        assert response.status_code == 200, url
        pages[f"es {url}"] = response.content.decode()
    pages["en original"] = client.get(site["approved"].get_absolute_url()).content.decode()
    for case in ("draft", "scheduled"):
        hidden = translated_site[case]
        assert not hidden.is_published
        for name, html in pages.items():
            assert hidden.title not in html, (case, name)
            assert hidden.slug not in html, (case, name)
        assert client.get(f"/es/articles/{hidden.slug}/").status_code == 404, case
        assert client.get(f"/articles/{hidden.slug}/").status_code == 404, case
        for url in api_article_urls(hidden):
            assert client.get(url).status_code == 404, (case, url)
    # The live one is listed in Spanish, and named on its original's page.
    for name in ("es home", "es search", "es topic", "es feed", "sitemap", "en original"):
        assert live.get_absolute_url() in pages[name], name
    # In the API too: in its language's lists, and in its original's "translations".
    original = f"approved: {api_article_urls(site['approved'])[0]}"
    for name in [*SPANISH_API_LISTS, original]:
        assert f"/api/v1/articles/{live.slug}/" in pages[name], name


def test_the_leak_walk_covers_every_endpoint_of_the_read_api():
    documentation = {"schema", "docs"}
    assert {pattern.name for pattern in urlpatterns} - documentation == API_WALKED


@pytest.mark.django_db
def test_topics_show_only_through_published_articles(client, site):
    Topic.objects.create(name="Only drafts", slug="only-drafts").articles.add(site["draft"])
    assert client.get("/topics/only-drafts/").status_code == 404
    home = client.get("/")
    assert "Only drafts" not in home.content.decode()
    assert "Shared topic" in visible_text(home)
    assert "(3 articles)" in visible_text(home)


@pytest.mark.django_db
def test_board_page_lists_active_members_and_the_published_articles_they_reviewed(client):
    editor = UserFactory(roles=["Editors"], is_staff=True)
    reviewers = [board_user(), board_user()]
    approver = board_user()
    published = ArticleFactory()
    archived = ArticleFactory()
    for article in (published, archived):
        article_transition(article=article, action="submit", by=article.author)
        article_transition(article=article, action="start_review", by=editor)
        board_reviews(article, editor=editor, members=reviewers)
        article_transition(article=article, action="approve", by=approver)
    article_transition(article=archived, action="archive", by=editor)
    retired = board_user()
    retired.board_member.active = False
    retired.board_member.bio = "Retired."
    retired.board_member.save()
    member = reviewers[0].board_member
    member.bio = "Twenty years in <b>child</b> psychiatry."
    member.save()

    response = client.get("/board/")
    page = parse(response)
    section = page.find("section", id=f"member-{member.pk}")
    assert section.find("h2").text() == f"{member.display_name}, {member.credentials}"
    text = section.text()
    assert member.specialty in text
    assert "Twenty years in <b>child</b> psychiatry." in text  # escaped, as text
    assert [a.text() for a in section.find("ul").find_all("a")] == [published.title]
    html = response.content.decode()
    assert archived.title not in html
    assert retired.board_member.display_name not in html


@pytest.mark.django_db
def test_article_page_names_the_reviewers_and_keeps_the_dates_apart(client, editor):
    reviewers = [board_user(), board_user()]
    approver = board_user()
    article = ArticleFactory()
    with _at(2025, 3, 1):
        article_transition(article=article, action="submit", by=article.author)
        article_transition(article=article, action="start_review", by=editor)
        board_reviews(article, editor=editor, members=reviewers)
        article_transition(article=article, action="approve", by=approver)
    # An unchanged periodic re-review: "Last reviewed" moves, "Last updated" does not.
    second = [board_user(), board_user()]
    with _at(2026, 3, 5):
        article_transition(article=article, action="start_rereview", by=editor)
        board_reviews(Article.objects.get(pk=article.pk), editor=editor, members=second)
        article_transition(article=article, action="approve", by=second[0])

    response = client.get(article.get_absolute_url())
    text = visible_text(response)
    names = [f"{user.board_member.display_name}, MD" for user in second]
    assert "Medically reviewed by" in text
    for name in names:
        assert name in text
    for user in reviewers:
        assert user.board_member.display_name not in text.split("Change log")[0]
    assert "on March 5, 2026" in text
    assert "Last updated: March 1, 2025" in text
    assert "Last reviewed: March 5, 2026" in text
    assert "Next review due" not in text
    links = parse(response).find("div", **{"class": "review-meta"}).find_all("a")
    assert {a.attrs["href"] for a in links} == {
        f"/board/#member-{user.board_member.pk}" for user in second
    }
    # The change log: the first approval, then the unchanged re-review.
    log = [
        li.text()
        for li in parse(response).find("ol", **{"class": "change-log__list"}).iter()
        if li.tag == "li"
    ]
    assert log == [
        "March 5, 2026: Re-reviewed by the Medical Advisory Board; no changes were needed.",
        "March 1, 2025: First published after review by the Medical Advisory Board.",
    ]


BEING_RE_REVIEWED = "This article is being re-reviewed by our Medical Advisory Board"
REVIEW_DUE = "periodic review by our Medical Advisory Board was due on"


def _due(article: Article, due: date) -> str:
    Article.objects.filter(pk=article.pk).update(next_review_due=due)
    published_state_changed()  # an update around the services says so itself
    return visible_text(Client().get(article.get_absolute_url()))


@pytest.mark.django_db
def test_being_re_reviewed_is_said_only_while_a_periodic_re_review_is_in_progress(site):
    article = site["under re-review"]  # a periodic round is open
    overdue = _due(article, date(2020, 1, 31))
    assert BEING_RE_REVIEWED in overdue and REVIEW_DUE not in overdue
    assert "Next review due: January 31, 2020" in overdue
    started_early = _due(article, timezone.localdate() + timedelta(days=30))
    assert BEING_RE_REVIEWED in started_early
    assert "Next review due" not in started_early and REVIEW_DUE not in started_early


@pytest.mark.django_db
def test_an_overdue_article_with_no_re_review_started_says_its_review_is_due(site):
    approved = site["approved"]
    text = _due(approved, date(2020, 1, 31))
    assert BEING_RE_REVIEWED not in text
    reviewed = timezone.localdate(approved.last_reviewed_at)
    assert (
        f"This article's periodic review by our Medical Advisory Board was due on January 31, "
        f"2020 and has not started yet. You are reading the version the board last approved, "
        f"on {reviewed:%B} {reviewed.day}, {reviewed.year}."
    ) in text
    assert "Next review due: January 31, 2020" in text
    not_yet = _due(approved, timezone.localdate() + timedelta(days=1))
    assert BEING_RE_REVIEWED not in not_yet and REVIEW_DUE not in not_yet
    assert "Next review due" not in not_yet


@pytest.mark.django_db
def test_an_update_under_review_is_not_a_periodic_re_review(site, editor):
    """A new revision of a published article in review (a round of the submission kind)."""
    article = site["revised"]
    article_transition(article=article, action="submit", by=article.author)
    article_transition(article=article, action="start_review", by=editor)
    text = _due(article, date(2020, 1, 31))
    assert BEING_RE_REVIEWED not in text
    assert REVIEW_DUE in text


@pytest.mark.django_db
def test_change_log_shows_the_summaries_of_approved_revisions(client, editor, board_member):
    article = article_in_state("approved", editor=editor, board=board_member)
    article_transition(article=article, action="revise", by=article.author)
    article_update(article=article, by=article.author, title="Is this the updated question?")
    article_transition(article=article, action="submit", by=article.author)
    revision = article.latest_revision()
    ArticleRevision.objects.filter(pk=revision.pk).update(
        change_summary="Updated to reflect the 2024 guideline."
    )
    article_transition(article=article, action="start_review", by=editor)
    from tests.factories import invitees_review

    invitees_review(article)
    article_transition(article=article, action="approve", by=board_member)
    page = parse(client.get(article.get_absolute_url()))
    entries = [
        li.text()
        for li in page.find("ol", **{"class": "change-log__list"}).iter()
        if li.tag == "li"
    ]
    assert len(entries) == 2
    assert entries[0].endswith("Updated to reflect the 2024 guideline.")
    assert entries[1].endswith("First published after review by the Medical Advisory Board.")


def _at(*args):
    import time_machine

    return time_machine.travel(datetime(*args, 12, 0, tzinfo=UTC), tick=False)


def _json_ld(response) -> dict:
    scripts = parse(response).find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].text())


@pytest.mark.django_db
def test_json_ld_describes_the_live_revision(client, editor, settings):
    settings.PUBLISHER_NAME = "Example </script> Press"
    reviewers = [board_user(), board_user()]
    approver = board_user()
    article = ArticleFactory(title="Is <this> & that safe?")
    with _at(2025, 3, 1):
        article_transition(article=article, action="submit", by=article.author)
        article_transition(article=article, action="start_review", by=editor)
        board_reviews(article, editor=editor, members=reviewers)
        article_transition(article=article, action="approve", by=approver)
    with _at(2025, 6, 1):
        article_transition(article=article, action="revise", by=article.author)
        article_update(article=article, by=article.author, title="Is the revised <question> ok?")
        article_transition(article=article, action="submit", by=article.author)
        article_transition(article=article, action="start_review", by=editor)
        from tests.factories import invitees_review

        invitees_review(article)
        article_transition(article=article, action="approve", by=approver)
    assert "about" not in _json_ld(client.get(article.get_absolute_url()))  # no topic yet
    topic = Topic.objects.create(name="Anxiety & sleep", slug="anxiety-sleep")
    topic.articles.add(article)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = _json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "Is the revised <question> ok?"
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"
    assert data["datePublished"].startswith("2025-03-01")
    assert data["dateModified"].startswith("2025-06-01")
    assert data["lastReviewed"] == "2025-06-01"  # a Date, as schema.org defines lastReviewed
    assert data["about"] == [
        {
            "@type": "Thing",
            "name": "Anxiety & sleep",
            "url": "http://testserver/topics/anxiety-sleep/",
        }
    ]
    assert sorted(person["name"] for person in data["reviewedBy"]) == sorted(
        user.board_member.display_name for user in reviewers
    )
    for person in data["reviewedBy"]:
        assert person["@type"] == "Person"
        assert person["honorificSuffix"] == "MD"
        assert person["url"].startswith("http://testserver/board/#member-")
    revision = Article.objects.get(pk=article.pk).live_revision
    assert [c["name"] for c in data["citation"]] == [w["title"] for w in revision.references]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "Example </script> Press",
        "url": "http://testserver/",
    }
    assert "Is <this> & that safe?" not in json.dumps(data)


@pytest.mark.django_db
def test_article_page_meta_cite_block_and_canonical(client, site):
    article = site["revised"]
    response = client.get(article.get_absolute_url())
    page = parse(response)
    live_title = article.live_revision.title
    url = f"http://testserver{article.get_absolute_url()}"
    assert page.find("link", rel="canonical").attrs["href"] == url
    og = {
        m.attrs["property"]: m.attrs["content"]
        for m in page.find_all("meta")
        if "property" in m.attrs
    }
    assert og["og:title"] == live_title
    assert og["og:url"] == url
    assert og["og:type"] == "article"
    assert og["article:tag"] == "Shared topic"
    cite = page.find("p", **{"class": "cite__text"}).text()
    assert cite.startswith(f"{live_title} Editorial Medical Publishing. Published ")
    assert f"Accessed {timezone.localdate():%B} " in cite
    assert cite.endswith(url)
    assert len(page.find_all("h1")) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "9999", "0", "-1", ""])
def test_pagination_edge_cases(client, page, editor, board_member):
    bulk_published(25)
    response = client.get("/", {"page": page})
    assert response.status_code == 200
    items = parse(response).find_all("li", **{"class": "article-list__item"})
    expected = {"9999": 5, "0": 5, "-1": 5}.get(page, 20)
    assert len(items) == expected


@pytest.mark.django_db
def test_pagination_links_keep_the_search_query(client):
    bulk_published(25)
    response = client.get("/search/", {"q": "bulk"})
    nav = parse(response).find("nav", **{"class": "pagination"})
    assert nav.find("a", rel="next").attrs["href"] == "?q=bulk&page=2"


@pytest.mark.django_db
def test_sitemap_lastmod_comes_from_the_live_revision(client, site):
    xml = client.get("/sitemap.xml").content.decode()
    article = site["revised"]
    lastmod = article.live_revision.approved_at.date().isoformat()
    entry = re.search(
        rf"<loc>http://testserver/articles/{article.slug}/</loc><lastmod>([^<]+)</lastmod>", xml
    )
    assert entry is not None and entry.group(1).startswith(lastmod)
    assert "<loc>http://testserver/topics/shared/</loc>" in xml
    assert "<loc>http://testserver/board/</loc>" in xml


@pytest.mark.django_db
def test_feed_is_atom_with_live_titles(client, site):
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert xml.count("<entry>") == len(PUBLISHED_CASES)
    assert f"<title>{site['revised'].live_revision.title}</title>" in xml
    assert "<updated>" in xml and "<published>" in xml


@pytest.mark.django_db
def test_security_headers(client, admin_client, site):
    response = client.get(site["approved"].get_absolute_url())
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    admin = admin_client.get("/admin/articles/article/")
    assert admin.status_code == 200
    assert "script-src 'self';" in admin["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in admin["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style_and_no_external_assets(client, site):
    for name, html in _public_pages(client, site).items():
        if name in {"sitemap", "feed"}:
            continue
        assert " style=" not in html, name
        assert "<style" not in html, name
        for script in re.findall(r"<script[^>]*>", html):
            assert script == '<script type="application/ld+json">', name
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert url.startswith("http://testserver/") or "/articles/" not in html, name
        assert "<link" not in html or not re.search(
            r'<link[^>]+href="https?://(?!testserver)', html
        )


# --------------------------------------------------------------------------------------------
# The rendered HTML cache
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_renders_no_revision_and_a_new_live_revision_is_rendered_by_its_approval(
    client, editor, board_member
):
    article = article_in_state("approved", editor=editor, board=board_member)
    cache.clear()
    with mock.patch(
        "articles.models.render_article",
        wraps=__import__("articles.rendering", fromlist=["render_article"]).render_article,
    ) as render:
        for _ in range(3):
            assert client.get(article.get_absolute_url()).status_code == 200
        # The page renders from the publication record: the approval rendered the text.
        assert render.call_count == 0

        article_transition(article=article, action="revise", by=article.author)
        section = article.sections.first()
        article_update(
            article=article,
            by=article.author,
            sections=[
                (section.heading, f"Brand new guidance [@{article.references.first().key}]."),
                ("From the Research", ""),
            ],
        )
        article_transition(article=article, action="submit", by=article.author)
        article_transition(article=article, action="start_review", by=editor)
        from tests.factories import invitees_review

        invitees_review(article)
        article_transition(article=article, action="approve", by=board_member)
        rendered_by_the_workflow = render.call_count
        text = visible_text(client.get(article.get_absolute_url()))
        assert "Brand new guidance" in text
        assert "Guidance says so" not in text
        assert render.call_count == rendered_by_the_workflow >= 1  # into the new record
        live = Article.objects.get(pk=article.pk).live_revision
        assert cache.get(render_cache_key(live)) is not None


# --------------------------------------------------------------------------------------------
# Query budgets, at 10 and at 1,000 published articles
# --------------------------------------------------------------------------------------------


def bulk_published(count: int, *, topic: Topic | None = None) -> list[Article]:
    """``count`` published articles, made cheaply (bulk inserts, not the workflow)."""
    author = UserFactory()
    approver = board_user()
    now = timezone.now()
    start = Article.objects.count()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Bulk question {start + n}?",
            slug=f"bulk-question-{start + n}",
            author=author,
            status=ReviewState.APPROVED,
            last_reviewed_at=now,
            next_review_due=now.date() + timedelta(days=365),
        )
        for n in range(count)
    )
    revisions = ArticleRevision.objects.bulk_create(
        ArticleRevision(
            article=article,
            number=1,
            title=article.title,
            sections=[
                {"heading": "From the Guidelines", "body": f"Bulk guidance {n} applies."},
                {"heading": "From the Research", "body": "Bulk research agrees."},
            ],
            references=[],
            created_by=author,
            approved_at=now - timedelta(minutes=n),
            approved_by=approver,
        )
        for n, article in enumerate(articles)
    )
    for article, revision in zip(articles, revisions, strict=True):
        article.live_revision = revision
    Article.objects.bulk_update(articles, ["live_revision"])
    if topic is not None:
        topic.articles.add(*articles)
    return articles


PAGES = [
    "/",
    "/topics/bulk/",
    "/search/?q=bulk+guidance",
    "/board/",
    "/editorial-policy/",
    "/sitemap.xml",
    "/feed/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("total", [10, 1000])
def test_public_pages_query_budget(client, total, django_assert_max_num_queries):
    topic = Topic.objects.create(name="Bulk", slug="bulk")
    articles = bulk_published(total, topic=topic)
    for url in [*PAGES, articles[0].get_absolute_url(), articles[-1].get_absolute_url()]:
        with django_assert_max_num_queries(10):
            response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.django_db
def test_sitemap_becomes_an_index_past_the_limit(client, site, monkeypatch):
    from articles import sitemaps

    whole = client.get("/sitemap.xml").content.decode()
    assert "<urlset" in whole and "<sitemapindex" not in whole
    total = whole.count("<url>")
    monkeypatch.setattr(sitemaps, "SITEMAP_MAX_URLS", 2)
    published_state_changed()
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    parts = re.findall(r"<loc>(http://testserver/sitemap-[a-z]+\.xml(?:\?p=\d+)?)</loc>", index)
    assert "http://testserver/sitemap-articles.xml?p=2" in parts
    urls = []
    for part in parts:
        xml = client.get(part.removeprefix("http://testserver")).content.decode()
        assert 1 <= xml.count("<url>") <= 2
        urls += re.findall(r"<url><loc>([^<]+)</loc>", xml)
    assert len(urls) == len(set(urls)) == total
    for case in HIDDEN_CASES:
        assert all(f"/articles/{site[case].slug}/" not in url for url in urls)
