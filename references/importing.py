"""The import flow's steps, shared by the site's page and the admin's: upload or paste, preview,
confirm. Each step validates a form and calls the import service; nothing else writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from references.forms import ReferenceConfirmForm, ReferenceImportForm, build_preview
from references.services import ImportOutcome, reference_import


@dataclass
class ImportStep:
    form: ReferenceImportForm | None = None
    confirm_form: ReferenceConfirmForm | None = None
    rows: list[Any] = field(default_factory=list)
    outcome: ImportOutcome | None = None
    error: str = ""


def import_step(request: HttpRequest) -> ImportStep:
    if request.method != "POST":
        return ImportStep(form=ReferenceImportForm())
    if "payload" in request.POST:
        confirm = ReferenceConfirmForm(request.POST)
        if confirm.is_valid():
            try:
                outcome = reference_import(entries=confirm.selected_entries(), by=request.user)
            except ValidationError as error:
                return ImportStep(
                    confirm_form=confirm,
                    rows=build_preview(confirm.entries),
                    error=" ".join(error.messages),
                )
            return ImportStep(outcome=outcome)
        if not confirm.entries:
            form = ReferenceImportForm()
            return ImportStep(form=form, error=" ".join(confirm.errors.get("payload", [])))
        return ImportStep(confirm_form=confirm, rows=build_preview(confirm.entries))
    form = ReferenceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return ImportStep(form=form)
    rows = build_preview(form.entries)
    confirm = ReferenceConfirmForm(
        initial={
            "payload": form.payload,
            "selected": [
                row.entry.position for row in rows if row.selectable and not row.duplicate_of
            ],
        }
    )
    return ImportStep(confirm_form=confirm, rows=rows)
