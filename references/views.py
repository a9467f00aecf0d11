from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from editorial.roles import Someone, is_editor, may_start_article
from editorial.security import reads_raw_text
from references.importing import job_step, upload_step
from references.models import ReferenceImport


def can_import_references(user: Someone) -> bool:
    """Authors bring references in from the site; editors too (and in the admin)."""
    return is_editor(user) or may_start_article(user)


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


def own_import(request: HttpRequest, import_id: int) -> ReferenceImport:
    """The import, if the signed-in user may import and uploaded it: anyone else's is not
    found (an editor's included: an import is its uploader's work in progress)."""
    _importer(request)
    return get_object_or_404(ReferenceImport.objects.defer("data"), pk=import_id, by=request.user)


def recent_imports(user: Someone) -> QuerySet[ReferenceImport]:
    return ReferenceImport.objects.filter(by=user).defer("data", "preview", "chosen")


@login_required
@reads_raw_text  # a NUL or a lone surrogate becomes an error of its entry in the preview
def reference_import(request: HttpRequest) -> HttpResponse:
    """Upload or paste: the file is saved and its preview queued for the worker; the author
    follows it on the import's page."""
    _importer(request)
    back = _back_url(request)
    step = upload_step(request, next_url=back)
    if isinstance(step, ReferenceImport):
        return redirect(step)
    context = {"form": step, "next_url": back, "imports": recent_imports(request.user)[:5]}
    return render(request, "references/reference_import.html", context)


@login_required
def reference_import_list(request: HttpRequest) -> HttpResponse:
    """The user's imports, newest first: where each stands, to go back to it."""
    _importer(request)
    imports = recent_imports(request.user)[:100]
    return render(request, "references/referenceimport_list.html", {"imports": imports})


@login_required
def reference_import_job(request: HttpRequest, import_id: int) -> HttpResponse:
    """An import's page: its progress while the worker reads or saves it (refreshed), its
    preview to choose from once read, what it saved once done; its uploader may cancel it."""
    job = own_import(request, import_id)
    step = job_step(request, job)
    if step is None:
        return redirect(job)
    context = {
        "job": job,
        "step": step,
        "next_url": job.next_url,
        "imports_url": reverse("references:imports"),
    }
    return render(request, "references/referenceimport_detail.html", context)
