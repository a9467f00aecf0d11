"""The same reference data written back out as RIS, BibTeX and CSL-JSON.

Input is a sequence of works with the keys of ``Reference.snapshot()``, which is what a published
revision keeps; the output reads back in with ``references.parsers``, kind and identifiers
included: the evidence kind goes in each format's publication-type field (RIS M3, BibTeX
``type``, CSL ``genre``) and a PMID where the format means one (RIS AN from PubMed, BibTeX
``pmid``, CSL ``PMID``). A guideline is written as a report only when it is one (no volume,
issue or pages); in a journal it stays a journal article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from references.formatting import csl_item, is_report, kind_of, name_parts, split_authors

Work = Mapping[str, Any]


def _one_line(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()


def _ris_type(work: Work) -> str:
    if is_report(work):
        return "RPRT"
    return {"book": "BOOK", "chapter": "CHAP"}.get(work.get("work_type") or "", "JOUR")


def to_ris(works: Sequence[Work]) -> str:
    lines: list[str] = []
    for work in works:
        kind = _ris_type(work)
        lines.append(f"TY  - {kind}")
        lines.append(f"ID  - {_one_line(work.get('key'))}")
        for name in split_authors(work.get("authors", "")):
            family, given = name_parts(name)
            lines.append(f"AU  - {family}, {given}" if given else f"AU  - {family}")
        lines.append(f"TI  - {_one_line(work.get('title'))}")
        lines.append(f"{'PB' if kind == 'RPRT' else 'T2'}  - {_one_line(work.get('journal'))}")
        if kind == "JOUR" and work.get("journal_abbreviation"):
            lines.append(f"J2  - {_one_line(work['journal_abbreviation'])}")
        if kind in ("BOOK", "CHAP") and work.get("publisher"):
            lines.append(f"PB  - {_one_line(work['publisher'])}")
        lines.append(f"PY  - {_one_line(work.get('year'))}")
        for tag, name in (("VL", "volume"), ("IS", "issue"), ("DO", "doi"), ("UR", "url")):
            if work.get(name):
                lines.append(f"{tag}  - {_one_line(work[name])}")
        lines.extend(_ris_pages(_one_line(work.get("pages"))))
        if work.get("pmid"):
            lines.append("DB  - PubMed")
            lines.append(f"AN  - {_one_line(work['pmid'])}")
        lines.append(f"M3  - {kind_of(work).label}")
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


def _ris_pages(pages: str) -> list[str]:
    """SP and EP for a range of two pages; anything else whole in SP."""
    start, dash, end = pages.partition("-")
    if dash and start and end and "-" not in end:
        return [f"SP  - {start}", f"EP  - {end}"]
    return [f"SP  - {pages}"] if pages else []


# What BibTeX and LaTeX would read as markup, written so that it reads back as the character:
# braces, the TeX specials, a backslash, ~ (a space), and the ligatures of dashes and
# quotes (-- and --- are dashes, `` and '' quotes) broken with an empty group.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
}
_BIBTEX_SPECIAL = re.compile(r"[\\{}~&%$#_]")
_LIGATURES = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=!)(?=`)|(?<=\?)(?=`)")


def _bibtex_value(value: Any) -> str:
    """A field value that reads back as written: every character LaTeX would take as markup
    escaped (``_BIBTEX_ESCAPES``), the dash and quote ligatures broken (``a--b`` → ``a-{}-b``).
    Non-ASCII letters stay UTF-8, which biber and bibtexparser read."""
    text = _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_ESCAPES[match.group()], _one_line(value))
    return _LIGATURES.sub("{}", text)


def _bibtex_verbatim(value: Any) -> str:
    """A DOI or URL as written: verbatim fields are not LaTeX, so "%", "_" and "\\" stay as
    they are; only braces, which would unbalance the field, are dropped."""
    return re.sub(r"[{}]", "", _one_line(value))


def _bibtex_key(key: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_:-]", "", key or "") or "ref"
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate


def _bibtex_names(authors: str) -> str:
    names = []
    for name in split_authors(authors):
        family, given = name_parts(name)
        # An organisation, or a name with no initials, is one name: braced, never split.
        names.append(
            f"{_bibtex_value(family)}, {given}" if given else f"{{{_bibtex_value(family)}}}"
        )
    return " and ".join(names)


def _bibtex_venue(work: Work) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and the fields naming where the work appeared."""
    journal = _bibtex_value(work.get("journal"))
    publisher = _bibtex_value(work.get("publisher"))
    if is_report(work):
        return "techreport", [("institution", journal)]
    if work.get("work_type") == "chapter":
        return "incollection", [("booktitle", journal), ("publisher", publisher)]
    if work.get("work_type") == "book":
        if publisher and publisher != journal:
            return "book", [("booktitle", journal), ("publisher", publisher)]
        return "book", [("publisher", journal)]
    return "article", [
        ("journal", journal),
        ("shortjournal", _bibtex_value(work.get("journal_abbreviation"))),
    ]


def to_bibtex(works: Sequence[Work]) -> str:
    used: set[str] = set()
    entries = []
    for work in works:
        entry_type, venue = _bibtex_venue(work)
        fields = [
            ("author", _bibtex_names(work.get("authors", ""))),
            ("title", _bibtex_value(work.get("title"))),
            *venue,
            ("year", _bibtex_value(work.get("year"))),
            ("volume", _bibtex_value(work.get("volume"))),
            ("number", _bibtex_value(work.get("issue"))),
            ("pages", _bibtex_value(work.get("pages")).replace("-", "--")),
            ("doi", _bibtex_verbatim(work.get("doi"))),
            ("pmid", _bibtex_verbatim(work.get("pmid"))),
            ("url", _bibtex_verbatim(work.get("url"))),
            ("type", _bibtex_value(kind_of(work).label)),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@{entry_type}{{{_bibtex_key(work.get('key', ''), used)},\n{body}\n}}\n")
    return "\n".join(entries)


def to_csl_json(works: Sequence[Work]) -> str:
    return json.dumps([csl_item(work) for work in works], ensure_ascii=False, indent=2)
