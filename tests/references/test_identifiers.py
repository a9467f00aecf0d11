"""Identifiers as their registries write them (issue 22, item 3): every common form of a DOI,
PMID, PMCID and ISBN is stored one way and matched as one; what cannot be one is refused."""

import pytest

from references.identifiers import (
    doi_key,
    is_isbn,
    isbn_key,
    normalize_doi,
    normalize_isbn,
    normalize_pmcid,
    normalize_pmid,
    pmcid_key,
    pmid_key,
)
from references.parsers import parse_references
from references.parsers.finishing import NOT_A_DOI

ONE_WORK = [
    "10.1056/NEJMoa2034577",
    "10.1056/NEJMoa2034577.",
    "10.1056/nejmoa2034577",
    "https://doi.org/10.1056/NEJMoa2034577",
    "http://dx.doi.org/10.1056/NEJMoa2034577",
    "doi.org/10.1056/NEJMoa2034577",
    "https://www.doi.org/10.1056/NEJMoa2034577",
    "doi:10.1056/NEJMoa2034577",
    "DOI: 10.1056/NEJMoa2034577;",
    "doi 10.1056/NEJMoa2034577",
    "https://doi.org/10.1056%2FNEJMoa2034577",
    "info:doi/10.1056/NEJMoa2034577",
    "<10.1056/NEJMoa2034577>",
    "“10.1056/NEJMoa2034577”,",
]


@pytest.mark.parametrize("form", ONE_WORK)
def test_every_form_of_a_doi_is_one_key(form):
    assert doi_key(form) == "10.1056/nejmoa2034577"


def test_the_stored_doi_keeps_its_case():
    assert normalize_doi("https://doi.org/10.1056/NEJMoa2034577.") == "10.1056/NEJMoa2034577"


@pytest.mark.parametrize(
    ("form", "doi"),
    [
        # Brackets the DOI opens itself are its own; a closing one it never opened is prose.
        ("10.1016/S0140-6736(20)30183-5", "10.1016/S0140-6736(20)30183-5"),
        ("(doi:10.1016/S0140-6736(20)30183-5)", "10.1016/S0140-6736(20)30183-5"),
        (
            "10.1002/(SICI)1097-0258(19980815/30)17:15/16%3C1661::AID-SIM968%3E3.0.CO;2-2",
            "10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2",
        ),
        ("10.1000/a(b)c;d<e>", "10.1000/a(b)c;d<e>"),
    ],
)
def test_brackets_and_encoded_characters(form, doi):
    assert normalize_doi(form) == doi


@pytest.mark.parametrize("value", ["...", ".;,", "()", "doi:", "https://doi.org/", "10.12/x"])
def test_what_cannot_be_a_doi_has_no_key(value):
    assert doi_key(value) == ""


def test_an_identifier_of_only_punctuation_is_refused_on_its_entry():
    text = (
        "TY  - JOUR\nTI  - Only dots\nJO  - J\nPY  - 2020\nDO  - ...\nER  - \n"
        "TY  - JOUR\nTI  - Fine\nJO  - J\nPY  - 2020\nDO  - doi.org/10.1000/fine.\nER  - \n"
    )
    dots, fine = parse_references(text).entries
    assert dots.errors == [NOT_A_DOI.format(value="...")]
    assert fine.errors == [] and fine.doi == "10.1000/fine"


@pytest.mark.parametrize(
    "form", ["12345", "PMID: 12345", "pmid 12345", "0012345",
             "https://pubmed.ncbi.nlm.nih.gov/12345/", "https://www.ncbi.nlm.nih.gov/pubmed/12345"],
)  # fmt: skip
def test_pmid_forms(form):
    assert normalize_pmid(form) == "12345" and pmid_key(form) == "12345"


@pytest.mark.parametrize("value", ["0", "12a45", "...", "1234567890"])
def test_what_cannot_be_a_pmid(value):
    assert pmid_key(value) == ""


@pytest.mark.parametrize(
    "form",
    ["PMC1234567", "pmc1234567", "PMC 1234567", "PMCID: PMC1234567", "1234567",
     "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1234567/",
     "https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/"],
)  # fmt: skip
def test_pmcid_forms(form):
    assert normalize_pmcid(form) == "PMC1234567" and pmcid_key(form) == "PMC1234567"


@pytest.mark.parametrize(
    "form", ["978-0-306-40615-7", "9780306406157", "ISBN 0-306-40615-2", "0306406152",
             "ISBN-13: 978 0 306 40615 7"],
)  # fmt: skip
def test_isbn_forms_are_stored_as_isbn_13(form):
    assert normalize_isbn(form) == "9780306406157" and isbn_key(form) == "9780306406157"


@pytest.mark.parametrize("value", ["978-0-306-40615-8", "0-306-40615-3", "12345", "---"])
def test_isbns_with_a_wrong_check_digit_are_no_isbn(value):
    assert isbn_key(value) == "" and not is_isbn(normalize_isbn(value))


def test_parsers_read_pmcid_and_isbn():
    medline = "PMID- 30000001\nTI  - A chapter\nTA  - StatPearls\nDP  - 2023\nPMC - PMC42\n"
    [entry] = parse_references(medline).entries
    assert (entry.pmid, entry.pmcid) == ("30000001", "PMC42")
    bib = "@book{b, title={A book}, publisher={P}, year={2020}, isbn={0-306-40615-2}}"
    [book] = parse_references(bib).entries
    assert book.isbn == "9780306406157"
