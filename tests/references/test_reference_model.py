"""Reference validation: full_clean, the reference_create service, and the database constraints."""

from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from references.models import Reference, ReferenceKind
from references.services import reference_create

pytestmark = pytest.mark.django_db

DOI_TAKEN = "A reference with this DOI is already in the library."
PMID_TAKEN = "A reference with this PMID is already in the library."


def valid(**overrides) -> dict:
    fields = {
        "key": "forkey2021",
        "kind": ReferenceKind.GUIDELINE,
        "title": "Trauma-informed care.",
        "authors": "Forkey H, Szilagyi M",
        "journal": "Pediatrics",
        "year": 2021,
    }
    fields.update(overrides)
    return fields


def errors_of(**overrides) -> dict[str, list[str]]:
    """The validation errors of a reference built from ``valid(**overrides)``, by field."""
    with pytest.raises(ValidationError) as caught:
        Reference(**valid(**overrides)).full_clean()
    return caught.value.message_dict


def all_messages(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages]


def test_a_valid_reference_passes_and_is_created(editor):
    Reference(**valid()).full_clean()
    reference = reference_create(by=editor, **valid(doi="10.1542/peds.2021-052580", pmid="34580"))
    reference.refresh_from_db()
    assert reference.key == "forkey2021"
    assert reference.doi == "10.1542/peds.2021-052580"
    assert reference.pmid == "34580"


# --------------------------------------------------------------------------------------------
# DOI
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doi",
    [
        "10.1000/xyz123",
        "10.1542/peds.2021-052580",
        "10.1177/1088868318756080",
        "10.1080/14616730701868571",
        "10.1000.10/abc",
        "10.123456789/a(b)c;d<e>",
        "",
    ],
)
def test_good_dois_are_accepted(doi):
    reference = Reference(**valid(doi=doi))
    reference.full_clean()
    assert reference.doi == doi


@pytest.mark.parametrize(
    "doi",
    [
        "10.12/abc",  # registrant too short
        "10.1234567890/abc",  # registrant too long
        "11.1000/abc",  # not the DOI directory
        "10.abcd/xyz",  # registrant is not digits
        "10.1000",  # no suffix
        "10.1000/",  # empty suffix
        "10.1000/has space",
        "1000/xyz",
        "https://example.org/10.1000/xyz",
        "not a doi",
    ],
)
def test_bad_dois_are_refused(doi):
    errors = errors_of(doi=doi)
    assert list(errors) == ["doi"]
    assert "10.<registrant>/<suffix>" in errors["doi"][0]


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("https://doi.org/10.1542/peds.2021-052580", "10.1542/peds.2021-052580"),
        ("http://dx.doi.org/10.1000/XYZ", "10.1000/XYZ"),
        ("doi:10.1000/xyz", "10.1000/xyz"),
        ("DOI: 10.1000/xyz", "10.1000/xyz"),
        ("doi.org/10.1000/xyz", "10.1000/xyz"),
        ("https://www.doi.org/10.1000/xyz", "10.1000/xyz"),
        ("doi 10.1000/xyz", "10.1000/xyz"),
        ("10.1000/xyz.", "10.1000/xyz"),
        ("https://doi.org/10.1000%2Fxyz%3C1%3E", "10.1000/xyz<1>"),
    ],
)
def test_doi_resolver_prefixes_are_stripped(editor, entered, stored):
    reference = reference_create(by=editor, **valid(doi=entered))
    reference.refresh_from_db()
    assert reference.doi == stored


def test_doi_is_unique_case_insensitively(editor):
    reference_create(by=editor, **valid(key="first", doi="10.1000/ABC"))
    with pytest.raises(ValidationError) as caught:
        reference_create(by=editor, **valid(key="second", doi="10.1000/abc"))
    assert caught.value.message_dict == {NON_FIELD_ERRORS: [DOI_TAKEN]}
    assert Reference.objects.count() == 1


def test_doi_duplicate_entered_with_a_prefix_is_caught(editor):
    reference_create(by=editor, **valid(key="first", doi="10.1000/abc"))
    with pytest.raises(ValidationError) as caught:
        reference_create(by=editor, **valid(key="second", doi="https://doi.org/10.1000/ABC"))
    assert DOI_TAKEN in all_messages(caught.value)
    assert Reference.objects.count() == 1


def test_one_record_per_doi_whatever_the_form(editor):
    reference_create(by=editor, **valid(key="first", doi="10.1000/ABC"))
    for number, form in enumerate(["10.1000/abc.", "doi.org/10.1000/ABC", "10.1000%2Fabc"]):
        with pytest.raises(ValidationError) as caught:
            reference_create(by=editor, **valid(key=f"other{number}", doi=form))
        assert DOI_TAKEN in all_messages(caught.value)
    assert Reference.objects.count() == 1


def test_references_without_doi_or_pmid_may_be_many(editor):
    reference_create(by=editor, **valid(key="one"))
    reference_create(by=editor, **valid(key="two"))
    Reference(**valid(key="three")).full_clean()
    assert Reference.objects.filter(doi="", pmid="").count() == 2


