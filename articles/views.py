from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from articles.public import (
    CountedPaginator,
    change_log,
    listed_topics,
    published_articles,
    published_count,
    rendered_revision,
    reviewers_of,
    summary_of,
    topic_count,
)
from articles.search import clean_query, hits, search
from articles.structured_data import article_citation, article_json_ld
from editorial.caching import public_page
from editorial.workflow import ReviewState, review_tracker

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
        },
    )


@public_page
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        published_articles().select_related("live_revision__approved_by"), slug=slug
    )
    revision = article.live_revision
    page = rendered_revision(revision)
    reviewers = reviewers_of(article)
    changes = change_log(article)
    first_approved_at = changes[-1].approved_at if changes else revision.approved_at
    today = timezone.localdate()
    summary = summary_of(revision)
    url = request.build_absolute_uri(article.get_absolute_url())
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "revision": revision,
            "page": page,
            "tracker": review_tracker(ReviewState.APPROVED),
            "topics": list(article.topics.all()),
            "reviewers": reviewers,
            "changes": changes,
            "first_approved_at": first_approved_at,
            "review_overdue": article.next_review_due is not None
            and article.next_review_due < today,
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
                description=summary,
            ),
        },
    )
