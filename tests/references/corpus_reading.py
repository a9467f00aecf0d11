"""The corpus of real-world files read twice: by the import, and by a trusted reader of each
format, then compared field by field. The files come from other projects' public test suites
and are not kept in this repository: they are read from ``references/`` under the folder
``EDITORIAL_TEST_CORPUS`` names, or else ``shared/corpus/`` beside the checkout
(tests/shared_corpus.py, tests/references/CORPUS.md). MANIFEST.json (tests/references/corpus/,
ours) says where each file comes from, its SHA-256, and explains every remaining difference;
test_corpus.py holds the import to them.

Trusted readers:
- RIS: rispy's raw records (the library the import reads RIS with), taken with the RIS
  specification's tag meanings, so what is compared is what the import does with them.
- BibTeX: pybtex, a separate BibTeX implementation, with LaTeX decoded by latexcodec (not
  pylatexenc, which the import uses).
- MEDLINE: Biopython's Bio.Medline, a separate reader of NLM's MEDLINE format.
- CSL-JSON: citeproc-py's CSL-JSON reader (the CSL processor the library formats AMA with).
"""

from __future__ import annotations

import codecs
import contextlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pybtex.errors
import rispy
from Bio import Medline
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string as pybtex_parse

from references.parsers import ReferenceParseError, decode_upload, parse_references
from tests.shared_corpus import absent, corpus_root

CORPUS = corpus_root() / "references"
MANIFEST = Path(__file__).parent / "corpus" / "MANIFEST.json"
# Why the tests reading the files are skipped ("" when the files are there).
CORPUS_ABSENT = absent(CORPUS, "the reference corpus (files from other projects' test suites)")
MISSING = ("is missing.", "is missing or malformed.")
FIELDS = ("title", "first_author", "author_count", "year", "doi", "pmid", "journal")

pybtex.errors.set_strict_mode(False)


@dataclass
class Reading:
    """One record's fields as a reader gives them, normalised for comparison."""

    title: str = ""
    first_author: str = ""
    author_count: int = 0
    year: str = ""
    doi: str = ""
    pmid: str = ""
    journal: str = ""


@dataclass
class Difference:
    file: str
    record: int
    field: str
    ours: Any
    trusted: Any

    @property
    def key(self) -> str:
        return f"{self.file}#{self.record}:{self.field}"


def norm(value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value or ""))
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def letters(value: Any) -> str:
    """The letters and digits of a text, accents, LaTeX commands and CSL's rich-text tags aside:
    what two readers of the same title must agree on, whatever they do with markup, spacing and
    punctuation."""
    text = re.sub(r"\\[A-Za-z]+|</?[a-z]+(\s[^<>]*)?>", "", norm(value))
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if char.isalnum())


def family(name: str) -> str:
    """The family name of a personal name written "Family, Given" or "Family GI", or the whole
    of any other name (an organisation), as letters."""
    name = norm(name)
    if "," in name:
        return letters(name.split(",")[0])
    head, _, tail = name.rpartition(" ")
    if head and tail.isalpha() and len(tail) <= 4:
        return letters(head)  # Vancouver initials ("müller hp", casefolded)
    return letters(name)


def first_year(value: Any) -> str:
    match = re.search(r"(?<!\d)(1[5-9]\d\d|2[0-2]\d\d)(?!\d)", str(value or ""))
    return match.group(1) if match else ""


def doi_of(value: Any) -> str:
    value = norm(value)
    value = re.sub(r"\s*\[doi\]$", "", value)
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value).strip()


def ours(entry: Any) -> Reading:
    return Reading(
        title=letters(entry.title),
        first_author=letters(entry.authors[0]) if entry.authors else "",
        author_count=len(entry.authors),
        year=str(entry.year or ""),
        doi=doi_of(entry.doi),
        pmid=norm(entry.pmid),
        journal=letters(entry.journal),
    )


# --------------------------------------------------------------------------------------------
# Trusted readings
# --------------------------------------------------------------------------------------------


