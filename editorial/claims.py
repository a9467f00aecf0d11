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


def shortened(words: str, limit: int = 80) -> str:
    """``words`` whole when they fit in ``limit`` characters, else cut after the last whole
    word that fits, with an ellipsis (a word longer than ``limit`` is cut where it must be)."""
    if len(words) <= limit:
        return words
    cut = words[: limit + 1].rsplit(" ", 1)[0] if " " in words[:limit] else words[:limit]
    return cut.rstrip(" ,;:.!?") + "…"


def claims_text(claims: Sequence[Claim], *, limit: int = 80, most: int = 5) -> str:
    """Claims as a refusal names them: the start of each sentence (cut at a word), quoted;
    past ``most`` claims, how many more."""
    quoted = [f"“{shortened(claim.words, limit)}”" for claim in claims[:most]]
    more = len(claims) - most
    return "; ".join(quoted) + (f"; and {more} more" if more > 0 else "")


def sentence(text: str) -> str:
    """``text`` ended with one full stop: none added when it ends with one already, even
    inside a closing quotation mark (so a refusal never ends in ``.”.``)."""
    return text if text.endswith((".”", "?”", "!”", ".", "?", "!")) else f"{text}."
