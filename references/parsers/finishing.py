"""Finishing an entry: the same steps for every format, once it is read. Unsafe characters
become an error of their entry, a link is made an http(s) link or dropped, and what would stop the
entry from becoming a reference is listed in its errors."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from references.identifiers import PMCID_RE, is_doi, normalize_pmid
from references.models import ReferenceKind, WorkType
from references.parsers.entries import ParsedEntry
from references.parsers.limits import MAX_LENGTHS

TEXT_FIELDS = (
    "source_key", "title", "journal", "journal_abbreviation", "publisher", "volume", "issue",
    "pages", "doi", "pmid", "pmcid", "isbn", "url",
)  # fmt: skip

# Refusals of identifiers that cannot be one, whatever the form (references.identifiers).
NOT_A_DOI = "The DOI “{value}” is not a DOI (10.<registrant>/<suffix>): correct or remove it."
NOT_A_PMID = "The PMID “{value}” is not a PubMed ID (digits only): correct or remove it."
NOT_A_PMCID = "The PMCID “{value}” is not a PubMed Central ID (PMC and digits)."

_UNSAFE = re.compile(r"[\x00\ud800-\udfff]")


def finish_entry(entry: ParsedEntry) -> None:
    remove_unsafe_characters(entry)
    compose_text(entry)
    entry.pmid = normalize_pmid(entry.pmid)
    entry.pages = expand_page_range(entry.pages)
    if entry.journal_abbreviation == entry.journal:  # no abbreviation: the title is short
        entry.journal_abbreviation = ""
    normalise_url(entry)
    validate_entry(entry)


def compose_text(entry: ParsedEntry) -> None:
    """Every text in Unicode's composed form (NFC): a file macOS wrote decomposed reads like the
    same text typed normally, and is stored, matched and searched so."""
    for name in TEXT_FIELDS:
        setattr(entry, name, unicodedata.normalize("NFC", getattr(entry, name)))
    entry.authors = [unicodedata.normalize("NFC", name) for name in entry.authors]


_PAGE_RANGE = re.compile(r"([A-Za-z]*)(\d+)\s*[-\u2013\u2014]+\s*\1?(\d+)")


def expand_page_range(pages: str) -> str:
    """An abbreviated page range written in full, as AMA writes it: ``1661-70`` → ``1661-1670``,
    ``e123-5`` → ``e123-e125``; a range of one page is the page (``14-14``, ``14-``), ranges
    already in full and anything else as given."""
    pages = pages.strip()
    if re.fullmatch(r"[^-]*-+", pages):  # "14-", "-": the start alone
        return pages.rstrip("-")
    match = _PAGE_RANGE.fullmatch(pages)
    if not match:
        return pages
    prefix, first, last = match.groups()
    if first == last:
        return f"{prefix}{first}"
    if len(last) < len(first) and int(first[: len(first) - len(last)] + last) > int(first):
        last = first[: len(first) - len(last)] + last
    return f"{prefix}{first}-{prefix}{last}"


def remove_unsafe_characters(entry: ParsedEntry) -> None:
    """NUL characters and lone surrogates (from JSON escapes or stray bytes) cannot be stored or
    shown: each becomes U+FFFD and the entry an error, so the rest of the file still imports."""
    found = False
    for name in TEXT_FIELDS:
        value = getattr(entry, name)
        if _UNSAFE.search(value):
            setattr(entry, name, _UNSAFE.sub("\ufffd", value))
            found = True
    if any(_UNSAFE.search(name) for name in entry.authors):
        entry.authors = [_UNSAFE.sub("\ufffd", name) for name in entry.authors]
        found = True
    if found:
        entry.errors.append(
            "The entry contains a NUL character or broken Unicode (shown as \ufffd): fix it in "
            "your reference manager and export again."
        )


_VALIDATE_URL = URLValidator(schemes=["http", "https"])
_BARE_HOST = re.compile(r"^(www\.|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/)", re.IGNORECASE)


def normalise_url(entry: ParsedEntry) -> None:
    """A link without a scheme is taken as https://; one that is still no http(s) link is
    dropped with a warning. Neither costs the entry."""
    url = entry.url
    if not url:
        return
    if "://" not in url and _BARE_HOST.match(url):
        url = f"https://{url}"
        entry.warnings.append(f"The link had no scheme: saved as {url[:120]}.")
    try:
        _VALIDATE_URL(url)
    except ValidationError:
        entry.warnings.append(f"The link “{entry.url[:80]}” is not an http(s) link: dropped.")
        url = ""
    entry.url = url


def validate_entry(entry: ParsedEntry) -> None:
    """Add to ``entry.errors`` what would stop it from becoming a reference."""
    if not entry.title:
        entry.errors.append("The title is missing.")
    if not entry.journal:
        entry.errors.append("The journal or issuing body is missing.")
    if entry.year is None:
        entry.errors.append("The year is missing or malformed.")
    elif entry.year > timezone.now().year + 1:
        entry.errors.append(f"The year {entry.year} is in the future.")
    if entry.doi and not is_doi(entry.doi):
        entry.errors.append(NOT_A_DOI.format(value=entry.doi[:80]))
    if entry.pmid and not re.fullmatch(r"[0-9]{1,9}", entry.pmid):
        entry.errors.append(NOT_A_PMID.format(value=entry.pmid[:20]))
    if entry.pmcid and not PMCID_RE.fullmatch(entry.pmcid):
        entry.errors.append(NOT_A_PMCID.format(value=entry.pmcid[:20]))
    if entry.work_type not in WorkType.values:
        entry.errors.append("The form of the work is not one the library knows.")
    if entry.kind and entry.kind not in ReferenceKind.values:
        entry.errors.append("The kind of work is not one the library knows.")
    for name, limit in MAX_LENGTHS.items():
        value = getattr(entry, "authors_text" if name == "authors" else name)
        if len(value) > limit:
            entry.errors.append(f"The {name} is longer than {limit} characters.")
