from django.urls import path, re_path

from articles import views
from articles.feeds import LatestArticlesFeed
from articles.sitemaps import sitemap_or_index, sitemap_section
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
    path("sitemap.xml", public_page(sitemap_or_index, params=()), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        public_page(sitemap_section, params=("p",)),
        name="sitemap-section",
    ),
]
