"""Forms of the import flow: upload or paste, preview, confirm.

The file is parsed once, by the worker, for the preview. What the preview showed (its entries,
errors and warnings, and each entry's match in the library) is kept with the import
(``ReferenceImport.preview``), so that confirming imports exactly what was previewed without
parsing again, and nothing posted back about an entry can alter it; the import service still
validates every entry before it saves it. The person importing chooses which entries to import
and, where the file does not say, what kind of work each one is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django import forms

from references.dedupe import NearMatch, find_existing_many, near_matches_many, same_work_key
from references.models import Reference, ReferenceKind
from references.parsers import (
    FORMAT_CHOICES,
    MAX_IMPORT_BYTES,
    ParsedEntry,
    ParsedFile,
)
from references.parsers.limits import too_large
from references.services import CHOOSE_KIND

KIND_CHOICES = [("", "Choose the kind…"), *ReferenceKind.choices]


# For each entry (by position), the records the preview offered as possibly the same work, as
# (primary key, citation key): what the person importing may choose to use instead of a new record.
NearChoices = dict[int, list[tuple[int, str]]]


class ReferenceUploadForm(forms.Form):
    """A file or pasted text, checked only for what costs nothing (one of the two, the size):
    the worker reads it (``references.tasks``)."""

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
        if upload and upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(str(too_large()))
        if not upload and not text.strip() and not self.errors:
            raise forms.ValidationError("Upload a file or paste the references.")
        return data


class ReferenceChoiceForm(forms.Form):
    """Which of the previewed entries to import, the kind of each, and for an entry the preview
    found possibly in the library, whether to use that record instead. ``new`` are the positions
    of the entries the preview found no record for: each one chosen needs a kind (unless a record
    is used instead), as a new record does."""

    selected = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], required=True, label="Entries to import"
    )

    def __init__(
        self,
        *args: Any,
        parsed: ParsedFile | None = None,
        near: NearChoices | None = None,
        new: set[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parsed, self.near, self.new = parsed, near or {}, new
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
            if self.near.get(entry.position):
                self.fields[self.same_field_name(entry)] = forms.TypedChoiceField(
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial="",
                    widget=forms.RadioSelect,
                    label=f"Entry {entry.position} may already be in the library",
                    choices=[
                        ("", "Import it as a new record"),
                        *((pk, f"Use {key} instead") for pk, key in self.near[entry.position]),
                    ],
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.new is None or "selected" not in data:
            return data
        for entry in self.selected_entries():
            if entry.position in self.new and not entry.kind and entry.same_as is None:
                self.add_error(
                    None,
                    f"Entry {entry.position} cannot be imported: {CHOOSE_KIND}",
                )
        return data

    @staticmethod
    def kind_field_name(entry: ParsedEntry) -> str:
        return f"kind_{entry.position}"

    @staticmethod
    def same_field_name(entry: ParsedEntry) -> str:
        return f"same_{entry.position}"

    def selected_entries(self) -> list[ParsedEntry]:
        """The chosen entries, each with the kind chosen for it and the record to use, if any."""
        chosen = set(self.cleaned_data["selected"])
        return [
            replace(
                entry,
                kind=self.cleaned_data.get(self.kind_field_name(entry)) or entry.kind,
                same_as=self.cleaned_data.get(self.same_field_name(entry)),
            )
            for entry in self.entries
            if entry.position in chosen
        ]


@dataclass
class PreviewMatch:
    """What the library holds of one entry: its record (and on what it matched), or records
    that may be the same work, and the earlier entry of the file it repeats."""

    existing: Reference | None
    matched_on: str
    near: list[NearMatch]
    repeats: int | None

    def to_dict(self) -> dict[str, Any]:
        """What an import keeps of the match (``stored_matches`` reads it back)."""
        return {
            "existing": self.existing.pk if self.existing else None,
            "matched_on": self.matched_on,
            "repeats": self.repeats,
            "near": [
                {
                    "reference": near.reference.pk,
                    "title_score": near.title_score,
                    "same_journal": near.same_journal,
                    "year_difference": near.year_difference,
                    "same_first_author": near.same_first_author,
                }
                for near in self.near
            ],
        }


def stored_matches(stored: list[dict[str, Any]]) -> list[PreviewMatch]:
    """The matches an import kept, with their records (one query); a record deleted since (a
    merge) is no longer offered."""
    pks = {item["existing"] for item in stored if item["existing"]}
    pks |= {near["reference"] for item in stored for near in item["near"]}
    records = Reference.objects.in_bulk(pks)
    return [
        PreviewMatch(
            records.get(item["existing"]),
            item["matched_on"] if item["existing"] in records else "",
            [
                NearMatch(**{**near, "reference": records[near["reference"]]})
                for near in item["near"]
                if near["reference"] in records
            ],
            item["repeats"],
        )
        for item in stored
    ]


def preview_matches(
    entries: list[ParsedEntry], seen: dict[str, int] | None = None
) -> list[PreviewMatch]:
    """Each entry looked up in the library: its record through the identifier and title-key
    indexes, else the near matches (``references.dedupe``, batched: a few queries for every
    hundred entries). ``seen`` (each identity of the file's earlier entries, with the entry's
    position) carries the file's repeats from one batch of its entries to the next."""
    found = []
    seen = {} if seen is None else seen
    records = find_existing_many([entry.reference_fields() for entry in entries])
    for entry, (existing, how) in zip(entries, records, strict=True):
        identities = same_work_key(entry.reference_fields()) if entry.title else []
        repeats = next((seen[i] for i in identities if i in seen), None)
        for identity in identities:
            seen.setdefault(identity, entry.position)
        found.append(PreviewMatch(existing, how, [], repeats))
    unmatched = [
        (match, entry)
        for match, entry in zip(found, entries, strict=True)
        if match.existing is None and entry.is_valid
    ]
    near = near_matches_many([entry.reference_fields() for _, entry in unmatched])
    for (match, _), matches in zip(unmatched, near, strict=True):
        match.near = matches
    return found


