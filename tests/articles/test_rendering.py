"""Markdown with citations: numbering, markers, headings and sanitising."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from articles.models import ArticleReference, Section
from articles.rendering import render_article, render_markdown
from editorial.workflow import article_transition
from references.citations import cited_keys, cited_keys_in
from tests.factories import ArticleFactory, ReferenceFactory, board_reviews


def work(key: str, kind: str = "research") -> dict:
    return {"key": key, "kind": kind, "title": f"Title of {key}.", "journal": "J", "year": 2020}


WORKS = {key: work(key) for key in ["alpha", "beta", "gamma", "delta"]}


def citation_numbers(html: str) -> list[list[int]]:
    """The numbers each citation marker links to, marker by marker."""
    groups = []
    for sup in re.findall(r'<sup class="citation">(.*?)</sup>', html):
        links = re.findall(r'<a href="#ref-(\d+)"[^>]*>(\d+)</a>', sup)
        assert all(href == text for href, text in links), sup
        groups.append([int(href) for href, _ in links])
    return groups


# --------------------------------------------------------------------------------------------
# Numbering
# --------------------------------------------------------------------------------------------


def test_works_are_numbered_by_first_citation_across_sections():
    page = render_article(
        title="Q?",
        sections=[
            ("From the Guidelines", "First [@gamma], then [@alpha]."),
            ("From the Research", "Now [@delta] and [@gamma] again, and [@beta]."),
        ],
        works=WORKS,
    )
    assert [(ref.number, ref.key) for ref in page.references] == [
        (1, "gamma"),
        (2, "alpha"),
        (3, "delta"),
        (4, "beta"),
    ]
    assert citation_numbers(page.sections[0].html) == [[1], [2]]
    assert citation_numbers(page.sections[1].html) == [[3], [1], [4]]
    assert page.unresolved_keys == []


def test_listed_works_that_are_never_cited_get_no_number():
    page = render_article(title="Q?", sections=[("S", "Only [@beta].")], works=WORKS)
    assert [ref.key for ref in page.references] == ["beta"]
    assert page.references[0].number == 1


def test_a_work_cited_twice_keeps_its_first_number():
    page = render_article(
        title="Q?",
        sections=[("A", "[@alpha] [@beta]"), ("B", "[@beta] then [@alpha] then [@beta]")],
        works=WORKS,
    )
    assert citation_numbers(page.sections[0].html) == [[1], [2]]
    assert citation_numbers(page.sections[1].html) == [[2], [1], [2]]
    assert len(page.references) == 2


@pytest.mark.parametrize("separator", ["; ", ";", ", ", ",", " ; "])
def test_a_marker_with_several_keys_cites_them_all_in_ascending_order(separator):
    marker = f"[@gamma{separator}@alpha{separator}@beta]"
    body = f"One [@alpha], two [@beta], three [@gamma]. All: {marker}."
    page = render_article(title="Q?", sections=[("S", body)], works=WORKS)
    assert citation_numbers(page.sections[0].html) == [[1], [2], [3], [1, 2, 3]]
    assert ">1</a>, <a" in page.sections[0].html


def test_a_marker_repeating_a_key_cites_it_once():
    page = render_article(
        title="Q?", sections=[("S", "[@beta] [@alpha; @beta; @alpha]")], works=WORKS
    )
    assert citation_numbers(page.sections[0].html) == [[1], [1, 2]]


def test_first_citation_inside_a_multi_key_marker_sets_the_order():
    page = render_article(title="Q?", sections=[("S", "[@delta; @alpha] [@alpha]")], works=WORKS)
    assert [ref.key for ref in page.references] == ["delta", "alpha"]
    assert citation_numbers(page.sections[0].html) == [[1, 2], [2]]


def test_cited_keys_follow_first_appearance_and_deduplicate():
    assert cited_keys("[@b] x [@a; @b] y [@c, @a]") == ["b", "a", "c"]
    assert cited_keys_in(["[@b]", "[@a] [@b]", "", "[@c]"]) == ["b", "a", "c"]
    assert cited_keys("No citation here, not even [this] or [@] or [ @a].") == []


# --------------------------------------------------------------------------------------------
# Unresolved markers
# --------------------------------------------------------------------------------------------


def test_unresolved_markers_are_visible_and_listed():
    page = render_article(
        title="Q?",
        sections=[("A", "Known [@alpha], unknown [@nowhere]."), ("B", "[@beta; @ghost]")],
        works=WORKS,
    )
    assert page.unresolved_keys == ["nowhere", "ghost"]
    first, second = (section.html for section in page.sections)
    assert '<span class="citation-missing" title="No reference: nowhere">[?nowhere]</span>' in first
    assert 'class="citation-missing"' in second and "[?ghost]" in second
    # Missing works take no number: the resolved ones are numbered 1, 2 without gaps.
    assert citation_numbers(first) == [[1]]
    assert citation_numbers(second) == [[2]]
    assert [(ref.number, ref.key) for ref in page.references] == [(1, "alpha"), (2, "beta")]


def test_a_marker_citing_only_missing_works_renders_no_empty_citation():
    html = render_markdown("See [@nowhere].", {})
    assert "<sup" not in html
    assert "[?nowhere]" in html


# --------------------------------------------------------------------------------------------
# What is not a citation
# --------------------------------------------------------------------------------------------


def test_markers_in_code_spans_and_blocks_are_not_citations():
    body = "Write `[@alpha]` to cite.\n\n```\n[@beta]\n```\n\n    [@gamma]\n\nReal: [@delta]."
    assert cited_keys(body) == ["delta"]
    page = render_article(title="Q?", sections=[("S", body)], works=WORKS)
    html = page.sections[0].html
    assert "<code>[@alpha]</code>" in html
    assert "[@beta]" in html
    assert "[@gamma]" in html
    assert citation_numbers(html) == [[1]]
    assert [ref.key for ref in page.references] == ["delta"]
    assert page.unresolved_keys == []


def test_an_escaped_marker_is_not_a_citation():
    assert cited_keys(r"Literally \[@alpha]") == []


# --------------------------------------------------------------------------------------------
# Headings inside sections
# --------------------------------------------------------------------------------------------


def test_headings_in_bodies_start_at_h3():
    body = "# One\n\n## Two\n\n### Three\n\n#### Four\n\nSetext\n======\n\nSetext two\n---"
    html = render_markdown(body, {})
    assert re.findall(r"<(h\d)>([^<]*)</\1>", html) == [
        ("h3", "One"),
        ("h3", "Two"),
        ("h3", "Three"),
        ("h4", "Four"),
        ("h3", "Setext"),
        ("h3", "Setext two"),
    ]
    assert not re.search(r"</?h[12][ >]", html)


def test_section_anchors_are_unique():
    page = render_article(
        title="Q?", sections=[("Notes", "a"), ("Notes", "b"), ("???", "c")], works={}
    )
    anchors = [section.anchor for section in page.sections]
    assert len(set(anchors)) == 3
    assert anchors[0] == "section-notes"


# --------------------------------------------------------------------------------------------
# Sanitising
# --------------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.get_starttag_text()))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


DANGEROUS_TAGS = {"script", "img", "iframe", "object", "embed", "svg", "math", "style", "form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "background"}


def _is_site_markup(tag: str, attrs: dict) -> bool:
    """The page's own non-executable markup: its JSON-LD data block and its search form."""
    if tag == "script":
        return attrs.get("type") == "application/ld+json" and "src" not in attrs
    return tag == "form" and attrs.get("action") == "/search/"


