"""Identifiers as their registries write them: DOIs, PubMed IDs, PubMed Central IDs and ISBNs.

Each ``normalize_*`` function takes an identifier in any of the forms people paste or reference
managers export (a resolver link, a ``doi:`` prefix, percent-encoding, a trailing full stop, an
ISBN-10 with hyphens...) and returns the one form the library stores. What cannot be made an
identifier is returned cleaned but otherwise as given, so that the field's validator refuses it
with a message; ``*_key`` functions return the form records are matched on, or "" when the value
is no identifier.

DOIs follow the DOI Handbook (2.2, 2.4) and Crossref's display guidelines: ``10.<registrant>/
<suffix>``, case-insensitive for ASCII letters, written in a URL percent-encoded; the suffix may
hold any printable character, so only what cannot end a DOI as written in prose is stripped.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

# 10.<registrant>/<suffix>: the registrant is 4 to 9 digits (as Crossref checks), possibly with
# dotted sub-parts.
DOI_RE = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+")

# Resolver links and prefixes, in any case: https://doi.org/, http://dx.doi.org/, www.doi.org/,
# doi.org/, doi:, doi 10..., DOI: 10..., info:doi/, urn:doi:.
_DOI_PREFIX = re.compile(
    r"^(?:(?:https?://)?(?:www\.|dx\.)?doi\.org/|info:doi/|urn:doi:|doi\s*[:\uff1a]?\s*(?=10\.))",
    re.IGNORECASE,
)
# What prose puts after an identifier: punctuation and quotes. Closing brackets only when the DOI
# does not open them itself (10.1016/S0140-6736(20)30183-5 ends in a digit, but "(doi:10.x/y)").
_TRAILING = ".,;:!?'\"\u201d\u2019"
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _strip_trailing(value: str) -> str:
    while value:
        last = value[-1]
        unbalanced = last in _PAIRS and value.count(_PAIRS[last]) < value.count(last)
        if last in _TRAILING or unbalanced:
            value = value[:-1]
        else:
            break
    return value


def normalize_doi(value: str) -> str:
    """The DOI as registered: resolver prefix, ``doi:``, percent-encoding, surrounding spaces,
    quotes and trailing punctuation removed; the case as given (DOIs compare case-insensitively,
    see ``doi_key``)."""
    doi = unicodedata.normalize("NFC", value or "").strip().lstrip("<\"'\u201c\u2018(")
    for _ in range(3):  # "https://doi.org/doi:10.x" and other stacked forms
        stripped = _DOI_PREFIX.sub("", doi).strip()
        if stripped == doi:
            break
        doi = stripped
    if "%" in doi and not re.search(r"\s", unquote(doi)):  # "%20" stays: no DOI has a space
        doi = unquote(doi)
    return _strip_trailing(doi.strip())


def is_doi(value: str) -> bool:
    return bool(DOI_RE.fullmatch(value or ""))


def doi_key(value: str) -> str:
    """The form DOIs are matched on (ASCII letters in lower case); "" when it is no DOI."""
    doi = normalize_doi(value)
    return doi.translate(_ASCII_LOWER) if is_doi(doi) else ""


# PubMed: digits, at most 8 in use today (the field allows 9). Links and prefixes stripped.
PMID_RE = re.compile(r"[1-9][0-9]{0,8}")
_PMID_PREFIX = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)"
    r"|pmid\s*[:\uff1a]?\s*)",
    re.IGNORECASE,
)


def normalize_pmid(value: str) -> str:
    """``PMID: 12345``, ``https://pubmed.ncbi.nlm.nih.gov/12345/``, ``012345`` → ``12345``."""
    pmid = _PMID_PREFIX.sub("", (value or "").strip()).strip().rstrip("/.")
    if re.fullmatch(r"0*[0-9]+", pmid) and pmid.strip("0"):
        return pmid.lstrip("0")
    return pmid


def pmid_key(value: str) -> str:
    pmid = normalize_pmid(value)
    return pmid if PMID_RE.fullmatch(pmid) else ""


# PubMed Central: "PMC" and digits (PMC's own form).
PMCID_RE = re.compile(r"PMC[1-9][0-9]{0,9}")
_PMC_LINK = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:ncbi\.nlm\.nih\.gov/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/"
    r"articles/|europepmc\.org/articles?/)",
    re.IGNORECASE,
)


def normalize_pmcid(value: str) -> str:
    """``pmc 1234567``, ``PMCID: PMC1234567``, a PMC link or bare digits → ``PMC1234567``."""
    pmcid = _PMC_LINK.sub("", (value or "").strip()).strip().rstrip("/.")
    pmcid = re.sub(r"^pmcid\s*[:\uff1a]?\s*", "", pmcid, flags=re.IGNORECASE)
    match = re.fullmatch(r"(?:pmc\s*)?0*([0-9]+)", pmcid, flags=re.IGNORECASE)
    if match and match.group(1).strip("0"):
        return f"PMC{match.group(1)}"
    return pmcid


def pmcid_key(value: str) -> str:
    pmcid = normalize_pmcid(value)
    return pmcid if PMCID_RE.fullmatch(pmcid) else ""


# ISBN: stored as ISBN-13 digits, without hyphens; an ISBN-10 is converted (ISO 2108).
ISBN_RE = re.compile(r"97[89][0-9]{10}")
_ISBN_PREFIX = re.compile(r"^isbn(?:-1[03])?\s*[:\uff1a]?\s*", re.IGNORECASE)


def _isbn13_check(first12: str) -> str:
    total = sum(int(digit) * (1 if index % 2 == 0 else 3) for index, digit in enumerate(first12))
    return str((10 - total % 10) % 10)


def _isbn10_valid(isbn: str) -> bool:
    total = sum((10 - index) * (10 if char in "Xx" else int(char)) for index, char in
                enumerate(isbn))  # fmt: skip
    return total % 11 == 0


def normalize_isbn(value: str) -> str:
    """``ISBN 0-306-40615-2`` → ``9780306406157``; ``978-0-306-40615-7`` → ``9780306406157``.
    A value whose check digit is wrong is returned without its separators, for the validator to
    refuse."""
    isbn = _ISBN_PREFIX.sub("", (value or "").strip())
    isbn = re.sub(r"[\s\-\u2010-\u2015]", "", isbn).rstrip(".")
    if re.fullmatch(r"[0-9]{9}[0-9Xx]", isbn) and _isbn10_valid(isbn):
        first12 = "978" + isbn[:9]
        return first12 + _isbn13_check(first12)
    return isbn.upper()


def is_isbn(value: str) -> bool:
    return bool(ISBN_RE.fullmatch(value or "")) and _isbn13_check(value[:12]) == value[12]


def isbn_key(value: str) -> str:
    isbn = normalize_isbn(value)
    return isbn if is_isbn(isbn) else ""
