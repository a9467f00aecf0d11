"""The import flow's steps: upload or paste, preview, confirm. Each step validates a form and
calls a service; nothing else writes. The file is parsed once, at the preview.

On the site, an import is a ``ReferenceImport`` the worker runs (``references.tasks``): the
upload only saves the file and queues its preview; the preview (kept with the import) is shown
on the import's page, and confirming queues the save of the chosen entries. In the admin the
preview and the save still run in the request, the preview signed into the confirmation form."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from references.forms import (
    PreviewRow,
    ReferenceChoiceForm,
    ReferenceConfirmForm,
    ReferenceImportForm,
    build_preview,
    near_choices,
    preview_matches,
    sign_preview,
    stored_matches,
)
from references.models import ReferenceImport
from references.parsers import ParsedEntry, ParsedFile
from references.services import ImportOutcome, reference_import
from references.tasks import reference_import_confirm


@dataclass
class ImportStep:
    form: ReferenceImportForm | None = None
    confirm_form: ReferenceChoiceForm | None = None
    rows: list[PreviewRow] = field(default_factory=list)
    outcome: ImportOutcome | None = None
    error: str = ""
    queued: bool = False  # the choice was made and its save queued

    @property
    def warnings(self) -> list[str]:
        parsed = self.confirm_form.parsed if self.confirm_form else None
        return parsed.warnings if parsed else []

    @property
    def kinds_to_choose(self) -> int:
        return sum(1 for row in self.rows if row.needs_kind)


def import_step(request: HttpRequest) -> ImportStep:
    if request.method != "POST":
        return ImportStep(form=ReferenceImportForm())
    if "payload" in request.POST:
        return _confirm(request)
    form = ReferenceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return ImportStep(form=form)
    entries = form.parsed.entries
    matches = preview_matches(entries)
    near = near_choices(entries, matches)
    confirm = ReferenceConfirmForm(
        initial={"payload": sign_preview(form.parsed, near)}, parsed=form.parsed, near=near
    )
    rows = build_preview(confirm, matches)
    confirm.initial["selected"] = [
        row.entry.position for row in rows if row.selectable and not row.duplicate_of
    ]
    return ImportStep(confirm_form=confirm, rows=rows)


def _confirm(request: HttpRequest) -> ImportStep:
    confirm = ReferenceConfirmForm(request.POST)
    if not confirm.entries:
        return ImportStep(
            form=ReferenceImportForm(), error=" ".join(confirm.errors.get("payload", []))
        )
    if not confirm.is_valid():
        return ImportStep(confirm_form=confirm, rows=build_preview(confirm))
    try:
        outcome = reference_import(entries=confirm.selected_entries(), by=request.user)
    except ValidationError as error:
        return ImportStep(
            confirm_form=confirm, rows=build_preview(confirm), error=" ".join(error.messages)
        )
    return ImportStep(outcome=outcome)


def job_choice_step(job: ReferenceImport, request: HttpRequest) -> ImportStep:
    """The import's preview, as the worker left it, with the uploader's choice; a valid choice
    posted queues the save (``ImportStep.queued``)."""
    preview = job.preview
    entries = [ParsedEntry.from_dict(item) for item in preview["entries"]]
    parsed = ParsedFile(entries=entries, format=preview["format"], warnings=preview["warnings"])
    matches = stored_matches(preview["matches"])
    offered = {pk for match in matches for pk in (near.reference.pk for near in match.near)}
    near = {
        int(position): [(int(pk), str(key)) for pk, key in choices if int(pk) in offered]
        for position, choices in preview["near"].items()
    }
    new = {
        entry.position for entry, match in zip(entries, matches, strict=True) if not match.existing
    }
    data = request.POST if request.method == "POST" else None
    form = ReferenceChoiceForm(data, parsed=parsed, near=near, new=new)
    if data is None:
        form.initial["selected"] = [
            entry.position
            for entry, match in zip(entries, matches, strict=True)
            if entry.is_valid and not match.existing and not match.repeats
        ]
        return ImportStep(confirm_form=form, rows=build_preview(form, matches))
    if form.is_valid():
        try:
            reference_import_confirm(job=job, entries=form.selected_entries())
        except ValidationError as error:
            return ImportStep(
                confirm_form=form, rows=build_preview(form, matches), error=" ".join(error.messages)
            )
        return ImportStep(queued=True)
    return ImportStep(confirm_form=form, rows=build_preview(form, matches))
