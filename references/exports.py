"""The same reference data written back out as RIS, BibTeX and CSL-JSON.

Input is a sequence of works with the keys of ``Reference.snapshot()``, which is what a published
revision keeps; the output reads back in with ``references.parsers``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from references.formatting import split_authors
from references.models import ReferenceKind

Work = Mapping[str, Any]

CSL_TYPES = {ReferenceKind.GUIDELINE: "report"}
RIS_TYPES = {ReferenceKind.GUIDELINE: "RPRT"}


def _one_line(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()


def _name_parts(name: str) -> tuple[str, str]:
    """``Müller HP`` → (``Müller``, ``H. P.``); an organisation stays whole."""
    family, _, initials = name.rpartition(" ")
    if family and initials.isupper() and initials.isalpha() and len(initials) <= 4:
        return family, " ".join(f"{initial}." for initial in initials)
    return name, ""


def _kind(work: Work) -> str:
    try:
        return ReferenceKind(work.get("kind"))
    except ValueError:
        return ReferenceKind.RESEARCH


def to_ris(works: Sequence[Work]) -> str:
    lines: list[str] = []
    for work in works:
        lines.append(f"TY  - {RIS_TYPES.get(_kind(work), 'JOUR')}")
        lines.append(f"ID  - {_one_line(work.get('key'))}")
        for name in split_authors(work.get("authors", "")):
            family, given = _name_parts(name)
            lines.append(f"AU  - {family}, {given}" if given else f"AU  - {family}")
        lines.append(f"TI  - {_one_line(work.get('title'))}")
        lines.append(f"T2  - {_one_line(work.get('journal'))}")
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
            lines.append(f"AN  - {work['pmid']}")
        lines.append(f"KW  - {ReferenceKind(_kind(work)).label}")
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


_BIBTEX_SPECIAL = re.compile(r"([&%$#_])")


def _bibtex_value(value: Any) -> str:
    """A field value safe inside braces: no braces or backslashes of its own, TeX specials
    escaped. Non-ASCII letters stay UTF-8, which biber and bibtexparser read."""
    text = _one_line(value).replace("\\", "").replace("{", "(").replace("}", ")")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


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
        kind = _kind(work)
        entry_type = "techreport" if kind == ReferenceKind.GUIDELINE else "article"
        venue = "institution" if kind == ReferenceKind.GUIDELINE else "journal"
        authors = []
        for name in split_authors(work.get("authors", "")):
            family, given = _name_parts(name)
            authors.append(f"{family}, {given}" if given else "{" + _bibtex_value(family) + "}")
        fields = [
            ("author", " and ".join(_bibtex_value(a) if "," in a else a for a in authors)),
            ("title", _bibtex_value(work.get("title"))),
            (venue, _bibtex_value(work.get("journal"))),
            ("year", _bibtex_value(work.get("year"))),
            ("volume", _bibtex_value(work.get("volume"))),
            ("number", _bibtex_value(work.get("issue"))),
            ("pages", _bibtex_value(work.get("pages")).replace("-", "--")),
            ("doi", _bibtex_value(work.get("doi"))),
            ("pmid", _bibtex_value(work.get("pmid"))),
            ("url", _bibtex_value(work.get("url"))),
            ("keywords", _bibtex_value(ReferenceKind(kind).label)),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@{entry_type}{{{_bibtex_key(work.get('key', ''), used)},\n{body}\n}}\n")
    return "\n".join(entries)


def to_csl_json(works: Sequence[Work]) -> str:
    items = []
    for work in works:
        authors = []
        for name in split_authors(work.get("authors", "")):
            family, given = _name_parts(name)
            authors.append({"family": family, "given": given} if given else {"literal": family})
        item: dict[str, Any] = {
            "id": work.get("key", ""),
            "type": CSL_TYPES.get(_kind(work), "article-journal"),
            "genre": ReferenceKind(_kind(work)).label,
            "title": work.get("title", ""),
            "author": authors,
            "container-title": work.get("journal", ""),
            "issued": {"date-parts": [[work["year"]]]} if work.get("year") else {},
        }
        for csl, name in (
            ("volume", "volume"),
            ("issue", "issue"),
            ("page", "pages"),
            ("DOI", "doi"),
            ("PMID", "pmid"),
            ("URL", "url"),
        ):
            if work.get(name):
                item[csl] = work[name]
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)
