"""The public site: what readers see. Every view fetches through the published selectors of
``articles.public``, so nothing unapproved can be reached."""

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from articles.public import (
    CountedPaginator,
    board_with_reviewed_articles,
    byline,
    change_log,
    every_claim_checked,
    listed_topics,
    live_round,
    periodic_review,
    published_articles,
    published_count,
    render_policy,
    rendered_revision,
    reviewers_of,
    summary_of,
    topic_count,
)
from articles.search import clean_query, hits, more_may_match, search
from articles.structured_data import article_citation, article_json_ld
from editorial.caching import public_page
from editorial.page_keys import BOARD, LISTING, POLICY, article_key, member_key, shows, topic_key
from editorial.policy import disclaimer_text, policy_in_force
from editorial.workflow import ReviewState, policy_table, review_tracker
from references.exports import to_bibtex, to_csl_json, to_ris

PER_PAGE = 20


def _page(request: HttpRequest, items, per_page: int = PER_PAGE, count: int | None = None) -> Page:
    """The requested page; a page number that is not one, or is past the end, gets the nearest."""
    paginator = (
        Paginator(items, per_page) if count is None else CountedPaginator(items, per_page, count)
    )
    return paginator.get_page(request.GET.get("page"))


def _listed(page: Page) -> list[dict]:
    return [
        {
            "article": article,
            "revision": article.live_revision,
            "summary": summary_of(article.live_revision),
        }
        for article in page.object_list
    ]


@public_page
def article_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, published_articles().prefetch_related("topics"), count=published_count())
    return render(
        request,
        "articles/article_list.html",
        {"page_obj": page, "articles": _listed(page), "topics": listed_topics()},
    )


@public_page
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = next((topic for topic in listed_topics() if topic.slug == slug), None)
    if topic is None:
        raise Http404("No such topic.")
    shows(request, topic_key(topic.pk))
    page = _page(
        request,
        published_articles().filter(topics=topic).prefetch_related("topics"),
        count=topic_count(topic),
    )
    return render(
        request,
        "articles/topic_detail.html",
        {"topic": topic, "page_obj": page, "articles": _listed(page)},
    )


@public_page(params=("q", "page"), lifetime="SEARCH_CACHE_SECONDS")
def article_search(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q"))
    page = _page(request, search(query)) if query else None
    return render(
        request,
        "articles/article_search.html",
        {
            "query": query,
            "page_obj": page,
            "results": hits(page.object_list, query) if page else [],
            "more_may_match": bool(page) and more_may_match(page.paginator.count),
        },
    )


@public_page(keys=(POLICY,))  # the disclaimer under the article is the policy's
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        published_articles()
        .select_related("live_revision__approved_by", "author")
        .prefetch_related("coauthors"),
        slug=slug,
    )
    revision = article.live_revision
    page = rendered_revision(revision)
    approval = live_round(article)
    reviewers = reviewers_of(article, approval)
    changes = change_log(article)
    first_approved_at = changes[-1].approved_at if changes else revision.approved_at
    today = timezone.localdate()
    summary = summary_of(revision)
    topics = list(article.topics.all())
    url = request.build_absolute_uri(article.get_absolute_url())
    shows(
        request,
        article_key(article.pk),
        *(member_key(member.pk) for member in reviewers),
        *(topic_key(topic.pk) for topic in topics),
    )
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "revision": revision,
            "page": page,
            "tracker": review_tracker(ReviewState.APPROVED),
            "topics": topics,
            "reviewers": reviewers,
            "byline": byline(article),
            "claims_checked": every_claim_checked(approval),
            "changes": changes,
            "first_approved_at": first_approved_at,
            "periodic_review": periodic_review(article, today),
            "canonical_url": url,
            "summary": summary,
            "citation": article_citation(
                revision=revision, url=url, accessed=today, first_approved_at=first_approved_at
            ),
            "json_ld": article_json_ld(
                article=article,
                revision=revision,
                page=page,
                url=url,
                reviewers=reviewers,
                first_approved_at=first_approved_at,
                topics=topics,
                description=summary,
            ),
        },
    )


@public_page(params=(), keys=(BOARD, LISTING))  # each member's reviewed articles are listed
def board(request: HttpRequest) -> HttpResponse:
    return render(
        request, "editorial/boardmember_list.html", {"members": board_with_reviewed_articles()}
    )


@public_page(params=(), keys=(POLICY,))
def editorial_policy(request: HttpRequest) -> HttpResponse:
    policy = policy_in_force()
    return render(
        request,
        "editorial/editorial_policy.html",
        {
            "policy": policy_table(),
            "states": ReviewState,
            "version": policy,
            "rendered": render_policy(policy) if policy else None,
            "disclaimer": disclaimer_text(policy) if policy else "",
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
