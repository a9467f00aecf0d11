"""/api/v1/: the read API, its OpenAPI schema and its documentation page."""

from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

from api import views

app_name = "api"

urlpatterns = [
    path("articles/", views.articles, name="articles"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("articles/<slug:slug>/references/", views.article_references, name="article-references"),
    path("articles/<slug:slug>/review/", views.article_review, name="article-review"),
    path("articles/<slug:slug>/changes/", views.article_changes, name="article-changes"),
    path("topics/", views.topics, name="topics"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("board/", views.board, name="board"),
    path("search/", views.search_view, name="search"),
    path("schema/", views.schema, name="schema"),
    # Swagger UI from drf-spectacular-sidecar's static files (no CDN), its script a file of its
    # own (?script) so that the Content-Security-Policy needs no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
