"""The translators' exchange with agencies under /write/<pk>/translate/: an original's revision
exported as XLIFF 2.0, and the translated file imported into the translation's draft.

The original is fetched through ``originals_to_translate(user)``: a translator reaches every
published original, an author their own, anyone else (another author, a board member) a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from articles.forms import XliffExportForm, XliffImportForm
from articles.models import Article
from articles.translations import originals_to_translate
from articles.xliff import export_revision, file_id, xliff_export, xliff_import
from editorial.workflow import PermissionRefused, WorkflowError

BAD_FILE = 400
IMPORTED = "The translated file was read into the {language} translation's draft."


def _original(request: HttpRequest, pk: int) -> Article:
    return get_object_or_404(originals_to_translate(request.user), pk=pk)


def _page(
    request: HttpRequest,
    original: Article,
    *,
    export: XliffExportForm,
    upload: XliffImportForm,
    problems: list[str] = (),
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "articles/article_translate.html",
        {
            "article": original,
            "translations": original.translations.order_by("language"),
            "export_form": export,
            "import_form": upload,
            "problems": problems,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def translate_exchange(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a file to translate, or upload the translated one."""
    original = _original(request, pk)
    export = XliffExportForm(original=original, auto_id="export-%s")
    upload = XliffImportForm(request.POST or None, request.FILES or None, original=original)
    if request.method != "POST":
        return _page(request, original, export=export, upload=upload)
    if not upload.is_valid():
        return _page(request, original, export=export, upload=upload, status=BAD_FILE)
    language = upload.cleaned_data["language"]
    try:
        translation = xliff_import(
            data=upload.cleaned_data["file"], original=original, language=language, by=request.user
        )
    except PermissionRefused as refusal:
        raise PermissionDenied(" ".join(refusal.problems)) from refusal
    except WorkflowError as refusal:
        return _page(
            request,
            original,
            export=export,
            upload=upload,
            problems=refusal.problems,
            status=BAD_FILE,
        )
    messages.success(request, IMPORTED.format(language=translation.language_name))
    return redirect("authoring:edit", pk=translation.pk)


@login_required
@require_GET
def translate_xliff(request: HttpRequest, pk: int) -> HttpResponse:
    """The revision a translation into ``?language=`` translates, as XLIFF 2.0."""
    original = _original(request, pk)
    export = XliffExportForm(request.GET, original=original, auto_id="export-%s")
    if not export.is_valid():
        upload = XliffImportForm(original=original)
        return _page(request, original, export=export, upload=upload, status=BAD_FILE)
    language = export.cleaned_data["language"]
    revision = export_revision(original, language)
    response = HttpResponse(
        xliff_export(revision=revision, language=language),
        content_type="application/xliff+xml; charset=utf-8",
    )
    name = f"{file_id(revision)}-{original.language}-{language}.xlf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
