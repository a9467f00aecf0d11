"""Notices about published works, by their nature: what the library makes of them and how they
are imported (a Retraction Watch CSV with its ``RetractionNature``, our own CSV columns, or a
Crossref works file with ``update-to``).

Only a retraction that no later reinstatement lifts blocks approval (``references.checks``); an
expression of concern warns the board; a correction is shown with the reference.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from editorial.history import save_with_history
from editorial.models import User
from references.identifiers import doi_key, normalize_doi, normalize_pmid
from references.models import NoticeNature, Reference, Retraction, nature_named

# --------------------------------------------------------------------------------------------
# What the notices of a work mean
# --------------------------------------------------------------------------------------------


@dataclass
class WorkNotices:
    """The notices about one work, of every nature."""

    notices: list[Retraction] = field(default_factory=list)

    def _of(self, nature: NoticeNature) -> list[Retraction]:
        return [notice for notice in self.notices if notice.nature == nature]

    @property
    def retracted(self) -> bool:
        """A retraction, not lifted by a reinstatement dated on or after it (or undated)."""
        retractions = self._of(NoticeNature.RETRACTION)
        if not retractions:
            return False
        reinstatements = self._of(NoticeNature.REINSTATEMENT)
        latest = max(retractions, key=lambda notice: notice.retracted_on or date.min)
        return not any(
            reinstated.retracted_on is None
            or latest.retracted_on is None
            or reinstated.retracted_on >= latest.retracted_on
            for reinstated in reinstatements
        )

    @property
    def concerns(self) -> list[Retraction]:
        return self._of(NoticeNature.EXPRESSION_OF_CONCERN)

    @property
    def corrections(self) -> list[Retraction]:
        return self._of(NoticeNature.CORRECTION)


def notices_of(references: Iterable[Reference]) -> dict[int, WorkNotices]:
    """The notices of each of ``references`` (by pk), in one query."""
    references = list(references)
    found: dict[int, WorkNotices] = {reference.pk: WorkNotices() for reference in references}
    notices = list(Retraction.matching(references).order_by("retracted_on", "pk"))
    for reference in references:
        key = doi_key(reference.doi)
        for notice in notices:
            same_pmid = bool(reference.pmid) and notice.pmid == reference.pmid
            if (key and notice.doi_key == key) or same_pmid:
                found[reference.pk].notices.append(notice)
    return found


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------

UNKNOWN_NATURE = (
    "The nature “{value}” is not one the library knows (Retraction, Correction, Expression of "
    "concern, Reinstatement): the row is left out."
)
NO_IDENTIFIER = "No DOI or PMID."
CLASHES = "It clashes with another row."
CSV_EMPTY = "The CSV file is empty."
CSV_NEEDS_IDENTIFIER = "The CSV needs a doi or pmid column (or OriginalPaperDOI)."
NOT_CROSSREF = (
    "This is not a Crossref works file: expected JSON with works (each with a DOI and "
    "update-to), as the Crossref API's /works answers."
)
CROSSREF_ENTRY_NOT_A_WORK = "Entry {number} is not a Crossref work (no DOI): left out."
MAX_NOTICE_ROWS = 200_000


@dataclass
class RetractionImportOutcome:
    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class NoticeRow:
    """One notice as read from a file, before it is saved."""

    number: int
    doi: str = ""
    pmid: str = ""
    nature: str = NoticeNature.RETRACTION
    notice: str = ""
    source: str = ""
    on: date | None = None
    problem: str = ""


# Our own columns, and those of a Retraction Watch export.
CSV_COLUMNS = {
    "doi": ("doi", "originalpaperdoi"),
    "pmid": ("pmid", "originalpaperpubmedid"),
    "notice": ("notice", "retractiondoi", "reason"),
    "source": ("source",),
    "retracted_on": ("retracted_on", "date", "retractiondate"),
    "nature": ("nature", "retractionnature"),
}
MISSING = {"", "0", "unavailable", "n/a", "na", "none"}


def _csv_value(row: dict[str, Any], name: str) -> str:
    for column in CSV_COLUMNS[name]:
        value = row.get(column)
        value = value.strip() if isinstance(value, str) else ""
        if value.lower() not in MISSING:
            return value
    return ""


def _csv_date(value: str) -> date | None:
    value = value.split(" ")[0]
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _nature(value: str) -> tuple[str, str]:
    """(nature, problem): a blank nature is a retraction, as every list so far meant."""
    if not value:
        return NoticeNature.RETRACTION, ""
    nature = nature_named(value)
    if nature is None:
        return "", UNKNOWN_NATURE.format(value=value[:60])
    return nature, ""


def csv_rows(text: str) -> Iterator[NoticeRow]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ValidationError(CSV_EMPTY)
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    if not any(column in reader.fieldnames for column in CSV_COLUMNS["doi"] + CSV_COLUMNS["pmid"]):
        raise ValidationError(CSV_NEEDS_IDENTIFIER)
    for number, row in enumerate(reader, start=2):
        nature, problem = _nature(_csv_value(row, "nature"))
        yield NoticeRow(
            number=number,
            doi=normalize_doi(_csv_value(row, "doi")),
            pmid=normalize_pmid(_csv_value(row, "pmid")),
            nature=nature,
            notice=_csv_value(row, "notice")[:2000],
            source=_csv_value(row, "source")[:200],
            on=_csv_date(_csv_value(row, "retracted_on")),
            problem=problem,
        )


def _crossref_works(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("message"), dict):
        data = data["message"]
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        return data["items"]
    if isinstance(data, dict) and "DOI" in data:
        return [data]
    if isinstance(data, list):
        return data
    raise ValidationError(NOT_CROSSREF)


def _crossref_date(value: Any) -> date | None:
    try:
        parts = value["date-parts"][0]
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1)  # fmt: skip
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def crossref_rows(text: str) -> Iterator[NoticeRow]:
    """Each ``update-to`` of each work: the work is the notice, ``update-to`` names the work it
    is about and the nature (its type)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValidationError(NOT_CROSSREF) from error
    works = _crossref_works(data)
    for number, work in enumerate(works, start=1):
        if not isinstance(work, dict) or not isinstance(work.get("DOI"), str):
            yield NoticeRow(number=number, problem=CROSSREF_ENTRY_NOT_A_WORK.format(number=number))
            continue
        updates = work.get("update-to")
        for update in updates if isinstance(updates, list) else []:
            if not isinstance(update, dict):
                continue
            nature, problem = _nature(str(update.get("type") or update.get("label") or ""))
            yield NoticeRow(
                number=number,
                doi=normalize_doi(str(update.get("DOI") or "")),
                nature=nature,
                notice=normalize_doi(work["DOI"])[:2000],
                source="Crossref",
                on=_crossref_date(update.get("updated")),
                problem=problem,
            )


