from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from editorial.roles import Someone, is_editor, may_start_article
from editorial.security import reads_raw_text
from references.forms import ReferenceUploadForm
from references.importing import job_choice_step
from references.models import ReferenceImport
from references.services import ImportOutcome
from references.tasks import IMPORT_NOT_READY, reference_import_cancel, reference_import_queue


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


def _importer(request: HttpRequest) -> None:
    if not can_import_references(request.user):
        raise PermissionDenied("Only authors and editors may import references.")


def _own_import(request: HttpRequest, import_id: int) -> ReferenceImport:
    """The import, if the signed-in user uploaded it: anyone else's is not found."""
    _importer(request)
    return get_object_or_404(ReferenceImport.objects.defer("data"), pk=import_id, by=request.user)


def _recent_imports(request: HttpRequest) -> QuerySet[ReferenceImport]:
    return ReferenceImport.objects.filter(by=request.user).defer("data", "preview", "chosen")


@login_required
@reads_raw_text  # a NUL or a lone surrogate becomes an error of its entry in the preview
def reference_import(request: HttpRequest) -> HttpResponse:
    """Upload or paste: the file is saved and its preview queued for the worker; the author
    follows it on the import's page."""
    _importer(request)
    back = _back_url(request)
    form = ReferenceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, text = form.cleaned_data["file"], form.cleaned_data["text"]
        job = reference_import_queue(
            by=request.user,
            data=upload.read() if upload else text.encode("utf-8", "surrogatepass"),
            pasted=not upload,
            format=form.cleaned_data["format"],
            name=upload.name if upload else "",
            next_url=back,
        )
        return redirect(job)
    context = {"form": form, "next_url": back, "imports": _recent_imports(request)[:5]}
    return render(request, "references/reference_import.html", context)


@login_required
def reference_import_list(request: HttpRequest) -> HttpResponse:
    """The user's imports, newest first: where each stands, to go back to it."""
    _importer(request)
    imports = _recent_imports(request)[:100]
    return render(request, "references/referenceimport_list.html", {"imports": imports})


@login_required
def reference_import_job(request: HttpRequest, import_id: int) -> HttpResponse:
    """An import's page: its progress while the worker reads or saves it (refreshed), its
    preview to choose from once read, what it saved once done; its uploader may cancel it."""
    job = _own_import(request, import_id)
    if request.method == "POST" and "cancel" in request.POST:
        reference_import_cancel(job=job)
        return redirect(job)
    step = None
    if job.awaiting_choice:
        step = job_choice_step(job, request)
        if step.queued:
            return redirect(job)
    elif request.method == "POST":
        messages.error(request, IMPORT_NOT_READY)
        return redirect(job)
    context = {"job": job, "step": step, "next_url": job.next_url}
    return render(request, "references/referenceimport_detail.html", context)
