from django.urls import path

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
    path("feed/", public_page(LatestArticlesFeed(), params=()), name="feed"),
    path("sitemap.xml", public_page(sitemap_or_index, params=()), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        public_page(sitemap_section, params=("p",)),
        name="sitemap-section",
    ),
]
