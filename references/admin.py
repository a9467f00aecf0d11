from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from editorial.admin_bases import ReadOnlyHistoryAdmin
from editorial.roles import is_editor
from editorial.security import reads_raw_text
from references.dedupe import near_matches_many
from references.formatting import ama_citation
from references.importing import job_step, upload_step
from references.models import NoticeImport, Reference, ReferenceImport, Retraction, nfc
from references.services import reference_merge
from references.tasks import notices_import_cancel, notices_import_queue
from references.views import recent_imports


@admin.register(Reference)
class ReferenceAdmin(ReadOnlyHistoryAdmin):
    list_display = ["key", "kind", "title", "journal", "year", "doi", "pmid"]
    list_filter = ["kind", "year"]
    search_fields = [
        "key",
        "title",
        "journal",
        "journal_abbreviation",
        "authors",
        "doi",
        "pmid",
        "pmcid",
        "isbn",
    ]
    readonly_fields = ["ama_style", "possibly_the_same", "cited_in", "created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/references/reference/change_list.html"

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        # What is stored is NFC (references.models.nfc); what is typed is made NFC too.
        return super().get_search_results(request, queryset, nfc(search_term))

    @admin.display(description="AMA style")
    def ama_style(self, obj: Reference) -> str:
        return ama_citation(obj) if obj.pk else ""

    @admin.display(description="Possibly the same work as")
    def possibly_the_same(self, obj: Reference) -> str:
        """Records that may be this work although no identifier says so, with the evidence and
        a link to merge this one into each."""
        matches = near_matches_many([obj], exclude=[obj.pk])[0] if obj.pk else []
        if not matches:
            return "No other record looks like the same work."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {} ({}). <a href="{}?survivor={}">Merge this record '
                "into it</a></li>",
                (
                    (
                        match.reference.get_admin_url(),
                        match.reference.key,
                        match.reference,
                        match.evidence,
                        reverse("admin:references_reference_merge", args=[obj.pk]),
                        match.reference.pk,
                    )
                    for match in matches
                ),
            ),
        )

    @admin.display(description="Cited in")
    def cited_in(self, obj: Reference) -> str:
        if not obj.pk:
            return "—"
        articles = obj.articles.order_by("title")
        if not articles:
            return "No article lists this reference."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}) · <a href="{}">citation checks</a></li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[article.pk]),
                        article.title,
                        article.get_status_display(),
                        reverse("admin:articles_article_citations", args=[article.pk]),
                    )
                    for article in articles
                ),
            ),
        )

    def get_urls(self):
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="references_reference_import",
            ),
            path(
                "import/<int:import_id>/",
                self.admin_site.admin_view(self.import_progress_view),
                name="references_reference_import_progress",
            ),
            path(
                "<int:object_id>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name="references_reference_merge",
            ),
        ]
        return urls + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_merge": is_editor(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    @reads_raw_text  # a NUL or a lone surrogate becomes an error of its entry in the preview
    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload or paste: saved and read by the worker, as on the site; the editor follows
        it on the import's page."""
        self._may_import(request)
        step = upload_step(request)
        if isinstance(step, ReferenceImport):
            return HttpResponseRedirect(
                reverse("admin:references_reference_import_progress", args=[step.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import references",
            "form": step,
            "imports": recent_imports(request.user)[:5],
        }
        return TemplateResponse(request, "admin/references/reference/import.html", context)

    def import_progress_view(self, request: HttpRequest, import_id: int) -> HttpResponse:
        """The editor's own import: its progress, its preview to choose from, what it saved."""
        self._may_import(request)
        job = get_object_or_404(
            ReferenceImport.objects.defer("data"), pk=import_id, by=request.user
        )
        step = job_step(request, job)
        if step is None:
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Import references: {job.state}",
            "job": job,
            "step": step,
            "imports_url": reverse("admin:references_reference_import"),
        }
        return TemplateResponse(request, "admin/references/reference/import_progress.html", context)

    def _may_import(self, request: HttpRequest) -> None:
        if not (is_editor(request.user) and self.has_add_permission(request)):
            raise PermissionDenied

    def merge_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if not is_editor(request.user):
            raise PermissionDenied
        duplicate = get_object_or_404(Reference, pk=object_id)
        error = ""
        if request.method == "POST":
            survivor = _survivor_named(request.POST)
            if survivor is None:
                error = "Choose the reference to keep, or give its citation key."
            else:
                try:
                    reference_merge(
                        duplicate=duplicate,
                        survivor=survivor,
                        by=request.user,
                        reason=request.POST.get("reason", "")[:60],
                    )
                except ValidationError as refusal:
                    error = " ".join(refusal.messages)
                else:
                    self.message_user(
                        request, f"Merged {duplicate.key} into {survivor.key}.", messages.SUCCESS
                    )
                    return HttpResponseRedirect(
                        reverse("admin:references_reference_change", args=[survivor.pk])
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Merge {duplicate.key} into another reference",
            "duplicate": duplicate,
            "near": near_matches_many([duplicate], exclude=[duplicate.pk])[0],
            "chosen": request.POST.get("survivor") or request.GET.get("survivor") or "",
            "error": error,
        }
        return TemplateResponse(request, "admin/references/reference/merge.html", context)


def _survivor_named(data: Any) -> Reference | None:
    """The record to keep: a near match chosen by its id, else one named by its citation key."""
    key = str(data.get("survivor_key") or "").strip().removeprefix("[@").removesuffix("]")
    if key:
        return Reference.objects.filter(key=key.removeprefix("@")).first()
    pk = str(data.get("survivor") or "")
    return Reference.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


@admin.register(Retraction)
class RetractionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["nature", "doi", "pmid", "source", "retracted_on", "imported_at"]
    list_filter = ["nature"]
    search_fields = ["doi", "pmid", "notice"]
    readonly_fields = ["imported_at", "imported_by"]
    change_list_template = "admin/references/retraction/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="references_retraction_import",
            ),
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_progress_view),
                name="references_retraction_import_progress",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a file of notices: it is saved and imported by the worker, and the editor
        follows its progress (the request never waits for the import)."""
        if not is_editor(request.user):
            raise PermissionDenied
        error = ""
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None or upload.size > 20 * 1024 * 1024:
                error = "Choose a CSV file of at most 20 MB."
            else:
                try:
                    text = upload.read().decode("utf-8-sig")
                    if "\x00" in text:
                        raise UnicodeDecodeError("utf-8", b"", 0, 1, "NUL")
                except UnicodeDecodeError:
                    error = "The file is not UTF-8 CSV or JSON."
                else:
                    with transaction.atomic():
                        job = NoticeImport.objects.create(
                            text=text, source=request.POST.get("source", "")[:200], by=request.user
                        )
                        notices_import_queue(job=job)
                    return HttpResponseRedirect(
                        reverse("admin:references_retraction_import_progress", args=[job.pk])
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import a retraction list",
            "error": error,
            "recent": NoticeImport.objects.defer("text")[:5],
        }
        return TemplateResponse(request, "admin/references/retraction/import.html", context)

    def import_progress_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """Where a notice import stands (counts, refusals), refreshed while it runs; the editor
        may leave and come back, or cancel it."""
        if not is_editor(request.user):
            raise PermissionDenied
        job = get_object_or_404(NoticeImport.objects.defer("text"), pk=job_id)
        if request.method == "POST" and "cancel" in request.POST:
            notices_import_cancel(job=job)
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Importing notices",
            "job": job,
        }
        return TemplateResponse(
            request, "admin/references/retraction/import_progress.html", context
        )
