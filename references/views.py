from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from editorial.workflow import Someone, is_editor, may_start_article
from references.importing import import_step


def can_import_references(user: Someone) -> bool:
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
