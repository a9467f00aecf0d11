"""Reading what reference managers export: RIS, BibTeX, PubMed MEDLINE and CSL-JSON.

Every format is read into the same ``ParsedEntry``, with the problems of each entry listed in
``entry.errors`` (a missing title, a malformed DOI or year, ...). A file that cannot be read at
all (too large, binary, not a known format, truncated JSON, nested too deeply) raises
``ReferenceParseError`` with a message for the user. Nothing here touches the database.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from references.models import DOI_RE, ReferenceKind, normalize_doi

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_JSON_DEPTH = 16

FORMAT_RIS = "ris"
FORMAT_BIBTEX = "bibtex"
FORMAT_MEDLINE = "medline"
FORMAT_CSL_JSON = "csl_json"
FORMAT_CHOICES = [
    ("", "Recognise the format"),
    (FORMAT_RIS, "RIS (.ris)"),
    (FORMAT_BIBTEX, "BibTeX (.bib)"),
    (FORMAT_MEDLINE, "PubMed MEDLINE (.nbib, .txt)"),
    (FORMAT_CSL_JSON, "CSL-JSON (.json)"),
]

# Field lengths of Reference, so that an over-long value is an entry error, not a database error.
MAX_LENGTHS = {
    "title": 500,
    "authors": 1000,
    "journal": 300,
    "volume": 20,
    "issue": 20,
    "pages": 40,
    "doi": 255,
    "url": 500,
}


class ReferenceParseError(Exception):
    """The file as a whole cannot be read. ``str(error)`` is meant for the user."""


@dataclass
class ParsedEntry:
    """One work as read from a file, before it is checked against the library."""

    position: int = 0
    source_key: str = ""
    kind: str = ReferenceKind.RESEARCH
    title: str = ""
    authors: list[str] = field(default_factory=list)
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def authors_text(self) -> str:
        """The authors as the library stores them: Vancouver names separated by commas."""
        return ", ".join(self.authors)

    @property
    def kind_label(self) -> str:
        return ReferenceKind(self.kind).label

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def reference_fields(self) -> dict[str, Any]:
        """The fields of a ``Reference`` (without its key) this entry holds."""
        return {
            "kind": self.kind,
            "title": self.title,
            "authors": self.authors_text,
            "journal": self.journal,
            "year": self.year,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "pmid": self.pmid,
            "url": self.url,
        }


# --------------------------------------------------------------------------------------------
# Reading bytes safely
# --------------------------------------------------------------------------------------------


def decode_upload(data: bytes) -> str:
    """The text of an uploaded file, or a ``ReferenceParseError`` for huge or binary files."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ReferenceParseError(
            f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: split it and "
            "import the parts."
        )
    if b"\x00" in data:
        raise ReferenceParseError(
            "This is not a text file. Export RIS, BibTeX, MEDLINE or CSL-JSON and try again."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReferenceParseError("The file is not UTF-8 text. Export it as UTF-8 and try again.")


def _check_text(text: str) -> str:
    if len(text.encode("utf-8", errors="replace")) > MAX_IMPORT_BYTES:
        raise ReferenceParseError(
            f"The text is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: split it and "
            "import the parts."
        )
    if "\x00" in text:
        raise ReferenceParseError("The text contains binary data.")
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\r\n\t"
    )
    if controls > max(16, len(text) // 100):
        raise ReferenceParseError(
            "This is not a text file. Export RIS, BibTeX, MEDLINE or CSL-JSON and try again."
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(text: str) -> str:
    stripped = text.lstrip("\ufeff \n\t")
    if stripped.startswith(("[", "{")):
        return FORMAT_CSL_JSON
    if re.search(r"^TY  -", text, re.MULTILINE):
        return FORMAT_RIS
    if re.search(r"^PMID- ?\d", text, re.MULTILINE):
        return FORMAT_MEDLINE
    if re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", text, re.MULTILINE):
        return FORMAT_BIBTEX
    raise ReferenceParseError(
        "The format was not recognised. Paste or upload RIS, BibTeX, PubMed MEDLINE (.nbib) or "
        "CSL-JSON as your reference manager exports it."
    )


def parse_references(text: str, format: str = "") -> list[ParsedEntry]:
    """Read ``text`` in ``format`` (recognised when empty) into checked entries."""
    text = _check_text(text)
    if not text.strip():
        raise ReferenceParseError("There is nothing to import: the file or text is empty.")
    format = format or detect_format(text)
    parser = PARSERS.get(format)
    if parser is None:
        raise ReferenceParseError("Unknown format.")
    try:
        entries = parser(text)
    except ReferenceParseError:
        raise
    except (RecursionError, MemoryError) as error:
        raise ReferenceParseError("The file is nested too deeply to be read.") from error
    except Exception as error:  # a parser library failing on hostile input is the file's fault
        logging.getLogger(__name__).info("Reference file could not be parsed: %r", error)
        raise ReferenceParseError(
            "The file could not be read. Check that it is a complete export."
        ) from error
    if not entries:
        raise ReferenceParseError("No references were found in the file.")
    if len(entries) > MAX_ENTRIES:
        raise ReferenceParseError(
            f"The file holds {len(entries)} references; import at most {MAX_ENTRIES} at a time."
        )
    for position, entry in enumerate(entries, start=1):
        entry.position = position
        validate_entry(entry)
    return entries


# --------------------------------------------------------------------------------------------
# Normalising values
# --------------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("not text")
    return _SPACES.sub(" ", str(value)).strip()


def vancouver_name(family: str, given: str = "", suffix: str = "") -> str:
    """``Müller``, ``Hans-Peter`` → ``Müller HP`` (NLM / Vancouver)."""
    family = clean(family)
    initials = "".join(part[0].upper() for part in re.split(r"[\s.\-]+", clean(given)) if part)
    name = f"{family} {initials}".strip()
    return f"{name} {clean(suffix)}".strip()


CORPORATE = re.compile(
    r"\b(organi[sz]ation|association|society|academy|college|group|consortium|council|"
    r"committee|institute|agency|department|ministry|foundation|network|collaboration|"
    r"task force|panel)\b",
    re.IGNORECASE,
)


def name_from_text(value: str) -> str:
    """A name as RIS and similar formats write it: ``Last, First`` or ``First Last``."""
    value = clean(value).strip(",; ")
    if not value:
        return ""
    if "," in value:
        family, _, rest = value.partition(",")
        given, _, suffix = rest.partition(",")
        return vancouver_name(family, given, suffix)
    parts = value.split()
    if len(parts) == 1 or CORPORATE.search(value):
        return value
    # Already Vancouver ("Forkey H", "Nguyễn VA"): the last part is upper-case initials.
    if parts[-1].isupper() and len(parts[-1]) <= 4 and parts[-1].isalpha():
        return value
    return vancouver_name(parts[-1], " ".join(parts[:-1]))


def parse_year(value: str) -> int | None:
    match = re.search(r"(?<!\d)(1[89]\d\d|2[012]\d\d)(?!\d)", value or "")
    return int(match.group(1)) if match else None


def extract_doi(value: str) -> str:
    """The DOI in a field, a DOI URL or a MEDLINE ``10.x/y [doi]`` value; "" if none."""
    value = clean(value)
    value = re.sub(r"\s*\[doi\]\s*$", "", value)
    return normalize_doi(value)


def guess_kind(publication_types: Iterable[str], title: str = "") -> str:
    """The evidence type from a record's publication types (MEDLINE PT), else from its title."""
    types = " | ".join(publication_types).lower()
    text = f"{types} || {title.lower()}"
    if "guideline" in types or re.search(r"\bguidelines?\b|clinical report", title.lower()):
        return ReferenceKind.GUIDELINE
    if "meta-analysis" in text or "systematic review" in text:
        return ReferenceKind.SYSTEMATIC_REVIEW
    if re.search(r"randomi[sz]ed controlled trial|randomi[sz]ed trial", text):
        return ReferenceKind.RANDOMISED_TRIAL
    if re.search(r"observational study|cohort stud|case-control|cross-sectional", text):
        return ReferenceKind.OBSERVATIONAL
    if re.search(r"(^|\|\s*)review\b", types) or re.search(r"\ba review\b", title.lower()):
        return ReferenceKind.REVIEW
    return ReferenceKind.RESEARCH


def validate_entry(entry: ParsedEntry) -> None:
    """Add to ``entry.errors`` what would stop it from becoming a reference."""
    if not entry.title:
        entry.errors.append("The title is missing.")
    if not entry.journal:
        entry.errors.append("The journal or issuing body is missing.")
    if entry.year is None:
        entry.errors.append("The year is missing or malformed.")
    elif entry.year > timezone.now().year + 1:
        entry.errors.append(f"The year {entry.year} is in the future.")
    if entry.doi and not DOI_RE.fullmatch(entry.doi):
        entry.errors.append(f"The DOI “{entry.doi[:80]}” is malformed.")
    if entry.pmid and not re.fullmatch(r"[0-9]{1,9}", entry.pmid):
        entry.errors.append(f"The PMID “{entry.pmid[:20]}” is malformed.")
    if entry.url:
        try:
            URLValidator(schemes=["http", "https"])(entry.url)
        except ValidationError:
            entry.errors.append("The URL is not an http or https link.")
    for name, limit in MAX_LENGTHS.items():
        value = getattr(entry, "authors_text" if name == "authors" else name)
        if len(value) > limit:
            entry.errors.append(f"The {name} is longer than {limit} characters.")


# --------------------------------------------------------------------------------------------
# RIS
# --------------------------------------------------------------------------------------------

RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def parse_ris(text: str) -> list[ParsedEntry]:
    records: list[tuple[dict[str, list[str]], bool]] = []
    current: dict[str, list[str]] | None = None
    last_tag = ""
    for line in text.split("\n"):
        match = RIS_LINE.match(line.rstrip())
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if current is not None:
                    records.append((current, False))
                current = {"TY": [value]}
            elif current is None:
                continue
            elif tag == "ER":
                records.append((current, True))
                current = None
            else:
                current.setdefault(tag, []).append(value)
            last_tag = tag
        elif current is not None and line.strip() and last_tag in current:
            current[last_tag][-1] += " " + line.strip()
    if current is not None:
        records.append((current, False))
    if not records:
        raise ReferenceParseError("No RIS record (a TY line) was found.")
    return [_ris_entry(record, complete) for record, complete in records]


def _first(record: dict[str, list[str]], *tags: str) -> str:
    for tag in tags:
        for value in record.get(tag, []):
            if value.strip():
                return clean(value)
    return ""


def _ris_entry(record: dict[str, list[str]], complete: bool) -> ParsedEntry:
    authors = [name_from_text(name) for tag in ("AU", "A1") for name in record.get(tag, [])]
    if not authors:
        authors = [name_from_text(name) for name in record.get("A2", [])]
    start, end = _first(record, "SP"), _first(record, "EP")
    doi = extract_doi(_first(record, "DO"))
    url = _first(record, "UR", "L2")
    if not doi and re.match(r"https?://(dx\.)?doi\.org/", url, re.IGNORECASE):
        doi = extract_doi(url)
    pmid = ""
    for tag in ("AN", "C2", "M1", "N1"):
        for value in record.get(tag, []):
            match = re.fullmatch(r"\s*(?:PMID:?\s*)?(\d{1,9})\s*", value)
            if match:
                pmid = match.group(1)
                break
        if pmid:
            break
    title = _first(record, "TI", "T1", "CT")
    entry = ParsedEntry(
        source_key=_first(record, "ID"),
        title=title,
        authors=[name for name in authors if name],
        journal=_first(record, "JF", "T2", "JO", "JA", "J2", "PB"),
        year=parse_year(_first(record, "PY", "Y1", "DA")),
        volume=_first(record, "VL"),
        issue=_first(record, "IS"),
        pages=f"{start}-{end}" if start and end else start,
        doi=doi,
        pmid=pmid,
        url=url if not doi else "",
        kind=guess_kind(record.get("KW", []) + record.get("M3", []), title),
    )
    if not complete:
        entry.errors.append("The record is cut off: the file ends before its ER line.")
    return entry


# --------------------------------------------------------------------------------------------
# PubMed MEDLINE (.nbib)
# --------------------------------------------------------------------------------------------

MEDLINE_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*- (.*)$")


def parse_medline(text: str) -> list[ParsedEntry]:
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    last_tag = ""
    for line in text.split("\n"):
        match = MEDLINE_LINE.match(line.rstrip())
        if match:
            tag, value = match.group(1), match.group(2).strip()
            if tag == "PMID":
                current = {}
                records.append(current)
            if current is None:
                continue
            current.setdefault(tag, []).append(value)
            last_tag = tag
        elif line.startswith("      ") and current is not None and last_tag in current:
            current[last_tag][-1] += " " + line.strip()
    if not records:
        raise ReferenceParseError("No MEDLINE record (a PMID line) was found.")
    return [_medline_entry(record) for record in records]


def _medline_entry(record: dict[str, list[str]]) -> ParsedEntry:
    doi = ""
    for value in record.get("LID", []) + record.get("AID", []):
        if value.endswith("[doi]"):
            doi = extract_doi(value)
            break
    authors = [clean(name) for name in record.get("AU", [])]
    if not authors:
        authors = [name_from_text(name) for name in record.get("FAU", [])]
    authors += [clean(name) for name in record.get("CN", [])]
    title = _first(record, "TI", "BTI")
    return ParsedEntry(
        source_key=_first(record, "PMID"),
        title=title,
        authors=[name for name in authors if name],
        journal=_first(record, "JT", "TA"),
        year=parse_year(_first(record, "DP")),
        volume=_first(record, "VI"),
        issue=_first(record, "IP"),
        pages=_first(record, "PG"),
        doi=doi,
        pmid=_first(record, "PMID"),
        kind=guess_kind(record.get("PT", []), title),
    )


# --------------------------------------------------------------------------------------------
# BibTeX (bibtexparser)
# --------------------------------------------------------------------------------------------


def parse_bibtex(text: str) -> list[ParsedEntry]:
    import bibtexparser
    from bibtexparser import middlewares

    # Entries nested past a few levels of braces are no real export; refuse them early.
    _check_nesting(text, "{", "}", "braces")
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    entries = [_bibtex_entry(entry) for entry in library.entries]
    for block in library.failed_blocks:
        failed = ParsedEntry(source_key=_bibtex_failed_key(block.raw))
        failed.errors.append(
            f"This entry could not be read (line {block.start_line + 1}); it may be cut off "
            "or have unbalanced braces."
        )
        entries.append(failed)
    if not entries:
        raise ReferenceParseError("No BibTeX entry was found.")
    return entries


def _bibtex_failed_key(raw: str) -> str:
    match = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", raw or "")
    return match.group(1)[:64] if match else ""


def _bibtex_entry(entry: Any) -> ParsedEntry:
    fields = {key.lower(): item.value for key, item in entry.fields_dict.items()}

    def text(*names: str) -> str:
        for name in names:
            value = fields.get(name)
            if isinstance(value, str) and value.strip():
                return clean(value.replace("{", "").replace("}", ""))
        return ""

    authors = []
    for name in fields.get("author") or fields.get("editor") or []:
        if isinstance(name, str):
            authors.append(name_from_text(name))
        elif CORPORATE.search(" ".join(name.first + name.von + name.last)):
            # An organisation: {World Health Organization}, {PRISMA Group}.
            authors.append(clean(" ".join(name.first + name.von + name.last)))
        else:
            authors.append(
                vancouver_name(" ".join(name.von + name.last), " ".join(name.first))
                + (f" {' '.join(name.jr)}" if name.jr else "")
            )
    doi = extract_doi(text("doi"))
    url = text("url")
    if not doi and re.match(r"https?://(dx\.)?doi\.org/", url, re.IGNORECASE):
        doi = extract_doi(url)
    pmid = text("pmid")
    if not pmid and text("eprinttype").lower() == "pubmed":
        pmid = text("eprint")
    title = text("title")
    types = [entry.entry_type, text("keywords"), text("type")]
    return ParsedEntry(
        source_key=entry.key,
        title=title,
        authors=[name for name in authors if name],
        journal=text(
            "journal", "journaltitle", "booktitle", "institution", "organization", "publisher"
        ),
        year=parse_year(text("year", "date")),
        volume=text("volume"),
        issue=text("number", "issue"),
        pages=text("pages").replace("--", "-").replace("\u2013", "-"),
        doi=doi,
        pmid=pmid,
        url=url if not doi else "",
        kind=guess_kind(types, title),
    )


# --------------------------------------------------------------------------------------------
# CSL-JSON
# --------------------------------------------------------------------------------------------


def _check_nesting(text: str, opening: str, closing: str, what: str) -> None:
    depth = 0
    in_string = escaped = False
    quote = '"' if opening == "[{" else None
    for char in text:
        if quote:
            if in_string:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == quote:
                    in_string = False
                continue
            if char == quote:
                in_string = True
                continue
        if char in opening:
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise ReferenceParseError(
                    f"The file nests {what} more than {MAX_JSON_DEPTH} levels deep; no reference "
                    "manager exports that."
                )
        elif char in closing:
            depth -= 1


def parse_csl_json(text: str) -> list[ParsedEntry]:
    _check_nesting(text, "[{", "]}", "lists and objects")
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
    entries = []
    for item in data:
        if not isinstance(item, dict):
            entry = ParsedEntry()
            entry.errors.append("This item is not a CSL-JSON object.")
            entries.append(entry)
            continue
        entries.append(_csl_entry(item))
    return entries


def _csl_text(item: dict[str, Any], *names: str) -> str:
    for name in names:
        value = item.get(name)
        if isinstance(value, list):
            value = value[0] if value else ""
        try:
            value = clean(value)
        except ValueError:
            continue
        if value:
            return value
    return ""


def _csl_year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int | str) and not isinstance(year, bool):
                return parse_year(str(year))
        for name in ("raw", "literal"):
            if isinstance(issued.get(name), str):
                return parse_year(issued[name])
    if isinstance(issued, str | int) and not isinstance(issued, bool):
        return parse_year(str(issued))
    return None


def _csl_entry(item: dict[str, Any]) -> ParsedEntry:
    problems = []
    authors = []
    raw_authors = item.get("author") or item.get("editor") or []
    if not isinstance(raw_authors, list):
        raw_authors = []
        problems.append("The author list is not a list.")
    for person in raw_authors:
        if not isinstance(person, dict):
            continue
        try:
            if person.get("literal"):
                authors.append(clean(person["literal"]))
            elif person.get("family"):
                family = " ".join(
                    part
                    for part in (
                        clean(person.get("non-dropping-particle")),
                        clean(person["family"]),
                    )
                    if part
                )
                authors.append(
                    vancouver_name(family, clean(person.get("given")), clean(person.get("suffix")))
                )
        except ValueError:
            problems.append("An author's name is not text.")
    doi = extract_doi(_csl_text(item, "DOI", "doi"))
    url = _csl_text(item, "URL", "url")
    if not doi and re.match(r"https?://(dx\.)?doi\.org/", url, re.IGNORECASE):
        doi = extract_doi(url)
    title = _csl_text(item, "title")
    if item.get("title") not in (None, "") and not title:
        problems.append("The title is not text.")
    entry = ParsedEntry(
        source_key=_csl_text(item, "id")[:64],
        title=title,
        authors=[name for name in authors if name],
        journal=_csl_text(item, "container-title", "publisher", "authority"),
        year=_csl_year(item.get("issued")),
        volume=_csl_text(item, "volume"),
        issue=_csl_text(item, "issue"),
        pages=_csl_text(item, "page").replace("\u2013", "-"),
        doi=doi,
        pmid=_csl_text(item, "PMID", "pmid"),
        url=url if not doi else "",
        kind=guess_kind([_csl_text(item, "type"), _csl_text(item, "genre")], title),
    )
    entry.errors.extend(problems)
    return entry


PARSERS: dict[str, Callable[[str], list[ParsedEntry]]] = {
    FORMAT_RIS: parse_ris,
    FORMAT_BIBTEX: parse_bibtex,
    FORMAT_MEDLINE: parse_medline,
    FORMAT_CSL_JSON: parse_csl_json,
}