def test_editing_a_reference_does_not_clash_with_its_own_doi(editor):
    reference = reference_create(by=editor, **valid(doi="10.1000/abc", pmid="123"))
    reference.title = "Trauma-informed care, revised."
    reference.full_clean()


def test_database_refuses_a_doi_differing_only_in_case():
    Reference.objects.create(**valid(key="first", doi="10.1000/abc"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.create(**valid(key="second", doi="10.1000/ABC"))
    assert Reference.objects.count() == 1


def test_database_allows_many_blank_dois_and_pmids():
    Reference.objects.create(**valid(key="first"))
    Reference.objects.create(**valid(key="second"))
    assert Reference.objects.count() == 2


# --------------------------------------------------------------------------------------------
# PMID
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pmid", ["1", "34580", "123456789", ""])
def test_good_pmids_are_accepted(pmid):
    Reference(**valid(pmid=pmid)).full_clean()


@pytest.mark.parametrize(
    ("entered", "stored"), [("PMID: 34580", "34580"), ("034580", "34580"), (" 34580 ", "34580")]
)
def test_pmids_are_stored_as_pubmed_writes_them(entered, stored):
    reference = Reference(**valid(pmid=entered))
    reference.full_clean()
    assert reference.pmid == stored


@pytest.mark.parametrize("pmid", ["12a", "12 34", "-1", "1.5", "1234567890", "١٢٣"])
def test_bad_pmids_are_refused(pmid):
    assert "pmid" in errors_of(pmid=pmid)


def test_pmid_is_unique_when_present(editor):
    reference_create(by=editor, **valid(key="first", pmid="34580"))
    with pytest.raises(ValidationError) as caught:
        reference_create(by=editor, **valid(key="second", pmid="34580"))
    assert caught.value.message_dict == {NON_FIELD_ERRORS: [PMID_TAKEN]}
    assert Reference.objects.count() == 1


def test_database_refuses_a_duplicate_pmid():
    Reference.objects.create(**valid(key="first", pmid="34580"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.create(**valid(key="second", pmid="34580"))
    assert Reference.objects.count() == 1


# --------------------------------------------------------------------------------------------
# Year, URL, kind
# --------------------------------------------------------------------------------------------


def test_year_bounds():
    next_year = timezone.now().year + 1
    for year in (1800, 2007, next_year):
        Reference(**valid(year=year)).full_clean()
    for year in (1799, 0, next_year + 1, 2201):
        assert "year" in errors_of(year=year), year
    assert errors_of(year=next_year + 1)["year"] == ["The year cannot be later than next year."]


@pytest.mark.parametrize("url", ["https://publications.aap.org/x", "http://example.org/a?b=1", ""])
def test_http_and_https_urls_are_accepted(url):
    Reference(**valid(url=url)).full_clean()


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/paper.pdf",
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)//http://x",
        "data:text/html,<script>alert(1)</script>",
        "mailto:author@example.org",
        "file:///etc/passwd",
        "example.org/paper",
    ],
)
def test_other_urls_are_refused(url):
    assert "url" in errors_of(url=url)


def test_ftp_url_is_refused_with_the_http_message():
    assert errors_of(url="ftp://example.org/paper.pdf")["url"] == [
        "Only http and https links are allowed."
    ]


def test_kind_must_be_guideline_or_research():
    assert "kind" in errors_of(kind="editorial")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.create(**valid(kind="editorial"))


# --------------------------------------------------------------------------------------------
# Citation key
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["forkey2021", "Forkey2021", "2021who", "smith-2020", "a_b:c", "x"])
def test_good_citation_keys(key):
    Reference(**valid(key=key)).full_clean()


@pytest.mark.parametrize(
    "key",
    ["", "-smith", "_smith", ":smith", "smith 2020", "smith;2020", "smith@2020", "müller2020",
     "[@smith]", "smith2020\n", "\nsmith2020"],
)  # fmt: skip
def test_bad_citation_keys(key):
    assert "key" in errors_of(key=key)


def test_citation_key_is_unique(editor):
    reference_create(by=editor, **valid())
    errors = errors_of()
    assert list(errors) == ["key"]
    assert "already exists" in errors["key"][0]


# --------------------------------------------------------------------------------------------
# The service: nothing saved on bad data, history of who created it
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"doi": "11.1000/x"},
        {"pmid": "abc"},
        {"year": 1700},
        {"url": "javascript:alert(1)"},
        {"key": "bad key"},
        {"title": ""},
        {"journal": ""},
    ],
)
def test_invalid_data_saves_nothing(editor, bad):
    with pytest.raises(ValidationError):
        reference_create(by=editor, **valid(**bad))
    assert Reference.objects.count() == 0
    assert Reference.history.count() == 0


def test_history_records_the_creating_user(editor):
    reference = reference_create(by=editor, **valid())
    history = list(reference.history.all())
    assert len(history) == 1
    assert history[0].history_type == "+"
    assert history[0].history_user == editor
    assert history[0].key == "forkey2021"
