"""The read API's endpoints: thin views over the selectors the public pages use
(``articles.public``, ``articles.search``) and the publication record, so the API shows exactly
what the pages show: live revisions of published articles, nothing else.

Each endpoint is a ``public_page`` (``editorial.caching``): cached whole for anonymous clients
by the keys of what it shows, with ETag, Last-Modified, 304 and gzip, rebuilt and purged when
those keys change, exactly like the HTML pages. Its ``Gate`` (``api.params``) refuses bad
parameters and clients past their rate limit before anything is served.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import serializers as drf
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as out
from api.params import (
    CURSOR_PATTERN,
    OFFSET_PATTERN,
    SLUG_PATTERN,
    Cursor,
    Gate,
    Parsers,
    QueryError,
    parse_cursor,
    parse_language,
    parse_moment,
    parse_offset,
    parse_page_size,
    parse_query,
    parse_slug,
    read_query,
)
from api.versions import (
    absolute,
    api_url,
    published_translations,
    version_fields,
    with_version_facts,
)
from articles.languages import article_url, with_published_translations
from articles.models import Article, Topic
from articles.public import (
    board_with_reviewed_articles,
    byline,
    listed_topics,
    of_topic,
    published_articles,
    summary_of,
    with_first_approval,
)
from articles.publication import RECORD_VERSION, PublicPage, publication_record_of
from articles.search import clean_query, hits, more_may_match, search
from editorial.caching import public_page
from editorial.languages import default_language
from editorial.page_keys import BOARD, LISTING, POLICY, shows, topic_key
from editorial.policy import policy_in_force

ERRORS = {
    400: OpenApiResponse(out.ErrorSerializer, description="A parameter it cannot read."),
    401: OpenApiResponse(out.ErrorSerializer, description="An API key that is not valid."),
    429: OpenApiResponse(out.ErrorSerializer, description="Past the client's rate limit."),
    # gunicorn's limit_request_line: answered by the server before the app sees the request.
    414: OpenApiResponse(description="A request line over 4 KB (the server's limit)."),
}
NOT_FOUND = {404: OpenApiResponse(out.ErrorSerializer, description="No such published item.")}


def _parameter(name: str, schema: dict, description: str, **more: Any) -> OpenApiParameter:
    return OpenApiParameter(name, type=schema, description=description, **more)


PAGE_SIZE = _parameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
    f"Items a page ({settings.API_PAGE_SIZE} by default, at most {settings.API_MAX_PAGE_SIZE}).",
)
SLUG = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 100}
LANGUAGE_SCHEMA = {"type": "string", "enum": [code for code, _ in settings.LANGUAGES]}
LANGUAGE = _parameter(
    "language",
    LANGUAGE_SCHEMA,
    "Only the articles written in this language (a code of the site's `LANGUAGES`): the "
    f"site's language, `{settings.LANGUAGE_CODE}`, by default, whose articles are the originals; "
    "another language's are the published translations into it.",
)


def _query(request: Request, parsers: Parsers) -> dict[str, Any]:
    try:
        return read_query(request._request, parsers)
    except QueryError as error:  # the gate refuses these first; kept for callers without it
        raise drf.ValidationError({"detail": str(error)}) from None


def endpoint(
    view: type[APIView], *, params: Parsers, keys: tuple[str, ...], lifetime: str | None = None
) -> Callable:
    """``view`` as a public page reading the query parameters ``params``."""
    return public_page(
        view.as_view(),
        params=tuple(params),
        keys=keys,
        refuse=Gate(params),
        **({"lifetime": lifetime} if lifetime else {}),
    )


class ReadView(APIView):
    """GET and HEAD only; anonymous (a key only changes the client's limit)."""

    http_method_names = ["get", "head", "options"]

    def options(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = Response(status=204)
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response


# Articles --------------------------------------------------------------------------------------


def _record_is_current(article: Article) -> bool:
    return article.record_revision == article.live_revision_id and article.record_version == str(
        RECORD_VERSION
    )


def article_summary(
    request: HttpRequest, article: Article, translations: dict[int, list[dict[str, Any]]]
) -> dict[str, Any]:
    revision = article.live_revision
    # A translation is filed under its original's topics, named in its language.
    topics = (article.translation_of if article.is_translation else article).topics.all()
    shows(request._request, *(topic_key(topic.pk) for topic in topics))
    return {
        "slug": article.slug,
        "title": revision.title,
        "summary": article.record_summary if _record_is_current(article) else summary_of(revision),
        "topics": [{"slug": topic.slug, "name": topic.shown_name} for topic in topics],
        "first_published_at": article.first_approved_at,
        "updated_at": revision.approved_at,
        "last_reviewed_at": article.last_reviewed_at,
        "next_review_due": article.next_review_due,
        "url": absolute(request, article.get_absolute_url()),
        "api_url": api_url(request, "article", article.slug),
        **version_fields(request, article, translations),
    }


def listed_articles(language: str) -> QuerySet[Article]:
    """Published articles in ``language`` as lists show them: the summary from the publication
    record (or, without a current one, from the live revision), the topics (a translation's
    are its original's), the first approval, the language fields (``api.versions``)."""
    return (
        with_version_facts(with_first_approval(published_articles(language)))
        .annotate(
            record_summary=KeyTextTransform("summary", "publication_record__page"),
            record_version=KeyTextTransform("version", "publication_record__page"),
            record_revision=F("publication_record__revision_id"),
        )
        .prefetch_related(
            "topics",
            Prefetch("translation_of__topics", queryset=Topic.objects.in_language(language)),
        )
    )


def in_topic(articles: QuerySet[Article], slug: str, language: str) -> QuerySet[Article]:
    """The articles in ``language`` of the topic ``slug`` (a translation is in its original's
    topics); none for a topic that does not exist. In the site's language every article is an
    original, filed under the topic itself: joined to its links, as PostgreSQL reads fastest
    (``of_topic``'s "or a translation of one" matches none of them, and costs a scan)."""
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        return articles.none()
    if language == default_language():
        return articles.filter(topics=topic)
    return of_topic(articles, topic)


def _next_link(request: HttpRequest, name: str, cursor: str) -> str:
    query = {key: value for key, value in request.GET.items() if key != "cursor"}
    return f"{api_url(request, name)}?{urlencode({**query, 'cursor': cursor})}"


ARTICLE_LIST_PARAMS: Parsers = {
    "language": parse_language,
    "topic": parse_slug("topic"),
    "updated_since": parse_moment,
    "cursor": parse_cursor,
    "page_size": parse_page_size,
}


class ArticleList(ReadView):
    @extend_schema(
        operation_id="articles_list",
        summary="Published articles, the latest approval first",
        parameters=[
            LANGUAGE,
            _parameter(
                "topic",
                SLUG,
                "Only the articles filed under this topic (its slug; a translation is filed "
                "under its original's).",
            ),
            _parameter(
                "updated_since",
                {"type": "string", "format": "date-time"},
                "Only the articles whose text was approved at or after this time (RFC 3339).",
            ),
            _parameter(
                "cursor",
                {"type": "string", "pattern": CURSOR_PATTERN},
                "Where the page starts: the previous page's `next_cursor`.",
            ),
            PAGE_SIZE,
        ],
        responses={200: out.ArticlePageSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = _query(request, ARTICLE_LIST_PARAMS)
        language = query.get("language", default_language())
        articles = listed_articles(language)
        if "topic" in query:
            articles = in_topic(articles, query["topic"], language)
        if "updated_since" in query:
            articles = articles.filter(live_revision__approved_at__gte=query["updated_since"])
        cursor: Cursor | None = query.get("cursor")
        if cursor is not None:
            approved_at = "live_revision__approved_at"
            articles = articles.filter(
                Q(**{f"{approved_at}__lt": cursor.approved_at})
                | Q(**{approved_at: cursor.approved_at, "pk__lt": cursor.pk})
            )
        size = query.get("page_size", settings.API_PAGE_SIZE)
        page = list(articles[: size + 1])
        following = None
        if len(page) > size:
            page = page[:size]
            following = str(Cursor(page[-1].live_revision.approved_at, page[-1].pk))
        translations = published_translations(request, page)
        data = {
            "results": [article_summary(request, article, translations) for article in page],
            "next_cursor": following,
            "next": _next_link(request, "articles", following) if following else None,
        }
        return Response(out.ArticlePageSerializer(data).data)


def published_article(
    request: HttpRequest, slug: str, *, versions: bool = False
) -> tuple[Article, dict[str, Any]]:
    """The published article ``slug`` and its publication record's page; the response shows
    what the record was built from (its keys: a translation's include its original's, and every
    version of a work carries the original's, which a translation published, changed or taken
    off the site marks stale). ``versions``: read the language fields too."""
    articles = (
        published_articles()
        .select_related("publication_record", "author")
        .defer("live_revision__sections", "live_revision__references")
    )
    if versions:
        articles = with_published_translations(with_version_facts(articles))
    article = get_object_or_404(articles, slug=slug)
    record = publication_record_of(article)
    shows(request, *PublicPage.page_keys(record))
    return article, record.page


def topic_name(topic: dict[str, Any], language: str) -> str:
    """A record's topic named in ``language``, or in the site's where it has no name in it."""
    return topic.get("names", {}).get(language) or topic["name"]


def _moment(value: str | None) -> datetime | None:
    """A time the record keeps as ISO 8601 text."""
    return datetime.fromisoformat(value) if value else None


def _links(request: HttpRequest, slug: str) -> dict[str, str]:
    return {
        "review_url": api_url(request, "article-review", slug),
        "references_url": api_url(request, "article-references", slug),
        "changes_url": api_url(request, "article-changes", slug),
    }


class ArticleDetail(ReadView):
    @extend_schema(
        operation_id="articles_retrieve",
        summary="A published article: its live revision",
        parameters=[_parameter("slug", SLUG, "The article's slug.", location="path")],
        responses={200: out.ArticleSerializer, **NOT_FOUND, **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        _query(request, {})
        article, page = published_article(request._request, slug, versions=True)
        revision = article.live_revision
        translations = published_translations(request, [article])
        data = {
            "slug": article.slug,
            "title": page["title"],
            "summary": page["summary"],
            "topics": [
                {"slug": topic["slug"], "name": topic_name(topic, article.language)}
                for topic in page["topics"]
            ],
            "first_published_at": _moment(page["first_approved_at"]),
            "updated_at": revision.approved_at,
            "last_reviewed_at": article.last_reviewed_at,
            "next_review_due": article.next_review_due,
            "url": absolute(request, article.get_absolute_url()),
            "api_url": api_url(request, "article", article.slug),
            "authors": byline(article),
            "sections": page["sections"],
            **version_fields(request, article, translations),
            **_links(request, article.slug),
        }
        return Response(out.ArticleSerializer(data).data)


class ArticleReferences(ReadView):
    @extend_schema(
        operation_id="articles_references",
        summary="The works the live revision cites, numbered as in its text",
        parameters=[_parameter("slug", SLUG, "The article's slug.", location="path")],
        responses={200: out.ReferenceListSerializer, **NOT_FOUND, **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        _query(request, {})
        article, page = published_article(request._request, slug)
        works = [{**work, "kind": work["kind_label"]} for work in page["references"]]
        data = {"article": article.slug, "results": works}
        return Response(out.ReferenceListSerializer(data).data)


class ArticleReview(ReadView):
    @extend_schema(
        operation_id="articles_review",
        summary="The review behind the live revision: who, when, under which policy",
        parameters=[_parameter("slug", SLUG, "The article's slug.", location="path")],
        responses={200: out.ReviewSerializer, **NOT_FOUND, **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        _query(request, {})
        article, page = published_article(request._request, slug)
        shows(request._request, POLICY)  # the disclaimer version in force
        revision = article.live_revision
        policy = policy_in_force()
        due = article.next_review_due
        claims = page["claims"]
        data = {
            "article": article.slug,
            "reviewers": [
                {
                    "name": member["display_name"],
                    "credentials": member["credentials"],
                    "specialty": member.get("specialty", ""),
                    "external": member.get("external", False),
                    "disclosure": member["disclosure"],
                }
                for member in page["reviewers"]
            ],
            "approved_at": revision.approved_at,
            "last_reviewed_at": article.last_reviewed_at,
            "next_review_due": due,
            "review_in_progress": page["periodic_review_in_progress"],
            "review_overdue": due is not None
            and due < timezone.localdate()
            and not page["periodic_review_in_progress"],
            "policy_version": revision.policy_version,
            "disclaimer_version": revision.disclaimer_version,
            "disclaimer_version_in_force": policy.disclaimer_version if policy else None,
            "claims": {
                "count": len(claims),
                "checked": sum(claim["checked"] for claim in claims),
                "all_checked": page["claims_checked"],
            },
            "policy_url": absolute(request, reverse("articles:editorial-policy")),
        }
        return Response(out.ReviewSerializer(data).data)


class ArticleChanges(ReadView):
    @extend_schema(
        operation_id="articles_changes",
        summary="The change log: every approval readers were shown, newest first",
        parameters=[_parameter("slug", SLUG, "The article's slug.", location="path")],
        responses={200: out.ChangeLogSerializer, **NOT_FOUND, **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        _query(request, {})
        article, page = published_article(request._request, slug)
        changes = [
            {**change, "approved_at": _moment(change["approved_at"])} for change in page["changes"]
        ]
        data = {"article": article.slug, "results": changes}
        return Response(out.ChangeLogSerializer(data).data)


# Topics, the board, search -----------------------------------------------------------------------


def topic_data(request: HttpRequest, topic: Any) -> dict[str, Any]:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "description": topic.description,
        "published_count": topic.published_count,
        "url": absolute(request, topic.get_absolute_url()),
        "api_url": api_url(request, "topic", topic.slug),
        "articles_url": f"{api_url(request, 'articles')}?{urlencode({'topic': topic.slug})}",
    }


class TopicList(ReadView):
    @extend_schema(
        operation_id="topics_list",
        summary="Topics with published articles, with their number",
        responses={200: out.TopicListSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        _query(request, {})
        data = {"results": [topic_data(request, topic) for topic in listed_topics()]}
        return Response(out.TopicListSerializer(data).data)


class TopicDetail(ReadView):
    @extend_schema(
        operation_id="topics_retrieve",
        summary="A topic with published articles",
        parameters=[_parameter("slug", SLUG, "The topic's slug.", location="path")],
        responses={200: out.TopicSerializer, **NOT_FOUND, **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        _query(request, {})
        topic = next((topic for topic in listed_topics() if topic.slug == slug), None)
        if topic is None:
            raise Http404("No such topic.")
        shows(request._request, topic_key(topic.pk))
        return Response(out.TopicSerializer(topic_data(request, topic)).data)


class Board(ReadView):
    @extend_schema(
        operation_id="board_list",
        summary="The Medical Advisory Board and what each member reviewed most recently",
        responses={200: out.BoardSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        _query(request, {})
        members = [
            {
                "name": member.display_name,
                "credentials": member.credentials,
                "specialty": member.specialty,
                "bio": member.bio,
                "reviewed": [
                    {
                        "slug": entry.slug,
                        "title": entry.title,
                        "language": entry.language,
                        "url": absolute(request, entry.get_absolute_url()),
                        "api_url": api_url(request, "article", entry.slug),
                    }
                    for entry in reviewed
                ],
            }
            for member, reviewed in board_with_reviewed_articles()
        ]
        return Response(out.BoardSerializer({"results": members}).data)


SEARCH_PARAMS: Parsers = {
    "q": parse_query,
    "language": parse_language,
    "cursor": parse_offset,
    "page_size": parse_page_size,
}


class Search(ReadView):
    @extend_schema(
        operation_id="search",
        summary="Ranked full-text search over the live revisions",
        parameters=[
            _parameter(
                "q",
                # A NUL is refused with a 400 (editorial.security), so the schema says so.
                {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^[^\x00]*$"},
                "The words to find (no NUL character).",
                required=True,
            ),
            _parameter(
                "language",
                LANGUAGE_SCHEMA,
                "Search the articles written in this language (a code of the site's "
                f"`LANGUAGES`; `{settings.LANGUAGE_CODE}`, the originals', by default), with "
                "its text search: its words' stems and stop words.",
            ),
            _parameter(
                "cursor",
                {"type": "string", "pattern": OFFSET_PATTERN},
                "Where the page starts: the previous page's `next_cursor`.",
            ),
            PAGE_SIZE,
        ],
        responses={200: out.SearchPageSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = _query(request, SEARCH_PARAMS)
        if "q" not in query:
            raise drf.ValidationError({"detail": "q is required: the words to find."})
        words = clean_query(query["q"])
        language = query.get("language", default_language())
        matches = search(words, language) if words else []
        start, size = query.get("cursor", 0), query.get("page_size", settings.API_PAGE_SIZE)
        page = matches[start : start + size]
        following = str(start + size) if len(matches) > start + size else None
        data = {
            "query": words,
            "language": language,
            "results": [
                {
                    "slug": hit.slug,
                    "title": hit.title,
                    "language": language,
                    "snippet": str(hit.snippet),
                    "updated_at": hit.approved_at,
                    "url": absolute(request, article_url(hit.slug, language)),
                    "api_url": api_url(request, "article", hit.slug),
                }
                for hit in (hits(page, words, language) if page else [])
            ],
            "more_may_match": more_may_match(len(matches)),
            "next_cursor": following,
            "next": _next_link(request, "search", following) if following else None,
        }
        return Response(out.SearchPageSerializer(data).data)


NO_PARAMS: Parsers = {}
articles = endpoint(ArticleList, params=ARTICLE_LIST_PARAMS, keys=(LISTING,))
article = endpoint(ArticleDetail, params=NO_PARAMS, keys=())
article_references = endpoint(ArticleReferences, params=NO_PARAMS, keys=())
article_review = endpoint(ArticleReview, params=NO_PARAMS, keys=(POLICY,))
article_changes = endpoint(ArticleChanges, params=NO_PARAMS, keys=())
topics = endpoint(TopicList, params=NO_PARAMS, keys=(LISTING,))
topic = endpoint(TopicDetail, params=NO_PARAMS, keys=(LISTING,))
board = endpoint(Board, params=NO_PARAMS, keys=(BOARD, LISTING))
search_view = endpoint(
    Search, params=SEARCH_PARAMS, keys=(LISTING,), lifetime="SEARCH_CACHE_SECONDS"
)
# The schema depends on the code only: cached until a release marks every page stale.
schema = public_page(SpectacularJSONAPIView.as_view(), params=(), keys=(), refuse=Gate(NO_PARAMS))