def _existing(rows: list[NoticeRow]) -> dict[tuple[str, str], Retraction]:
    """The notices already on the list for these rows, by (doi key or pmid, nature): one query."""
    keys = {doi_key(row.doi) for row in rows if doi_key(row.doi)}
    pmids = {row.pmid for row in rows if row.pmid}
    if not keys and not pmids:
        return {}
    found = {}
    for notice in Retraction.objects.filter(Q(doi_key__in=keys) | Q(pmid__in=pmids)):
        if notice.doi_key:
            found[("doi:" + notice.doi_key, notice.nature)] = notice
        if notice.pmid:
            found[("pmid:" + notice.pmid, notice.nature)] = notice
    return found


def _save_row(
    row: NoticeRow, *, by: User | None, source: str, existing: dict[tuple[str, str], Retraction]
) -> bool:
    """Save one row (created → True, updated → False); raises ValidationError or IntegrityError,
    saving nothing of the row."""
    match_keys = [("doi:" + doi_key(row.doi), row.nature)] if doi_key(row.doi) else []
    match_keys += [("pmid:" + row.pmid, row.nature)] if row.pmid else []
    notice = next((existing[key] for key in match_keys if key in existing), None)
    created = notice is None
    notice = notice or Retraction(imported_by=by, nature=row.nature)
    notice.doi = notice.doi or row.doi
    notice.pmid = notice.pmid or row.pmid
    notice.notice = row.notice or notice.notice
    notice.source = (row.source or source or notice.source)[:200]
    notice.retracted_on = row.on or notice.retracted_on
    with transaction.atomic():
        notice.full_clean()
        save_with_history(notice, by=by)
    for key in match_keys:
        existing[key] = notice
    return created


BATCH = 500


def notice_batches(rows: Iterable[NoticeRow]) -> Iterator[list[NoticeRow]]:
    batch: list[NoticeRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def notices_import_batch(
    batch: list[NoticeRow], *, by: User | None, source: str, outcome: RetractionImportOutcome
) -> None:
    """Save one batch of rows into ``outcome``, each row on its own (all or nothing per row):
    rows already on the list (the same work and nature) are updated, bad rows reported with their
    reason. One query finds the batch's existing notices."""
    existing = _existing([row for row in batch if not row.problem])
    for row in batch:
        if row.number > MAX_NOTICE_ROWS:
            outcome.rejected.append((row.number, f"Past row {MAX_NOTICE_ROWS}: left out."))
            continue
        if row.problem or not (row.doi or row.pmid):
            outcome.rejected.append((row.number, row.problem or NO_IDENTIFIER))
            continue
        try:
            created = _save_row(row, by=by, source=source, existing=existing)
        except ValidationError as error:
            outcome.rejected.append((row.number, " ".join(error.messages)))
            continue
        except IntegrityError:
            outcome.rejected.append((row.number, CLASHES))
            continue
        if created:
            outcome.created += 1
        else:
            outcome.updated += 1


def notices_import(
    *, rows: Iterable[NoticeRow], by: User | None, source: str = ""
) -> RetractionImportOutcome:
    """Save notices in one transaction, each row on its own (``notices_import_batch``). The
    admin runs large files as a background task instead (``references.tasks``)."""
    outcome = RetractionImportOutcome()
    with transaction.atomic():
        for batch in notice_batches(rows):
            notices_import_batch(batch, by=by, source=source, outcome=outcome)
    return outcome


def notice_rows(text: str) -> Iterator[NoticeRow]:
    """The rows of a file of notices as it comes: JSON is a Crossref works file, anything else a
    CSV. A file of another shape raises ``ValidationError`` when it is first read."""
    if text.lstrip()[:1] in ("{", "["):
        return crossref_rows(text)
    return csv_rows(text)


def retraction_import(*, text: str, by: User | None, source: str = "") -> RetractionImportOutcome:
    """Load a CSV of notices (columns doi, pmid, notice, source, retracted_on, nature; or a
    Retraction Watch export with its RetractionNature). A blank nature is a retraction."""
    return notices_import(rows=csv_rows(text), by=by, source=source)


def notices_file_import(*, text: str, by: User | None, source: str = "") -> RetractionImportOutcome:
    """A file of notices as it comes: JSON is a Crossref works file, anything else a CSV."""
    if text.lstrip()[:1] in ("{", "["):
        return crossref_import(text=text, by=by)
    return retraction_import(text=text, by=by, source=source)


def crossref_import(*, text: str, by: User | None) -> RetractionImportOutcome:
    """Load the notices of a Crossref works file (the ``update-to`` of each work)."""
    return notices_import(rows=crossref_rows(text), by=by, source="Crossref")
