"""Markdown with citations, rendered safely, numbered the way readers see them.

The syntax (CommonMark with citation markers such as ``[@aap2021]`` or ``[@a; @b]``) is the
reference library's (``references.citations``). Works are numbered by their first citation across
the whole article, in section order; each marker renders as links to the numbered entries of the
reference list.

Raw HTML is never passed through, ``javascript:`` and other unsafe links are refused by the
parser, and the result is cleaned once more by nh3 against a short allow-list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import unescape
from typing import Any

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdown_it import MarkdownIt

from editorial import links
from editorial.passages import words
from references.citations import MARKER_RE, cited_keys_in, markdown_with_citations
from references.models import ReferenceKind

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "sup", "span", "mark",
    "table", "thead", "tbody", "tr", "th", "td", "s",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "class", "aria-label"},
    "sup": {"class"},
    "span": {"class", "title"},
    "mark": {"class", "title"},  # a malformed citation marker, in the authors' preview only
    "ol": {"start"},
    # No inline styles (table alignment): the Content-Security-Policy refuses them anyway.
}


def _render_citation(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
    numbers: Mapping[str, int] = env.get("numbers", {})
    parts = []
    for number in sorted({numbers[key] for key in tokens[idx].meta["keys"] if key in numbers}):
        parts.append(f'<a href="#ref-{number}" aria-label="Reference {number}">{number}</a>')
    missing = [key for key in tokens[idx].meta["keys"] if key not in numbers]
    html = f'<sup class="citation">{", ".join(parts)}</sup>' if parts else ""
    if missing:
        listed = escape(", ".join(missing))
        html += f'<span class="citation-missing" title="No reference: {listed}">[?{listed}]</span>'
    return html


def _render_malformed(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
    # Readers read a malformed marker as the text it is; the authors' preview highlights it.
    token = tokens[idx]
    text = escape(token.content)
    if not env.get("mark_malformed"):
        return text
    hint = escape(f"Not a citation marker: write {token.meta['suggestion']}")
    return f'<mark class="citation-malformed" title="{hint}">{text}</mark>'


def _render_heading_open(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
    # Sections are h2; headings inside a section start at h3 so the outline stays in order.
    token = tokens[idx]
    level = max(int(token.tag[1]), 3)
    token.tag = f"h{level}"
    return self.renderToken(tokens, idx, options, env)


def _render_heading_close(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
    token = tokens[idx]
    token.tag = f"h{max(int(token.tag[1]), 3)}"
    return self.renderToken(tokens, idx, options, env)


def _build_parser() -> MarkdownIt:
    md = markdown_with_citations()
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("citation_malformed", _render_malformed)
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("heading_close", _render_heading_close)
    return md


markdown = _build_parser()


def render_markdown(
    text: str, numbers: Mapping[str, int], *, mark_malformed: bool = False
) -> SafeString:
    """``text`` as HTML; ``mark_malformed`` highlights each malformed citation marker (the
    authors' preview)."""
    html = markdown.render(text, {"numbers": numbers, "mark_malformed": mark_malformed})
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)


# A code span: a run of backticks, what it holds, and the same run again (CommonMark 6.1).
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)


def _citation_markers(text: str) -> list[str]:
    """The citation markers of ``text`` as the parser reads them, in order."""
    return [
        token.content
        for block in markdown.parse(text)
        for token in block.children or ()
        if token.type == "citation"
    ]


def resolved_markdown(text: str, numbers: Mapping[str, int]) -> str:
    """``text`` (Markdown) with each citation marker replaced by the numbers readers see,
    ``[@a; @b]`` → ``[1, 2]`` as the rendered page numbers them; a marker that is literal text
    (in a code span, after a backslash) stays as written, as it does on the page."""
    markers = _citation_markers(text)
    code = [match.span() for match in CODE_SPAN_RE.finditer(text)]
    parts, position = [], 0
    for match in MARKER_RE.finditer(text):
        literal = (match.start() > 0 and text[match.start() - 1] == "\\") or any(
            start <= match.start() < end for start, end in code
        )
        if literal or not markers or match.group(0) != markers[0]:
            continue
        markers.pop(0)
        keys = list(dict.fromkeys(re.findall(r"@([^\s;,\]]+)", match.group(0))))
        cited = sorted({numbers[key] for key in keys if key in numbers})
        parts += [text[position : match.start()], f"[{', '.join(map(str, cited))}]"]
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


