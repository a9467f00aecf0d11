"""Reading what reference managers export: RIS, BibTeX, PubMed MEDLINE and CSL-JSON.

RIS is read by rispy and BibTeX by bibtexparser 2 (its middlewares in the order BibTeX defines:
field names case-insensitive, co-authors separated and names split while braces still protect
"{Centers for Disease Control and Prevention}", LaTeX decoded last). MEDLINE (NLM's
MEDLINE/PubMed format) and CSL-JSON (the CSL-JSON schema) have no maintained Python reader that
fits, so they are read here, following their specifications.

Every format becomes the same ``ParsedEntry``; an entry lists what stops it from becoming a
reference in ``errors`` and what was changed or dropped on the way in ``warnings``. Identifiers
come only from the fields that mean them, and the evidence kind only from the record's
publication-type data: when a file does not say, ``kind`` is "" and the person importing
chooses. A file that cannot be read at all raises ``ReferenceParseError`` with a message for the
user. Each entry is parsed once, in time linear in the file's size; nothing here touches the
database.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import rispy
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import BlockMiddleware
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import Entry, ParsingFailedBlock, String
from bibtexparser.splitter import Splitter
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from references.latex import LatexDecoder
from references.models import DOI_RE, ReferenceKind, normalize_doi

logger = logging.getLogger(__name__)

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
TEXT_FIELDS = ("source_key", "title", "journal", "volume", "issue", "pages", "doi", "pmid", "url")


class ReferenceParseError(Exception):
    """The file as a whole cannot be read. ``str(error)`` is meant for the user."""


@dataclass
class ParsedEntry:
    """One work as read from a file, before it is checked against the library."""

    position: int = 0
    source_key: str = ""
    kind: str = ""  # "" when the file does not say: the person importing chooses
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
    warnings: list[str] = field(default_factory=list)

    @property
    def authors_text(self) -> str:
        """The authors as the library stores them: Vancouver names separated by commas."""
        return ", ".join(self.authors)

    @property
    def kind_label(self) -> str:
        return ReferenceKind(self.kind).label if self.kind else ""

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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedEntry:
        names = {item.name for item in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})


@dataclass
class ParsedFile:
    """What a file held: its entries, its format and what was noticed about the file as a whole."""

    entries: list[ParsedEntry]
    format: str
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Bytes to text
# --------------------------------------------------------------------------------------------

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")
BINARY_SIGNATURES += (b"\xd0\xcf\x11\xe0",)
NOT_TEXT = "This is not a text file. Export RIS, BibTeX, MEDLINE or CSL-JSON and try again."
LATIN1_WARNING = (
    "The file is not UTF-8: it was read as Latin-1 (Windows-1252). Check accented names in the "
    "preview, or export it as UTF-8."
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _too_large() -> ReferenceParseError:
    return ReferenceParseError(
        f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: split it and import "
        "the parts."
    )


def decode_upload(data: bytes) -> tuple[str, list[str]]:
    """The text of an uploaded file and warnings about how it was read.

    UTF-8 with or without a byte order mark, UTF-16 (and UTF-32) with one; anything else that is
    not UTF-8 is read as Latin-1 (Windows-1252) with a warning. Huge and binary files raise
    ``ReferenceParseError``. A stray NUL in a text file is left for the entry holding it.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise _too_large()
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError as error:
                raise ReferenceParseError(
                    f"The file starts as {encoding.upper()} but is not: export it as UTF-8."
                ) from error
    if data.startswith(BINARY_SIGNATURES):
        raise ReferenceParseError(NOT_TEXT)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), [LATIN1_WARNING]
    except UnicodeDecodeError:
        return data.decode("latin-1"), [LATIN1_WARNING]


