"""The authors' pages: /write/..."""

from django.urls import path

from articles import authoring_views as views
from articles import translation_views

app_name = "authoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.article_new, name="new"),
    path("translations/", views.translations, name="translations"),
    path(
        "<int:pk>/translate-into/<slug:language>/",
        views.translation_start,
        name="translate_into",
    ),
    path("<int:pk>/follow-original/", views.translation_follow_original, name="follow"),
    path("<int:pk>/edit/", views.article_edit, name="edit"),
    path("<int:pk>/preview/", views.article_preview, name="preview"),
    path("<int:pk>/changes/", views.article_changes, name="changes"),
    path("<int:pk>/comments/", views.article_comments, name="comments"),
    path(
        "<int:pk>/comments/<int:comment_id>/<slug:what>/",
        views.article_comment,
        name="comment",
    ),
    path("<int:pk>/translate/", translation_views.translate_exchange, name="translate"),
    path("<int:pk>/translate/xliff/", translation_views.translate_xliff, name="translate_xliff"),
    path("<int:pk>/<slug:action>/", views.article_step, name="step"),
]
