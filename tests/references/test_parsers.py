"""Each import format with samples, the problems measured in issue 13, and malformed and hostile
input. The real-world corpus is compared field by field in test_corpus.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from references import parsers
from references.exports import to_bibtex, to_csl_json, to_ris
from references.latex import LatexDecoder
from references.models import ReferenceKind
from references.parsers import (
    MAX_IMPORT_BYTES,
    ReferenceParseError,
    decode_upload,
    detect_format,
    parse_references,
    read_references,
)
from references.parsers.finishing import NOT_A_DOI

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def parse(text: str, format: str = ""):
    return parse_references(text, format).entries


def one(text: str, format: str = ""):
    [entry] = parse(text, format)
    return entry


def test_medline_multi_author_non_ascii_and_publication_types():
    prisma2020, prisma2009 = parse(sample("prisma.nbib"))
    assert prisma2020.errors == []
    assert prisma2020.title == (
        "The PRISMA 2020 statement: an updated guideline for reporting systematic reviews."
    )
    assert prisma2020.authors[:3] == ["Page MJ", "McKenzie JE", "Bossuyt PM"]
    assert "Hróbjartsson A" in prisma2020.authors and len(prisma2020.authors) == 10
    assert (prisma2020.journal, prisma2020.year, prisma2020.volume, prisma2020.pages) == (
        "BMJ (Clinical research ed.)", 2021, "372", "n71",
    )  # fmt: skip
    assert (prisma2020.doi, prisma2020.pmid) == ("10.1136/bmj.n71", "33782057")
    assert prisma2020.kind == ReferenceKind.GUIDELINE  # PT - Practice Guideline
    assert prisma2009.kind == ""  # PT Journal Article, Research Support: the file does not say
    assert prisma2009.authors[-1] == "PRISMA Group"
    assert prisma2009.issue == "7"


def test_ris_names_doi_url_and_missing_fields():
    cohort, incomplete, who = parse(sample("library.ris"))
    assert cohort.authors == ["Müller HP", "Nguyễn VA", "O'Brien S", "van der Berg J"]
    assert cohort.doi == "10.1080/14616734.2019.1575001"  # from a doi.org URL
    assert cohort.url == ""
    # AN is an accession number of an unnamed database (no DB or DP line): not a PMID.
    assert (cohort.year, cohort.pages, cohort.pmid) == (2019, "101-118", "")
    assert cohort.journal == "Attachment & human development"
    assert cohort.kind == ""  # KW (keywords) say what the work is about, not what it is
    assert incomplete.authors == ["Šimić A"]
    assert incomplete.errors == [
        "The journal or issuing body is missing.",
        "The year is missing or malformed.",
    ]
    assert who.title == "Guideline on the management of depression in primary care"
    assert who.authors == ["World Health Organization"]
    assert who.kind == ""  # "Guideline" in a title makes no guideline
    assert who.errors == []


def test_bibtex_latex_accents_doi_prefix_and_a_cut_off_entry():
    arriaga, mueller, nojournal, broken = parse(sample("library.bib"))
    assert arriaga.source_key == "arriaga2018revising"
    assert arriaga.authors == ["Arriaga XB", "Kumashiro M", "Simpson JA", "Overall NC"]
    assert arriaga.title.startswith("Revising Working Models Across Time: Relationship")
    assert (arriaga.doi, arriaga.pages, arriaga.issue) == ("10.1177/1088868317705257", "71-97", "1")
    assert mueller.authors[:4] == ["Müller J", "Nguyễn TM", "Dupont JL", "Østergaard S"]
    assert (mueller.journal, mueller.year, mueller.pmid) == (
        "Journal of Affective Disorders", 2020, "32000001",
    )  # fmt: skip
    assert mueller.kind == ""  # from its title only: not guessed
    assert "The year is missing or malformed." in nojournal.errors
    assert broken.source_key == "broken"
    assert any("could not be read" in error for error in broken.errors)


def test_csl_json_names_types_and_bad_values():
    ainsworth, nguyen, bad = parse(sample("library.json"))
    assert ainsworth.authors == ["Ainsworth MDS", "Blehar MC", "Waters E", "Wall S"]
    assert (ainsworth.journal, ainsworth.year) == ("Lawrence Erlbaum", 1978)
    assert nguyen.authors == ["Nguyễn VA", "Müller AS", "Attachment Research Consortium"]
    assert nguyen.doi == "10.1016/J.JAD.2022.01.001"
    assert (nguyen.year, nguyen.pages, nguyen.kind) == (2022, "1-10", "systematic_review")
    assert "The title is not text." in bad.errors
    assert NOT_A_DOI.format(value="not-a-doi") in bad.errors


@pytest.mark.parametrize(
    ("name", "expected"),
    [("prisma.nbib", "medline"), ("library.ris", "ris"), ("library.bib", "bibtex"),
     ("library.json", "csl_json")],
)  # fmt: skip
def test_format_is_recognised(name, expected):
    assert detect_format(sample(name)) == expected


# --------------------------------------------------------------------------------------------
# Malformed and hostile input: a clean message, never an exception of another kind
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "nothing to import"),
        ("Just some words.", "format was not recognised"),
        ('[{"title": "cut off', "malformed or cut off"),
        ("[" * 100_000 + "]" * 100_000, "more than 16 levels"),
        ('[{"a": ' * 50 + "1" + "}]" * 50, "more than 16 levels"),
        ("@article{x, title={" + "{" * 50_000 + "}" * 50_000 + "}}", "more than 16 levels"),
        ("TY  - JOUR\nTI  - x\nER  - \n" * 1500, "at most 1000"),
        ("x" * (MAX_IMPORT_BYTES + 1), "larger than 2 MB"),
        ("\x01\x02\x03\x04" * 200, "not a text file"),
        ('"just a string"', "not recognised"),
        ("42", "not recognised"),
        ('{"items": []}', "No references"),
    ],
)
def test_hostile_text_gives_a_clean_error(text, message):
    with pytest.raises(ReferenceParseError) as caught:
        parse_references(text)
    assert message.lower() in str(caught.value).lower()


def test_json_brackets_inside_strings_do_not_count_as_nesting():
    entry = one(json.dumps([{"title": "[" * 100, "issued": {"raw": "2020"}}]))
    assert entry.title == "[" * 100


def test_truncated_ris_marks_the_cut_off_record():
    text = sample("library.ris")
    [first, *_rest] = parse(text[: text.index("ER  -")])
    assert "The record is cut off: it has no ER line." in first.errors


def test_ris_record_without_er_before_the_next_is_not_folded_into_it():
    """rispy alone would keep the first record's title and silently lose the second's."""
    first, second = parse(
        "TY  - JOUR\nTI  - First\nJO  - J\nPY  - 2020\n"
        "TY  - JOUR\nTI  - Second\nJO  - J\nPY  - 2021\nER  - \n"
    )
    assert (first.title, second.title) == ("First", "Second")
    assert "The record is cut off: it has no ER line." in first.errors
    assert second.errors == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"%PDF-1.7\n\x00\x01", "not a text file"),
        (b"a" * (MAX_IMPORT_BYTES + 1), "larger than 2 MB"),
    ],
)
def test_binary_and_huge_uploads_are_refused(data, message):
    with pytest.raises(ReferenceParseError, match=message):
        decode_upload(data)


def test_large_valid_bibtex_is_read_whole():
    """Speed is measured in bench/reference_import.py; here, that nothing is lost."""
    entry = (
        '@article{k%d, author={M{\\"u}ller, J and Smith, A}, title={T %d}, journal={J}, '
        "year=2020, abstract={%s}}\n"
    )
    text = "".join(entry % (n, n, "\\emph{x} " * 100) for n in range(1000))
    entries = parse(text)
    assert len(entries) == 1000 and entries[-1].authors == ["Müller J", "Smith A"]
    assert entries[-1].title == "T 999"


# --------------------------------------------------------------------------------------------
# Exports read back in
# --------------------------------------------------------------------------------------------

WORKS = [
    {"key": "page2021prisma", "kind": "guideline",
     "title": "The PRISMA 2020 statement: 50% & {more}",
     "authors": "Page MJ, McKenzie JE, Hróbjartsson A, PRISMA Group", "journal": "BMJ",
     "year": 2021, "volume": "372", "issue": "", "pages": "n71", "doi": "10.1136/bmj.n71",
     "pmid": "33782057", "url": ""},
    {"key": "nguyen2022", "kind": "randomised_trial", "title": "Ünïcode trial",
     "authors": "Nguyễn VA", "journal": "J Affect Disord", "year": 2022, "volume": "300",
     "issue": "2", "pages": "1-10", "doi": "", "pmid": "", "url": "https://example.org/a"},
]  # fmt: skip


@pytest.mark.parametrize("export", [to_ris, to_bibtex, to_csl_json])
def test_exports_read_back(export):
    entries = parse(export(WORKS))
    assert [entry.errors for entry in entries] == [[], []]
    first, second = entries
    assert first.authors == ["Page MJ", "McKenzie JE", "Hróbjartsson A", "PRISMA Group"]
    assert first.title.replace("(", "{").replace(")", "}") == WORKS[0]["title"]
    assert (first.journal, first.year, first.doi, first.pmid) == (
        "BMJ", 2021, "10.1136/bmj.n71", "33782057",
    )  # fmt: skip
    assert first.kind == "guideline"  # from the format's publication-type field
    assert (second.title, second.authors, second.pages, second.url, second.kind) == (
        "Ünïcode trial", ["Nguyễn VA"], "1-10", "https://example.org/a", "randomised_trial",
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# The problems measured in issue 13, each made impossible
# --------------------------------------------------------------------------------------------

RIS_WORK = "TY  - JOUR\nTI  - {title}\nJO  - J Stud\nPY  - 2020\n{extra}ER  - \n"


@pytest.mark.parametrize("tag", ["M1", "N1", "AN", "C2", "C1", "M3"])
def test_ris_digits_in_a_note_or_misc_field_are_no_pmid(tag):
    """Two unrelated works with ``M1  - 3`` were one record: M1 3 was taken as a PMID."""
    first, second = parse(
        RIS_WORK.format(title="One", extra=f"{tag}  - 3\n")
        + RIS_WORK.format(title="Two", extra=f"{tag}  - 3\n")
    )
    assert (first.pmid, second.pmid) == ("", "")


@pytest.mark.parametrize(
    ("extra", "pmid"),
    [
        ("DB  - PubMed\nAN  - 33782057\n", "33782057"),
        ("DP  - NLM\nAN  - 33782057\n", "33782057"),
        ("DB  - MEDLINE\nAN  - 33782057\n", "33782057"),
        ("DB  - Scopus\nAN  - 33782057\n", ""),  # a Scopus accession number
        ("DB  - PubMed\nAN  - PMC123456\n", ""),
        ("DB  - PubMed\nN1  - PMID: 33782057\n", ""),
    ],
)
def test_ris_pmid_only_from_a_pubmed_accession_number(extra, pmid):
    assert one(RIS_WORK.format(title="T", extra=extra)).pmid == pmid


def test_bibtex_capitalised_field_names_keep_whole_authors():
    """``AUTHOR = {...}`` gave single-letter authors."""
    entry = one(
        "@ARTICLE{k, AUTHOR = {Smith, John and Jones, Kate}, TITLE = {T}, JOURNAL = {J}, "
        "YEAR = {2020}, DOI = {10.1000/ABC}}"
    )
    assert entry.authors == ["Smith J", "Jones K"]
    assert (entry.title, entry.journal, entry.year, entry.doi) == ("T", "J", 2020, "10.1000/ABC")


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("{Centers for Disease Control and Prevention}",
         ["Centers for Disease Control and Prevention"]),
        ("{National Institute for Health and Care Excellence}",
         ["National Institute for Health and Care Excellence"]),
        ("{A and B}", ["A and B"]),
        ("{World Health Organization} and Smith, John", ["World Health Organization", "Smith J"]),
        ("M{\\\"u}ller, J{\\\"o}rg and {\\O}stergaard, S{\\o}ren", ["Müller J", "Østergaard S"]),
        ("von Neumann, John and Smith, Jr., John", ["von Neumann J", "Smith J Jr."]),
        ("{Delgado de Molina}, A.", ["Delgado de Molina A"]),
    ],
)  # fmt: skip
def test_bibtex_braces_protect_names_from_splitting(author, expected):
    """Decoding LaTeX before splitting names split "{Centers for ... and Prevention}" in two."""
    entry = one(
        f"@article{{k, author = {{{author}}}, title = {{T}}, journal = {{J}}, year = 2020}}"
    )
    assert entry.authors == expected
    assert entry.errors == []


def test_bibtex_string_abbreviations_are_resolved_as_bibtex_does():
    """bibtexparser resolves a value that is one abbreviation; "jean # { } # cesar" left the
    authors empty, with a warning calling the defined abbreviations undefined."""
    entry = one(
        '@STRING{ JAMA = "JAMA" }\n@string(jean = {Jean})\n@string{cesar = {C{\\\'e}sar}}\n'
        '@string{full = jama # ": the " # "Journal"}\n'
        "@article{k, author = jean # { } # Cesar, title = {T}, journal = Full, year = 2020, "
        "month = jan, volume = 1 # 2}"
    )
    assert (entry.authors, entry.journal, entry.volume) == (["César J"], "JAMA: the Journal", "12")
    assert entry.warnings == []


def test_bibtex_a_repeated_string_is_no_entry():
    """A repeated @string was shown as an entry that could not be read, and counted as one."""
    [entry] = parse(
        "@string{j = {J}}\n@string{j = {J}}\n@article{k, title={T}, journal=j, year=2020}"
    )
    assert (entry.journal, entry.errors) == ("J", [])
    with pytest.raises(ReferenceParseError, match="No BibTeX entry"):
        parse("@string{j = {J}}\n" * 2000)


def test_bibtex_an_undefined_abbreviation_reads_as_empty_and_says_so():
    entry = one("@article{k, title = {T} # nowhere, journal = jama, year = 2020}")
    assert (entry.title, entry.journal) == ("T", "")
    assert entry.warnings == [
        "“nowhere” is an abbreviation no @string in the file defines.",
        "“jama” is an abbreviation no @string in the file defines.",
    ]
    assert "The journal or issuing body is missing." in entry.errors


def test_bibtex_doi_and_url_are_verbatim():
    """A DOI was cut at "%" (a LaTeX comment when decoded)."""
    entry = one(
        "@article{k, title={T}, journal={J}, year=2020, "
        "doi={10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0%20x}, "
        "url={https://example.org/a%20b_c}}"
    )
    assert entry.doi == "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0%20x"
    assert entry.url == "https://example.org/a%20b_c"


def test_bibtex_fields_not_read_are_never_decoded(monkeypatch):
    """A 500 KB abstract took 28 s to decode; fields the library does not read are dropped first
    (the time is measured in bench/reference_import.py)."""
    decoded: list[str] = []
    decode = LatexDecoder.decode

    def spy(self, value):
        decoded.append(value)
        return decode(self, value)

    monkeypatch.setattr(LatexDecoder, "decode", spy)
    entry = one(
        "@article{k, title={T {\\'e}}, journal={J}, year=2020, abstract={"
        + "\\emph{x} " * 50_000
        + "}}"
    )
    assert entry.title == "T é"
    assert "T {\\'e}" in decoded
    assert not any("emph" in value for value in decoded)


def test_bibtex_over_long_field_is_an_entry_error_not_decoded():
    entry = one("@article{k, title={" + "\\'e" * 3000 + "}, journal={J}, year=2020}")
    assert "The title field is longer than 4000 characters." in entry.errors


@pytest.mark.parametrize(
    "text",
    [
        "PMID-123\nTI  - A title\nJT  - J\nDP  - 2020\n",
        "PMID- 123\nTI  -A title\nJT  -J\nDP  -2020\n",
        "PMID-123\nTI-A title\nJT- J\nDP- 2020\n",
    ],
)
def test_medline_without_padding_or_space_is_read(text):
    """``PMID-123`` was detected as MEDLINE but its records dropped; ``TI  -This`` lost the
    title."""
    entry = one(text)
    assert (entry.pmid, entry.title, entry.journal, entry.year) == ("123", "A title", "J", 2020)


def test_medline_records_split_at_pmid_and_blank_lines_and_keep_author_order():
    first, second = parse(
        "PMID- 1\nTI  - One\n      continued\nCN  - PRISMA Group\nAU  - Smith J\n"
        "FAU - Smith, John\nJT  - J\nDP  - 2020 Mar\nPT  - Journal Article\n"
        "PT  - Randomized Controlled Trial\nAID - S0001 [pii]\nAID - 10.1000/x [doi]\n\n"
        "OWN - NLM\nTI  - Two\nFAU - Jones, Kate Ann\nJT  - J\nDP  - 2021\n"
    )
    assert (first.title, first.authors, first.doi) == (
        "One continued", ["PRISMA Group", "Smith J"], "10.1000/x",
    )  # fmt: skip
    assert first.kind == ReferenceKind.RANDOMISED_TRIAL
    assert (second.title, second.authors, second.pmid, second.kind) == (
        "Two", ["Jones KA"], "", "",
    )  # fmt: skip


def test_medline_records_from_pmc_start_with_their_pmc_line():
    """PMC's MEDLINE export puts the PMC line before the PMID: the record was cut in two, and
    every record after it shifted."""
    first, second = parse(
        "\nPMC - PMC6055010\nPMID- 30042925\nTI  - One\nJT  - J\nDP  - 2018\n\n"
        "PMC - PMC6090830\nPMID- 30123504\nTI  - Two\nJT  - K\nDP  - 2018\n",
        "medline",
    )
    assert (first.pmid, first.title, second.pmid, second.title) == (
        "30042925", "One", "30123504", "Two",
    )  # fmt: skip
    assert first.is_valid and second.is_valid


@pytest.mark.parametrize(
    "item",
    [
        '{"title": "Bad \\ud800 surrogate", "container-title": "J", "issued": {"raw": "2020"}}',
        '{"title": "NUL \\u0000 byte", "container-title": "J", "issued": {"raw": "2020"}}',
        '{"title": "T", "author": [{"family": "\\udfff"}], "container-title": "J", '
        '"issued": {"raw": "2020"}}',
    ],
)
def test_csl_json_nul_and_lone_surrogates_are_entry_errors(item):
    """They crashed the preview (500) and the command."""
    good = '{"title": "Fine", "container-title": "J", "issued": {"date-parts": [[2020]]}}'
    bad, fine = parse(f"[{item}, {good}]")
    assert any("NUL character or broken Unicode" in error for error in bad.errors)
    assert "\x00" not in bad.title and bad.title.encode("utf-8")  # can be shown and stored
    assert fine.errors == []


def test_a_stray_nul_in_a_text_file_is_the_entry_s_error():
    parsed = read_references(
        b"TY  - JOUR\nTI  - Bad\x00title\nJO  - J\nPY  - 2020\nER  - \n"
        b"TY  - JOUR\nTI  - Good\nJO  - J\nPY  - 2020\nER  - \n"
    )
    bad, good = parsed.entries
    assert bad.title == "Bad\ufffdtitle" and bad.errors
    assert good.errors == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # "Guideline" in a title made a journal article a Guideline.
        ("TY  - JOUR\nTI  - Adherence to guidelines in primary care\nJO  - J\nPY  - 2020\n"
         "ER  - \n", ""),
        ("TY  - JOUR\nTI  - T\nJO  - J\nPY  - 2020\nM3  - Practice Guideline\nER  - \n",
         ReferenceKind.GUIDELINE),
        ("TY  - JOUR\nTI  - T\nJO  - J\nPY  - 2020\nKW  - Guideline\nER  - \n", ""),
        ("PMID- 1\nTI  - Guidelines for reporting: a review\nJT  - J\nDP  - 2020\n"
         "PT  - Journal Article\n", ""),
        ("PMID- 1\nTI  - T\nJT  - J\nDP  - 2020\nPT  - Review\nPT  - Meta-Analysis\n",
         ReferenceKind.SYSTEMATIC_REVIEW),
        ("PMID- 1\nTI  - T\nJT  - J\nDP  - 2020\nPT  - Observational Study\n",
         ReferenceKind.OBSERVATIONAL),
        ("@article{k, title={Clinical practice guideline for X}, journal={J}, year=2020}", ""),
        ("@techreport{k, title={T}, institution={WHO}, year=2020, type={Guideline}}",
         ReferenceKind.GUIDELINE),
        ('[{"title": "A guideline", "type": "report", "publisher": "WHO", '
         '"issued": {"date-parts": [[2020]]}}]', ""),
        ('[{"title": "T", "genre": "Randomized Controlled Trial", "container-title": "J", '
         '"issued": {"date-parts": [[2020]]}}]', ReferenceKind.RANDOMISED_TRIAL),
    ],
)  # fmt: skip
def test_kind_comes_from_publication_type_data_only(text, kind):
    assert one(text).kind == kind


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        (b"\xef\xbb\xbfTY  - JOUR\nTI  - M\xc3\xbcller\nJO  - J\nPY  - 2020\nER  - \n", False),
        ("\ufeffTY  - JOUR\nTI  - Müller\nJO  - J\nPY  - 2020\nER  - \n".encode("utf-16"),
         False),
        ("TY  - JOUR\nTI  - Müller\nJO  - J\nPY  - 2020\nER  - \n".encode("utf-16-be")
         .join([b"\xfe\xff", b""]), False),
        ("TY  - JOUR\nTI  - Müller\nJO  - J\nPY  - 2020\nER  - \n".encode("latin-1"), True),
    ],
)  # fmt: skip
def test_encodings(data, warned):
    """A UTF-16 file was refused, and so was text starting with a byte order mark."""
    parsed = read_references(data)
    assert parsed.entries[0].title == "Müller"
    assert bool(parsed.warnings) == warned


def test_pasted_text_with_a_byte_order_mark_is_read():
    assert one("\ufeffTY  - JOUR\nTI  - T\nJO  - J\nPY  - 2020\nER  - \n").title == "T"


@pytest.mark.parametrize(
    ("url", "kept", "warned"),
    [
        ("www.who.int/publications/i/item/123", "https://www.who.int/publications/i/item/123",
         True),
        ("who.int/publications/x", "https://who.int/publications/x", True),
        ("https://example.org/a", "https://example.org/a", False),
        ("javascript:alert(1)", "", True),
        ("ftp://example.org/file", "", True),
        ("not a link", "", True),
    ],
)  # fmt: skip
def test_a_url_without_scheme_is_https_and_a_bad_one_is_dropped_not_the_entry(url, kept, warned):
    entry = one(f"TY  - JOUR\nTI  - T\nJO  - J\nPY  - 2020\nUR  - {url}\nER  - \n")
    assert entry.errors == []
    assert entry.url == kept
    assert bool(entry.warnings) == warned


def test_too_many_entries_are_refused_before_they_are_parsed(monkeypatch):
    with pytest.raises(ReferenceParseError, match="at most 1000"):
        parse_references("@article{k, title={T}}\n" * 1001)
    # BibTeX entries are counted before bibtexparser splits the file, even one after another on
    # a line; comments and @strings are not entries.
    monkeypatch.setattr(parsers.Splitter, "split", lambda self: pytest.fail("split"))
    with pytest.raises(ReferenceParseError, match="holds 1001 references"):
        parse_references("@comment{x}\n@string{j = {J}}\n" + "@article{k, title={T}}" * 1001)
    monkeypatch.undo()
    with pytest.raises(ReferenceParseError, match="at most 1000"):
        parse_references("PMID- 1\nTI  - T\n\n" * 1001)
    with pytest.raises(ReferenceParseError, match="at most 1000"):
        parse_references(json.dumps([{"title": "T"}] * 1001))
