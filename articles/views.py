"""The public site: what readers see. Every view fetches through the published selectors of
``articles.public``, so nothing unapproved can be reached."""

from dataclasses import dataclass
from datetime import date
from math import ceil

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from articles.languages import (
    list_in_each_language,
    page_language,
    published_versions,
    versions_as_pages,
    with_published_translations,
)
from articles.public import (
    CountedPaginator,
    PeriodicReview,
    board_with_reviewed_articles,
    byline,
    listed_topics,
    of_topic,
    published_articles,
    published_count,
    render_policy,
    rendered_revision,
    summary_of,
    topic_count,
    topics_of,
    with_topics,
)
from articles.publication import PublicPage, publication_record_of
from articles.search import clean_query, hits, more_may_match, search
from articles.structured_data import article_citation, with_versions
from editorial.caching import for_keys, public_page
from editorial.page_keys import BOARD, LISTING, POLICY, article_key, shows, topic_key
from editorial.policy import policy_in_force, policy_text
from editorial.workflow import ReviewState, policy_table, review_tracker
from references.exports import to_bibtex, to_csl_json, to_ris

PER_PAGE = 20
NOTHING = SafeString("")


def _page(request: HttpRequest, items, count: int | None = None) -> Page:
    """The requested page; a page number that is not one, or is past the end, gets the nearest."""
    paginator = (
        Paginator(items, PER_PAGE) if count is None else CountedPaginator(items, PER_PAGE, count)
    )
    return paginator.get_page(request.GET.get("page"))


def _pages_of(count: int) -> int:
    """How many pages a list of ``count`` articles has (its first, empty or not, at least)."""
    return max(1, ceil(count / PER_PAGE))


def _page_query(**params: str) -> QueryDict:
    """What a list's pagination links keep besides the page (includes/pagination.html): what
    its view reads (a search's words), never the request's own query string, whose other
    parameters the page cache does not key (they would reach every reader of the cached page)."""
    query = QueryDict(mutable=True)
    query.update(params)
    return query


def _listed(request: HttpRequest, page: Page) -> list[dict]:
    """The articles of a list's page, each with the topics it is listed under (whose keys the
    page carries: it names them)."""
    listed = [
        {
            "article": article,
            "revision": article.live_revision,
            "summary": summary_of(article.live_revision),
            "topics": topics_of(article),
        }
        for article in page.object_list
    ]
    shows(request, *(topic_key(topic.pk) for item in listed for topic in item["topics"]))
    return listed


@public_page
def article_list(request: HttpRequest) -> HttpResponse:
    """The articles in the page's language: the originals at /, each language's published
    translations under its prefix (/es/)."""
    language = page_language()
    page = _page(
        request,
        with_topics(published_articles(language), language),
        count=published_count(language),
    )
    topics = listed_topics(language)
    shows(request, *(topic_key(topic.pk) for topic in topics))
    return render(
        request,
        "articles/article_list.html",
        {
            "page_obj": page,
            "articles": _listed(request, page),
            "topics": topics,
            # Page N of each language's list, where that list has one (articles.languages):
            # every language's list has a first page, so only a later page counts the others.
            "languages_of_page": list_in_each_language(
                request.path,
                language,
                number=page.number,
                pages={
                    code: _pages_of(published_count(code)) if page.number > 1 else 1
                    for code in _languages()
                },
            ),
        },
    )


