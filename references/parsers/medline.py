"""PubMed MEDLINE (.nbib): NLM's MEDLINE/PubMed format, read here after its specification (no
maintained Python reader fits)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from references.parsers.entries import ParsedEntry, ReferenceParseError
from references.parsers.fields import (
    clean,
    extract_doi,
    extract_isbn,
    extract_pmcid,
    kind_from_publication_types,
    name_from_text,
    parse_year,
)
from references.parsers.limits import check_count

# A tag is 2-4 capitals, padded with spaces to four, then "- " and the value; continuation lines
# start with spaces. Exports seen in the wild drop the padding ("PMID-123") or the space after
# the hyphen ("TI  -Title"): both are read, since a tag is never followed by anything else.
MEDLINE_LINE = re.compile(r"([A-Z][A-Z0-9]{1,3}) *- ?(.*)")
MEDLINE_PMID = re.compile(r"^PMID *- ?\d", re.MULTILINE)


def parse_medline(text: str) -> list[ParsedEntry]:
    records = list(medline_records(text))
    if not records:
        raise ReferenceParseError("No MEDLINE record (a PMID line) was found.")
    check_count(len(records))
    return [medline_entry(record) for record in records]


def medline_records(text: str) -> Iterator[list[tuple[str, str]]]:
    """Records as (tag, value) pairs in file order. A record starts at the first tag after a
    blank line, or at a second PMID line when records are not separated (PubMed starts a record
    with its PMID; PMC's export puts its PMC line first)."""
    record: list[tuple[str, str]] = []
    blank = True
    has_pmid = False
    for line in text.split("\n"):
        if not line.strip():
            blank = True
            continue
        match = MEDLINE_LINE.fullmatch(line.rstrip()) if not line[0].isspace() else None
        if match:
            tag, value = match.group(1), match.group(2).strip()
            if record and (blank or (tag == "PMID" and has_pmid)):
                yield record
                record, has_pmid = [], False
            record.append((tag, value))
            has_pmid = has_pmid or tag == "PMID"
        elif record and line[0].isspace():  # a continuation line
            tag, value = record[-1]
            record[-1] = (tag, f"{value} {line.strip()}")
        else:  # neither a tag nor a continuation: no part of a record
            continue
        blank = False
    if record:
        yield record


def _medline_values(record: list[tuple[str, str]], *tags: str) -> list[str]:
    return [clean(value) for tag, value in record if tag in tags and clean(value)]


def _medline_first(record: list[tuple[str, str]], *tags: str) -> str:
    for tag in tags:
        values = _medline_values(record, tag)
        if values:
            return values[0]
    return ""


def medline_entry(record: list[tuple[str, str]]) -> ParsedEntry:
    entry = ParsedEntry(
        source_key=_medline_first(record, "PMID"),
        title=_medline_first(record, "TI", "BTI"),
        authors=medline_authors(record),
        journal=_medline_first(record, "JT", "TA"),
        journal_abbreviation=_medline_first(record, "TA"),
        year=parse_year(_medline_first(record, "DP")),
        volume=_medline_first(record, "VI"),
        issue=_medline_first(record, "IP"),
        pages=_medline_first(record, "PG"),
        doi=medline_doi(record),
        pmid=_medline_first(record, "PMID"),
        pmcid=extract_pmcid(_medline_first(record, "PMC")),
        isbn=extract_isbn(_medline_values(record, "ISBN")),
        kind=kind_from_publication_types(_medline_values(record, "PT")),
    )
    if not entry.journal and _medline_first(record, "BTI"):
        medline_book(entry, record)
    entry.notices = medline_notices(entry, record)
    return entry


def medline_book(entry: ParsedEntry, record: list[tuple[str, str]]) -> None:
    """An NCBI Bookshelf record (StatPearls, GeneReviews...): a chapter (TI) of a book (BTI), or
    the book itself, with its publisher (PB) and collection (CTI)."""
    book, publisher = _medline_first(record, "BTI"), _medline_first(record, "PB")
    entry.publisher = publisher
    if _medline_first(record, "TI"):
        entry.work_type, entry.journal = "chapter", book
    else:
        entry.work_type = "book"
        entry.journal = _medline_first(record, "CTI") or publisher or book
    if not entry.year:
        entry.year = parse_year(_medline_first(record, "CRDT", "EDAT"))


# PubMed's publication types that make the record a notice, or mark it as the subject of one:
# the type, the nature, and the field naming the other work (None: the record itself).
MEDLINE_NOTICES = (
    ("Retracted Publication", "retraction", None),
    ("Retraction of Publication", "retraction", "ROF"),
    ("Published Erratum", "correction", "EFR"),
    ("Expression of Concern", "expression_of_concern", "ECF"),
)
_PMID_IN = re.compile(r"PMID:\s*(\d{1,9})")


def medline_notices(entry: ParsedEntry, record: list[tuple[str, str]]) -> list[dict[str, str]]:
    """The notices the record states: a retracted publication is the subject of a retraction
    (the RIN line cites the notice); a retraction, erratum or expression of concern is a notice
    about the works its ROF, EFR or ECF lines name by PMID."""
    types = {value.lower() for value in _medline_values(record, "PT")}
    found = []
    for name, nature, field in MEDLINE_NOTICES:
        if name.lower() not in types:
            continue
        if field is None:
            notice = "; ".join(_medline_values(record, "RIN")) or "PubMed: Retracted Publication"
            if entry.pmid or entry.doi:
                found.append({"nature": nature, "pmid": entry.pmid, "doi": entry.doi,
                              "notice": notice[:1000]})  # fmt: skip
            entry.warnings.append("PubMed marks this work as retracted: " + notice[:200])
            continue
        about = f"PMID {entry.pmid}: {entry.title}" if entry.pmid else entry.title
        for value in _medline_values(record, field):
            for pmid in _PMID_IN.findall(value):
                found.append({"nature": nature, "pmid": pmid, "doi": "", "notice": about[:1000]})
    return found


def medline_authors(record: list[tuple[str, str]]) -> list[str]:
    """Personal authors (AU, else FAU) and group authors (CN), in the record's order."""
    personal = "AU" if any(tag == "AU" for tag, _ in record) else "FAU"
    return [
        value if tag == "CN" or personal == "AU" else name_from_text(value)
        for tag, value in ((tag, clean(value)) for tag, value in record)
        if tag in (personal, "CN") and value
    ]


def medline_doi(record: list[tuple[str, str]]) -> str:
    """The location (LID) or article identifier (AID) marked [doi]."""
    for value in _medline_values(record, "LID", "AID"):
        if value.endswith("[doi]"):
            return extract_doi(value)
    return ""
