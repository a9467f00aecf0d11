"""Malformed citation markers (``references.citations``): every ``[@…]`` that is no marker is
found with its line, column and the marker to write instead, never in code; readers read it as
the text it is, the authors' preview highlights it."""

from __future__ import annotations

import pytest

from articles.rendering import render_article, render_markdown
from references.checks import MALFORMED, malformed_citations, malformed_marker_message
from references.citations import (
    GENERIC_MARKER,
    MalformedMarker,
    cited_keys,
    malformed_markers,
    well_formed,
)


@pytest.mark.parametrize(
    ("text", "marker", "suggestion"),
    [
        ("See [@] here.", "[@]", GENERIC_MARKER),
        ("Both [@k1; @].", "[@k1; @]", "[@k1]"),
        ("Spaced [@ k1] out.", "[@ k1]", "[@k1]"),
        ("Common [@k1, k2].", "[@k1, k2]", "[@k1; @k2]"),
        ("Tight [@k1,k2].", "[@k1,k2]", "[@k1; @k2]"),
        ("Twice [@k1; k1].", "[@k1; k1]", "[@k1]"),
        ("Words [@smith et al].", "[@smith et al]", "[@smith; @et; @al]"),
        ("Never closed [@smith2018 says so.", "[@smith2018", "[@smith2018]"),
        ("Only punctuation [@;,].", "[@;,]", GENERIC_MARKER),
    ],
)
def test_each_malformed_marker_is_found_with_the_marker_to_write(text, marker, suggestion):
    found = malformed_markers(text)
    assert found == [MalformedMarker(1, text.index(marker) + 1, marker, suggestion)]
    assert cited_keys(text) == []  # it cites nothing
    assert well_formed(marker) == suggestion
    assert malformed_markers(text.replace(marker, suggestion)) == []  # the suggestion is a marker


@pytest.mark.parametrize(
    "text",
    [
        "One [@k1].",
        "Several [@k1; @k2] and [@k1, @k2] and [@a;@b].",
        "Over a line break [@k1;\n@k2].",
        "In code `[@ k1]` and ``[@k1, k2]`` too.",
        "A fenced block:\n\n```\n[@k1, k2]\n```\n\n    [@ indented code]",
        "Escaped \\[@ k1] is text.",
        "No marker at all [k1] or @k1.",
    ],
)
def test_well_formed_markers_and_literal_text_are_not_malformed(text):
    assert malformed_markers(text) == []


def test_positions_are_lines_and_columns_of_the_text_as_typed():
    text = (
        "First paragraph [@ok].\n"
        "continued [@ bad] here.\n"
        "\n"
        "- a list item\n"
        "- item [@x, y] two\n"
        "\n"
        "> quoted\n"
        ">   more [@]\n"
        "\n"
        "| a | b |\n"
        "|---|---|\n"
        "| c | [@p,q] |\n"
        "\n"
        "### Heading [@ h]\n"
        "[@ start] of a line, [@ again] on it"
    )
    found = [(m.line, m.column, m.text) for m in malformed_markers(text)]
    lines = text.split("\n")
    assert found == [
        (2, 11, "[@ bad]"),
        (5, 8, "[@x, y]"),
        (8, 10, "[@]"),
        (12, 7, "[@p,q]"),
        (14, 13, "[@ h]"),
        (15, 1, "[@ start]"),
        (15, 22, "[@ again]"),
    ]
    for line, column, marker in found:  # each position points at the marker itself
        assert lines[line - 1][column - 1 :].startswith(marker)


def test_a_finding_names_the_section_the_position_and_the_marker_to_write():
    findings = malformed_citations([("Intro", "Fine."), ("", "Two\nsee [@k1, k2].")])
    assert [finding.code for finding in findings] == [MALFORMED]
    message = findings[0].message
    assert message == malformed_marker_message(
        "In section 2, line 2, column 5", "[@k1, k2]", "[@k1; @k2]"
    )
    assert message.startswith("In section 2, line 2, column 5: [@k1, k2]")
    assert message.endswith("write [@k1; @k2].") and ".”." not in message
    named = malformed_citations([("From the Guidelines", "x [@]")])[0].message
    assert named.startswith("In “From the Guidelines”, line 1, column 3: [@]")


def test_readers_read_a_malformed_marker_as_text_and_the_preview_highlights_it():
    text = "Common [@k1, k2] & <b>bold</b>."
    public = render_markdown(text, {})
    assert public == "<p>Common [@k1, k2] &amp; &lt;b&gt;bold&lt;/b&gt;.</p>\n"
    preview = render_markdown(text, {}, mark_malformed=True)
    assert (
        '<mark class="citation-malformed" title="Not a citation marker: write [@k1; @k2]">'
        "[@k1, k2]</mark>" in preview
    )
    page = render_article(title="Q?", sections=[("S", "x [@ k1]")], works={}, mark_malformed=True)
    assert "<mark" in page.sections[0].html
    public_page = render_article(title="Q?", sections=[("S", "x [@ k1]")], works={})
    assert public_page.sections[0].html == "<p>x [@ k1]</p>\n"
