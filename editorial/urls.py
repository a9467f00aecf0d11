from django.contrib import admin
from django.urls import include, path

from editorial import health, views

admin.site.site_header = "Editorial: Medical Advisory Board"
admin.site.site_title = "Editorial admin"
admin.site.index_title = "Review and publishing"

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("references.urls")),
    path("editorial-policy/", views.editorial_policy, name="editorial-policy"),
    path("board/", views.board, name="board"),
    path("write/", include("articles.authoring_urls")),
    path("accounts/", include("editorial.accounts_urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
