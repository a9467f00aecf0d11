"""The import flow's steps, shared by the site's page and the admin's: upload or paste, preview,
confirm. Each step validates a form and calls the import service; nothing else writes. The file
is parsed once, at the preview; confirming imports the signed result of that parse."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from references.forms import (
    PreviewRow,
    ReferenceConfirmForm,
    ReferenceImportForm,
    build_preview,
    near_choices,
    preview_matches,
    sign_preview,
)
from references.services import ImportOutcome, reference_import


@dataclass
class ImportStep:
    form: ReferenceImportForm | None = None
    confirm_form: ReferenceConfirmForm | None = None
    rows: list[PreviewRow] = field(default_factory=list)
    outcome: ImportOutcome | None = None
    error: str = ""

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