@public_page
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic's articles in the page's language (a translation is in its original's topics).
    The topic's page exists in the languages it has articles in; the switcher links those (page
    N of each, where it has one)."""
    language = page_language()
    listed = {
        code: next((topic for topic in listed_topics(code) if topic.slug == slug), None)
        for code in _languages()
    }
    topic = listed.get(language)
    if topic is None:
        raise Http404("No such topic.")
    shows(request, topic_key(topic.pk))
    page = _page(
        request,
        with_topics(of_topic(published_articles(language), topic), language),
        count=topic_count(topic, language),
    )
    return render(
        request,
        "articles/topic_detail.html",
        {
            "topic": topic,
            "page_obj": page,
            "articles": _listed(request, page),
            "languages_of_page": list_in_each_language(
                request.path,
                language,
                number=page.number,
                pages={
                    code: _pages_of(found.published_count)
                    for code, found in listed.items()
                    if found is not None
                },
            ),
        },
    )


def _languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


@public_page(params=("q", "page"), lifetime="SEARCH_CACHE_SECONDS")
def article_search(request: HttpRequest) -> HttpResponse:
    """The articles in the page's language matching the query (PostgreSQL: with the text
    search configuration of the language, ``articles.search``).

    The switcher links the same search in the other languages, the words as the page reads
    them, at its first page: another language's results are another list, whose length only
    running that search would tell (and a search's pages are ``noindex``). So the hreflang
    alternates name the first page of each language's search, on the first page only."""
    language = page_language()
    query = clean_query(request.GET.get("q"))
    page = _page(request, search(query, language)) if query else None
    return render(
        request,
        "articles/article_search.html",
        {
            "query": query,
            "page_obj": page,
            "page_query": _page_query(q=query),
            "results": hits(page.object_list, query, language) if page else [],
            "more_may_match": bool(page) and more_may_match(page.paginator.count),
            "languages_of_page": list_in_each_language(
                request.path,
                language,
                number=page.number if page else 1,
                # its first page in every language; as many as it has in this one
                pages={
                    **{code: 1 for code in _languages()},
                    language: page.paginator.num_pages if page else 1,
                },
                query={"q": query} if query else None,
            ),
        },
    )


@dataclass(frozen=True)
class ArticlePage:
    """What the article page shows, rendered: the same for every reader on a given day."""

    keys: tuple[str, ...]
    title: str = ""
    meta: SafeString = NOTHING
    body: SafeString = NOTHING
    languages: tuple = ()  # the work's published versions: the language switcher
    moved_to: str = ""  # the article's own address, when the slug was asked in another language


@public_page(keys=(POLICY,))  # the disclaimer under the article is the policy's
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The article as its publication record has it, with what depends on the date: the
    "accessed" date of "Cite this page" and whether the periodic review is overdue. Rendered
    once a day per host and language and kept until what it shows changes (``for_keys``), so a
    signed-in reader's page costs no query either; only the site's header is rendered for them.
    An article is read in its own language, at its own address: asked under another language's
    prefix, the page sends the reader there."""
    today = timezone.localdate()
    origin = request.build_absolute_uri("/").rstrip("/")
    language = page_language()
    page = for_keys(
        f"article-page:{origin}:{language}:{slug}:{today}",
        (LISTING, POLICY),  # LISTING: which article the slug names
        lambda: _article_page(slug, today=today, origin=origin, language=language),
        keys_of=lambda page: page.keys,
    )
    shows(request, *page.keys)
    if page.moved_to:
        return redirect(page.moved_to)
    return render(
        request,
        "articles/article_detail.html",
        {"parts": page, "languages_of_page": page.languages},
    )


def _article_page(slug: str, *, today: date, origin: str, language: str) -> ArticlePage:
    article = get_object_or_404(
        with_published_translations(published_articles())
        .select_related("publication_record", "author")
        .prefetch_related("coauthors")
        .defer("live_revision__sections", "live_revision__references"),
        slug=slug,
    )
    if article.language != language:
        return ArticlePage(keys=(article_key(article.pk),), moved_to=article.get_absolute_url())
    revision = article.live_revision
    record = publication_record_of(article)
    page = PublicPage.of(record)
    url = f"{origin}{article.get_absolute_url()}"
    versions = tuple(published_versions(article))
    due = article.next_review_due
    context = {
        "publisher_name": settings.PUBLISHER_NAME,
        "article": article,
        "revision": revision,
        "page": page,
        "tracker": review_tracker(ReviewState.APPROVED),
        "topics": page.topics,
        "reviewers": page.reviewers,
        "byline": byline(article),
        "claims_checked": page.claims_checked,
        "changes": page.changes,
        "first_approved_at": page.first_approved_at,
        "periodic_review": PeriodicReview(
            in_progress=page.periodic_review_in_progress,
            due_since=due if due is not None and due < today else None,
        ),
        "canonical_url": url,
        "summary": page.summary,
        "citation": article_citation(
            revision=revision, url=url, accessed=today, first_approved_at=page.first_approved_at
        ),
        "json_ld": with_versions(page.json_ld_for(origin), article, versions, origin),
        "versions": versions,
        "origin": origin,
    }
    # No request in the context: nothing personal can enter what every reader is shown.
    return ArticlePage(
        # The language switcher names the work's other versions: their changes (a
        # translation published, retitled, archived) make this page stale too.
        keys=(
            POLICY,
            *PublicPage.page_keys(record),
            *(article_key(version.pk) for version in versions),
        ),
        title=page.title,
        meta=render_to_string("articles/article_detail_meta.html", context),
        body=render_to_string("articles/article_detail_body.html", context),
        languages=tuple(versions_as_pages(versions, article)),
    )


@public_page(params=(), keys=(BOARD, LISTING))  # each member's reviewed articles are listed
def board(request: HttpRequest) -> HttpResponse:
    return render(
        request, "editorial/boardmember_list.html", {"members": board_with_reviewed_articles()}
    )


@public_page(params=(), keys=(POLICY,))
def editorial_policy(request: HttpRequest) -> HttpResponse:
    policy = policy_in_force()
    text = policy_text(policy, translation.get_language()) if policy else None
    return render(
        request,
        "editorial/editorial_policy.html",
        {
            "policy": policy_table(translate=translation.gettext),
            "states": ReviewState,
            "version": policy,
            "text": text,
            "rendered": render_policy(text.body) if text else None,
            "disclaimer": text.disclaimer if text else "",
        },
    )


EXPORTS = {
    "ris": (to_ris, "application/x-research-info-systems"),
    "bib": (to_bibtex, "application/x-bibtex"),
    "json": (to_csl_json, "application/vnd.citationstyles.csl+json"),
}


def article_references_export(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    """The live revision's references, as readers see them, in a reference manager's format."""
    if extension not in EXPORTS:
        raise Http404("Unknown format.")
    article = get_object_or_404(published_articles(), slug=slug)
    revision = article.live_revision
    by_key = {work["key"]: work for work in revision.references}
    works = [  # with the URL readers get (a web address or none)
        {**by_key[work.key], "url": work.url} for work in rendered_revision(revision).references
    ]
    export, content_type = EXPORTS[extension]
    response = HttpResponse(export(works), content_type=f"{content_type}; charset=utf-8")
    filename = f"{article.slug}-references.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