def near_choices(entries: list[ParsedEntry], matches: list[PreviewMatch]) -> NearChoices:
    return {
        entry.position: [(near.reference.pk, near.reference.key) for near in match.near]
        for entry, match in zip(entries, matches, strict=True)
        if match.near
    }


@dataclass
class PreviewRow:
    entry: ParsedEntry
    duplicate_of: Reference | None
    matched_on: str
    repeats: int | None  # the earlier entry of the same file this one repeats
    kind_field: forms.BoundField | None = None
    near: list[NearMatch] = field(default_factory=list)
    same_field: forms.BoundField | None = None

    @property
    def selectable(self) -> bool:
        return self.entry.is_valid

    @property
    def needs_kind(self) -> bool:
        """The file does not say what kind of work this is, and a new record needs one."""
        return self.entry.is_valid and not self.entry.kind and self.duplicate_of is None


def build_preview(
    form: ReferenceChoiceForm, matches: list[PreviewMatch] | None = None
) -> list[PreviewRow]:
    """The preview's rows: each entry, what the library holds of it, and its form fields.
    Without ``matches`` the entries are looked up again (a confirmation shown back with errors):
    only the records offered at the preview may be chosen."""
    if matches is None:
        matches = preview_matches(form.entries)
    rows = []
    for entry, match in zip(form.entries, matches, strict=True):
        offered = {pk for pk, _ in form.near.get(entry.position, [])}
        same = form.same_field_name(entry)
        rows.append(
            PreviewRow(
                entry,
                match.existing,
                match.matched_on,
                match.repeats,
                form[form.kind_field_name(entry)],
                near=[near for near in match.near if near.reference.pk in offered],
                same_field=form[same] if same in form.fields else None,
            )
        )
    return rows
