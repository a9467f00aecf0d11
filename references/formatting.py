"""One style for every reference: AMA (11th edition) with Vancouver-style author lists.

    Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement: an updated guideline
    for reporting systematic reviews. BMJ. 2021;372:n71. doi:10.1136/bmj.n71

Works are given as mappings with the keys of ``Reference.snapshot()`` (a published revision's
frozen data) or as ``Reference`` objects, so the same code formats the library and the public page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

AMA_MAX_AUTHORS = 6
AMA_AUTHORS_BEFORE_ET_AL = 3


def work_data(work: Any) -> Mapping[str, Any]:
    """A work as a mapping, whether a snapshot dict, a Reference or a CitedWork."""
    if isinstance(work, Mapping):
        return work
    names = ("key", "kind", "title", "authors", "journal", "year", "volume", "issue", "pages")
    return {name: getattr(work, name, "") for name in (*names, "doi", "pmid", "url")}


def split_authors(authors: str) -> list[str]:
    """The names of a stored Vancouver author list (``Forkey H, Szilagyi M``)."""
    return [name.strip() for name in (authors or "").split(",") if name.strip()]


def vancouver_authors(authors: str) -> str:
    """AMA 11th ed. 3.15.1: list all authors up to six; with more, the first three and et al."""
    names = split_authors(authors)
    if len(names) > AMA_MAX_AUTHORS:
        names = [*names[:AMA_AUTHORS_BEFORE_ET_AL], "et al"]
    return ", ".join(names)


def _sentence(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    return value if value[-1] in ".?!" else value + "."


def ama_source(work: Any) -> str:
    """``Pediatrics. 2021;148(2):e2021052580.``"""
    data = work_data(work)
    source = _sentence(data.get("journal", ""))
    year = str(data.get("year") or "")
    if year:
        source = f"{source} {year}".strip()
        if data.get("volume"):
            source += f";{data['volume']}"
            if data.get("issue"):
                source += f"({data['issue']})"
        if data.get("pages"):
            source += f":{data['pages']}"
        source += "."
    return source


def ama_citation(work: Any) -> str:
    """The whole entry as plain text, AMA style."""
    data = work_data(work)
    parts = [
        _sentence(vancouver_authors(data.get("authors", ""))),
        _sentence(data.get("title", "")),
        ama_source(data),
    ]
    if data.get("doi"):
        parts.append(f"doi:{data['doi']}")
    elif data.get("url"):
        parts.append(f"Accessed at {data['url']}")
    if data.get("pmid"):
        parts.append(f"PMID: {data['pmid']}")
    return " ".join(part for part in parts if part)


def doi_url(work: Any) -> str:
    doi = work_data(work).get("doi")
    return f"https://doi.org/{doi}" if doi else ""


def pubmed_url(work: Any) -> str:
    pmid = work_data(work).get("pmid")
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else ""


def ascii_slug(value: str) -> str:
    """Letters and digits, accents dropped: ``Müller`` → ``muller``, ``Nguyễn`` → ``nguyen``."""
    value = unicodedata.normalize("NFKD", value or "").replace("đ", "d").replace("Đ", "D")
    value = value.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", value.lower())


def suggested_key(*, authors: list[str] | str, year: int | None, title: str) -> str:
    """A citation key like the seed's: first author's family name, year, first title word."""
    names = split_authors(authors) if isinstance(authors, str) else authors
    family = ascii_slug(names[0].rsplit(" ", 1)[0] if names else "")[:20]
    words = [
        ascii_slug(word)
        for word in (title or "").split()
        if len(ascii_slug(word)) > 3 and ascii_slug(word) not in STOP_WORDS
    ]
    key = f"{family}{year or ''}{words[0][:16] if words else ''}"
    return key[:56] or "ref"


STOP_WORDS = {"with", "from", "that", "this", "their", "about", "after", "into", "among"}
