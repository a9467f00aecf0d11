"""How text cites works: the citation syntax, in one place.

Authors write CommonMark. A citation marker names works of the reference library by their
citation keys: ``[@aap2021]`` cites one work, ``[@smith2018; @jones2007]`` (or with commas)
cites several. A marker is a citation only where Markdown reads text: inside a code span or
after a backslash escape it is literal text. ``articles.rendering`` renders the markers this
parser finds; the reference library validates keys against the same pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

# What a citation key may be: letters, digits, '-', '_' and ':', starting with a letter or digit.
CITATION_KEY_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_:-]*"

MARKER_RE = re.compile(
    rf"\[@(?P<first>{CITATION_KEY_PATTERN})(?P<rest>(?:\s*[;,]\s*@{CITATION_KEY_PATTERN})*)\]"
)
KEY_RE = re.compile(rf"@({CITATION_KEY_PATTERN})")


def citation_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it inline rule: a marker becomes a ``citation`` token whose ``meta["keys"]``
    are the keys it names, in order, each once."""
    if not state.src.startswith("[@", state.pos):
        return False
    match = MARKER_RE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": list(dict.fromkeys(KEY_RE.findall(match.group(0))))}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def markdown_with_citations() -> MarkdownIt:
    """The article Markdown parser: CommonMark with tables and strikethrough, no raw HTML and
    no images, and citation markers. Renderers add their own render rules to it."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable(["image", "html_inline", "html_block"])
    md.inline.ruler.before("link", "citation", citation_rule)
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


def rewrite_citation_key(text: str, *, old: str, new: str) -> str:
    """``text`` with citation markers naming ``old`` naming ``new`` instead; other text as is."""
    key_re = re.compile(rf"@{re.escape(old)}(?![A-Za-z0-9_:-])")
    return MARKER_RE.sub(lambda marker: key_re.sub(f"@{new}", marker.group(0)), text)
