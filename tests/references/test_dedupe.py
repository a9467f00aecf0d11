"""De-duplication by index (issue 22, item 1): the record of a work is found through indexed
columns (identifier keys, the title key), in a fixed number of queries whatever the size of the
library; near-duplicates are found for a person to judge."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from references.dedupe import (
    MATCHED_ISBN,
    MATCHED_PMCID,
    MATCHED_TITLE,
    find_existing,
    near_matches,
)
from references.models import Reference
from references.parsers import parse_references
from references.services import reference_import
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

DOI_FORMS = [
    "10.1000/Trial.1",
    "10.1000/trial.1.",
    "https://doi.org/10.1000/TRIAL.1",
    "doi.org/10.1000/trial.1",
    "https://www.doi.org/10.1000/trial.1",
    "doi:10.1000/trial.1",
    "doi 10.1000/trial.1",
    "https://doi.org/10.1000%2Ftrial.1",
]


def ris(title: str, *, year: int = 2021, journal: str = "Lancet", doi: str = "", extra=""):
    return (
        f"TY  - JOUR\nTI  - {title}\nJO  - {journal}\nPY  - {year}\n"
        + (f"DO  - {doi}\n" if doi else "")
        + extra
        + "ER  - \n"
    )


def test_every_form_of_one_doi_imports_as_one_record(editor):
    text = "".join(ris(f"Form {number}", doi=doi) for number, doi in enumerate(DOI_FORMS))
    parsed = parse_references(text).entries
    assert all(entry.errors == [] for entry in parsed)
    for entry in parsed:
        entry.kind = "research"
    outcome = reference_import(entries=parsed, by=editor)
    assert len(outcome.created) == 1 and len(outcome.merged) == len(DOI_FORMS) - 1
    assert Reference.objects.get().doi == "10.1000/Trial.1"


def test_a_pmcid_and_an_isbn_with_the_title_find_the_record():
    ReferenceFactory(pmcid="PMC42", title="Chapter one", year=2020, isbn="9780306406157")
    assert find_existing(pmcid="pmc 42")[1] == MATCHED_PMCID
    found, how = find_existing(title="Chapter one", year=2020, journal="Other", isbn="0306406152")
    assert how == MATCHED_ISBN and found is not None
    assert find_existing(title="Chapter two", year=2020, isbn="0306406152") == (None, "")


def test_titles_that_differ_only_in_article_spelling_and_greek_letters_are_one_work():
    ReferenceFactory(title="The randomised trial of β-blockers", journal="Lancet", year=2021)
    found, how = find_existing(title="Randomized trial of beta blockers", year=2021,
                               journal="The Lancet.")  # fmt: skip
    assert how == MATCHED_TITLE or found is None  # "The Lancet" is another journal key
    found, how = find_existing(title="Randomized trial of beta blockers", year=2021,
                               journal="lancet")  # fmt: skip
    assert how == MATCHED_TITLE and found is not None


@pytest.mark.parametrize("library", [5, 60])
def test_a_look_up_costs_the_same_queries_whatever_the_library(library):
    """Two queries at most: one over the identifier keys, one on the title key index; never the
    works of a year read into Python."""
    for number in range(library):
        ReferenceFactory(title=f"Work {number}", year=2021, doi=f"10.1000/w.{number}")
    with CaptureQueriesContext(connection) as queries:
        assert find_existing(doi="10.1000/new", pmid="99", title="Unrelated", year=2021,
                             journal="Lancet") == (None, "")  # fmt: skip
    assert len(queries) == 2
    for query in queries:
        assert "title_key" in query["sql"] or "doi_key" in query["sql"]


def test_import_queries_per_entry_are_fixed(editor):
    def import_count(count: int, start: int) -> int:
        text = "".join(ris(f"New work {start + n}", doi=f"10.1000/n.{start + n}")
                       for n in range(count))  # fmt: skip
        parsed = parse_references(text).entries
        for entry in parsed:
            entry.kind = "research"
        with CaptureQueriesContext(connection) as queries:
            reference_import(entries=parsed, by=editor)
        return len(queries)

    ten, twenty, thirty = import_count(10, 0), import_count(20, 100), import_count(30, 200)
    per_entry = (twenty - ten) / 10
    assert thirty - twenty == twenty - ten  # the same queries for each further entry
    assert per_entry == int(per_entry) and per_entry <= 12


def test_the_library_keeps_its_match_keys_through_bulk_writes():
    reference = ReferenceFactory.build(title="The β trial", doi="https://doi.org/10.1/x.")
    reference.fill_keys()
    assert (reference.doi_key, reference.title_key) == ("", "beta trial")  # 10.1 is no DOI
    reference = ReferenceFactory(title="The β trial", doi="10.1000/X")
    assert Reference.objects.get(pk=reference.pk).doi_key == "10.1000/x"


def test_near_duplicates_are_found_with_their_evidence():
    existing = ReferenceFactory(
        title="Effect of early mobilisation after stroke: a randomised trial",
        journal="Lancet", year=2020, authors="Bernhardt J, Langhorne P",
    )  # fmt: skip
    ReferenceFactory(title="Something else entirely", journal="Lancet", year=2020)
    [match] = near_matches(
        title="Effect of early mobilization after stroke", year=2021,
        journal="Lancet", authors="Bernhardt J",
    )  # fmt: skip
    assert match.reference == existing
    assert match.same_journal and match.year_difference == 1 and match.same_first_author
    assert "similar" in match.evidence and "1 year apart" in match.evidence
    assert near_matches(title="Unrelated subject", year=2020) == []
    assert near_matches(title="Effect of early mobilization after stroke", year=2015) == []