def _list(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return [str(item).strip() for item in values if str(item).strip()]


def trusted_ris(text: str) -> list[Reading]:
    readings = []
    for record in rispy.loads(text):
        names = _list(record.get("authors")) + _list(record.get("first_authors"))
        names = names or _list(record.get("secondary_authors"))
        urls = _list(record.get("urls"))
        doi = doi_of((_list(record.get("doi")) or [""])[0])
        if not doi:
            doi = next(
                (doi_of(url) for url in urls if re.match(r"https?://(dx\.)?doi\.org/", url)), ""
            )
        database = " ".join(
            _list(record.get("name_of_database")) + _list(record.get("database_provider"))
        )
        accession = (_list(record.get("accession_number")) or [""])[0]
        pmid = accession if re.search(r"pubmed|medline|\bnlm\b", database, re.I) else ""
        venue = next(
            (
                _list(record.get(key))[0]
                for key in (
                    "alternate_title3",
                    "secondary_title",
                    "journal_name",
                    "alternate_title2",
                    "alternate_title1",
                    "publisher",
                )
                if _list(record.get(key))
            ),
            "",
        )
        readings.append(
            Reading(
                title=letters(
                    (_list(record.get("title")) + _list(record.get("primary_title")) or [""])[0]
                ),
                first_author=family(names[0]) if names else "",
                author_count=len(names),
                year=first_year(
                    (
                        _list(record.get("year"))
                        + _list(record.get("publication_year"))
                        + _list(record.get("date"))
                        or [""]
                    )[0]
                ),
                doi=doi,
                pmid=norm(pmid) if re.fullmatch(r"\d{1,9}", pmid) else "",
                journal=letters(venue),
            )
        )
    return readings


def _latex(value: Any) -> str:
    text = str(value or "")
    with contextlib.suppress(Exception):
        text = codecs.decode(text, "ulatex")
    return letters(text)


def trusted_bibtex(text: str) -> dict[str, Reading]:
    data = pybtex_parse(text, "bibtex")
    readings = {}
    for key, entry in data.entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        first = ""
        if people:
            person = people[0]
            first = _latex(" ".join(person.prelast_names + person.last_names))
            if not person.first_names and not person.middle_names and not person.lineage_names:
                first = _latex(str(person))
        first = first
        fields = entry.fields
        doi = doi_of(fields.get("doi", ""))
        url = fields.get("url", "")
        if not doi and re.match(r"https?://(dx\.)?doi\.org/", url):
            doi = doi_of(url)
        pmid = fields.get("pmid", "")
        if not pmid and norm(fields.get("eprinttype", fields.get("archiveprefix", ""))) == "pubmed":
            pmid = fields.get("eprint", "")
        venue = next(
            (
                fields[name]
                for name in (
                    "journal",
                    "journaltitle",
                    "booktitle",
                    "institution",
                    "organization",
                    "publisher",
                )
                if norm(fields.get(name, ""))
            ),
            "",
        )
        readings[key.casefold()] = Reading(
            title=_latex(fields.get("title", "")),
            first_author=first,
            author_count=len(people),
            year=first_year(fields.get("year") or fields.get("date", "")),
            doi=doi,
            pmid=norm(pmid),
            journal=_latex(venue),
        )
    return readings


def trusted_medline(text: str) -> list[Reading]:
    readings = []
    for record in Medline.parse(StringIO(text)):
        authors = record.get("AU") or record.get("FAU") or []
        groups = record.get("CN") or []
        if isinstance(groups, str):
            groups = [groups]
        names = list(authors) + list(groups)
        # Bio.Medline takes LID for a single field: two LID lines (a [pii] and a [doi]) come
        # joined with a space. AID is a list.
        lid = " ".join(_list(record.get("LID")))
        locations = [f"{doi} [doi]" for doi in re.findall(r"(\S+) \[doi\]", lid)]
        locations += _list(record.get("AID"))
        doi = next((doi_of(value) for value in locations if value.endswith("[doi]")), "")
        readings.append(
            Reading(
                title=letters(record.get("TI") or record.get("BTI", "")),
                first_author=family(names[0]) if names else "",
                author_count=len(names),
                year=first_year(record.get("DP", "")),
                doi=doi,
                pmid=norm(record.get("PMID", "")),
                journal=letters(record.get("JT") or record.get("TA", "")),
            )
        )
    return readings


def trusted_csl(item: dict[str, Any]) -> Reading:
    [reference] = CiteProcJSON(
        [{**item, "id": str(item.get("id", "x")), "type": item.get("type") or "article"}]
    ).values()
    names = reference.get("author") or reference.get("editor") or []
    first = ""
    if names:
        name = names[0]
        literal = name.get("literal")
        family_name = " ".join(
            str(part) for part in (name.get("non_dropping_particle"), name.get("family")) if part
        )
        first = letters(literal) if literal else letters(family_name) or letters(name.get("given"))
    issued = reference.get("issued")
    year = str(getattr(issued, "year", "") or "") if issued is not None else ""
    url = str(reference.get("URL", "") or "")
    venue = (
        reference.get("container_title")
        or reference.get("publisher")
        or reference.get("authority")
        or ""
    )
    return Reading(
        title=letters(reference.get("title", "")),
        first_author=first,
        author_count=len(names),
        year=first_year(year),
        doi=doi_of(reference.get("DOI", ""))
        or (doi_of(url) if re.match(r"https?://(dx\.)?doi\.org/", url) else ""),
        pmid=norm(reference.get("PMID", "")),
        journal=letters(venue),
    )


# --------------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------------


@dataclass
class Comparison:
    compared: dict[str, dict[str, int]]  # format -> field -> records compared
    differences: list[Difference]
    unreadable: list[str]  # files (or records) one of the two readers refused, with why
    flagged: dict[str, int]  # format -> records the import refuses with an error shown


def _pairs(fmt: str, text: str, entries: list[Any]) -> Iterator[tuple[int, Any, Reading]]:
    if fmt == "ris":
        for index, (entry, trusted) in enumerate(zip(entries, trusted_ris(text), strict=False)):
            yield index, entry, trusted
    elif fmt == "medline":
        for index, (entry, trusted) in enumerate(zip(entries, trusted_medline(text), strict=False)):
            yield index, entry, trusted
    elif fmt == "bibtex":
        trusted = trusted_bibtex(text)
        keys = [entry.source_key.casefold() for entry in entries]
        repeated = Counter(keys)
        for index, entry in enumerate(entries):
            if repeated[keys[index]] > 1:
                continue  # a key used twice: which entry a reader keeps is its own choice
            reading = trusted.get(keys[index])
            if reading is not None:
                yield index, entry, reading
    else:
        data = json.loads(text)
        items = data if isinstance(data, list) else [data]
        for index, (entry, item) in enumerate(zip(entries, items, strict=False)):
            if not isinstance(item, dict):
                continue
            try:
                reading = trusted_csl(item)
            except Exception:
                continue
            yield index, entry, reading


def same_first_author(ours_name: str, trusted_family: str) -> bool:
    """The import's first author (a whole Vancouver name, "Müller HP", as letters) begins with the
    trusted reader's family name and goes on with no more than initials and a suffix."""
    if ours_name == trusted_family:
        return True
    return (
        bool(trusted_family)
        and ours_name.startswith(trusted_family)
        and len(ours_name) - len(trusted_family) <= 6
    )


def agree(field_name: str, ours_value: Any, trusted_value: Any) -> bool:
    if field_name == "first_author":
        return same_first_author(ours_value, trusted_value)
    return ours_value == trusted_value


def compare_corpus(files: list[dict[str, Any]]) -> Comparison:
    compared: dict[str, dict[str, int]] = {}
    flagged_counts: dict[str, int] = {}
    differences: list[Difference] = []
    unreadable: list[str] = []
    for item in files:
        fmt, name = item["format"], item["file"]
        data = (CORPUS / name).read_bytes()
        try:
            text, _ = decode_upload(data)
            entries = parse_references(text, fmt).entries
        except ReferenceParseError as error:
            unreadable.append(f"{name}: import: {error}")
            continue
        try:
            pairs = list(_pairs(fmt, text.replace("\r\n", "\n").removeprefix("\ufeff"), entries))
        except Exception as error:
            unreadable.append(f"{name}: trusted reader: {type(error).__name__}")
            continue
        counts = compared.setdefault(fmt, dict.fromkeys(FIELDS, 0))
        flagged = flagged_counts.setdefault(fmt, 0)
        for index, entry, trusted in pairs:
            if any(not error.endswith(MISSING) for error in entry.errors):
                # Refused as unreadable, with the reason shown: nothing silent to compare.
                # (A record only missing a field is compared: the field may have been lost.)
                flagged_counts[fmt] = flagged = flagged + 1
                continue
            mine = ours(entry)
            for field_name in FIELDS:
                counts[field_name] += 1
                a, b = getattr(mine, field_name), getattr(trusted, field_name)
                if not agree(field_name, a, b):
                    differences.append(Difference(name, index, field_name, a, b))
    return Comparison(compared, differences, unreadable, flagged_counts)


def manifest() -> dict[str, Any]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


READERS: dict[str, Callable[..., Any]] = {
    "ris": trusted_ris,
    "bibtex": trusted_bibtex,
    "medline": trusted_medline,
    "csl_json": trusted_csl,
}


def figures(comparison: Comparison) -> dict[str, Any]:
    """The manifest's figures: per format and field, records compared, differences, agreement."""
    agreement: dict[str, Any] = {}
    for fmt, counts in comparison.compared.items():
        agreement[fmt] = {}
        for field_name in FIELDS:
            records = counts[field_name]
            differing = sum(
                1
                for d in comparison.differences
                if d.field == field_name and d.file.startswith(f"{fmt}/")
            )
            agreement[fmt][field_name] = {
                "records": records,
                "differences": differing,
                "agreement_percent": round(100 * (records - differing) / records, 2),
            }
    return {
        "agreement": agreement,
        "refused_as_unreadable": comparison.flagged,
        "not_read_at_all": comparison.unreadable,
    }


def write_manifest_figures() -> None:
    """Rewrites MANIFEST.json's figures from today's comparison, keeping the explanations of the
    differences still found (a new difference is listed with an empty reason, to be written)::

        DJANGO_SETTINGS_MODULE=editorial.settings .venv/bin/python -c "import django; \\
            django.setup(); from tests.references import corpus_reading as c; \\
            c.write_manifest_figures()"
    """
    import logging
    import warnings

    if CORPUS_ABSENT:
        raise SystemExit(CORPUS_ABSENT)
    data = manifest()
    logging.disable(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comparison = compare_corpus([item for item in data["files"] if item.get("compare", True)])
    data.update(figures(comparison))
    reasons = {item["key"]: item["reason"] for item in data["differences"]}
    data["differences"] = [
        {
            "key": d.key,
            "ours": d.ours,
            "trusted": d.trusted,
            "reason": reasons.get(d.key, ""),
        }
        for d in comparison.differences
    ]
    MANIFEST.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for item in data["differences"]:
        if not item["reason"]:
            print("to explain:", item["key"])