def web_url(url: str) -> str:
    """``url`` when it is a web address (http or https), else nothing: whatever a reference
    holds, readers are never given a javascript:, data: or relative link to follow."""
    url = (url or "").strip()
    return url if re.match(r"https?://[^/\s]", url, re.IGNORECASE) else ""


# What readers read of rendered HTML: citation numbers (and unresolved markers) are left out,
# a block ends with a space, other tags go, entities are read.
_CITATIONS_RE = re.compile(
    r'<sup class="citation">.*?</sup>|<span class="citation-missing"[^>]*>.*?</span>', re.S
)
_BLOCK_END_RE = re.compile(r"</?(?:p|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table|br|hr)\b[^>]*>")
_TAG_RE = re.compile(r"<[^>]+>")


def plain_text(html: str) -> str:
    """The words of rendered HTML as a reader selects them, spaces collapsed: a comment on a
    passage quotes this text (``static/js/passage-comments.js`` reads a selection the same way)."""
    text = _TAG_RE.sub("", _BLOCK_END_RE.sub(" ", _CITATIONS_RE.sub("", html)))
    return words(unescape(text))


@dataclass(frozen=True)
class CitedWork:
    """One numbered entry of an article's reference list."""

    number: int
    key: str
    kind: str
    title: str
    journal: str
    year: int
    authors: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""

    @property
    def kind_label(self) -> str:
        """Guideline or Research, as the public page groups works."""
        return ReferenceKind(self.kind).public_label

    @property
    def evidence_label(self) -> str:
        """The evidence type (e.g. Randomised trial) when it says more than the group."""
        return ReferenceKind(self.kind).evidence_label

    @property
    def doi_url(self) -> str:
        return links.doi_url(self.doi)

    @property
    def pubmed_url(self) -> str:
        return links.pubmed_url(self.pmid)


@dataclass(frozen=True)
class RenderedSection:
    heading: str
    anchor: str
    html: SafeString


@dataclass(frozen=True)
class RenderedArticle:
    title: str
    sections: list[RenderedSection]
    references: list[CitedWork]
    unresolved_keys: list[str]


def render_article(
    *,
    title: str,
    sections: Sequence[tuple[str, str]],
    works: Mapping[str, Mapping[str, Any]],
    mark_malformed: bool = False,
) -> RenderedArticle:
    """Render an article's sections with one numbering of its citations.

    ``sections`` are (heading, Markdown body) pairs in order; ``works`` maps citation keys to
    reference data (``Reference.snapshot()``). The same function renders live revisions and,
    later, previews, so readers and authors see the same numbering; a preview passes
    ``mark_malformed`` to highlight each malformed citation marker.
    """
    order = cited_keys_in(body for _, body in sections)
    resolved = [key for key in order if key in works]
    numbers = {key: number for number, key in enumerate(resolved, start=1)}
    fields = CitedWork.__dataclass_fields__
    references = [
        CitedWork(
            number=numbers[key],
            **{
                name: web_url(value) if name == "url" else value
                for name, value in works[key].items()
                if name in fields
            },
        )
        for key in resolved
    ]
    rendered_sections = []
    used_anchors: set[str] = set()
    for heading, body in sections:
        anchor = f"section-{slugify(heading) or len(used_anchors) + 1}"
        while anchor in used_anchors:
            anchor += "-1"
        used_anchors.add(anchor)
        rendered_sections.append(
            RenderedSection(
                heading=heading,
                anchor=anchor,
                html=render_markdown(body, numbers, mark_malformed=mark_malformed),
            )
        )
    return RenderedArticle(
        title=title,
        sections=rendered_sections,
        references=references,
        unresolved_keys=[key for key in order if key not in works],
    )