def _check_text(text: str) -> str:
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_IMPORT_BYTES or len(text.encode("utf-8", "surrogatepass")) > (
        MAX_IMPORT_BYTES
    ):
        raise _too_large()
    sample = text[:8192]
    controls = len(_CONTROLS.findall(sample))
    if controls > max(8, len(sample) // 100) or (controls and controls * 2 >= len(sample)):
        raise ReferenceParseError(NOT_TEXT)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(text: str) -> str:
    stripped = text.lstrip(" \n\t")
    if stripped.startswith(("[", "{")):
        return FORMAT_CSL_JSON
    if RIS_START.search(text):
        return FORMAT_RIS
    if MEDLINE_PMID.search(text):
        return FORMAT_MEDLINE
    if re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", text, re.MULTILINE):
        return FORMAT_BIBTEX
    raise ReferenceParseError(
        "The format was not recognised. Paste or upload RIS, BibTeX, PubMed MEDLINE (.nbib) or "
        "CSL-JSON as your reference manager exports it."
    )


def parse_references(text: str, format: str = "") -> ParsedFile:
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
    except RecursionError as error:
        raise ReferenceParseError("The file is nested too deeply to be read.") from error
    except Exception as error:  # a library failing on hostile input is the file's fault
        logger.info("Reference file could not be parsed: %r", error)
        raise ReferenceParseError(
            "The file could not be read. Check that it is a complete export."
        ) from error
    if not entries:
        raise ReferenceParseError("No references were found in the file.")
    _check_count(len(entries))
    for position, entry in enumerate(entries, start=1):
        entry.position = position
        finish_entry(entry)
    return ParsedFile(entries=entries, format=format)


def read_references(data: bytes, format: str = "") -> ParsedFile:
    """An uploaded file's bytes, decoded and parsed."""
    text, warnings = decode_upload(data)
    parsed = parse_references(text, format)
    parsed.warnings[:0] = warnings
    return parsed


def _check_count(count: int) -> None:
    if count > MAX_ENTRIES:
        raise ReferenceParseError(
            f"The file holds {count} references; import at most {MAX_ENTRIES} at a time."
        )


# --------------------------------------------------------------------------------------------
# Values, whatever the format
# --------------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_UNSAFE = re.compile(r"[\x00\ud800-\udfff]")


def clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("not text")
    return _SPACES.sub(" ", str(value)).strip()


_NAME_PARTS = re.compile(r"[\s.\-]+")


def vancouver_name(family: str, given: str = "", suffix: str = "") -> str:
    """``Müller``, ``Hans-Peter`` → ``Müller HP`` (NLM / Vancouver)."""
    family = clean(family)
    initials = "".join(part[0].upper() for part in _NAME_PARTS.split(clean(given)) if part)
    name = f"{family} {initials}".strip()
    return f"{name} {clean(suffix)}".strip()


def name_from_text(value: str) -> str:
    """A personal name written ``Last, First[, Suffix]`` (RIS, MEDLINE FAU) in Vancouver form.

    Without a comma the name is kept as written: an organisation ("World Health Organization"),
    or a name already in Vancouver form ("Forkey H")."""
    value = clean(value).strip(",; ")
    if "," not in value:
        return value
    family, _, rest = value.partition(",")
    given, _, suffix = rest.partition(",")
    return vancouver_name(family, given, suffix)


def parse_year(value: str) -> int | None:
    match = re.search(r"(?<!\d)(1[89]\d\d|2[012]\d\d)(?!\d)", value or "")
    return int(match.group(1)) if match else None


def extract_doi(value: str) -> str:
    """The DOI in a DOI field, a DOI URL or a MEDLINE ``10.x/y [doi]`` value; "" if none."""
    value = clean(value)
    value = re.sub(r"\s*\[doi\]\s*$", "", value)
    return normalize_doi(value)


_DOI_URL = re.compile(r"https?://(dx\.)?doi\.org/", re.IGNORECASE)


def doi_or_url(doi: str, urls: Iterable[str]) -> tuple[str, str]:
    """The DOI (from its field, else from a doi.org link) and the first other link."""
    doi = extract_doi(doi)
    url = ""
    for link in (clean(link) for link in urls):
        if not link:
            continue
        if _DOI_URL.match(link):
            doi = doi or extract_doi(link)
        elif not url:
            url = link
    return doi, url


# Publication types that say what kind of evidence a work is: PubMed's publication types (MEDLINE
# PT) and the library's own labels, as its exports write them. Compared whole, never searched in
# titles: a journal article about guidelines is not a guideline.
KIND_TERMS: dict[str, ReferenceKind] = {
    "guideline": ReferenceKind.GUIDELINE,
    "practice guideline": ReferenceKind.GUIDELINE,
    "systematic review": ReferenceKind.SYSTEMATIC_REVIEW,
    "meta-analysis": ReferenceKind.SYSTEMATIC_REVIEW,
    "randomized controlled trial": ReferenceKind.RANDOMISED_TRIAL,
    "randomised controlled trial": ReferenceKind.RANDOMISED_TRIAL,
    "observational study": ReferenceKind.OBSERVATIONAL,
    "review": ReferenceKind.REVIEW,
    "scoping review": ReferenceKind.REVIEW,
}
KIND_TERMS.update({kind.label.lower(): kind for kind in ReferenceKind})
KIND_PRECEDENCE = list(ReferenceKind)  # the most specific evidence first


def kind_from_publication_types(types: Iterable[str]) -> str:
    """The evidence kind named by a record's publication types; "" when they name none."""
    found = {
        KIND_TERMS[term]
        for value in types
        for term in (clean(part).lower().rstrip(".") for part in re.split(r"[;|]", value or ""))
        if term in KIND_TERMS
    }
    return next((kind.value for kind in KIND_PRECEDENCE if kind in found), "")


# --------------------------------------------------------------------------------------------
# Finishing an entry: the same steps for every format
# --------------------------------------------------------------------------------------------


def finish_entry(entry: ParsedEntry) -> None:
    remove_unsafe_characters(entry)
    normalise_url(entry)
    validate_entry(entry)


def remove_unsafe_characters(entry: ParsedEntry) -> None:
    """NUL characters and lone surrogates (from JSON escapes or stray bytes) cannot be stored or
    shown: each becomes U+FFFD and the entry an error, so the rest of the file still imports."""
    found = False
    for name in TEXT_FIELDS:
        value = getattr(entry, name)
        if _UNSAFE.search(value):
            setattr(entry, name, _UNSAFE.sub("\ufffd", value))
            found = True
    if any(_UNSAFE.search(name) for name in entry.authors):
        entry.authors = [_UNSAFE.sub("\ufffd", name) for name in entry.authors]
        found = True
    if found:
        entry.errors.append(
            "The entry contains a NUL character or broken Unicode (shown as \ufffd): fix it in "
            "your reference manager and export again."
        )


_VALIDATE_URL = URLValidator(schemes=["http", "https"])
_BARE_HOST = re.compile(r"^(www\.|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/)", re.IGNORECASE)


def normalise_url(entry: ParsedEntry) -> None:
    """A link without a scheme is taken as https://; one that is still no http(s) link is
    dropped with a warning. Neither costs the entry."""
    url = entry.url
    if not url:
        return
    if "://" not in url and _BARE_HOST.match(url):
        url = f"https://{url}"
        entry.warnings.append(f"The link had no scheme: saved as {url[:120]}.")
    try:
        _VALIDATE_URL(url)
    except ValidationError:
        entry.warnings.append(f"The link “{entry.url[:80]}” is not an http(s) link: dropped.")
        url = ""
    entry.url = url


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
    if entry.kind and entry.kind not in ReferenceKind.values:
        entry.errors.append("The kind of work is not one the library knows.")
    for name, limit in MAX_LENGTHS.items():
        value = getattr(entry, "authors_text" if name == "authors" else name)
        if len(value) > limit:
            entry.errors.append(f"The {name} is longer than {limit} characters.")


# --------------------------------------------------------------------------------------------
# RIS, read by rispy
# --------------------------------------------------------------------------------------------

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
    _check_count(len(starts))
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


def ris_entry(record: dict[str, Any]) -> ParsedEntry:
    doi, url = doi_or_url(_ris_first(record, "doi"), _ris_values(record, "urls"))
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


def ris_pmid(record: dict[str, Any]) -> str:
    """The accession number (AN) is a PMID only when the record says it came from PubMed
    (DB or DP). Notes, misc and custom fields (N1, M1, C2, ...) never give one."""
    database = " ".join(_ris_values(record, "name_of_database", "database_provider"))
    accession = _ris_first(record, "accession_number")
    if PUBMED_DATABASES.search(database) and re.fullmatch(r"\d{1,9}", accession):
        return accession
    return ""


# --------------------------------------------------------------------------------------------
# PubMed MEDLINE (.nbib): NLM's MEDLINE/PubMed format, read here
# --------------------------------------------------------------------------------------------

# A tag is 2-4 capitals, padded with spaces to four, then "- " and the value; continuation lines
# start with spaces. Exports seen in the wild drop the padding ("PMID-123") or the space after
# the hyphen ("TI  -Title"): both are read, since a tag is never followed by anything else.
MEDLINE_LINE = re.compile(r"([A-Z][A-Z0-9]{1,3}) *- ?(.*)")
MEDLINE_PMID = re.compile(r"^PMID *- ?\d", re.MULTILINE)


def parse_medline(text: str) -> list[ParsedEntry]:
    records = list(medline_records(text))
    if not records:
        raise ReferenceParseError("No MEDLINE record (a PMID line) was found.")
    _check_count(len(records))
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
    return ParsedEntry(
        source_key=_medline_first(record, "PMID"),
        title=_medline_first(record, "TI", "BTI"),
        authors=medline_authors(record),
        journal=_medline_first(record, "JT", "TA"),
        year=parse_year(_medline_first(record, "DP")),
        volume=_medline_first(record, "VI"),
        issue=_medline_first(record, "IP"),
        pages=_medline_first(record, "PG"),
        doi=medline_doi(record),
        pmid=_medline_first(record, "PMID"),
        kind=kind_from_publication_types(_medline_values(record, "PT")),
    )


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


# --------------------------------------------------------------------------------------------
# BibTeX, read by bibtexparser 2
# --------------------------------------------------------------------------------------------

# The fields read. Others (abstracts, files, notes) are dropped before any decoding, so that
# no time is spent on what is never used.
BIBTEX_FIELDS = {
    "title", "author", "editor", "journal", "journaltitle", "booktitle", "institution",
    "organization", "publisher", "year", "date", "volume", "number", "issue", "pages", "doi",
    "url", "pmid", "eprint", "eprinttype", "archiveprefix", "type", "entrysubtype", "pubtype",
}  # fmt: skip
BIBTEX_VENUES = (
    "journal", "journaltitle", "booktitle", "institution", "organization", "publisher",
)  # fmt: skip
# Verbatim fields: a "%" or "\" in a DOI or URL is part of it, not LaTeX.
BIBTEX_VERBATIM = {"doi", "url", "pmid", "eprint"}
# A field longer than this cannot fit the library (titles 500, journals 300, authors 1000
# characters, even with LaTeX markup) and is refused without being decoded.
BIBTEX_MAX_FIELD = 4000


class DropFieldsNotRead(BlockMiddleware):
    """Drops the fields the library does not read (field names compared case-insensitively),
    first, so that no time is spent on abstracts, notes or files."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    def transform_entry(self, entry: Entry, library: Any) -> Entry:
        entry.fields = [item for item in entry.fields if item.key.lower() in BIBTEX_FIELDS]
        return entry


# BibTeX's own abbreviations, which every style defines.
BIBTEX_MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}  # fmt: skip


def bibtex_value_parts(value: str) -> list[str]:
    """A field's value split at the "#" that concatenate its parts, outside braces and quotes:
    ``jean # " " # {César}`` → ``['jean', '" "', '{César}']``."""
    parts, start, depth, quoted = [], 0, 0, False
    for position, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:position].strip())
            start = position + 1
    parts.append(value[start:].strip())
    return parts


