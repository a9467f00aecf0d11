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


def to_ris(works: Sequence[Work]) -> str:
    lines: list[str] = []
    for work in works:
        lines.append(f"TY  - {'RPRT' if is_report(work) else 'JOUR'}")
        lines.append(f"ID  - {_one_line(work.get('key'))}")
        for name in split_authors(work.get("authors", "")):
            family, given = name_parts(name)
            lines.append(f"AU  - {family}, {given}" if given else f"AU  - {family}")
        lines.append(f"TI  - {_one_line(work.get('title'))}")
        venue = "PB" if is_report(work) else "T2"
        lines.append(f"{venue}  - {_one_line(work.get('journal'))}")
        lines.append(f"PY  - {_one_line(work.get('year'))}")
        for tag, name in (("VL", "volume"), ("IS", "issue"), ("DO", "doi"), ("UR", "url")):
            if work.get(name):
                lines.append(f"{tag}  - {_one_line(work[name])}")
        pages = _one_line(work.get("pages"))
        if pages:
            start, _, end = pages.partition("-")
            lines.append(f"SP  - {start}")
            if end:
                lines.append(f"EP  - {end}")
        if work.get("pmid"):
            lines.append("DB  - PubMed")
            lines.append(f"AN  - {_one_line(work['pmid'])}")
        lines.append(f"M3  - {kind_of(work).label}")
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


_BIBTEX_SPECIAL = re.compile(r"([&%$#_])")


def _bibtex_value(value: Any) -> str:
    """A field value safe inside braces: no braces or backslashes of its own, TeX specials
    escaped. Non-ASCII letters stay UTF-8, which biber and bibtexparser read."""
    text = _one_line(value).replace("\\", "").replace("{", "(").replace("}", ")")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def _bibtex_verbatim(value: Any) -> str:
    """A DOI or URL as written: verbatim fields are not LaTeX, so "%" and "_" stay as they are;
    only braces and backslashes, which would unbalance the field, are dropped."""
    return re.sub(r"[{}\\]", "", _one_line(value))


def _bibtex_key(key: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_:-]", "", key or "") or "ref"
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate


def to_bibtex(works: Sequence[Work]) -> str:
    used: set[str] = set()
    entries = []
    for work in works:
        report = is_report(work)
        entry_type = "techreport" if report else "article"
        venue = "institution" if report else "journal"
        authors = []
        for name in split_authors(work.get("authors", "")):
            family, given = name_parts(name)
            authors.append(f"{family}, {given}" if given else "{" + _bibtex_value(family) + "}")
        fields = [
            ("author", " and ".join(_bibtex_value(a) if "," in a else a for a in authors)),
            ("title", _bibtex_value(work.get("title"))),
            (venue, _bibtex_value(work.get("journal"))),
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
