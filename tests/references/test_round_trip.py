"""Exports that read back identically (issue 22, item 7): every work of the real-world corpus,
written as RIS, BibTeX and CSL-JSON and read again, has the same fields; BibTeX's special
sequences (dashes, braces, TeX specials, quotes, a backslash) are protected. The corpus's files are
not in this repository (tests/references/CORPUS.md): without them its test is skipped, saying so,
and the hand-written cases still run."""

from __future__ import annotations

import logging
import warnings

import pytest

from references.exports import to_bibtex, to_csl_json, to_ris
from references.formatting import split_authors
from references.parsers import ReferenceParseError, read_references
from tests.references.corpus_reading import CORPUS, CORPUS_ABSENT, manifest

FIELDS = (
    "title", "authors", "work_type", "journal", "journal_abbreviation", "publisher", "year",
    "volume", "issue", "pages", "doi", "pmid", "url", "kind",
)  # fmt: skip
EXPORTS = {"ris": to_ris, "bibtex": to_bibtex, "csl_json": to_csl_json}


def works_of(entries) -> list[dict]:
    """The valid entries as the library stores them (Reference.snapshot()'s keys)."""
    works = []
    for number, entry in enumerate(entries):
        if entry.is_valid:
            fields = entry.reference_fields()
            works.append(
                {"key": f"k{number}", **{name: fields[name] for name in FIELDS},
                 "kind": fields["kind"] or "research"}
            )  # fmt: skip
    return works


def comparable(work: dict) -> dict:
    return {**work, "key": None, "authors": split_authors(work["authors"])}


@pytest.fixture(scope="module")
def corpus_works() -> list[tuple[str, list[dict]]]:
    if CORPUS_ABSENT:
        pytest.skip(CORPUS_ABSENT)
    found = []
    logging.disable(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for item in manifest()["files"]:
                try:
                    parsed = read_references((CORPUS / item["file"]).read_bytes(), item["format"])
                except ReferenceParseError:
                    continue
                works = works_of(parsed.entries)
                if works:
                    found.append((item["file"], works))
    finally:
        logging.disable(logging.NOTSET)
    return found


@pytest.mark.parametrize("fmt", EXPORTS)
def test_every_corpus_work_reads_back_identically(corpus_works, fmt):
    assert sum(len(works) for _, works in corpus_works) >= 2500
    kinds = {work["work_type"] for _, works in corpus_works for work in works}
    assert kinds == {"article", "book", "chapter"}
    differences = []
    for name, works in corpus_works:
        back = read_references(EXPORTS[fmt](works).encode(), fmt).entries
        assert all(entry.is_valid for entry in back), (name, [e.errors for e in back][:3])
        for written, read in zip(works, works_of(back), strict=True):
            if comparable(written) != comparable(read):
                differences.append((name, written, read))
    assert differences == []


@pytest.mark.parametrize(
    "title",
    [
        "The Bio* toolkits--a brief overview",
        "Dashes -- and --- here",
        "Braces {like} these } and {",
        "50% of $5 & #1 in a_b",
        "A back\\slash and a tilde~",
        "``Quoted'' and `single' and ?` !`",
        "$R_1\\rho$ kept as written",
        "Caret ^ and a-{}-b",
    ],
)
def test_bibtex_special_sequences_read_back_as_written(title):
    work = {"key": "k", "kind": "research", "title": title, "authors": "Thi{'ebaux S, Smith J",
            "journal": "Attach & Hum Dev", "year": 2020, "pages": "1661-1670"}  # fmt: skip
    written = to_bibtex([work])
    assert "--" not in written.split("pages")[0]  # no dash ligature before the pages
    [entry] = read_references(written.encode(), "bibtex").entries
    assert (entry.title, entry.journal, entry.authors) == (
        title,
        "Attach & Hum Dev",
        ["Thi{'ebaux S", "Smith J"],
    )
    assert entry.pages == "1661-1670"
