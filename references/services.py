"""Writes to the reference library. Keyword-only, atomic, and recorded in history with the user."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from editorial.history import change_reason, delete_with_history, save_with_history
from editorial.models import User
from references.citations import CITATION_KEY_PATTERN
from references.dedupe import (
    conflicting_identifiers,
    find_existing,
    find_existing_many,
    same_work_key,
)
from references.formatting import suggested_key
from references.keys import title_key
from references.models import Reference
from references.notices import (
    NoticeRow,
    RetractionImportOutcome,
    crossref_import,
    notices_import,
    retraction_import,
)
from references.parsers import ParsedEntry

__all__ = ["RetractionImportOutcome", "crossref_import", "retraction_import"]  # notices

# Fields an import or a merge may fill on an existing record when the record has them blank.
FILLABLE_FIELDS = (
    "authors", "journal_abbreviation", "publisher", "volume", "issue", "pages", "doi", "pmid",
    "pmcid", "isbn", "url",
)  # fmt: skip


@transaction.atomic
def reference_create(*, by: User, **fields: Any) -> Reference:
    """Add a work to the library. Raises ``ValidationError`` (saving nothing) on bad data."""
    reference = Reference(**fields)
    reference.full_clean()
    return save_with_history(reference, by=by)


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------

# Attempts at saving one entry when a concurrent import or edit wins a race (the same work, or
# the same generated citation key): each attempt looks again at what is now in the library.
IMPORT_ATTEMPTS = 5


@dataclass
class ImportOutcome:
    created: list[Reference] = field(default_factory=list)
    merged: list[Reference] = field(default_factory=list)
    rejected: list[tuple[ParsedEntry, list[str]]] = field(default_factory=list)
    notices: RetractionImportOutcome = field(default_factory=RetractionImportOutcome)


def unique_key(entry: ParsedEntry) -> str:
    """The entry's own key when it is a valid, unused citation key; else one made from it."""
    base = entry.source_key
    if not re.fullmatch(CITATION_KEY_PATTERN, base or "") or len(base) > 56:
        base = suggested_key(authors=entry.authors, year=entry.year, title=entry.title)
    # One query, however many works share the base (a file of one group's papers of one year).
    taken = set(Reference.objects.filter(key__startswith=base).values_list("key", flat=True))
    if base not in taken:
        return base
    number = 2 + sum(1 for key in taken if re.fullmatch(rf"{re.escape(base)}-\d+", key))
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _fill_blanks(reference: Reference, values: dict[str, Any]) -> list[str]:
    filled = []
    for name in FILLABLE_FIELDS:
        if not getattr(reference, name) and values.get(name):
            setattr(reference, name, values[name])
            filled.append(name)
    return filled


def _lock_works(entries: Sequence[ParsedEntry]) -> None:
    """Serialise imports of the same work (PostgreSQL): a transaction-level advisory lock on each
    identity of each entry (DOI, PMID, title + year + journal), taken in one order so that two
    imports cannot deadlock. The second import waits for the first to commit, then finds its
    record and merges. (SQLite runs one writing transaction at a time anyway.)"""
    if connection.vendor != "postgresql":
        return
    keys = sorted(
        {
            int.from_bytes(hashlib.blake2b(identity.encode(), digest_size=8).digest(), "big")
            - 2**63
            for entry in entries
            for identity in same_work_key(entry.reference_fields())
        }
    )
    if keys:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_advisory_xact_lock(k)) FROM "
                "(SELECT unnest(%s::bigint[]) AS k ORDER BY 1) AS locks",
                [keys],
            )


def _merge_into(existing: Reference, entry: ParsedEntry, *, by: User) -> Reference:
    filled = _fill_blanks(existing, entry.reference_fields())
    if filled:
        existing.full_clean()
        save_with_history(existing, by=by, reason=f"Import filled in {', '.join(filled)}")
    return existing


CHOOSE_KIND = "Choose the kind of work: the file does not say."


def _create_from(entry: ParsedEntry, *, by: User) -> Reference:
    if not entry.kind:
        raise ValidationError(CHOOSE_KIND)
    reference = Reference(key=unique_key(entry), **entry.reference_fields())
    # Uniqueness is left to the database: a record saved meanwhile by a concurrent import is an
    # IntegrityError, and the caller tries again and merges into it.
    reference.full_clean(validate_unique=False, validate_constraints=False)
    return save_with_history(reference, by=by, reason="Imported")


