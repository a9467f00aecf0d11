"""The real-world corpus (tests/references/corpus/, MANIFEST.json): every file is read without a
crash, and each record agrees with a trusted reader field by field, at least 99.5 % per field
and format, every remaining difference explained in the manifest."""

from __future__ import annotations

import logging
import warnings

import pytest

from references.parsers import ReferenceParseError, decode_upload, parse_references
from tests.references.corpus_reading import CORPUS, FIELDS, compare_corpus, figures, manifest

MIN_AGREEMENT = 99.5
# Records compared in each format, at least: enough that one difference is within the 0.5 % the
# agreement allows, so that 99.5 % says something about every format.
MIN_RECORDS = 300


@pytest.fixture(scope="module")
def corpus():
    data = manifest()
    compared = [item for item in data["files"] if item.get("compare", True)]
    logging.disable(logging.CRITICAL)  # the readers' own complaints about broken test files
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            comparison = compare_corpus(compared)
    finally:
        logging.disable(logging.NOTSET)
    return data, comparison


def test_the_manifest_lists_every_file_with_its_source_and_licence():
    data = manifest()
    listed = {item["file"] for item in data["files"]}
    on_disk = {str(path.relative_to(CORPUS)) for path in CORPUS.rglob("*") if path.is_file()} - {
        "MANIFEST.json"
    }
    assert listed == on_disk
    assert len(listed) >= 300
    for item in data["files"]:
        assert item["repository"] and len(item["commit"]) == 40 and item["path"]
        assert item["licence"]
        assert item.get("compare", True) or item["why_not_compared"]
    for fmt in ("ris", "bibtex", "medline", "csl_json"):
        assert any(item["format"] == fmt for item in data["files"]), fmt
        assert data["trusted_readers"][fmt]


def test_every_file_is_read_or_refused_cleanly():
    logging.disable(logging.CRITICAL)
    try:
        for item in manifest()["files"]:
            try:
                text, _ = decode_upload((CORPUS / item["file"]).read_bytes())
                parse_references(text, item["format"])
            except ReferenceParseError:
                pass  # a clean refusal, e.g. a file of comments only
    finally:
        logging.disable(logging.NOTSET)


def test_records_agree_with_the_trusted_readers(corpus):
    data, comparison = corpus
    explained = {item["key"]: item["reason"] for item in data["differences"]}
    unexplained = [d for d in comparison.differences if d.key not in explained]
    assert unexplained == [], "differences the manifest does not explain"
    assert all(explained.values())
    assert set(comparison.compared) == {"ris", "bibtex", "medline", "csl_json"}
    for fmt, counts in comparison.compared.items():
        for field in FIELDS:
            records = counts[field]
            assert records >= MIN_RECORDS, (fmt, field, records)
            differing = sum(
                1
                for d in comparison.differences
                if d.field == field and d.file.startswith(f"{fmt}/")
            )
            agreement = 100 * (records - differing) / records
            assert agreement >= MIN_AGREEMENT, (fmt, field, agreement)


def test_the_manifest_s_figures_are_today_s(corpus):
    """A difference fixed since is taken out of the manifest, so it explains only what is; and
    the figures it shows are today's (corpus_reading.write_manifest_figures rewrites them)."""
    data, comparison = corpus
    found = {d.key for d in comparison.differences}
    assert {item["key"] for item in data["differences"]} == found
    today = figures(comparison)
    assert data["agreement"] == today["agreement"]
    assert data["refused_as_unreadable"] == today["refused_as_unreadable"]
