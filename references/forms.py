"""Forms of the import flow: upload or paste, preview, confirm.

The file is parsed once, for the preview. What the preview showed (its entries, errors and
warnings) is signed into the confirmation form, so that confirming imports exactly what was
previewed without parsing again, and nothing posted back about an entry can be altered; the
import service still validates every entry before it saves it. The person importing chooses which
entries to import and, where the file does not say, what kind of work each one is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.core import signing

from references.dedupe import find_existing, same_work_key
from references.models import Reference, ReferenceKind
from references.parsers import (
    FORMAT_CHOICES,
    MAX_IMPORT_BYTES,
    ParsedEntry,
    ParsedFile,
    ReferenceParseError,
    parse_references,
    read_references,
)

SIGNING_SALT = "references.import.preview"
PREVIEW_MAX_AGE = 60 * 60
KIND_CHOICES = [("", "Choose the kind…"), *ReferenceKind.choices]


def sign_preview(parsed: ParsedFile) -> str:
    return signing.dumps(
        {
            "format": parsed.format,
            "warnings": parsed.warnings,
            "entries": [entry.to_dict() for entry in parsed.entries],
        },
        salt=SIGNING_SALT,
        compress=True,
    )


def unsign_preview(payload: str) -> ParsedFile:
    """The previewed file back from its signed payload; ``signing.BadSignature`` (or a
    ``ValueError``) when it expired or was altered."""
    data = signing.loads(payload, salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
    entries = [ParsedEntry.from_dict(item) for item in data["entries"]]
    if not entries:
        raise ValueError("empty preview")
    return ParsedFile(entries=entries, format=data["format"], warnings=data["warnings"])


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
        strip=False,
    )
    format = forms.ChoiceField(choices=FORMAT_CHOICES, required=False, label="Format")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        if upload and text.strip():
            raise forms.ValidationError("Upload a file or paste text, not both.")
        format = data.get("format") or ""
        try:
            if upload:
                if upload.size > MAX_IMPORT_BYTES:
                    raise ReferenceParseError("The file is larger than 2 MB: split it.")
                self.parsed = read_references(upload.read(MAX_IMPORT_BYTES + 1), format)
            elif text.strip():
                self.parsed = parse_references(text, format)
            else:
                raise forms.ValidationError("Upload a file or paste the references.")
        except ReferenceParseError as error:
            raise forms.ValidationError(str(error)) from error
        self.payload = sign_preview(self.parsed)
        return data


class ReferenceConfirmForm(forms.Form):
    """The previewed entries (signed), which of them to import, and the kind of each."""

    payload = forms.CharField(widget=forms.HiddenInput)
    selected = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], required=True, label="Entries to import"
    )

    def __init__(self, *args: Any, parsed: ParsedFile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parsed = parsed
        if self.parsed is None and self.is_bound and self.data.get("payload"):
            try:
                self.parsed = unsign_preview(self.data["payload"])
            except (signing.BadSignature, ValueError, KeyError, TypeError):
                self.parsed = None
        self.entries: list[ParsedEntry] = self.parsed.entries if self.parsed else []
        self.fields["selected"].choices = [
            (entry.position, entry.title or f"Entry {entry.position}") for entry in self.entries
        ]
        for entry in self.entries:
            self.fields[self.kind_field_name(entry)] = forms.ChoiceField(
                choices=KIND_CHOICES,
                required=False,
                initial=entry.kind,
                label=f"Kind of entry {entry.position}",
            )

    @staticmethod
    def kind_field_name(entry: ParsedEntry) -> str:
        return f"kind_{entry.position}"

    def clean_payload(self) -> str:
        if not self.entries:
            raise forms.ValidationError("The preview has expired or was altered: start again.")
        return self.cleaned_data["payload"]

    def selected_entries(self) -> list[ParsedEntry]:
        """The chosen entries, each with the kind chosen for it."""
        chosen = set(self.cleaned_data["selected"])
        return [
            replace(entry, kind=self.cleaned_data.get(self.kind_field_name(entry)) or entry.kind)
            for entry in self.entries
            if entry.position in chosen
        ]


@dataclass
class PreviewRow:
    entry: ParsedEntry
    duplicate_of: Reference | None
    matched_on: str
    repeats: int | None  # the earlier entry of the same file this one repeats
    kind_field: forms.BoundField | None = None

    @property
    def selectable(self) -> bool:
        return self.entry.is_valid

    @property
    def needs_kind(self) -> bool:
        """The file does not say what kind of work this is, and a new record needs one."""
        return self.entry.is_valid and not self.entry.kind and self.duplicate_of is None


def build_preview(form: ReferenceConfirmForm) -> list[PreviewRow]:
    rows = []
    seen: dict[str, int] = {}
    for entry in form.entries:
        existing, how = find_existing(
            doi=entry.doi,
            pmid=entry.pmid,
            pmcid=entry.pmcid,
            isbn=entry.isbn,
            title=entry.title,
            year=entry.year,
            journal=entry.journal,
        )
        identities = same_work_key(entry.reference_fields()) if entry.title else []
        repeats = next((seen[i] for i in identities if i in seen), None)
        for identity in identities:
            seen.setdefault(identity, entry.position)
        kind_field = form[form.kind_field_name(entry)]
        rows.append(PreviewRow(entry, existing, how, repeats, kind_field))
    return rows
