"""Full references in the official AMA style, and the library's other ways of writing a work.

A full reference (the admin, anywhere a work is cited in full) is rendered by citeproc-py with the
CSL project's own AMA style (``references/csl/american-medical-association.csl``, AMA Manual of
Style, 11th edition), from the same CSL-JSON item the CSL-JSON download holds:

    Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement: an updated guideline
    for reporting systematic reviews. BMJ. 2021;372:n71. doi:10.1136/bmj.n71

The public reference list keeps the seed page's own form (Guideline or Research, title, journal,
year), written in ``templates/includes/reference_item.html`` with the ``vancouver`` author list.

Works are given as mappings with the keys of ``Reference.snapshot()`` (a published revision's
frozen data) or as ``Reference`` objects, so the same code formats the library and the public page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from editorial import links
from references.models import ReferenceKind

AMA_STYLE = Path(__file__).parent / "csl" / "american-medical-association.csl"
AMA_MAX_AUTHORS = 6
AMA_AUTHORS_BEFORE_ET_AL = 3
WORK_FIELDS = (
    "key", "kind", "title", "authors", "work_type", "journal", "journal_abbreviation",
    "publisher", "year", "volume", "issue", "pages", "doi", "pmid", "url",
)  # fmt: skip


def work_data(work: Any) -> Mapping[str, Any]:
    """A work as a mapping, whether a snapshot dict, a Reference or a CitedWork."""
    if isinstance(work, Mapping):
        return work
    return {name: getattr(work, name, "") for name in WORK_FIELDS}


def split_authors(authors: str) -> list[str]:
    """The names of a stored Vancouver author list (``Forkey H, Szilagyi M``)."""
    return [name.strip() for name in (authors or "").split(",") if name.strip()]


def name_parts(name: str) -> tuple[str, str]:
    """``Müller HP`` → (``Müller``, ``H. P.``); an organisation stays whole: (name, "")."""
    family, _, initials = name.rpartition(" ")
    if family and initials.isupper() and initials.isalpha() and len(initials) <= 4:
        return family, " ".join(f"{initial}." for initial in initials)
    return name, ""


def vancouver_authors(authors: str) -> str:
    """AMA 11th ed. 3.15.1: list all authors up to six; with more, the first three and et al."""
    names = split_authors(authors)
    if len(names) > AMA_MAX_AUTHORS:
        names = [*names[:AMA_AUTHORS_BEFORE_ET_AL], "et al"]
    return ", ".join(names)


def kind_of(work: Mapping[str, Any]) -> ReferenceKind:
    try:
        return ReferenceKind(work.get("kind"))
    except ValueError:
        return ReferenceKind.RESEARCH


def is_report(work: Mapping[str, Any]) -> bool:
    """A guideline issued by a body (no volume, issue or pages) rather than in a journal. The
    kind alone never makes a work a report: guidelines are often journal articles."""
    return kind_of(work) == ReferenceKind.GUIDELINE and not any(
        work.get(name) for name in ("volume", "issue", "pages")
    )


def csl_item(work: Any) -> dict[str, Any]:
    """The work as a CSL-JSON item (the CSL-JSON schema's variables)."""
    data = work_data(work)
    authors = []
    for name in split_authors(data.get("authors", "")):
        family, given = name_parts(name)
        authors.append({"family": family, "given": given} if given else {"literal": family})
    report = is_report(data)
    item: dict[str, Any] = {
        "id": str(data.get("key") or "work"),
        "type": csl_type(data),
        "genre": kind_of(data).label,
        "title": data.get("title", ""),
        "author": authors,
    }
    journal, publisher = data.get("journal", ""), data.get("publisher") or ""
    if report or (item["type"] == "book" and publisher in ("", journal)):
        item["publisher"] = journal
    else:
        item["container-title"] = journal
        if publisher:
            item["publisher"] = publisher
    if data.get("journal_abbreviation") and item["type"] == "article-journal":
        # What the AMA style prints (its container-title form="short"): the NLM abbreviation.
        item["container-title-short"] = data["journal_abbreviation"]
    if data.get("year"):
        item["issued"] = {"date-parts": [[int(data["year"])]]}
    for variable, name in (
        ("volume", "volume"),
        ("issue", "issue"),
        ("page", "pages"),
        ("DOI", "doi"),
        ("PMID", "pmid"),
        ("URL", "url"),
    ):
        if data.get(name):
            item[variable] = str(data[name])
    return item


def csl_type(work: Mapping[str, Any]) -> str:
    """The CSL type: a report (a guideline issued by a body), a book, a chapter, else a journal
    article."""
    if is_report(work):
        return "report"
    return {"book": "book", "chapter": "chapter"}.get(
        work.get("work_type") or "", "article-journal"
    )


@lru_cache(maxsize=1)
def ama_style() -> CitationStylesStyle:
    return CitationStylesStyle(str(AMA_STYLE), validate=False)


_CITATION_NUMBER = re.compile(r"^\d+\.\s*")
# CSL collapses a period after a title's own "?" or "!"; citeproc-py does not.
_DOUBLE_PUNCTUATION = re.compile(r"([?!])\.(?=\s|$)")


def ama_citation(work: Any) -> str:
    """The whole reference as plain text, as the official AMA style writes it."""
    item = csl_item(work)
    bibliography = CitationStylesBibliography(ama_style(), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    [entry] = bibliography.bibliography()
    # The style numbers the list; one reference on its own has no number.
    text = _CITATION_NUMBER.sub("", str(entry)).strip()
    return _DOUBLE_PUNCTUATION.sub(r"\1", text)


def doi_url(work: Any) -> str:
    return links.doi_url(work_data(work).get("doi"))


def pubmed_url(work: Any) -> str:
    return links.pubmed_url(work_data(work).get("pmid"))


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
