"""One record per work: how two references are recognised as the same work.

The same DOI (case-insensitively, resolver prefixes stripped), else the same PMID, else the same
normalised title, year and journal. The database enforces the first two; the third is a judgement
the import preview and the citation checks show.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from references.models import Reference, normalize_doi


def _normalised(value: str) -> str:
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(char for char in value if not unicodedata.combining(char)).casefold()
    value = value.replace("&", " and ")
    return " ".join(re.findall(r"[^\W_]+", value))


def work_fingerprint(*, title: str, year: Any, journal: str) -> str:
    """Title + year + journal with case, accents, punctuation and spacing ignored."""
    return f"{_normalised(title)}|{year or ''}|{_normalised(journal)}"


def same_work_key(work: Mapping[str, Any]) -> list[str]:
    """The identities of a work (snapshot dict): any two works sharing one are the same work."""
    identities = []
    if work.get("doi"):
        identities.append("doi:" + normalize_doi(str(work["doi"])).lower())
    if work.get("pmid"):
        identities.append("pmid:" + str(work["pmid"]).strip())
    identities.append(
        "work:"
        + work_fingerprint(
            title=work.get("title", ""), year=work.get("year"), journal=work.get("journal", "")
        )
    )
    return identities


def find_existing(
    *, doi: str = "", pmid: str = "", title: str = "", year: Any = None, journal: str = ""
) -> tuple[Reference | None, str]:
    """The library's record of this work and what matched ("DOI", "PMID", "title, year and
    journal"), or (None, "")."""
    doi = normalize_doi(doi or "")
    if doi:
        match = Reference.objects.filter(doi__iexact=doi).first()
        if match:
            return match, "DOI"
    if pmid:
        match = Reference.objects.filter(pmid=pmid.strip()).first()
        if match:
            return match, "PMID"
    if title and year:
        fingerprint = work_fingerprint(title=title, year=year, journal=journal)
        for candidate in Reference.objects.filter(year=year).only("title", "year", "journal"):
            if (
                work_fingerprint(
                    title=candidate.title, year=candidate.year, journal=candidate.journal
                )
                == fingerprint
            ):
                return Reference.objects.get(pk=candidate.pk), "title, year and journal"
    return None, ""