class ResolveStrings(BlockMiddleware):
    """@string abbreviations replaced by their values, as BibTeX does: names compared
    case-insensitively, parts joined with "#" concatenated, @strings defined from others, and
    the month abbreviations. (bibtexparser resolves a value that is a single abbreviation only.)
    An abbreviation is resolved when an entry uses it, so that a file of thousands costs only
    those used. A name nothing defines reads as empty, and its entry says so."""

    def __init__(self, strings: list[String]) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=False)
        self.definitions = {string.key.lower(): str(string.value) for string in strings}
        self.resolved: dict[str, str] = dict(BIBTEX_MONTHS)

    def transform_entry(self, entry: Entry, library: Any) -> Entry:
        undefined: list[str] = []
        for item in entry.fields:
            if isinstance(item.value, str) and self._needs_resolving(item.value):
                item.value = "{" + self._resolve(item.value, undefined, set()) + "}"
        if undefined:
            entry.parser_metadata["undefined"] = undefined
        return entry

    @staticmethod
    def _needs_resolving(value: str) -> bool:
        enclosed = value[:1] in ("{", '"') and value[-1:] in ("}", '"')
        return not value.isdigit() and (not enclosed or "#" in value)

    def _resolve(self, value: str, undefined: list[str], resolving: set[str]) -> str:
        text = []
        for part in bibtex_value_parts(value):
            name = part.lower()
            if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
                text.append(part[1:-1])
            elif part.isdigit():
                text.append(part)
            elif name in self.resolved:
                text.append(self.resolved[name])
            elif name in self.definitions and name not in resolving:  # not defined by itself
                resolved = self._resolve(self.definitions[name], undefined, resolving | {name})
                self.resolved[name] = resolved
                text.append(resolved)
            elif part:
                undefined.append(part[:40])
        return "".join(text)


