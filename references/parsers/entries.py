"""What every reader makes of a file: a ``ParsedEntry`` per work, in a ``ParsedFile``.

An entry lists what stops it from becoming a reference in ``errors`` and what was changed or
dropped on the way in ``warnings``. A file that cannot be read at all raises
``ReferenceParseError`` with a message for the user.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from references.models import ReferenceKind

FORMAT_RIS = "ris"
FORMAT_BIBTEX = "bibtex"
FORMAT_MEDLINE = "medline"
FORMAT_CSL_JSON = "csl_json"
FORMAT_CHOICES = [
    ("", "Recognise the format"),
    (FORMAT_RIS, "RIS (.ris)"),
    (FORMAT_BIBTEX, "BibTeX (.bib)"),
    (FORMAT_MEDLINE, "PubMed MEDLINE (.nbib, .txt)"),
    (FORMAT_CSL_JSON, "CSL-JSON (.json)"),
]


class ReferenceParseError(Exception):
    """The file as a whole cannot be read. ``str(error)`` is meant for the user."""


@dataclass
class ParsedEntry:
    """One work as read from a file, before it is checked against the library."""

    position: int = 0
    source_key: str = ""
    kind: str = ""  # "" when the file does not say: the person importing chooses
    title: str = ""
    authors: list[str] = field(default_factory=list)
    work_type: str = "article"  # references.models.WorkType: article, book or chapter
    journal: str = ""  # the journal, or the book a chapter is in, or a book's series
    journal_abbreviation: str = ""  # the NLM abbreviation (MEDLINE TA, RIS J2, CSL short)
    publisher: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    isbn: str = ""
    url: str = ""
    # The library's record the person importing chose to use for this entry (the preview found
    # it possibly the same work): the entry fills in its blanks instead of making a new record.
    same_as: int | None = None
    # Notices the record itself states (PubMed's publication types "Retracted Publication",
    # "Retraction of Publication", "Published Erratum", "Expression of Concern"): each a dict
    # with the nature, the DOI or PMID of the work it is about, and what the record says.
    notices: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def authors_text(self) -> str:
        """The authors as the library stores them: Vancouver names separated by commas."""
        return ", ".join(self.authors)

    @property
    def kind_label(self) -> str:
        return ReferenceKind(self.kind).label if self.kind else ""

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def reference_fields(self) -> dict[str, Any]:
        """The fields of a ``Reference`` (without its key) this entry holds."""
        return {
            "kind": self.kind,
            "title": self.title,
            "authors": self.authors_text,
            "work_type": self.work_type,
            "journal": self.journal,
            "journal_abbreviation": self.journal_abbreviation,
            "publisher": self.publisher,
            "year": self.year,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "pmid": self.pmid,
            "pmcid": self.pmcid,
            "isbn": self.isbn,
            "url": self.url,
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedEntry:
        names = {item.name for item in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})


@dataclass
class ParsedFile:
    """What a file held: its entries, its format and what was noticed about the file as a whole."""

    entries: list[ParsedEntry]
    format: str
    warnings: list[str] = field(default_factory=list)
