"""What changed between two versions of an article, as a readable inline diff.

Used by reviewers (this round against the previous one, or against the live revision) and by
authors (their working copy against what they last submitted). Everything is escaped: the diff
shows the Markdown source, never renders it.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Version:
    """The comparable content of an article: a revision, or a working copy."""

    label: str
    title: str
    sections: Sequence[tuple[str, str]]
    references: Sequence[Mapping[str, Any]]

    @classmethod
    def of_revision(cls, revision: Any, label: str = "") -> Version:
        return cls(
            label=label or f"Revision {revision.number}",
            title=revision.title,
            sections=[(section["heading"], section["body"]) for section in revision.sections],
            references=revision.references,
        )

    @classmethod
    def of_working_copy(cls, article: Any, label: str = "Working copy") -> Version:
        return cls(
            label=label,
            title=article.title,
            sections=[(section.heading, section.body) for section in article.sections.all()],
            references=[reference.snapshot() for reference in article.cited_references()],
        )

    def lines(self) -> list[str]:
        lines = [f"# {self.title}", ""]
        for heading, body in self.sections:
            lines += [f"## {heading}", "", *body.splitlines(), ""]
        lines.append("## References")
        lines += [
            f"{number}. [{work['kind']}] {work['title']} {work['journal']}, {work['year']}"
            + (f". doi:{work['doi']}" if work.get("doi") else "")
            + (f". PMID {work['pmid']}" if work.get("pmid") else "")
            for number, work in enumerate(self.references, start=1)
        ]
        return lines


@dataclass(frozen=True)
class Comparison:
    before: Version
    after: Version
    html: SafeString
    changed: bool


def _word_diff(old: str, new: str) -> str:
    old_words, new_words = old.split(" "), new.split(" ")
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old_words[a0:a1])))
            continue
        if a1 > a0:
            out.append(f"<del>{escape(' '.join(old_words[a0:a1]))}</del>")
        if b1 > b0:
            out.append(f"<ins>{escape(' '.join(new_words[b0:b1]))}</ins>")
    return " ".join(out)


def compare(before: Version, after: Version) -> Comparison:
    """An inline diff, line by line, with changed lines diffed word by word."""
    old, new = before.lines(), after.lines()
    rows = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            rows += [
                f'<div class="diff-line">{escape(line) or "&nbsp;"}</div>' for line in old[a0:a1]
            ]
        elif op == "replace" and a1 - a0 == b1 - b0:
            rows += [
                f'<div class="diff-line diff-line--changed">{_word_diff(a, b)}</div>'
                for a, b in zip(old[a0:a1], new[b0:b1], strict=True)
            ]
        else:
            rows += [
                f'<div class="diff-line diff-line--removed"><del>{escape(line)}</del></div>'
                for line in old[a0:a1]
            ]
            rows += [
                f'<div class="diff-line diff-line--added"><ins>{escape(line)}</ins></div>'
                for line in new[b0:b1]
            ]
    html = mark_safe("\n".join(rows))  # every fragment above is escaped
    return Comparison(before=before, after=after, html=html, changed=old != new)