class CheckFieldsRead(BlockMiddleware):
    """Marks over-long fields, which are read as empty."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    def transform_entry(self, entry: Entry, library: Any) -> Entry:
        for item in entry.fields:
            if not isinstance(item.value, str):
                continue
            if len(item.value) > BIBTEX_MAX_FIELD:
                item.value = ""
                entry.parser_metadata.setdefault("too_long", []).append(item.key)
        return entry


class DecodeLatex(BlockMiddleware):
    """LaTeX decoded after names are split (so that braces still protect "{Centers for Disease
    Control and Prevention}" while names are split), in every name part of every author, and
    never in verbatim fields. ``references.latex`` decodes: the common forms from a table, the
    rest with pylatexenc within a budget for the whole file."""

    def __init__(self, decoder: LatexDecoder) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=False)
        self.decoder = decoder

    def transform_entry(self, entry: Entry, library: Any) -> Entry:
        for item in entry.fields:
            if item.key in BIBTEX_VERBATIM:
                continue
            if isinstance(item.value, str):
                item.value = self._decode(item.value, item.key, entry)
            elif isinstance(item.value, list):
                names = [name for name in item.value if isinstance(name, NameParts)]
                parts = [name.first + name.von + name.last + name.jr for name in names]
                decoded = self.decoder.decode_many([part for name in parts for part in name])
                for kept_because in {kept for _, kept in decoded if kept}:
                    self._kept(kept_because, item.key, entry)
                texts = iter(text for text, _ in decoded)
                for name in names:
                    name.first = [next(texts) for _ in name.first]
                    name.von = [next(texts) for _ in name.von]
                    name.last = [next(texts) for _ in name.last]
                    name.jr = [next(texts) for _ in name.jr]
        return entry

    def _decode(self, value: str, key: str, entry: Entry) -> str:
        text, kept_because = self.decoder.decode(value)
        if kept_because:
            self._kept(kept_because, key, entry)
        return text

    @staticmethod
    def _kept(kept_because: str, key: str, entry: Entry) -> None:
        kept = entry.parser_metadata.setdefault(f"latex_{kept_because}", [])
        if key not in kept:
            kept.append(key)


def bibtex_parse_stack(strings: list[String]) -> list[Any]:
    """bibtexparser's middlewares, and the library's, in the order that keeps BibTeX's meaning;
    they go through the entries only, the @strings being resolved where used."""
    return [
        DropFieldsNotRead(),
        ResolveStrings(strings),
        middlewares.RemoveEnclosingMiddleware(allow_inplace_modification=True),
        middlewares.NormalizeFieldKeys(allow_inplace_modification=True),
        CheckFieldsRead(),
        middlewares.SeparateCoAuthors(allow_inplace_modification=True),
        middlewares.SplitNameParts(allow_inplace_modification=True),
        DecodeLatex(LatexDecoder()),
    ]


# The start of an entry (not an @string, @comment or @preamble) at the start of a line or right
# after another block, counted before splitting so that a file of too many entries is refused
# without being read.
BIBTEX_ENTRY_START = re.compile(
    r"(?:^|[})])[ \t]*@[ \t]*(?!(?:string|comment|preamble)\b)[A-Za-z]+[ \t]*[{(]",
    re.MULTILINE | re.IGNORECASE,
)


def parse_bibtex(text: str) -> list[ParsedEntry]:
    # Entries nested past a few levels of braces are no real export; refuse them early.
    _check_nesting(text, "{", "}", "braces")
    _check_count(len(BIBTEX_ENTRY_START.findall(text)))
    split = Splitter(bibstr=text).split()
    # Entries only go through the middlewares: comments and preambles are no references, and
    # @strings are resolved where entries use them.
    blocks = [
        block
        for block in split.blocks
        if isinstance(block, Entry)
        or (isinstance(block, ParsingFailedBlock) and _is_failed_entry(block))
    ]
    _check_count(len(blocks))
    if not blocks:
        raise ReferenceParseError("No BibTeX entry was found.")
    library = Library(blocks, fail_on_duplicate_key=False)
    # Every @string in file order, a repeated one too (bibtexparser fails the repeat): the last
    # definition holds, as in BibTeX for the entries after it.
    strings = [
        block.ignore_error_block if isinstance(block, ParsingFailedBlock) else block
        for block in split.blocks
        if isinstance(getattr(block, "ignore_error_block", block), String)
    ]
    for middleware in bibtex_parse_stack(strings):
        library = middleware.transform(library)
    entries = []
    for block in library.blocks:
        if isinstance(block, Entry):
            entries.append(bibtex_entry(block))
        elif isinstance(block, ParsingFailedBlock):
            entries.append(bibtex_failed_entry(block))
    return entries


def _is_failed_entry(block: ParsingFailedBlock) -> bool:
    """A block that failed and was an entry (not a repeated or broken @string)."""
    if isinstance(block.ignore_error_block, String):
        return False
    return not re.match(r"\s*@\s*string\b", block.raw or "", re.IGNORECASE)


def bibtex_failed_entry(block: ParsingFailedBlock) -> ParsedEntry:
    original = block.ignore_error_block
    if isinstance(original, Entry) and type(block).__name__ == "DuplicateBlockKeyBlock":
        return bibtex_entry(original)  # a repeated key: the entry itself is fine
    match = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", block.raw or "")
    failed = ParsedEntry(source_key=match.group(1)[:64] if match else "")
    failed.errors.append(
        f"This entry could not be read (line {block.start_line + 1}); it may be cut off or have "
        "unbalanced braces."
    )
    return failed


def _bibtex_text(fields: dict[str, Any], *names: str) -> str:
    """The first of the fields that has a value. Decoding LaTeX has taken the braces out of the
    others, so a brace left is a character (``\\{``) or part of a field kept as written;
    verbatim fields (DOI, URL) lose the braces that protect them."""
    for name in names:
        value = fields.get(name)
        if isinstance(value, str) and clean(value):
            if name in BIBTEX_VERBATIM:
                value = value.replace("{", "").replace("}", "")
            return clean(value)
    return ""


def bibtex_entry(entry: Entry) -> ParsedEntry:
    fields = {item.key: item.value for item in entry.fields}
    doi, url = doi_or_url(_bibtex_text(fields, "doi"), [_bibtex_text(fields, "url")])
    parsed = ParsedEntry(
        source_key=entry.key,
        title=_bibtex_text(fields, "title"),
        authors=bibtex_authors(fields),
        journal=_bibtex_text(fields, *BIBTEX_VENUES),
        year=parse_year(_bibtex_text(fields, "year", "date")),
        volume=_bibtex_text(fields, "volume"),
        issue=_bibtex_text(fields, "number", "issue"),
        pages=re.sub(r"[\u2013\u2014]|-+", "-", _bibtex_text(fields, "pages")),
        doi=doi,
        pmid=bibtex_pmid(fields),
        url=url,
        kind=kind_from_publication_types(
            [_bibtex_text(fields, name) for name in ("type", "entrysubtype", "pubtype")]
        ),
    )
    for name in entry.parser_metadata.get("too_long", []):
        parsed.errors.append(f"The {name} field is longer than {BIBTEX_MAX_FIELD} characters.")
    for name in entry.parser_metadata.get("undefined", []):
        parsed.warnings.append(f"“{name}” is an abbreviation no @string in the file defines.")
    if entry.parser_metadata.get("latex_error"):
        parsed.errors.append("Some LaTeX in this entry could not be read.")
    for name in entry.parser_metadata.get("latex_budget", []):
        parsed.warnings.append(
            f"The LaTeX in the {name} field is shown as written, not decoded: the file holds "
            "more LaTeX than one import decodes. Check it, or import the file in parts."
        )
    return parsed


def bibtex_authors(fields: dict[str, Any]) -> list[str]:
    """Authors, else editors. A name without a first name is kept whole: an organisation in
    braces ("{World Health Organization}") or a single name."""
    names = fields.get("author") or fields.get("editor") or []
    if isinstance(names, str):  # a field SeparateCoAuthors could not split
        names = [names]
    authors = []
    for name in names:
        if not isinstance(name, NameParts):
            authors.append(clean(name))
        elif not name.first and not name.jr:
            authors.append(clean(" ".join(name.von + name.last)))
        else:
            authors.append(
                vancouver_name(" ".join(name.von + name.last), " ".join(name.first))
                + (f" {clean(' '.join(name.jr))}" if name.jr else "")
            )
    return [author for author in authors if author]


def bibtex_pmid(fields: dict[str, Any]) -> str:
    """A ``pmid`` field, or an ``eprint`` whose ``eprinttype`` is pubmed (biblatex)."""
    pmid = _bibtex_text(fields, "pmid")
    if not pmid and _bibtex_text(fields, "eprinttype", "archiveprefix").lower() == "pubmed":
        pmid = _bibtex_text(fields, "eprint")
    return pmid


# --------------------------------------------------------------------------------------------
# CSL-JSON, read here after the CSL-JSON schema
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
    _check_count(len(data))
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
        url=url,
        kind=kind_from_publication_types([csl_text(item, "genre")]),
    )
    if item.get("title") not in (None, "") and not entry.title:
        problems.append("The title is not text.")
    entry.errors.extend(problems)
    return entry


PARSERS: dict[str, Callable[[str], list[ParsedEntry]]] = {
    FORMAT_RIS: parse_ris,
    FORMAT_BIBTEX: parse_bibtex,
    FORMAT_MEDLINE: parse_medline,
    FORMAT_CSL_JSON: parse_csl_json,
}
