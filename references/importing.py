"""The import flow's steps: upload or paste, preview, confirm. Each step validates a form and
calls a service; nothing else writes. The file is parsed once, by the worker.

An import is a ``ReferenceImport`` the worker runs (``references.tasks``): the upload only saves
the file and queues its preview; the preview (kept with the import) is shown on the import's
page, the site's or the admin's, and confirming queues the save of the chosen entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from references.forms import (
    PreviewRow,
    ReferenceChoiceForm,
    ReferenceUploadForm,
    build_preview,
    stored_matches,
)
from references.models import ReferenceImport
from references.parsers import ParsedEntry, ParsedFile
from references.tasks import (
    IMPORT_NOT_READY,
    reference_import_cancel,
    reference_import_confirm,
    reference_import_queue,
)


@dataclass
class ImportStep:
    confirm_form: ReferenceChoiceForm | None = None
    rows: list[PreviewRow] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        parsed = self.confirm_form.parsed if self.confirm_form else None
        return parsed.warnings if parsed else []

    @property
    def kinds_to_choose(self) -> int:
        return sum(1 for row in self.rows if row.needs_kind)


def upload_step(
    request: HttpRequest, *, next_url: str = ""
) -> ReferenceImport | ReferenceUploadForm:
    """The upload form, or, posted valid, the import it queued (its file saved, not read)."""
    form = ReferenceUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return form
    upload, text = form.cleaned_data["file"], form.cleaned_data["text"]
    return reference_import_queue(
        by=request.user,
        data=upload.read() if upload else text.encode("utf-8", "surrogatepass"),
        pasted=not upload,
        format=form.cleaned_data["format"],
        name=upload.name if upload else "",
        next_url=next_url,
    )


def job_step(request: HttpRequest, job: ReferenceImport) -> ImportStep | None:
    """The import's page: its preview to choose from when the worker has read it (else an
    empty step: the page shows the progress). ``None`` when a post was acted on (the choice
    queued, a cancel, or a post the import is no longer waiting for, with a message): the page
    is shown again from its address."""
    if request.method == "POST" and "cancel" in request.POST:
        reference_import_cancel(job=job)
        return None
    if not job.awaiting_choice:
        if request.method == "POST":
            messages.error(request, IMPORT_NOT_READY)
            return None
        return ImportStep()
    return _choice(request, job)


def _choice(request: HttpRequest, job: ReferenceImport) -> ImportStep | None:
    preview = job.preview
    entries = [ParsedEntry.from_dict(item) for item in preview["entries"]]
    parsed = ParsedFile(entries=entries, format=preview["format"], warnings=preview["warnings"])
    matches = stored_matches(preview["matches"])
    offered = {near.reference.pk for match in matches for near in match.near}
    near = {
        int(position): [(int(pk), str(key)) for pk, key in choices if int(pk) in offered]
        for position, choices in preview["near"].items()
    }
    new = {
        entry.position for entry, match in zip(entries, matches, strict=True) if not match.existing
    }
    data = request.POST if request.method == "POST" else None
    form = ReferenceChoiceForm(data, parsed=parsed, near=near, new=new)
    if data is not None and form.is_valid():
        try:
            reference_import_confirm(job=job, entries=form.selected_entries())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return None
    return ImportStep(confirm_form=form, rows=build_preview(form, matches))
