"""The real-world corpus (MANIFEST.json in tests/references/corpus/): every file is read without a
crash, and each record agrees with a trusted reader field by field, at least 99.5 % per field
and format, every remaining difference explained in the manifest.

The files, copied from other projects' test suites, are not in this repository
(tests/references/CORPUS.md): the tests reading them are skipped, saying so, when
EDITORIAL_TEST_CORPUS (or ../shared/corpus beside the checkout) does not hold them; the manifest's
own consistency and the figures it shows are checked either way."""

from __future__ import annotations

import logging
import warnings

import pytest

from references.parsers import ReferenceParseError, decode_upload, parse_references
from tests.references.corpus_reading import (
    CORPUS,
    CORPUS_ABSENT,
    FIELDS,
    compare_corpus,
    figures,
    manifest,
)
from tests.shared_corpus import sha256

MIN_AGREEMENT = 99.5
# Records compared in each format, at least: enough that one difference is within the 0.5 % the
# agreement allows, so that 99.5 % says something about every format.
MIN_RECORDS = 300


needs_the_files = pytest.mark.skipif(bool(CORPUS_ABSENT), reason=CORPUS_ABSENT)


@pytest.fixture(scope="module")
def corpus():
    if CORPUS_ABSENT:
        pytest.skip(CORPUS_ABSENT)
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


def test_the_manifest_lists_every_file_with_its_source_licence_and_checksum():
    data = manifest()
    names = [item["file"] for item in data["files"]]
    assert len(names) == len(set(names)) >= 300
    for item in data["files"]:
        assert item["repository"] and len(item["commit"]) == 40 and item["path"]
        assert item["licence"]
        assert len(item["sha256"]) == 64
        assert item["file"].split("/")[0] == item["format"]
        assert item.get("compare", True) or item["why_not_compared"]
    for fmt in ("ris", "bibtex", "medline", "csl_json"):
        assert any(item["format"] == fmt for item in data["files"]), fmt
        assert data["trusted_readers"][fmt]


def test_the_manifest_s_figures_meet_the_thresholds_and_agree_with_its_differences():
    """What the manifest shows, without the files: at least 300 records and 99.5 % agreement per
    field and format, each percentage the one its counts give, each difference explained and
    counted once, in a file the manifest lists and compares."""
    data = manifest()
    compared = {item["file"] for item in data["files"] if item.get("compare", True)}
    assert set(data["agreement"]) == {"ris", "bibtex", "medline", "csl_json"}
    keys = [item["key"] for item in data["differences"]]
    assert len(keys) == len(set(keys))
    for item in data["differences"]:
        assert item["reason"], item["key"]
        assert item["key"].split("#")[0] in compared, item["key"]
    for fmt, fields in data["agreement"].items():
        assert set(fields) == set(FIELDS)
        for field, figure in fields.items():
            records, differing = figure["records"], figure["differences"]
            assert records >= MIN_RECORDS, (fmt, field, records)
            assert differing == sum(
                1 for key in keys if key.startswith(f"{fmt}/") and key.endswith(f":{field}")
            ), (fmt, field)
            assert figure["agreement_percent"] == round(100 * (records - differing) / records, 2)
            assert figure["agreement_percent"] >= MIN_AGREEMENT, (fmt, field)


@needs_the_files
def test_the_files_are_the_ones_the_manifest_lists():
    data = manifest()
    listed = {item["file"]: item["sha256"] for item in data["files"]}
    on_disk = {str(path.relative_to(CORPUS)) for path in CORPUS.rglob("*") if path.is_file()} - {
        "MANIFEST.json"
    }
    assert set(listed) == on_disk
    changed = [name for name, digest in listed.items() if sha256(CORPUS / name) != digest]
    assert changed == [], "files that are not the copy the manifest's figures were computed on"


@needs_the_files
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
