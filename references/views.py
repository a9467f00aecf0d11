from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from editorial.roles import Someone, is_editor, may_start_article
from editorial.security import reads_raw_text
from references.importing import import_step
from references.services import ImportOutcome


def can_import_references(user: Someone) -> bool:
    """Authors bring references in from the site; editors too (and in the admin)."""
    return is_editor(user) or may_start_article(user)


def import_summary(outcome: ImportOutcome) -> str:
    """What an import did, with the citation keys to cite the works by."""

    def keys(references: list) -> str:
        return ", ".join(f"[@{reference.key}]" for reference in references)

    summary = f"Imported: {len(outcome.created)} new, {len(outcome.merged)} already in the library."
    if outcome.created:
        summary += f" New citation keys: {keys(outcome.created)}."
    if outcome.merged:
        summary += f" Already in the library as: {keys(outcome.merged)}."
    return summary


def _back_url(request: HttpRequest) -> str:
    """Where the author came from (the article they were writing), when it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else ""


@login_required
@reads_raw_text  # a NUL or a lone surrogate becomes an error of its entry in the preview
def reference_import(request: HttpRequest) -> HttpResponse:
    if not can_import_references(request.user):
        raise PermissionDenied("Only authors and editors may import references.")
    step = import_step(request)
    back = _back_url(request)
    if step.outcome is not None:
        messages.success(request, import_summary(step.outcome))
        return redirect(back or "references:import")
    return render(request, "references/reference_import.html", {"step": step, "next_url": back})
