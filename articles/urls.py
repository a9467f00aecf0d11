from django.urls import path, re_path

from articles import views
from articles.feeds import LatestArticlesFeed
from editorial.caching import public_page

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("search/", views.article_search, name="search"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("board/", views.board, name="board"),
    path("editorial-policy/", views.editorial_policy, name="editorial-policy"),
    re_path(
        r"^articles/(?P<slug>[-a-zA-Z0-9_]+)/references\.(?P<extension>ris|bib|json)$",
        views.article_references_export,
        name="references-export",
    ),
    path("feed/", public_page(LatestArticlesFeed(), params=()), name="feed"),
]
