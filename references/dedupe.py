"""One record per work: how two references are recognised as the same work, through indexes.

The same DOI (``doi_key``: resolver prefixes, encoding and trailing punctuation removed, ASCII
case ignored), else the same PMID or PMCID, else the same ISBN and title, else the same title key
(``references.keys.title_key``), year and journal. The database enforces the identifiers' unique
constraints; each look-up is one query on an indexed column, whatever the size of the library
(never a year's works read into Python).

Works that share no identifier and no title key may still be one work (an e-pub year, a dropped
subtitle, the NLM abbreviation of the journal): ``near_matches_many`` finds them through indexes on
the start and the end of the title key with the year, and ranks them with rapidfuzz, for a person
to judge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.db.models.functions import Left, Right
from rapidfuzz import fuzz

from references.identifiers import doi_key, isbn_key, pmcid_key, pmid_key
from references.keys import TITLE_AFFIX_LENGTH, text_key, title_key
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


def find_existing_many(works: Sequence[Mapping[str, Any]]) -> list[tuple[Reference | None, str]]:
    """``find_existing`` for many works (mappings of a reference's fields) at once, with the same
    precedence: two indexed queries for every ``NEAR_BATCH`` works, whatever their number."""
    found: list[tuple[Reference | None, str]] = []
    for start in range(0, len(works), NEAR_BATCH):
        found.extend(_find_batch(works[start : start + NEAR_BATCH]))
    return found


def _identifier_keys(work: Mapping[str, Any]) -> dict[str, str]:
    return {
        "doi_key": doi_key(_value(work, "doi")),
        "pmid": pmid_key(_value(work, "pmid")),
        "pmcid": pmcid_key(_value(work, "pmcid")),
    }


def _records_by_identifier(keys: list[dict[str, str]]) -> dict[tuple[str, str], Reference]:
    """One query over the unique identifier columns for all the works."""
    match = Q()
    for column in ("doi_key", "pmid", "pmcid"):
        values = {key[column] for key in keys if key[column]}
        if values:
            match |= Q(**{f"{column}__in": values})
    found: dict[tuple[str, str], Reference] = {}
    if match:
        for reference in Reference.objects.filter(match):
            for column in ("doi_key", "pmid", "pmcid"):
                if getattr(reference, column):
                    found.setdefault((column, getattr(reference, column)), reference)
    return found


def _records_by_title(titles: set[tuple[str, Any]]) -> dict[tuple[str, Any], list[Reference]]:
    """One query on the (title_key, year) index for all the works."""
    found: dict[tuple[str, Any], list[Reference]] = {}
    if titles:
        condition = Q()
        for key, year in titles:
            condition |= Q(title_key=key, year=year)
        for reference in Reference.objects.filter(condition).order_by("pk"):
            found.setdefault((reference.title_key, reference.year), []).append(reference)
    return found


def _same_title(
    work: Mapping[str, Any], candidates: list[Reference]
) -> tuple[Reference | None, str]:
    isbn, journal = isbn_key(_value(work, "isbn")), text_key(_value(work, "journal"))
    for candidate in candidates[:20]:
        if isbn and candidate.isbn == isbn:
            return candidate, MATCHED_ISBN
        if text_key(candidate.journal) == journal:
            return candidate, MATCHED_TITLE
    return None, ""


def _find_batch(works: Sequence[Mapping[str, Any]]) -> list[tuple[Reference | None, str]]:
    keys = [_identifier_keys(work) for work in works]
    by_identifier = _records_by_identifier(keys)
    titles = [(title_key(_value(work, "title")), work.get("year")) for work in works]
    by_title = _records_by_title({title for title in titles if title[0] and title[1]})
    results: list[tuple[Reference | None, str]] = []
    for work, key, title in zip(works, keys, titles, strict=True):
        found = [
            (by_identifier[(column, key[column])], how)
            for column, how in (
                ("doi_key", MATCHED_DOI),
                ("pmid", MATCHED_PMID),
                ("pmcid", MATCHED_PMCID),
            )
            if key[column] and (column, key[column]) in by_identifier
        ]
        results.append(found[0] if found else _same_title(work, by_title.get(title, [])))
    return results


# --------------------------------------------------------------------------------------------
# Near-duplicates: for a person to judge
# --------------------------------------------------------------------------------------------

# rapidfuzz's token_set_ratio (0-100) of the title keys from which a record is shown as possibly
# the same work.
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


IDENTIFIER_KEYS = (("DOI", doi_key, "doi"), ("PMID", pmid_key, "pmid"),
                   ("PMCID", pmcid_key, "pmcid"), ("ISBN", isbn_key, "isbn"))  # fmt: skip


def _value(work: Any, name: str) -> str:
    value = work.get(name) if isinstance(work, Mapping) else getattr(work, name, "")
    return str(value or "")


def conflicting_identifiers(first: Any, second: Any) -> list[str]:
    """The identifiers both works have and that differ (DOI, PMID, PMCID, ISBN): works with two
    different DOIs are two works, however alike their titles. Works are ``Reference`` objects or
    mappings of their fields."""
    return [
        name
        for name, key, field in IDENTIFIER_KEYS
        if key(_value(first, field)) and key(_value(second, field))
        and key(_value(first, field)) != key(_value(second, field))
    ]  # fmt: skip


NEAR_BATCH = 100  # works looked up by one query


def _affixes(key: str) -> tuple[str, str]:
    return key[:TITLE_AFFIX_LENGTH], key[-TITLE_AFFIX_LENGTH:]


def _candidate_ids(queries: list[tuple[str, int]]) -> list[list[int]]:
    """For each (title key, year), the ids of the records of those years whose title key starts
    or ends as this one does: one query for the batch, each condition answered by an index on
    (the key's first or last ``TITLE_AFFIX_LENGTH`` characters, year). A trigram index reads
    every trigram's postings for each title (80 ms a title in a library of 30,000 works); these
    indexes read a few rows."""
    condition = Q()
    for key, year in set(queries):
        head, tail = _affixes(key)
        years = {"year__gte": year - NEAR_YEARS, "year__lte": year + NEAR_YEARS}
        condition |= Q(head=head, **years) | Q(tail=tail, **years)
    rows = (
        Reference.objects.annotate(
            head=Left("title_key", TITLE_AFFIX_LENGTH), tail=Right("title_key", TITLE_AFFIX_LENGTH)
        )
        .filter(condition)
        .order_by("pk")
        .values_list("pk", "head", "tail", "year")
    )
    by_affix: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for pk, head, tail, year in rows:
        by_affix.setdefault(("head", head), []).append((pk, year))
        if tail != head:
            by_affix.setdefault(("tail", tail), []).append((pk, year))
    found = []
    for key, year in queries:
        head, tail = _affixes(key)
        ids = {
            pk
            for pk, found_year in by_affix.get(("head", head), [])
            + by_affix.get(("tail", tail), [])
            if abs(found_year - year) <= NEAR_YEARS
        }
        found.append(sorted(ids)[: NEAR_CANDIDATES * 10])
    return found


def _near_match(work: Any, key: str, year: int, candidate: Reference) -> NearMatch | None:
    if conflicting_identifiers(work, candidate):
        return None
    score = int(fuzz.token_set_ratio(key, candidate.title_key))
    if score < NEAR_TITLE_SCORE:
        return None
    first = _first_author(_value(work, "authors"))
    return NearMatch(
        reference=candidate,
        title_score=score,
        same_journal=text_key(candidate.journal) == text_key(_value(work, "journal")),
        year_difference=abs(candidate.year - year),
        same_first_author=bool(first) and _first_author(candidate.authors) == first,
    )


def near_matches_many(
    works: Sequence[Any], *, exclude: Sequence[int] = ()
) -> list[list[NearMatch]]:
    """For each work (a mapping of a reference's fields, or a ``Reference``), the records that may
    be the same work although no identifier or title key says so: the title similar (rapidfuzz's
    token_set_ratio over the title keys) among the records whose title key starts or ends alike
    (``_candidate_ids``), the year within ``NEAR_YEARS``, no identifier that differs. Best first,
    at most ``NEAR_CANDIDATES`` each. Two queries for every ``NEAR_BATCH`` works; records in
    ``exclude`` (the work itself) are never offered."""
    queries = []
    for work in works:
        year = work.get("year") if isinstance(work, Mapping) else work.year
        key = title_key(_value(work, "title"))
        queries.append((key, year) if key and isinstance(year, int) else None)
    asked = [query for query in queries if query]
    ids: list[list[int]] = []
    for start in range(0, len(asked), NEAR_BATCH):
        ids.extend(_candidate_ids(asked[start : start + NEAR_BATCH]))
    records = Reference.objects.in_bulk({pk for found in ids for pk in found} - set(exclude))
    results: list[list[NearMatch]] = []
    found_ids = iter(ids)
    for work, query in zip(works, queries, strict=True):
        if query is None:
            results.append([])
            continue
        key, year = query
        matches = [
            match
            for pk in next(found_ids)
            if pk in records and (match := _near_match(work, key, year, records[pk]))
        ]
        matches.sort(key=lambda m: (-m.title_score, m.year_difference, m.reference.pk))
        results.append(matches[:NEAR_CANDIDATES])
    return results


def near_matches(
    *,
    title: str,
    year: Any,
    journal: str = "",
    authors: str = "",
    exclude: Reference | None = None,
    **identifiers: str,
) -> list[NearMatch]:
    """``near_matches_many`` for one work; ``identifiers`` are its doi, pmid, pmcid, isbn."""
    work = {"title": title, "year": year, "journal": journal, "authors": authors, **identifiers}
    [matches] = near_matches_many([work], exclude=[exclude.pk] if exclude is not None else [])
    return matches