# Refusals of using a record the preview offered (a near match) for an entry.
CHOSEN_RECORD_GONE = "The library's record chosen for it no longer exists: preview the file again."
CHOSEN_RECORD_DIFFERS = (
    "It cannot be the record chosen for it, {key}: their {names} differ. Import it as a new record."
)


def _chosen_record(entry: ParsedEntry) -> Reference:
    """The record the person importing chose for the entry, if it can be the same work."""
    chosen = Reference.objects.filter(pk=entry.same_as).first()
    if chosen is None:
        raise ValidationError(CHOSEN_RECORD_GONE)
    differ = conflicting_identifiers(chosen, entry.reference_fields())
    if differ:
        raise ValidationError(
            CHOSEN_RECORD_DIFFERS.format(key=chosen.key, names=" and ".join(differ))
        )
    return chosen


@dataclass
class _Lookups:
    """What one import knows of the library: each entry's record as found by the batched
    look-up after the locks were taken, and the records this import has made or merged into
    since (by identity), which the look-up could not see."""

    found: dict[int, tuple[Reference | None, str]] = field(default_factory=dict)
    since: dict[str, Reference] = field(default_factory=dict)

    @staticmethod
    def identities(entry: ParsedEntry) -> list[str]:
        fields = entry.reference_fields()
        extra = [f"isbn:{fields['isbn']}|{title_key(entry.title)}"] if fields["isbn"] else []
        return same_work_key(fields) + extra

    def existing(self, entry: ParsedEntry, *, fresh: bool) -> Reference | None:
        for identity in self.identities(entry):
            if identity in self.since:
                return self.since[identity]
        if not fresh and id(entry) in self.found:
            return self.found[id(entry)][0]
        return find_existing(
            doi=entry.doi,
            pmid=entry.pmid,
            pmcid=entry.pmcid,
            isbn=entry.isbn,
            title=entry.title,
            year=entry.year,
            journal=entry.journal,
        )[0]

    def saved(self, entry: ParsedEntry, reference: Reference) -> None:
        for identity in self.identities(entry):
            self.since.setdefault(identity, reference)


def _import_one(entry: ParsedEntry, *, by: User, outcome: ImportOutcome, lookups: _Lookups) -> None:
    """Merge the entry into the library's record of its work (or the record the person chose
    for it), or create one. When a concurrent import (or an author's form) saves the same work
    or key meanwhile, the save fails on the database's unique constraints and is tried again,
    this time looking the work up afresh and finding the winner's record."""
    if entry.same_as is not None:
        with transaction.atomic():
            outcome.merged.append(_merge_into(_chosen_record(entry), entry, by=by))
        return
    for attempt in range(1, IMPORT_ATTEMPTS + 1):
        existing = lookups.existing(entry, fresh=attempt > 1)
        try:
            with transaction.atomic():
                if existing is not None:
                    saved = _merge_into(existing, entry, by=by)
                    outcome.merged.append(saved)
                else:
                    saved = _create_from(entry, by=by)
                    outcome.created.append(saved)
            lookups.saved(entry, saved)
            return
        except IntegrityError:
            if attempt == IMPORT_ATTEMPTS:
                raise


