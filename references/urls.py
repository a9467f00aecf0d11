from django.urls import path, re_path

from references import views

app_name = "references"

urlpatterns = [
    path("references/import/", views.reference_import, name="import"),
    re_path(
        r"^articles/(?P<slug>[-a-zA-Z0-9_]+)/references\.(?P<extension>ris|bib|json)$",
        views.article_references_export,
        name="export",
    ),
]
