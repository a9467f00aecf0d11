"""Forms of the import flow. The preview is re-parsed from signed text on confirmation: nothing
posted back about an entry is trusted, and every entry is validated again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import signing

from references.dedupe import find_existing, same_work_key
from references.models import Reference
from references.parsers import (
    FORMAT_CHOICES,
    MAX_IMPORT_BYTES,
    ParsedEntry,
    ReferenceParseError,
    decode_upload,
    parse_references,
)

SIGNING_SALT = "references.import"
PREVIEW_MAX_AGE = 60 * 60


class ReferenceImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="File",
        help_text="RIS, BibTeX, PubMed MEDLINE (.nbib) or CSL-JSON, up to 2 MB.",
    )
    text = forms.CharField(
        required=False,
        label="Or paste the references",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_IMPORT_BYTES,
    )
    format = forms.ChoiceField(choices=FORMAT_CHOICES, required=False, label="Format")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        if upload and text.strip():
            raise forms.ValidationError("Upload a file or paste text, not both.")
        try:
            if upload:
                if upload.size > MAX_IMPORT_BYTES:
                    raise ReferenceParseError("The file is larger than 2 MB: split it.")
                text = decode_upload(upload.read(MAX_IMPORT_BYTES + 1))
            elif not text.strip():
                raise forms.ValidationError("Upload a file or paste the references.")
            self.entries = parse_references(text, data.get("format") or "")
        except ReferenceParseError as error:
            raise forms.ValidationError(str(error)) from error
        data["text"] = text
        self.payload = signing.dumps(
            {"text": text, "format": data.get("format") or ""}, salt=SIGNING_SALT, compress=True
        )
        return data


class ReferenceConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
    selected = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], required=True, label="Entries to import"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries: list[ParsedEntry] = []
        payload = self.data.get("payload") if self.is_bound else None
        if payload:
            try:
                data = signing.loads(payload, salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
                self.entries = parse_references(data["text"], data["format"])
            except (signing.BadSignature, ReferenceParseError, KeyError, TypeError):
                self.entries = []
        self.fields["selected"].choices = [
            (entry.position, entry.title or f"Entry {entry.position}") for entry in self.entries
        ]

    def clean_payload(self) -> str:
        if not self.entries:
            raise forms.ValidationError("The preview has expired or was altered: start again.")
        return self.cleaned_data["payload"]

    def selected_entries(self) -> list[ParsedEntry]:
        chosen = set(self.cleaned_data["selected"])
        return [entry for entry in self.entries if entry.position in chosen]


@dataclass
class PreviewRow:
    entry: ParsedEntry
    duplicate_of: Reference | None
    matched_on: str
    repeats: int | None  # the earlier entry of the same file this one repeats

    @property
    def selectable(self) -> bool:
        return self.entry.is_valid


def build_preview(entries: list[ParsedEntry]) -> list[PreviewRow]:
    rows = []
    seen: dict[str, int] = {}
    for entry in entries:
        existing, how = find_existing(
            doi=entry.doi,
            pmid=entry.pmid,
            title=entry.title,
            year=entry.year,
            journal=entry.journal,
        )
        identities = same_work_key(entry.reference_fields()) if entry.title else []
        repeats = next((seen[i] for i in identities if i in seen), None)
        for identity in identities:
            seen.setdefault(identity, entry.position)
        rows.append(PreviewRow(entry, existing, how, repeats))
    return rows
