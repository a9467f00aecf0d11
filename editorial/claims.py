"""Claims: what the board checks sentence by sentence.

A claim is a sentence, or a list item, of a revision's text that carries citation markers. The
content app finds them (``ArticleRevision.claims()``); the board marks each one supported, not
supported or needing change against its cited sources (``ClaimCheck``), and the workflow may
require every claim to be supported before approval. A claim is known by its fingerprint: its
words and the works it cites, so a claim left unchanged between rounds keeps its checks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from editorial import links

MARKER_WORDS_RE = re.compile(r"\[@[^\]]*\]")


@dataclass(frozen=True)
class CitedSource:
    """A work a claim cites, as the revision lists it."""

    number: int
    key: str
    title: str
    journal: str
    year: int | None
    doi: str = ""
    pmid: str = ""

    @property
    def identity(self) -> str:
        """What makes it the same work in another round: its DOI, PMID, or title and year."""
        if self.doi:
            return f"doi:{self.doi.lower()}"
        if self.pmid:
            return f"pmid:{self.pmid}"
        return f"work:{' '.join(self.title.lower().split())}:{self.year}"

    @property
    def doi_url(self) -> str:
        return links.doi_url(self.doi)

    @property
    def pubmed_url(self) -> str:
        return links.pubmed_url(self.pmid)


@dataclass(frozen=True)
class Claim:
    section: str
    text: str  # the sentence as written, markers included
    sources: tuple[CitedSource, ...]

    @property
    def words(self) -> str:
        """The sentence without its citation markers."""
        text = MARKER_WORDS_RE.sub("", self.text)
        return " ".join(re.sub(r"\s+([.,;:!?])", r"\1", text).split())

    @property
    def fingerprint(self) -> str:
        identity = "\n".join([self.words.lower(), *(source.identity for source in self.sources)])
        return hashlib.sha256(identity.encode()).hexdigest()

    @property
    def numbers(self) -> str:
        return ", ".join(str(source.number) for source in self.sources)


def claims_text(claims: Sequence[Claim], *, limit: int = 80, most: int = 5) -> str:
    """Claims as a refusal names them: the start of each sentence, quoted; past ``most``
    claims, how many more."""
    quoted = []
    for claim in claims[:most]:
        words = claim.words
        quoted.append(f"“{words[:limit].rstrip()}…”" if len(words) > limit else f"“{words}”")
    more = len(claims) - most
    return "; ".join(quoted) + (f"; and {more} more" if more > 0 else "")
