"""LaTeX in BibTeX fields (references/latex.py): the common forms decoded from tables, exactly as
pylatexenc decodes them; the rest by pylatexenc within a budget per file, past which a field is
kept as written with a warning. Parse times are measured in bench/reference_import.py."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from references import latex
from references.latex import (
    FALLBACK_BUDGET,
    MATH_WORDS,
    WORDS,
    LatexDecoder,
    decode_known,
    decode_with_pylatexenc,
)
from references.parsers import parse_references

COMMON_FORMS = [
    ('Sch{\\"o}nberg', "Schönberg"),
    ("\\'{E}cole", "École"),
    ("{\\'e}t{\\'e}", "été"),
    ("\\'e\\`a\\^o\\~n\\=a\\.z", "éàôñāż"),
    ('\\"{\\i}', "ï"),
    ("\\'\\i", "í"),
    ("Fran\\c{c}ois \\c c", "François ç"),
    ("\\v{S}imi\\'{c}", "Šimić"),
    ("Erd\\H{o}s", "Erdős"),
    ("\\k{a}\\r{a}\\u{g}\\d{a}", "ąåğạ"),
    ("Stra{\\ss}e", "Straße"),
    ("Gau\\ss{} \\ss x", "Gauß ßx"),
    ("{\\O}stergaard S{\\o}ren", "Østergaard Søren"),
    ("\\AE sop \\ae\\oe\\OE", "Æsop æœŒ"),
    ("\\aa se \\AA", "åse Å"),
    ("\\L{}\\'od\\'z \\l", "Łódź ł"),
    ("Johnson \\& Johnson", "Johnson & Johnson"),
    ("50\\% \\$5 \\#1 a\\_b \\{x\\}", "50% $5 #1 a_b {x}"),
    ("pages 1--10, 1990---2000", "pages 1\u201310, 1990\u20142000"),
    ("``quoted''", "\u201cquoted\u201d"),
    ("a~b", "a\xa0b"),
    ("{DNA} and {RNA}: {T}he {C}ase", "DNA and RNA: The Case"),
    ("\\emph{Brief} \\textit{report} \\textbf{of} \\textsc{x}", "Brief report of x"),
    ("{\\em Lancet} {\\it x} {\\bf y}", "Lancet x y"),
    ("\\mbox{G-Animal's} \\NoCaseChange{iOS}", "G-Animal's iOS"),
    ("a\\,b\\ c", "a b c"),
    ("\\textendash\\ \\ldots", "\u2013 …"),
    ("$\\alpha$-synuclein", "\u03b1-synuclein"),
    ("NF-$\\kappa$B and $\\beta_2$", "NF-κB and β_2"),
    ("$\\mu$m, $\\leq 5$, $\\pm$ $\\times$", "μm, ≤ 5, ± \u00d7"),
    ("$\\mathrm{CO}_2$ at 37$^{\\circ}$C", "CO_2 at 37^∘C"),
    ("$O(n \\log n)$", "O(n log n)"),
]


def same_text(a: str, b: str) -> bool:
    return re.sub(r"\s+", " ", a).strip() == re.sub(r"\s+", " ", b).strip()


@pytest.mark.parametrize(("value", "expected"), COMMON_FORMS)
def test_common_forms_are_decoded_from_the_tables(value, expected):
    assert decode_known(value) == expected


@pytest.mark.parametrize(("value", "expected"), COMMON_FORMS)
def test_the_tables_agree_with_pylatexenc(value, expected):
    assert same_text(decode_with_pylatexenc(value), expected)


def test_every_table_entry_agrees_with_pylatexenc():
    for name, text in WORDS.items():
        assert same_text(decode_with_pylatexenc(f"\\{name}{{}}x"), f"{text}x"), name
        assert decode_known(f"\\{name}{{}}x") == f"{text}x"
    for name, text in MATH_WORDS.items():
        assert same_text(decode_with_pylatexenc(f"${{\\{name}}}$"), text), name
        assert decode_known(f"${{\\{name}}}$") == text


# Pieces of BibTeX field values; random strings of them are decoded both ways.
PIECES = [
    *("\\" + accent for accent in "'`^\"~=.uvHckrdb"),
    *(f"\\{name}" for name in WORDS),
    *(f"\\{name}" for name in ("emph", "textbf", "mbox", "mathrm", "text")),
    *(f"\\{name}" for name in sorted(MATH_WORDS)[::3]),
    "{", "}", "$", "\\i", "\\j", "\\&", "\\%", "\\$", "\\_", "\\{", "\\}", "--", "---", "``",
    "''", "~", "\\\\", "\\ ", "\\,", "-", "'", "`", "^", "_", " ", "\n", "\n\n", "\t", "e", "A",
    "o", "i", "x", "1", "=", "(",
]  # fmt: skip


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join))
def test_whatever_the_tables_decode_pylatexenc_decodes_the_same(value):
    known = decode_known(value)
    if known is not None and value.count("{") == value.count("}"):
        assert same_text(known, decode_with_pylatexenc(value))


def test_what_the_tables_do_not_know_is_left_to_pylatexenc():
    for value in ("\\foo{bar}", "$\\frac{1}{2}$", "\\'{}", "$$x$$", "50$", "$\\alpha \\beta$"):
        assert decode_known(value) is None
    assert LatexDecoder().decode("$\\frac{1}{2}$ and \\foo{bar}") == ("1/2 and bar", "")


def test_a_percent_sign_is_a_character_not_a_comment():
    """pylatexenc reads "%" as a comment: "50% of {DNA}" became "50"."""
    assert decode_known("50% of {DNA}") == "50% of DNA"
    assert LatexDecoder().decode("50% of \\foo{DNA}") == ("50% of DNA", "")


def test_fields_past_the_file_s_budget_are_kept_as_written():
    decoder = LatexDecoder(budget=30)
    assert decoder.decode("\\foo{a} \\foo{b}") == ("a b", "")  # 15 characters
    assert decoder.decode("\\foo{c} \\foo{d} \\foo{e}") == ("\\foo{c} \\foo{d} \\foo{e}", "budget")
    assert decoder.decode("\\foo{f}") == ("f", "")  # what is left still decodes smaller fields
    assert decoder.decode('M{\\"u}ller') == ("Müller", "")  # the tables cost no budget


def test_many_names_decoded_in_one_pass_as_each_on_its_own():
    parts = ['M{\\"u}ller', 'J\\"org', "\\ss", "x", "", "{\\O}", "\\'", "$\\alpha$"]
    assert LatexDecoder().decode_many(parts) == [LatexDecoder().decode(p) for p in parts]
    assert LatexDecoder().decode_many(parts[:4]) == [
        ("Müller", ""),
        ("Jörg", ""),
        ("ß", ""),
        ("x", ""),
    ]


def test_a_file_of_common_latex_never_reaches_pylatexenc(monkeypatch):
    """The tables decode the common forms in one pass: dense LaTeX in every title costs no
    pylatexenc time (which made a 2 MB file take 68 s)."""

    def refuse(value):
        raise AssertionError(f"pylatexenc called on {value!r}")

    monkeypatch.setattr(latex, "decode_with_pylatexenc", refuse)
    title = "|".join(value for value, _ in COMMON_FORMS)
    text = "".join(
        f'@article{{k{n}, author = {{M{{\\"u}}ller, J{{\\"o}}rg and {{\\O}}rsted, H.}}, '
        f"title = {{{n} {title}}}, journal = {{J {{\\&}} K}}, year = 2020}}\n"
        for n in range(50)
    )
    entries = parse_references(text, "bibtex").entries
    expected = "|".join(text for _, text in COMMON_FORMS)
    assert [entry.title for entry in entries] == [
        re.sub(r"\s+", " ", f"{n} {expected}").strip() for n in range(50)
    ]
    assert all(entry.authors == ["Müller J", "Ørsted H"] for entry in entries)
    assert all(entry.journal == "J & K" and not entry.warnings for entry in entries)


def test_past_the_budget_an_entry_keeps_its_title_as_written_and_says_so():
    title = "\\foo{Attachment} " * 25  # 425 characters no table knows
    text = "".join(
        f"@article{{k{n}, title = {{{n} {title}}}, journal = {{J}}, year = 2020}}\n"
        for n in range(20)
    )
    entries = parse_references(text, "bibtex").entries
    decoded = FALLBACK_BUDGET // len(f"0 {title}")
    for entry in entries[:decoded]:
        assert entry.title.endswith("Attachment Attachment") and not entry.warnings
    assert 0 < decoded < len(entries)
    for entry in entries[decoded:]:
        assert entry.title == f"{entry.position - 1} {title}".strip()
        assert entry.warnings == [
            "The LaTeX in the title field is shown as written, not decoded: the file holds more "
            "LaTeX than one import decodes. Check it, or import the file in parts."
        ]
        assert entry.is_valid  # kept, with a warning: the person importing decides
