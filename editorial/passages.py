"""Where a comment's passage is in a revision, and how comments follow their passages when a new
revision is submitted.

A passage is known by its words as readers read them (``words``: spaces collapsed, citation
numbers left out, which the revision's ``section_texts`` already are), its section and where
it starts in the section's text, with a few words either side. ``locate`` finds it again in
any revision: the same section and the nearest place first, the same context first when the
words appear more than once. ``comments_follow`` moves the comments of one revision to the
next (the workflow calls it when a submission takes a new revision).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from editorial.history import save_with_history
from editorial.models import PassageComment, User

CONTEXT = 40  # characters kept either side of a passage
_SPACE_BEFORE_PUNCTUATION_RE = re.compile(r"\s+([.,;:!?])")


def words(text: str) -> str:
    """``text`` on one line, spaces collapsed, none before a punctuation mark (a citation number
    left out of "fever¹." leaves "fever ." on the page)."""
    return _SPACE_BEFORE_PUNCTUATION_RE.sub(r"\1", " ".join(text.split()))


@dataclass(frozen=True)
class Anchor:
    """Where a passage is: its section (counted from 0, and its heading), where it starts in
    the section's text, its words, and a few words either side."""

    section_index: int
    section: str
    offset: int
    quote: str
    prefix: str
    suffix: str


def _occurrences(text: str, quote: str) -> list[int]:
    found, start = [], text.find(quote)
    while start != -1:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def locate(
    sections: Sequence[tuple[str, str]],
    quote: str,
    *,
    section_index: int | None = None,
    heading: str | None = None,
    offset: int = 0,
    prefix: str = "",
    suffix: str = "",
) -> Anchor | None:
    """The passage ``quote`` in ``sections`` ((heading, text) pairs, the texts in ``words``):
    in the section given by ``section_index`` or by ``heading`` first, with the same words
    either side first, nearest to ``offset``; None when the words are nowhere."""
    quote = words(quote)
    if not quote:
        return None
    candidates = []
    for index, (title, text) in enumerate(sections):
        same_section = index == section_index if section_index is not None else title == heading
        for start in _occurrences(text, quote):
            before = text[max(0, start - CONTEXT) : start]
            after = text[start + len(quote) : start + len(quote) + CONTEXT]
            same_context = (not prefix or before.endswith(prefix[-15:])) and (
                not suffix or after.startswith(suffix[:15])
            )
            distance = abs(start - offset) if same_section else start
            candidates.append(((not same_section, not same_context, distance), index, start))
    if not candidates:
        return None
    _, index, start = min(candidates)
    text = sections[index][1]
    return Anchor(
        section_index=index,
        section=sections[index][0],
        offset=start,
        quote=quote,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[start + len(quote) : start + len(quote) + CONTEXT],
    )


def moved_reason(number: int) -> str:
    return f"Moved to the same passage in revision {number}"


def changed_reason(number: int) -> str:
    return f"The passage changed in revision {number}"


def comments_follow(*, previous: Any, revision: Any, by: User) -> int:
    """Move the comments on ``previous`` to ``revision`` (the next revision of the same
    article): each to the same passage when its words are still there, else marked as a
    passage that changed, its quote keeping the old words. Each move is in the comment's
    history. Returns how many comments moved."""
    comments = list(PassageComment.objects.filter(revision=previous))
    if not comments:
        return 0
    sections = revision.section_texts()
    for comment in comments:
        anchor = locate(
            sections,
            comment.quote,
            heading=comment.section,
            offset=comment.offset,
            prefix=comment.prefix,
            suffix=comment.suffix,
        )
        comment.revision = revision
        comment.passage_changed = anchor is None
        if anchor is not None:
            comment.section_index, comment.section = anchor.section_index, anchor.section
            comment.offset, comment.prefix, comment.suffix = (
                anchor.offset,
                anchor.prefix,
                anchor.suffix,
            )
        reason = changed_reason if anchor is None else moved_reason
        save_with_history(comment, by=by, reason=reason(revision.number))
    return len(comments)