def _entry_error(entry: ParsedEntry, error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def reference_import(
    *, entries: Sequence[ParsedEntry], by: User, skip_invalid: bool = False
) -> ImportOutcome:
    """Import parsed entries: new works are created, works already in the library are merged
    into their record (blank fields filled in). Concurrent imports of the same work converge:
    one creates the record and the others merge into it.

    All or nothing: one invalid entry refuses the whole import with a ``ValidationError`` and
    saves nothing. With ``skip_invalid`` (bulk loads) invalid entries are reported as rejected
    and the others are imported, still in one transaction.
    """
    outcome = ImportOutcome()
    with transaction.atomic():
        valid = [entry for entry in entries if not entry.errors]
        _lock_works(valid)
        # The records of the entries' works, looked up in batches once the works are locked.
        lookups = _Lookups(
            found=dict(
                zip(
                    (id(entry) for entry in valid),
                    find_existing_many([entry.reference_fields() for entry in valid]),
                    strict=True,
                )
            )
        )
        for entry in entries:
            if entry.errors:
                if not skip_invalid:
                    raise ValidationError(
                        f"Entry {entry.position} cannot be imported: {' '.join(entry.errors)}"
                    )
                outcome.rejected.append((entry, list(entry.errors)))
                continue
            try:
                _import_one(entry, by=by, outcome=outcome, lookups=lookups)
            except (ValidationError, IntegrityError) as error:
                messages = (
                    _entry_error(entry, error)
                    if isinstance(error, ValidationError)
                    else ["It clashes with a reference saved meanwhile."]
                )
                if not skip_invalid:
                    raise ValidationError(
                        f"Entry {entry.position} cannot be imported: {' '.join(messages)}"
                    ) from error
                outcome.rejected.append((entry, messages))
        outcome.notices = _stated_notices(entries, outcome, by=by)
    return outcome


def _stated_notices(
    entries: Sequence[ParsedEntry], outcome: ImportOutcome, *, by: User
) -> RetractionImportOutcome:
    """The notices the imported records state (PubMed's publication types), saved with them."""
    rejected = {id(entry) for entry, _ in outcome.rejected}
    rows = [
        NoticeRow(
            number=entry.position,
            nature=notice["nature"],
            doi=notice.get("doi", ""),
            pmid=notice.get("pmid", ""),
            notice=notice.get("notice", ""),
        )
        for entry in entries
        if not entry.errors and id(entry) not in rejected
        for notice in entry.notices
    ]
    if not rows:
        return RetractionImportOutcome()
    return notices_import(rows=rows, by=by, source="PubMed")


# --------------------------------------------------------------------------------------------
# Merge
# --------------------------------------------------------------------------------------------


class CitationsMove(Protocol):
    def __call__(self, *, duplicate: Reference, survivor: Reference, by: User, note: str) -> None:
        """Make whatever cites ``duplicate`` cite ``survivor`` instead."""


# The library does not know what cites its works. The app that keeps citations (articles, in
# its AppConfig.ready) registers here how they move when two records of one work are merged.
_citation_holders: list[CitationsMove] = []


def register_citation_holder(move: CitationsMove) -> CitationsMove:
    if move not in _citation_holders:
        _citation_holders.append(move)
    return move


MERGE_ITSELF = "A reference cannot be merged into itself."
MERGE_DIFFERENT_WORKS = "These are two works, not one: their {names} differ."


@transaction.atomic
def reference_merge(
    *, duplicate: Reference, survivor: Reference, by: User, reason: str = ""
) -> Reference:
    """Merge ``duplicate`` into ``survivor``: everything citing the duplicate cites the survivor
    instead (each registered citation holder moves its own citations: articles' reference lists
    and working copies' markers, and the editors' acknowledgements of retracted works; published
    revisions keep their frozen snapshots), blank fields of the survivor are filled from the
    duplicate, and the duplicate is deleted. History records the merge on both records, with the
    user. Two works whose identifiers differ (DOI, PMID, PMCID, ISBN) are refused."""
    if duplicate.pk == survivor.pk:
        raise ValidationError(MERGE_ITSELF)
    locked = {
        reference.pk: reference
        for reference in Reference.objects.select_for_update().filter(
            pk__in=[duplicate.pk, survivor.pk]
        )
    }
    if len(locked) != 2:
        raise ValidationError("One of the two references no longer exists.")
    duplicate, survivor = locked[duplicate.pk], locked[survivor.pk]
    differ = conflicting_identifiers(duplicate, survivor)
    if differ:
        raise ValidationError(MERGE_DIFFERENT_WORKS.format(names=" and ".join(differ)))
    note = change_reason(
        f"Merged {duplicate.key} into {survivor.key}" + (f": {reason}" if reason else "")
    )

    for move in _citation_holders:
        move(duplicate=duplicate, survivor=survivor, by=by, note=note)

    values = {name: getattr(duplicate, name) for name in FILLABLE_FIELDS}
    delete_with_history(duplicate, by=by, reason=note)

    _fill_blanks(survivor, values)
    survivor.full_clean()
    return save_with_history(survivor, by=by, reason=note)
