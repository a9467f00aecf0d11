"""Finding the claims of a revision: each sentence, or list item, that carries citation markers,
with the works it cites as the revision lists and numbers them (``editorial.claims.Claim``).

Markdown is read with the article parser, so a marker inside a code span is not a citation;
sentences are cut after ``.``, ``!`` or ``?`` followed by a space and what can start a sentence
(so "e.g. the dose" stays whole), and a marker written just after the full stop belongs to the
sentence before it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from editorial.claims import CitedSource, Claim
from references.citations import cited_keys, markdown_with_citations

_parser = markdown_with_citations()
# A sentence ends at ".", "!" or "?" before a space and what can start one (a capital, a digit,
# an opening quote or bracket, a citation marker): "e.g. the dose" does not end one.
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"\u201c\u2018(\[])")
LEADING_MARKERS_RE = re.compile(r"^((?:\[@[^\]]*\][\s.,;:]*)+)")


def _blocks(body: str) -> list[tuple[str, bool]]:
    """The text of each paragraph, list item or table cell, and whether it is a list item."""
    blocks = []
    in_item = 0
    for token in _parser.parse(body):
        if token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "inline" and token.content.strip():
            blocks.append((token.content, in_item > 0))
    return blocks


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for part in SENTENCE_END_RE.split(text.strip()):
        leading = LEADING_MARKERS_RE.match(part)
        if leading and sentences:
            sentences[-1] = f"{sentences[-1]} {leading.group(1).strip()}"
            part = part[leading.end() :]
        if part.strip():
            sentences.append(part.strip())
    return sentences


def find_claims(
    sections: Sequence[tuple[str, str]],
    works: Mapping[str, Mapping[str, Any]],
    numbers: Mapping[str, int],
) -> list[Claim]:
    """The claims of an article's ``sections`` ((heading, Markdown body) pairs), citing
    ``works`` (reference snapshots by key) numbered as readers see them."""
    claims = []
    for heading, body in sections:
        for text, is_item in _blocks(body):
            for sentence in [text] if is_item else _sentences(text):
                keys = [key for key in cited_keys(sentence) if key in works]
                if not keys:
                    continue
                sources = tuple(
                    CitedSource(
                        number=numbers[key],
                        key=key,
                        title=works[key].get("title", ""),
                        journal=works[key].get("journal", ""),
                        year=works[key].get("year"),
                        doi=works[key].get("doi", "") or "",
                        pmid=works[key].get("pmid", "") or "",
                    )
                    for key in keys
                )
                claim = Claim(section=heading, text=" ".join(sentence.split()), sources=sources)
                if claim.words:  # a marker standing alone states nothing to check
                    claims.append(claim)
    return claims
