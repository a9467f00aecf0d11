"""How text cites works: the citation syntax, in one place.

Authors write CommonMark. A citation marker names works of the reference library by their
citation keys: ``[@aap2021]`` cites one work, ``[@smith2018; @jones2007]`` (or with commas)
cites several. A marker is a citation only where Markdown reads text: inside a code span or
after a backslash escape it is literal text. ``articles.rendering`` renders the markers this
parser finds; the reference library validates keys against the same pattern.

Anything else that opens with ``[@`` where Markdown reads text (``[@]``, ``[@k1; @]``,
``[@ k1]``, ``[@k1, k2]``, ``[@k1`` never closed) is a *malformed* marker: it cites nothing, so
``malformed_markers`` finds each one with its line, column and the well-formed marker to write
instead, submission refuses it, and the authors' preview highlights it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

# What a citation key may be: letters, digits, '-', '_' and ':', starting with a letter or digit.
CITATION_KEY_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_:-]*"

MARKER_RE = re.compile(
    rf"\[@(?P<first>{CITATION_KEY_PATTERN})(?P<rest>(?:\s*[;,]\s*@{CITATION_KEY_PATTERN})*)\]"
)
KEY_RE = re.compile(rf"@({CITATION_KEY_PATTERN})")
# What opens with "[@" but is no marker: up to the next "]" (a marker may run over a line
# break, as MARKER_RE allows), or, never closed, the word that follows.
MALFORMED_RE = re.compile(r"\[@(?:[^\[\]]{0,200}\]|[^\s\[\]]*)")
_WHOLE_KEY_RE = re.compile(rf"{CITATION_KEY_PATTERN}")
GENERIC_MARKER = "[@key]"


def citation_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it inline rule: a marker becomes a ``citation`` token whose ``meta["keys"]``
    are the keys it names, in order, each once."""
    if not state.src.startswith("[@", state.pos):
        return False
    match = MARKER_RE.match(state.src, state.pos)
    if match is None:
        return malformed_rule(state, silent)
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": list(dict.fromkeys(KEY_RE.findall(match.group(0))))}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def malformed_rule(state: StateInline, silent: bool) -> bool:
    """What opens with ``[@`` but is no marker becomes a ``citation_malformed`` token (rendered
    as the text it is), with its offset in the inline text and the marker to write instead."""
    match = MALFORMED_RE.match(state.src, state.pos)
    if not silent:
        token = state.push("citation_malformed", "", 0)
        token.content = match.group(0)
        token.meta = {"offset": state.pos, "suggestion": well_formed(match.group(0))}
    state.pos = match.end()
    return True


def well_formed(text: str) -> str:
    """The marker an author meant by the malformed ``text``: the citation keys it names, each
    with its ``@``, separated by semicolons (``[@k1, k2]`` is ``[@k1; @k2]``); ``[@key]`` when
    it names none."""
    inner = text[2:].removesuffix("]")
    parts = [part.lstrip("@") for part in re.split(r"[;,\s]+", inner)]
    keys = list(dict.fromkeys(part for part in parts if _WHOLE_KEY_RE.fullmatch(part)))
    if not keys:
        return GENERIC_MARKER
    return "[" + "; ".join(f"@{key}" for key in keys) + "]"


def _render_as_text(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
    return escapeHtml(tokens[idx].content)


def markdown_with_citations() -> MarkdownIt:
    """The article Markdown parser: CommonMark with tables and strikethrough, no raw HTML and
    no images, and citation markers. Renderers add their own render rules to it."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable(["image", "html_inline", "html_block"])
    md.inline.ruler.before("link", "citation", citation_rule)
    md.add_render_rule("citation_malformed", _render_as_text)
    return md


_parser = markdown_with_citations()


def cited_keys(text: str) -> list[str]:
    """The citation keys a Markdown text cites, in order of first citation."""
    keys: list[str] = []
    for block in _parser.parse(text):
        for token in block.children or ():
            if token.type == "citation":
                keys.extend(token.meta["keys"])
    return list(dict.fromkeys(keys))


def cited_keys_in(texts: Iterable[str]) -> list[str]:
    """The keys cited across several texts (an article's sections), in order of first citation."""
    keys: list[str] = []
    for text in texts:
        keys.extend(cited_keys(text))
    return list(dict.fromkeys(keys))


@dataclass(frozen=True)
class MalformedMarker:
    """A ``[@…]`` that cites nothing: where it is in a text (line and column from 1), what it
    says, and the well-formed marker to write instead."""

    line: int
    column: int
    text: str
    suggestion: str

    @property
    def position(self) -> str:
        return f"line {self.line}, column {self.column}"


def _column(source_line: str, content_line: str, offset: int) -> int:
    """The column (from 1) in ``source_line`` of ``offset`` in ``content_line``, the same line
    as Markdown read it (its list marker, quote marker or indentation taken off)."""
    start = source_line.find(content_line.strip()) if content_line.strip() else -1
    lead = len(content_line) - len(content_line.lstrip())
    return (max(start, 0) if start >= 0 else 0) + max(offset - lead, 0) + 1


def malformed_markers(text: str) -> list[MalformedMarker]:
    """Each malformed marker of a Markdown text, in order (never one in a code span or after
    a backslash escape: there ``[@`` is text)."""
    source_lines = text.splitlines() or [""]
    found = []
    for block in _parser.parse(text):
        if block.map is None:
            continue
        for token in block.children or ():
            if token.type != "citation_malformed":
                continue
            before = block.content[: token.meta["offset"]]
            row = before.count("\n")
            content_line = block.content.split("\n")[row]
            offset = len(before) - (before.rfind("\n") + 1)
            line = min(block.map[0] + row, len(source_lines) - 1)
            found.append(
                MalformedMarker(
                    line=line + 1,
                    column=_column(source_lines[line], content_line, offset),
                    text=token.content,
                    suggestion=token.meta["suggestion"],
                )
            )
    return found


def rewrite_citation_key(text: str, *, old: str, new: str) -> str:
    """``text`` with citation markers naming ``old`` naming ``new`` instead; other text as is."""
    key_re = re.compile(rf"@{re.escape(old)}(?![A-Za-z0-9_:-])")
    return MARKER_RE.sub(lambda marker: key_re.sub(f"@{new}", marker.group(0)), text)
