"""Reading output as its consumer does, looking for anything a hostile text could make run.

``executable_markup(html)`` reads HTML as a browser would parse it (the standard library's
parser, with character references decoded) and reports every element, attribute or URL that
could run script, load a document or move the page elsewhere. ``raw_vector_markup`` is the blunt
companion: any ``<`` of a vector that reaches the output unescaped is reported, whatever a
parser makes of it. Together they say which vectors came out executable in a channel.

The public list (PayloadsAllTheThings' ``IntrudersXSS.txt``) is not kept in this repository: it
is read from ``xss/`` under the folder ``EDITORIAL_TEST_CORPUS`` names, or else
``shared/corpus/`` beside the checkout (tests/shared_corpus.py, tests/references/CORPUS.md),
pinned by SHA-256. Without it the vectors are the Markdown-specific ones below only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from tests.shared_corpus import absent, corpus_root, sha256

CORPUS = corpus_root() / "xss" / "IntrudersXSS.txt"
CORPUS_SHA256 = "37df594154abd07a8d380e69bbae7444134837a6c229522f066e17b34fa59982"
# Why the public list is left out ("" when it is there).
CORPUS_ABSENT = absent(CORPUS, "the public list of XSS vectors (PayloadsAllTheThings)")

# Vectors aimed at the Markdown renderer, its citation markers and the plain-text summaries
# taken from it; the public list above is written for raw HTML contexts.
MARKDOWN_VECTORS = [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](java%0ascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    '![x](https://example.org/x.png" onerror="alert(1))',
    '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
    '[x](#" onmouseover="alert(1))',
    "[x](https://example.org/?q=<script>alert(1)</script>)",
    "**<img src=x onerror=alert(1)>**",
    "`<script>alert(1)</script>`",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "> <iframe src=javascript:alert(1)>",
    "| a | b |\n| --- | --- |\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "# <svg onload=alert(1)>",
    '[@"><img src=x onerror=alert(1)>]',
    '[@x" onmouseover="alert(1)]',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "\\<script\\>alert(1)\\</script\\>",
    "<details open ontoggle=alert(1)>",
    "<!-- --><script>alert(1)</script>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "&lt;iframe src=&quot;javascript:alert(1)&quot;&gt;&lt;/iframe&gt;",
]


def load_vectors() -> list[str]:
    """The public list (distinct lines, in order), when it is there, and the Markdown-specific
    vectors. A file that is not the pinned copy is an error, not a smaller list."""
    if CORPUS_ABSENT:
        return list(MARKDOWN_VECTORS)
    if sha256(CORPUS) != CORPUS_SHA256:
        raise AssertionError(f"{CORPUS} is not PayloadsAllTheThings' IntrudersXSS.txt")
    lines = [line for line in CORPUS.read_text(encoding="utf-8").split("\n") if line.strip()]
    return list(dict.fromkeys(lines)) + MARKDOWN_VECTORS


# --------------------------------------------------------------------------------------------
# HTML as a browser reads it
# --------------------------------------------------------------------------------------------

# Elements that run script, embed or load another document, or change how the page resolves
# URLs or refreshes, whatever their attributes.
ACTIVE_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math",
    "style", "isindex", "xml", "bgsound", "layer", "ilayer", "keygen", "portal", "template",
    "video", "audio", "source", "marquee", "animate", "set", "handler", "listener", "img",
    "link", "meta", "form",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "background", "poster",
    "dynsrc", "lowsrc", "codebase", "cite", "srcset", "ping", "from", "to", "values",
}  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")


@dataclass(frozen=True)
class Finding:
    what: str
    raw: str

    def __str__(self) -> str:
        return f"{self.what}: {self.raw[:160]!r}"


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], str]] = []
        self.script_text: list[tuple[dict[str, str], str]] = []
        self._in_script: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes, self.get_starttag_text() or ""))
        if tag == "script":
            self._in_script = attributes

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._in_script is not None:
            self.script_text.append((self._in_script, data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def _site_markup(tag: str, attributes: dict[str, str]) -> bool:
    """The site's and the admin's own inert markup (stylesheets, static scripts and icons,
    data blocks, forms posting to the site, metadata); only ever in a page, never in content."""
    src, href = attributes.get("src", ""), attributes.get("href", "")
    if tag == "script":
        data_block = attributes.get("type") in {"application/ld+json", "application/json"}
        same_site = src.startswith("/") and not src.startswith("//")
        return (same_site and not data_block) or (data_block and not src)
    if tag == "img":
        return src.startswith("/static/")
    if tag == "template":  # the authors' form: a blank section for its script to copy
        return not attributes.keys() - {"id"}
    if tag == "link":
        return href.startswith(("/static/", "/feed/", "http://testserver/"))
    if tag == "meta":
        return "http-equiv" not in attributes
    if tag == "form":
        action = attributes.get("action", "")
        return action == "" or (action.startswith("/") and not action.startswith("//"))
    return False


def _scheme(value: str) -> str:
    return re.sub(r"[\s\x00-\x20]", "", value).lower()


def executable_markup(html: str, *, page: bool = True, baseline: str = "") -> list[Finding]:
    """Everything in ``html`` that could run script or load or move to another document.

    ``page`` allows the markup a page of the site itself carries (its stylesheets, its own
    scripts, JSON data blocks, forms posting to the site, and any start tag found verbatim in
    ``baseline``, pages of the site without anyone's content such as the admin's icons); content
    such as a feed entry's HTML gets no such allowance.
    """
    reader = _Reader()
    reader.feed(html)
    reader.close()
    findings = []
    for tag, attributes, raw in reader.elements:
        own = page and (_site_markup(tag, attributes) or (baseline and raw in baseline))
        if tag in ACTIVE_TAGS and not own:
            findings.append(Finding(f"<{tag}> element", raw))
        for name, value in attributes.items():
            what = _attribute_danger(tag, name, value)
            if what:
                findings.append(Finding(what, raw))
    for attributes, text in reader.script_text:
        data_block = attributes.get("type") in {"application/ld+json", "application/json"}
        if data_block and "<" in text:  # it could be closed early or open a comment
            findings.append(Finding("markup inside a data block", text))
    return findings


def _attribute_danger(tag: str, name: str, value: str) -> str:
    """What the attribute ``name="value"`` of a ``tag`` could do, or "" when it is inert."""
    if name.startswith("on"):
        return f"event handler {name}"
    if name == "srcdoc":
        return "srcdoc"
    if name == "http-equiv" and "refresh" in value.lower():
        return "meta refresh"
    if name == "style" and re.search(r"expression|javascript:|url\(", value, re.I):
        return "style with script or URL"
    if name in URL_ATTRIBUTES and _scheme(value).startswith(BAD_SCHEMES):
        return f"{name} with a script URL"
    if name == "formaction" or (name == "action" and tag != "form"):
        return f"{name} attribute"
    return ""


# --------------------------------------------------------------------------------------------
# Any unescaped "<" of a vector, whatever a parser makes of it
# --------------------------------------------------------------------------------------------

SIGNATURE_LENGTH = 16


def vector_signatures(vector: str) -> list[str]:
    """The text after each "<" of the vector that is long enough to be its own: were one of
    these in the output verbatim, the vector's markup reached it unescaped."""
    signatures = []
    for match in re.finditer("<", vector):
        signature = vector[match.start() : match.start() + SIGNATURE_LENGTH]
        if len(signature) == SIGNATURE_LENGTH and "\n" not in signature:
            signatures.append(signature)
    return signatures


def raw_vector_markup(output: str, vectors: list[str], baseline: str = "") -> list[Finding]:
    """Signatures of the vectors found verbatim in ``output``; one the site's own pages carry
    anyway (``baseline``, e.g. the admin's ``<svg xmlns="http...``) says nothing."""
    findings = []
    for vector in vectors:
        for signature in vector_signatures(vector):
            if signature in output and signature not in baseline:
                findings.append(Finding("unescaped markup of a vector", signature))
                break
    return findings


def implicated(findings: list[Finding], vectors: list[str]) -> set[int]:
    """Which vectors the findings come from (as far as their raw text tells)."""
    found = set()
    for finding in findings:
        raw = unescape(finding.raw).lower()
        for number, vector in enumerate(vectors):
            text = vector.lower()
            if raw and (raw in text or text in raw or text[:24] in raw):
                found.add(number)
    return found


def report(channel: str, findings: list[Finding], vectors: list[str]) -> str:
    if not findings:
        return ""
    shown = "\n  ".join(str(finding) for finding in findings[:12])
    return (
        f"{channel}: {len(implicated(findings, vectors))} of {len(vectors)} vectors came out "
        f"executable ({len(findings)} findings), e.g.\n  {shown}"
    )
