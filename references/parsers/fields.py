"""Values, whatever the format: text cleaned, names in Vancouver form, years, DOIs and links,
and the evidence kind named by publication types."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from references.identifiers import (
    is_isbn,
    normalize_doi,
    normalize_isbn,
    normalize_pmcid,
    normalize_pmid,
)
from references.models import ReferenceKind

_SPACES = re.compile(r"\s+")


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
    # A value that normalises to nothing (only punctuation) is kept, for the entry to be told.
    return normalize_doi(value) or value


def extract_pmid(value: str) -> str:
    return normalize_pmid(clean(value))


def extract_pmcid(value: str) -> str:
    return normalize_pmcid(clean(value))


def extract_isbn(values: Iterable[str]) -> str:
    """The first ISBN among ``values`` (an RIS SN holds an ISSN or an ISBN, BibTeX's isbn
    several separated by commas): ISBN-13 digits; "" when none is one."""
    for value in values:
        for part in re.split(r"[,;]|\s(?=\d{3})", clean(value)):
            isbn = normalize_isbn(re.sub(r"\s*\(.*\)$", "", part))
            if is_isbn(isbn):
                return isbn
    return ""


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
