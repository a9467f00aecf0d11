from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from articles.models import Article
from editorial.workflow import is_editor, may_start_article
from references.exports import to_bibtex, to_csl_json, to_ris
from references.importing import import_step

EXPORTS = {
    "ris": (to_ris, "application/x-research-info-systems"),
    "bib": (to_bibtex, "application/x-bibtex"),
    "json": (to_csl_json, "application/vnd.citationstyles.csl+json"),
}


def can_import_references(user) -> bool:
    """Authors bring references in from the site; editors too (and in the admin)."""
    return is_editor(user) or may_start_article(user)


@login_required
def reference_import(request: HttpRequest) -> HttpResponse:
    if not can_import_references(request.user):
        raise PermissionDenied("Only authors and editors may import references.")
    step = import_step(request)
    if step.outcome is not None:
        messages.success(
            request,
            f"Imported: {len(step.outcome.created)} new, "
            f"{len(step.outcome.merged)} already in the library.",
        )
        return redirect("references:import")
    return render(request, "references/reference_import.html", {"step": step})


def article_references_export(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    """The live revision's references, as readers see them, in a reference manager's format."""
    if extension not in EXPORTS:
        raise Http404("Unknown format.")
    article = get_object_or_404(
        Article.objects.published().select_related("live_revision"), slug=slug
    )
    revision = article.live_revision
    by_key = {work["key"]: work for work in revision.references}
    works = [by_key[work.key] for work in revision.rendered.references]
    export, content_type = EXPORTS[extension]
    response = HttpResponse(export(works), content_type=f"{content_type}; charset=utf-8")
    filename = f"{article.slug}-references.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
