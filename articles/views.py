from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from editorial.workflow import ReviewState, review_tracker


def article_list(request: HttpRequest) -> HttpResponse:
    articles = (
        Article.objects.published()
        .select_related("live_revision")
        .order_by("-live_revision__approved_at")
    )
    return render(request, "articles/article_list.html", {"articles": articles})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.published().select_related("live_revision"), slug=slug
    )
    revision = article.live_revision
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "revision": revision,
            "page": revision.rendered,
            "tracker": review_tracker(ReviewState.APPROVED),
        },
    )