def assert_no_executable_markup(html: str) -> _Tags:
    """No script element, no event handler, no javascript:/data: URL, in any tag."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    data_blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    for block in data_blocks:
        assert "<" not in block, block  # JSON-LD escapes <, > and & (json_script style)
    assert html.lower().count("<script") == len(data_blocks)
    for tag, attrs, raw in parser.tags:
        assert tag not in DANGEROUS_TAGS or _is_site_markup(tag, attrs), raw
        for name, value in attrs.items():
            assert not name.startswith("on"), raw
            if name in URL_ATTRIBUTES and value:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:")), raw
        if tag == "meta":  # a summary in a content attribute is text, never run or followed
            assert "http-equiv" not in attrs, raw
            continue
        lowered = raw.lower()
        assert "javascript:" not in lowered, raw
        assert "onerror=" not in lowered, raw
        assert "data:" not in lowered, raw
    return parser


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<span onmouseover="alert(1)">x</span>',
    ],
)
def test_the_checker_itself_catches_executable_markup(markup):
    with pytest.raises(AssertionError):
        assert_no_executable_markup(f"<p>{markup}</p>")


PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">raw</a>',
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](  javascript:alert(1) )",
    "[x](&#106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:image/png;base64,iVBORw0KGgo=)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    '![x](https://evil.example/x.png "a" onerror="alert(1)")',
    "# <script>alert(1)</script>",
    "[@alpha]<img src=x onerror=alert(1)>",
    "| a |\n| --- |\n| <img src=x onerror=alert(1)> |",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payloads_render_inert(payload):
    assert_no_executable_markup(render_markdown(payload, {"alpha": 1}))


def test_safe_links_survive_sanitising():
    html = render_markdown("[a](https://example.org/x) [b](mailto:x@example.org) [c](#ref-1)", {})
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    assert hrefs == ["https://example.org/x", "mailto:x@example.org", "#ref-1"]
    assert 'rel="noopener noreferrer nofollow"' in html


def test_raw_html_is_shown_as_text_not_dropped():
    html = render_markdown("Use <b>bold</b> & <script>x</script>", {})
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_payloads_in_a_published_article_never_become_markup(client, editor, board_member):
    script = "<script>alert('t')</script>"
    image = "<img src=x onerror=alert(1)>"
    article = ArticleFactory(content=False, title=f"Is {script} safe? {image}")
    reference = ReferenceFactory(
        key="alpha",
        title=f"{script} A title {image}",
        journal=f'<a href="javascript:alert(1)">Journal</a> {image}',
        authors=f"Doe J, {script}",
        volume="<b>1</b>",
        pages='"><script>alert(3)</script>',
    )
    ArticleReference.objects.create(article=article, reference=reference)
    body = "\n\n".join([*PAYLOADS, "Claim [@alpha]."])
    Section.objects.create(article=article, position=1, heading=f"{image} heading", body=body)
    Section.objects.create(
        article=article, position=2, heading=script, body='<a href="data:text/html,x">d</a>'
    )
    article_transition(article=article, action="submit", by=article.author)
    article_transition(article=article, action="start_review", by=editor)
    board_reviews(article, editor=editor)
    article_transition(article=article, action="approve", by=board_member)

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    parsed = assert_no_executable_markup(html)
    # The payloads are there, as text: escaped, not silently dropped.
    text = "".join(parsed.text)
    assert f"Is {script} safe? {image}" in text
    assert f"{image} heading" in text
    assert f"{script} A title {image}" in text
    assert "Doe J, <script>alert('t')</script>." in text
    assert '<a href="javascript:alert(1)">Journal</a>' in text
    assert "Claim 1." in " ".join(text.split())
    # The page itself still works: its own links and the citation are real markup.
    assert '<a href="#ref-1"' in html
    assert '<li id="ref-1"' in html


def test_table_alignment_renders_without_inline_styles():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |", {})
    assert "<table>" in html
    assert "style=" not in html
