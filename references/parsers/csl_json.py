"""CSL-JSON, read here after the CSL-JSON schema (no maintained Python reader fits)."""

from __future__ import annotations

import json
import re
from typing import Any

from references.parsers.entries import ParsedEntry, ReferenceParseError
from references.parsers.fields import (
    clean,
    doi_or_url,
    extract_isbn,
    extract_pmcid,
    kind_from_publication_types,
    parse_year,
    vancouver_name,
)
from references.parsers.limits import check_count, check_nesting


def parse_csl_json(text: str) -> list[ParsedEntry]:
    check_nesting(text, "[{", "]}", "lists and objects")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReferenceParseError(
            f"The JSON is malformed or cut off (line {error.lineno}, column {error.colno})."
        ) from error
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ReferenceParseError("CSL-JSON is a list of items; this file is not.")
    check_count(len(data))
    entries = []
    for item in data:
        if isinstance(item, dict):
            entries.append(csl_entry(item))
        else:
            entry = ParsedEntry()
            entry.errors.append("This item is not a CSL-JSON object.")
            entries.append(entry)
    return entries


def csl_text(item: dict[str, Any], *names: str) -> str:
    """A string or number variable (the schema allows both); "" when absent or not text."""
    for name in names:
        try:
            value = clean(item.get(name))
        except ValueError:
            continue
        if value:
            return value
    return ""


def csl_year(issued: Any) -> int | None:
    """The year of a CSL date: ``date-parts`` (numbers or numeric strings), else the ``raw`` or
    ``literal`` form."""
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        year = parts[0][0]
        if isinstance(year, int | str) and not isinstance(year, bool):
            return parse_year(str(year))
    for name in ("raw", "literal"):
        if isinstance(issued.get(name), str):
            return parse_year(issued[name])
    return None


def csl_name(person: dict[str, Any]) -> str:
    if person.get("literal"):
        return clean(person["literal"])
    family = " ".join(
        part
        for part in (
            clean(person.get("non-dropping-particle")),
            clean(person.get("family")),
        )
        if part
    )
    if not family:
        return clean(person.get("given"))
    return vancouver_name(family, clean(person.get("given")), clean(person.get("suffix")))


def csl_authors(item: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Authors, else editors, and the problems met reading them."""
    people = item.get("author") or item.get("editor") or []
    if not isinstance(people, list):
        return [], ["The author list is not a list."]
    names, problems = [], []
    for person in people:
        if not isinstance(person, dict):
            problems.append("An author is not a CSL name object.")
            continue
        try:
            name = csl_name(person)
        except ValueError:
            problems.append("An author's name is not text.")
            continue
        if name:
            names.append(name)
    return names, problems


# CSL-JSON's rich-text markup in titles (citeproc-js's HTML-like tags): formatting, not text.
CSL_MARKUP = re.compile(r"</?(?:i|b|sup|sub|span(?:\s[^<>]*)?)>", re.IGNORECASE)


def csl_rich_text(item: dict[str, Any], *names: str) -> str:
    return clean(CSL_MARKUP.sub("", csl_text(item, *names)))


def csl_entry(item: dict[str, Any]) -> ParsedEntry:
    authors, problems = csl_authors(item)
    doi, url = doi_or_url(csl_text(item, "DOI"), [csl_text(item, "URL")])
    entry = ParsedEntry(
        source_key=csl_text(item, "id")[:64],
        title=csl_rich_text(item, "title"),
        authors=authors,
        journal=csl_rich_text(item, "container-title", "publisher", "authority"),
        year=csl_year(item.get("issued")),
        volume=csl_text(item, "volume"),
        issue=csl_text(item, "issue"),
        pages=re.sub(r"[\u2013\u2014]", "-", csl_text(item, "page")),
        doi=doi,
        pmid=csl_text(item, "PMID"),
        pmcid=extract_pmcid(csl_text(item, "PMCID")),
        isbn=extract_isbn([csl_text(item, "ISBN")]),
        url=url,
        kind=kind_from_publication_types([csl_text(item, "genre")]),
    )
    entry.work_type = {"book": "book", "chapter": "chapter"}.get(csl_text(item, "type"), "article")
    if entry.work_type == "article":
        entry.journal_abbreviation = csl_rich_text(
            item, "container-title-short", "journalAbbreviation"
        )
    elif csl_rich_text(item, "publisher") != entry.journal:
        entry.publisher = csl_rich_text(item, "publisher")
    if item.get("title") not in (None, "") and not entry.title:
        problems.append("The title is not text.")
    entry.errors.extend(problems)
    return entry
