"""One record per work: how two references are recognised as the same work, through indexes.

The same DOI (``doi_key``: resolver prefixes, encoding and trailing punctuation removed, ASCII
case ignored), else the same PMID or PMCID, else the same ISBN and title, else the same title key
(``references.keys.title_key``), year and journal. The database enforces the identifiers' unique
constraints; each look-up is one query on an indexed column, whatever the size of the library
(never a year's works read into Python).

Works that share no identifier and no title key may still be one work (an e-pub year, a dropped
subtitle, the NLM abbreviation of the journal): ``near_matches`` finds them through a trigram index
on PostgreSQL (pg_trgm) and ranks them with rapidfuzz, for a person to judge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.lookups import TrigramSimilar
from django.db import connection
from django.db.models import F, Q
from rapidfuzz import fuzz

from references.identifiers import doi_key, isbn_key, pmcid_key, pmid_key
from references.keys import text_key, title_key
from references.models import Reference

MATCHED_DOI = "DOI"
MATCHED_PMID = "PMID"
MATCHED_PMCID = "PMCID"
MATCHED_ISBN = "ISBN and title"
MATCHED_TITLE = "title, year and journal"


def work_fingerprint(*, title: str, year: Any, journal: str) -> str:
    """Title + year + journal with case, accents, punctuation, spacing, a leading article and
    British or American spelling ignored."""
    return f"{title_key(title)}|{year or ''}|{text_key(journal)}"


def same_work_key(work: Mapping[str, Any]) -> list[str]:
    """The identities of a work (snapshot dict): any two works sharing one are the same work."""
    identities = []
    if doi_key(str(work.get("doi") or "")):
        identities.append("doi:" + doi_key(str(work["doi"])))
    if pmid_key(str(work.get("pmid") or "")):
        identities.append("pmid:" + pmid_key(str(work["pmid"])))
    if pmcid_key(str(work.get("pmcid") or "")):
        identities.append("pmcid:" + pmcid_key(str(work["pmcid"])))
    identities.append(
        "work:"
        + work_fingerprint(
            title=work.get("title", ""), year=work.get("year"), journal=work.get("journal", "")
        )
    )
    return identities


def _by_identifier(*, doi: str, pmid: str, pmcid: str) -> tuple[Reference | None, str]:
    """One query over the unique identifier columns; a DOI match wins over a PMID, a PMID over
    a PMCID."""
    keys = {"doi_key": doi_key(doi), "pmid": pmid_key(pmid), "pmcid": pmcid_key(pmcid)}
    match = Q()
    for column, value in keys.items():
        if value:
            match |= Q(**{column: value})
    if not match:
        return None, ""
    found = list(Reference.objects.filter(match)[:3])
    for column, how in (("doi_key", MATCHED_DOI), ("pmid", MATCHED_PMID),
                        ("pmcid", MATCHED_PMCID)):  # fmt: skip
        for reference in found:
            if keys[column] and getattr(reference, column) == keys[column]:
                return reference, how
    return None, ""


def _by_title(*, title: str, year: Any, journal: str, isbn: str) -> tuple[Reference | None, str]:
    """One query on the (title_key, year) index; the few records it returns are compared on
    their journal (or ISBN) here."""
    key = title_key(title)
    if not key or not year:
        return None, ""
    isbn = isbn_key(isbn)
    journal = text_key(journal)
    for candidate in Reference.objects.filter(title_key=key, year=year)[:20]:
        if isbn and candidate.isbn == isbn:
            return candidate, MATCHED_ISBN
        if text_key(candidate.journal) == journal:
            return candidate, MATCHED_TITLE
    return None, ""


def find_existing(
    *,
    doi: str = "",
    pmid: str = "",
    title: str = "",
    year: Any = None,
    journal: str = "",
    pmcid: str = "",
    isbn: str = "",
) -> tuple[Reference | None, str]:
    """The library's record of this work and what matched (``MATCHED_DOI``, ...), or
    (None, ""). At most two indexed queries."""
    found, how = _by_identifier(doi=doi, pmid=pmid, pmcid=pmcid)
    if found is not None:
        return found, how
    return _by_title(title=title, year=year, journal=journal, isbn=isbn)


# --------------------------------------------------------------------------------------------
# Near-duplicates: for a person to judge
# --------------------------------------------------------------------------------------------

# rapidfuzz's token_set_ratio (0-100) of the title keys from which a record is shown as possibly
# the same work; the trigram index preselects (pg_trgm's similarity threshold, 0.3 by default).
NEAR_TITLE_SCORE = 85
NEAR_CANDIDATES = 10
NEAR_YEARS = 1  # an e-pub year and a print year


@dataclass(frozen=True)
class NearMatch:
    """A record that may be the same work, and why."""

    reference: Reference
    title_score: int
    same_journal: bool
    year_difference: int
    same_first_author: bool

    @property
    def evidence(self) -> str:
        parts = [f"title {self.title_score}% similar"]
        parts.append("same journal" if self.same_journal else "another journal name")
        parts.append(
            "same year"
            if not self.year_difference
            else f"{self.year_difference} year{'s' if self.year_difference > 1 else ''} apart"
        )
        if self.same_first_author:
            parts.append("same first author")
        return ", ".join(parts)


def _first_author(authors: str) -> str:
    first = (authors or "").split(",")[0].strip()
    return text_key(first.split(" ")[0]) if first else ""


def _candidates(key: str, year: int) -> list[Reference]:
    years = Q(year__gte=year - NEAR_YEARS, year__lte=year + NEAR_YEARS)
    if connection.vendor == "postgresql":
        # title_key % key: the GIN trigram index (migration 0005) answers it.
        return list(
            Reference.objects.filter(years, TrigramSimilar(F("title_key"), key)).order_by("pk")[
                : NEAR_CANDIDATES * 5
            ]
        )
    # SQLite (local work, tests): records of those years sharing the title's longest word.
    longest = max(key.split(" "), key=len)
    return list(
        Reference.objects.filter(years, title_key__contains=longest).order_by("pk")[
            : NEAR_CANDIDATES * 5
        ]
    )


def near_matches(
    *,
    title: str,
    year: Any,
    journal: str = "",
    authors: str = "",
    exclude: Reference | None = None,
) -> list[NearMatch]:
    """Records that may be this work although they share no identifier or title key: the title
    similar (rapidfuzz over the title keys, after a trigram-indexed preselection), the year within
    ``NEAR_YEARS``. Best first, at most ``NEAR_CANDIDATES``. One query."""
    key = title_key(title)
    if not key or not isinstance(year, int):
        return []
    matches = []
    for candidate in _candidates(key, year):
        if exclude is not None and candidate.pk == exclude.pk:
            continue
        score = int(fuzz.token_set_ratio(key, candidate.title_key))
        if score < NEAR_TITLE_SCORE:
            continue
        matches.append(
            NearMatch(
                reference=candidate,
                title_score=score,
                same_journal=text_key(candidate.journal) == text_key(journal),
                year_difference=abs(candidate.year - year),
                same_first_author=bool(_first_author(authors))
                and _first_author(candidate.authors) == _first_author(authors),
            )
        )
    matches.sort(key=lambda match: (-match.title_score, match.year_difference, match.reference.pk))
    return matches[:NEAR_CANDIDATES]
