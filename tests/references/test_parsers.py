"""Each import format with real-world samples, and malformed and hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from references.exports import to_bibtex, to_csl_json, to_ris
from references.models import ReferenceKind
from references.parsers import (
    MAX_IMPORT_BYTES,
    ReferenceParseError,
    decode_upload,
    detect_format,
    parse_references,
)

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def test_medline_multi_author_non_ascii_and_publication_types():
    prisma2020, prisma2009 = parse_references(sample("prisma.nbib"))
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
    assert prisma2009.kind == ReferenceKind.SYSTEMATIC_REVIEW  # from the title
    assert prisma2009.authors[-1] == "PRISMA Group"
    assert prisma2009.issue == "7"


def test_ris_names_doi_url_and_missing_fields():
    cohort, incomplete, who = parse_references(sample("library.ris"))
    assert cohort.authors == ["Müller HP", "Nguyễn VA", "O'Brien S", "van der Berg J"]
    assert cohort.doi == "10.1080/14616734.2019.1575001"  # from a doi.org URL
    assert cohort.url == ""
    assert (cohort.year, cohort.pages, cohort.pmid) == (2019, "101-118", "30800001")
    assert cohort.journal == "Attachment & human development"
    assert cohort.kind == ReferenceKind.OBSERVATIONAL
    assert incomplete.authors == ["Šimić A"]
    assert incomplete.errors == [
        "The journal or issuing body is missing.",
        "The year is missing or malformed.",
    ]
    assert who.title == "Guideline on the management of depression in primary care"
    assert who.authors == ["World Health Organization"]
    assert who.kind == ReferenceKind.GUIDELINE
    assert who.errors == []


def test_bibtex_latex_accents_doi_prefix_and_a_cut_off_entry():
    arriaga, mueller, nojournal, broken = parse_references(sample("library.bib"))
    assert arriaga.source_key == "arriaga2018revising"
    assert arriaga.authors == ["Arriaga XB", "Kumashiro M", "Simpson JA", "Overall NC"]
    assert arriaga.title.startswith("Revising Working Models Across Time: Relationship")
    assert (arriaga.doi, arriaga.pages, arriaga.issue) == ("10.1177/1088868317705257", "71-97", "1")
    assert mueller.authors[:4] == ["Müller J", "Nguyễn TM", "Dupont JL", "Østergaard S"]
    assert (mueller.journal, mueller.year, mueller.pmid) == (
        "Journal of Affective Disorders", 2020, "32000001",
    )  # fmt: skip
    assert mueller.kind == ReferenceKind.RANDOMISED_TRIAL
    assert "The year is missing or malformed." in nojournal.errors
    assert broken.source_key == "broken"
    assert any("could not be read" in error for error in broken.errors)


def test_csl_json_names_types_and_bad_values():
    ainsworth, nguyen, bad = parse_references(sample("library.json"))
    assert ainsworth.authors == ["Ainsworth MDS", "Blehar MC", "Waters E", "Wall S"]
    assert (ainsworth.journal, ainsworth.year) == ("Lawrence Erlbaum", 1978)
    assert nguyen.authors == ["Nguyễn VA", "Müller AS", "Attachment Research Consortium"]
    assert nguyen.doi == "10.1016/J.JAD.2022.01.001"
    assert (nguyen.year, nguyen.pages, nguyen.kind) == (2022, "1-10", "systematic_review")
    assert "The title is not text." in bad.errors
    assert "The DOI “not-a-doi” is malformed." in bad.errors


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
    [entry] = parse_references(json.dumps([{"title": "[" * 100, "issued": {"raw": "2020"}}]))
    assert entry.title == "[" * 100


def test_truncated_ris_marks_the_cut_off_record():
    text = sample("library.ris")
    [first, *_rest] = parse_references(text[: text.index("ER  -")])
    assert "The record is cut off: the file ends before its ER line." in first.errors


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


def test_cp1252_upload_is_read():
    assert decode_upload("TY  - JOUR\nAU  - Müller, H\n".encode("cp1252")).startswith("TY")


def test_large_valid_bibtex_is_read_in_reasonable_time():
    import time

    entry = (
        '@article{k%d, author={M{\\"u}ller, J and Smith, A}, title={T %d}, journal={J}, '
        "year=2020}\n"
    )
    text = "".join(entry % (n, n) for n in range(1000))
    started = time.perf_counter()
    entries = parse_references(text)
    assert len(entries) == 1000 and entries[-1].authors == ["Müller J", "Smith A"]
    assert time.perf_counter() - started < 20


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
    entries = parse_references(export(WORKS))
    assert [entry.errors for entry in entries] == [[], []]
    first, second = entries
    assert first.authors == ["Page MJ", "McKenzie JE", "Hróbjartsson A", "PRISMA Group"]
    assert first.title.replace("(", "{").replace(")", "}") == WORKS[0]["title"]
    assert (first.journal, first.year, first.doi, first.pmid) == (
        "BMJ", 2021, "10.1136/bmj.n71", "33782057",
    )  # fmt: skip
    assert first.kind == "guideline"
    assert (second.title, second.authors, second.pages, second.url, second.kind) == (
        "Ünïcode trial", ["Nguyễn VA"], "1-10", "https://example.org/a", "randomised_trial",
    )  # fmt: skip
