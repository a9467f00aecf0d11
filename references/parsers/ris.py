"""RIS, read by rispy."""

from __future__ import annotations

import re
from typing import Any

import rispy

from references.parsers.entries import ParsedEntry, ReferenceParseError
from references.parsers.fields import (
    clean,
    doi_or_url,
    extract_isbn,
    extract_pmcid,
    kind_from_publication_types,
    name_from_text,
    parse_year,
)
from references.parsers.limits import check_count

RIS_START = re.compile(r"^TY  -", re.MULTILINE)
RIS_END = re.compile(r"^ER  -", re.MULTILINE)
# Databases whose accession number (AN) is a PubMed ID.
PUBMED_DATABASES = re.compile(r"pubmed|medline|\bnlm\b", re.IGNORECASE)


def parse_ris(text: str) -> list[ParsedEntry]:
    """Each record runs from its TY line to its ER line. rispy silently drops a record cut off
    before its ER, and folds a record whose ER is missing into the next; so the text is cut at
    TY lines first, and each record read by rispy on its own."""
    starts = [match.start() for match in RIS_START.finditer(text)]
    if not starts:
        raise ReferenceParseError("No RIS record (a TY line) was found.")
    check_count(len(starts))
    entries = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[start:end]
        complete = bool(RIS_END.search(chunk))
        [record] = rispy.loads(chunk if complete else chunk + "\nER  - \n")
        entry = ris_entry(record)
        if not complete:
            entry.errors.append("The record is cut off: it has no ER line.")
        entries.append(entry)
    return entries


def _ris_values(record: dict[str, Any], *keys: str) -> list[str]:
    values: list[str] = []
    for key in keys:
        value = record.get(key)
        values.extend(value if isinstance(value, list) else [value] if value else [])
    return [clean(value) for value in values if clean(value)]


def _ris_first(record: dict[str, Any], *keys: str) -> str:
    return next(iter(_ris_values(record, *keys)), "")


RIS_WORK_TYPES = {"BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CHAP": "chapter",
                  "ECHAP": "chapter"}  # fmt: skip


def ris_urls(record: dict[str, Any]) -> list[str]:
    """The UR links. rispy splits a UR line at ";" (some exports put several links on one), so
    a piece that is no link is put back onto the link before it (``...&amp;issn=...``)."""
    links: list[str] = []
    for piece in _ris_values(record, "urls"):
        if links and not re.match(r"[a-z][a-z0-9+.-]*:|www\.", piece, re.IGNORECASE):
            links[-1] = f"{links[-1]};{piece}"
        else:
            links.append(piece)
    return links


def ris_entry(record: dict[str, Any]) -> ParsedEntry:
    doi, url = doi_or_url(_ris_first(record, "doi"), ris_urls(record))
    entry = _ris_entry(record, doi, url)
    entry.work_type = RIS_WORK_TYPES.get(_ris_first(record, "type_of_reference").upper(), "article")
    abbreviation = _ris_first(record, "alternate_title1", "alternate_title2")  # J2, JA
    if abbreviation != entry.journal and entry.work_type == "article":
        entry.journal_abbreviation = abbreviation
    publisher = _ris_first(record, "publisher")
    if publisher != entry.journal and entry.work_type != "article":
        entry.publisher = publisher
    return entry


def _ris_entry(record: dict[str, Any], doi: str, url: str) -> ParsedEntry:
    return ParsedEntry(
        source_key=_ris_first(record, "id"),
        title=_ris_first(record, "title", "primary_title"),
        authors=ris_authors(record),
        journal=_ris_first(
            record,
            "alternate_title3",  # JF
            "secondary_title",  # T2
            "journal_name",  # JO
            "alternate_title2",  # JA
            "alternate_title1",  # J2
            "publisher",  # PB
        ),
        year=parse_year(_ris_first(record, "year", "publication_year", "date")),
        volume=_ris_first(record, "volume"),
        issue=_ris_first(record, "number"),
        pages=ris_pages(record),
        doi=doi,
        pmid=ris_pmid(record),
        pmcid=ris_pmcid(record),
        isbn=extract_isbn(_ris_values(record, "issn")),
        url=url,
        kind=kind_from_publication_types(_ris_values(record, "type_of_work")),
    )


def ris_authors(record: dict[str, Any]) -> list[str]:
    names = _ris_values(record, "authors", "first_authors") or _ris_values(
        record, "secondary_authors"
    )
    return [name for name in map(name_from_text, names) if name]


def ris_pages(record: dict[str, Any]) -> str:
    start, end = _ris_first(record, "start_page"), _ris_first(record, "end_page")
    return f"{start}-{end}" if start and end and end != start else start


def ris_pmcid(record: dict[str, Any]) -> str:
    """PubMed's RIS writes the PMCID in C2 ("PMC1234567"); only that form is taken from it."""
    for value in _ris_values(record, "custom2"):
        pmcid = extract_pmcid(value)
        if value.upper().startswith("PMC") and pmcid.startswith("PMC") and pmcid[3:].isdigit():
            return pmcid
    return ""


def ris_pmid(record: dict[str, Any]) -> str:
    """The accession number (AN) is a PMID only when the record says it came from PubMed
    (DB or DP). Notes, misc and custom fields (N1, M1, C2, ...) never give one."""
    database = " ".join(_ris_values(record, "name_of_database", "database_provider"))
    accession = _ris_first(record, "accession_number")
    if PUBMED_DATABASES.search(database) and re.fullmatch(r"\d{1,9}", accession):
        return accession
    return ""
