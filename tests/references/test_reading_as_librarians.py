"""BibTeX, PubMed and Unicode as librarians read them (issue 22, item 5): repeated keys and
fields, semicolon-separated authors, NFC everywhere, Bookshelf chapters, any number of authors,
PubMed's notice types, page ranges in full, the NLM abbreviation in the AMA string."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from references.formatting import ama_citation
from references.models import NoticeNature, Reference, Retraction, WorkType
from references.parsers import parse_references
from references.parsers.finishing import expand_page_range
from references.services import reference_import
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


def bibtex(text):
    return parse_references(text, "bibtex").entries


def imported(entries, by):
    for entry in entries:
        entry.kind = entry.kind or "research"
    return reference_import(entries=entries, by=by)


# --------------------------------------------------------------------------------------------
# BibTeX
# --------------------------------------------------------------------------------------------


def test_a_repeated_key_is_decoded_like_any_entry_with_a_warning(editor):
    first, second = bibtex(
        '@article{smith, author={M{\\"u}ller, Hans and Smith, J}, title={First {\\"u}}, '
        "journal={J}, year=2020}\n"
        '@article{smith, author={M{\\"u}ller, Hans and Smith, J}, title={Second {\\"u}}, '
        "journal={J}, year=2020}\n"
    )
    assert (second.title, second.authors) == ("Second ü", ["Müller H", "Smith J"])
    assert second.is_valid and first.warnings == []
    assert "“smith” repeats an earlier entry's" in second.warnings[0]
    outcome = imported([first, second], editor)
    assert [reference.key for reference in outcome.created] == ["smith", "smith-2"]


def test_a_field_given_twice_is_a_warning_and_the_first_is_kept():
    [entry] = bibtex("@article{c, author={Smith, J}, title={Once}, title={Twice}, journal={J}, "
                     "year=2020}")  # fmt: skip
    assert entry.is_valid and entry.title == "Once"
    assert entry.warnings == ["The title field is given twice: the first is kept."]


@pytest.mark.parametrize(
    ("authors", "expected", "warned"),
    [
        ("Baklouti, F.; Huang, S. C.; Tang, T. K.", ["Baklouti F", "Huang SC", "Tang TK"], True),
        ("Müller, Hans; Smith, John", ["Müller H", "Smith J"], True),
        # BibTeX's own separator wins; a semicolon inside braces is part of a name.
        ("{Doe; Partners} and Smith, John", ["Doe; Partners", "Smith J"], False),
        ("Smith, J. and Doe, A.; Roe, B.", None, False),
        # Pieces that are no names (digits, long notes) leave the field as one name.
        ("Trial Group 1; Trial Group 2", None, False),
    ],
)
def test_semicolon_separated_authors(authors, expected, warned):
    [entry] = bibtex(f"@article{{k, author={{{authors}}}, title={{T}}, journal={{J}}, year=2020}}")
    if expected is not None:
        assert entry.authors == expected
    else:
        assert len(entry.authors) in (1, 2) and not warned
    assert (
        "The authors were separated by semicolons: check the names." in entry.warnings
    ) is warned
    assert entry.is_valid


# --------------------------------------------------------------------------------------------
# Unicode
# --------------------------------------------------------------------------------------------

COMPOSED = "Santé mentale des enfants à Zürich"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def test_every_stored_text_is_nfc_and_the_admin_search_finds_it_typed_either_way(client, editor):
    assert DECOMPOSED != COMPOSED
    [entry] = parse_references(
        f"TY  - JOUR\nTI  - {DECOMPOSED}\nAU  - Müller, Jörg\nJO  - Rev Méd\nPY  - 2020\nER  - \n"
        .replace("ü", unicodedata.normalize("NFD", "ü"))
    ).entries  # fmt: skip
    assert entry.title == COMPOSED and entry.authors == ["Müller J"]
    imported([entry], editor)
    direct = ReferenceFactory(
        title=DECOMPOSED + " II", journal=unicodedata.normalize("NFD", "Révue")
    )
    direct.refresh_from_db()
    assert (direct.title, direct.journal) == (COMPOSED + " II", "Révue")
    client.force_login(editor)
    for typed in (COMPOSED, DECOMPOSED):
        page = client.get(reverse("admin:references_reference_changelist"), {"q": typed[:12]})
        assert "2 references" in page.content.decode(), typed


# --------------------------------------------------------------------------------------------
# PubMed
# --------------------------------------------------------------------------------------------

STATPEARLS = """PMID- 28846237
OWN - NLM
STAT- Publisher
DP  - 2024 Jan
CTI - StatPearls
BTI - StatPearls
PB  - StatPearls Publishing
CY  - Treasure Island (FL)
TI  - Asthma
FAU - Sinyor, Benjamin
AU  - Sinyor B
FAU - Concepcion Perez, Livasky
AU  - Concepcion Perez L
LA  - eng
PT  - Study Guide
PT  - Review
"""


def test_a_bookshelf_record_is_a_chapter_of_its_book(editor):
    [entry] = parse_references(STATPEARLS).entries
    assert entry.is_valid, entry.errors
    assert (entry.work_type, entry.title, entry.journal, entry.publisher, entry.year) == (
        "chapter", "Asthma", "StatPearls", "StatPearls Publishing", 2024,
    )  # fmt: skip
    [reference] = imported([entry], editor).created
    assert reference.work_type == WorkType.CHAPTER
    assert ama_citation(reference) == (
        "Sinyor B, Concepcion Perez L. Asthma. In: StatPearls. StatPearls Publishing; 2024."
    )


def test_a_book_on_its_own_is_a_book():
    [entry] = parse_references(STATPEARLS.replace("TI  - Asthma\n", "")).entries
    assert (entry.work_type, entry.title, entry.journal) == ("book", "StatPearls", "StatPearls")


def medline(pmid, *lines, authors=("Page MJ",), journal=("BMJ", "BMJ (Clinical research ed.)")):
    return (
        f"PMID- {pmid}\nTI  - Work {pmid}.\nDP  - 2021 Mar 29\nTA  - {journal[0]}\n"
        f"JT  - {journal[1]}\n" + "".join(f"AU  - {name}\n" for name in authors)
        + "".join(f"{line}\n" for line in lines) + "\n"
    )  # fmt: skip


def test_any_number_of_authors_is_stored_and_ama_cites_three_and_et_al(editor):
    many = [f"Author{n} A" for n in range(301)]
    [entry] = parse_references(medline("1", authors=many)).entries
    assert entry.is_valid and len(entry.authors) == 301
    [reference] = imported([entry], editor).created
    reference.refresh_from_db()
    assert len(reference.authors.split(", ")) == 301
    assert ama_citation(reference).startswith("Author0 A, Author1 A, Author2 A, et al. Work 1.")
    six = ReferenceFactory(authors=", ".join(many[:6]), title="Six")
    assert ama_citation(six).startswith(", ".join(many[:6]) + ". Six.")  # up to six: all


def test_the_nlm_abbreviation_is_kept_and_ama_prints_it(editor):
    [entry] = parse_references(medline("2", "VI  - 372", "PG  - n71")).entries
    assert (entry.journal, entry.journal_abbreviation) == ("BMJ (Clinical research ed.)", "BMJ")
    [reference] = imported([entry], editor).created
    assert "Work 2. BMJ. 2021;372:n71." in ama_citation(reference)


@pytest.mark.parametrize(
    ("pages", "full"),
    [
        ("1661-70", "1661-1670"),
        ("1661-1670", "1661-1670"),
        ("e123-5", "e123-e125"),
        ("R12-R19", "R12-R19"),
        ("99-101", "99-101"),
        ("n71", "n71"),
        ("1661\u201370", "1661-1670"),
        ("12-3", "12-13"),
        ("100-99", "100-199"),  # abbreviated: the last page is 199
        ("120-110", "120-110"),  # as written: no shorter end to complete
    ],
)
def test_page_ranges_are_written_in_full(pages, full):
    assert expand_page_range(pages) == full


def test_a_medline_page_range_is_expanded_on_import():
    [entry] = parse_references(medline("3", "PG  - 1661-70")).entries
    assert entry.pages == "1661-1670"


def test_pubmed_notice_types_become_notices(editor):
    text = (
        medline("10", "PT  - Journal Article", "PT  - Retracted Publication",
                "RIN - Lancet. 2021;397:11. PMID: 20")
        + medline("20", "PT  - Retraction of Publication", "ROF - Work 30. BMJ. 2020. PMID: 30")
        + medline("40", "PT  - Published Erratum", "EFR - Work 50. BMJ. 2020. PMID: 50")
        + medline("60", "PT  - Expression of Concern", "ECF - Work 70. BMJ. 2020. PMID: 70")
        + medline("80", "PT  - Journal Article")
    )  # fmt: skip
    entries = parse_references(text).entries
    assert any("PubMed marks this work as retracted" in w for w in entries[0].warnings)
    outcome = imported(entries, editor)
    assert len(outcome.created) == 5 and outcome.notices.created == 4
    notices = {(notice.pmid, notice.nature) for notice in Retraction.objects.all()}
    assert notices == {
        ("10", NoticeNature.RETRACTION),
        ("30", NoticeNature.RETRACTION),
        ("50", NoticeNature.CORRECTION),
        ("70", NoticeNature.EXPRESSION_OF_CONCERN),
    }
    assert Retraction.objects.get(pmid="10").notice == "Lancet. 2021;397:11. PMID: 20"
    assert Retraction.objects.get(pmid="30").notice == "PMID 20: Work 20."
    assert Retraction.objects.get(pmid="10").imported_by == editor
    # Importing the same records again adds no notice twice.
    again = imported(parse_references(text).entries, editor)
    assert again.notices.created == 0 and Retraction.objects.count() == 4


def test_an_entry_refused_saves_none_of_its_notices(editor):
    text = medline("10", "PT  - Retracted Publication") + medline("11", "PT  - Journal Article")
    entries = parse_references(text).entries
    entries[0].year = None
    entries[0].errors.append("The year is missing or malformed.")
    outcome = reference_import(
        entries=[*entries[:1], *imported_kind(entries[1:])], by=editor, skip_invalid=True
    )
    assert len(outcome.rejected) == 1 and len(outcome.created) == 1
    assert not Retraction.objects.exists()


def imported_kind(entries):
    for entry in entries:
        entry.kind = "research"
    return entries


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


def test_a_title_of_100000_characters_is_its_entry_s_error_and_the_rest_imports(editor):
    text = (
        f"TY  - JOUR\nTI  - {'x' * 100_000}\nJO  - J\nPY  - 2020\nER  - \n"
        "TY  - JOUR\nTI  - Fine\nJO  - J\nPY  - 2020\nER  - \n"
    )
    long, fine = parse_references(text).entries
    assert long.errors == ["The title is longer than 500 characters."] and fine.is_valid
    outcome = reference_import(entries=imported_kind([long, fine]), by=editor, skip_invalid=True)
    assert [reference.title for reference in outcome.created] == ["Fine"]
    assert Reference.objects.count() == 1


def test_an_identifier_that_is_only_punctuation_is_refused_on_its_entry():
    [entry] = parse_references(
        "TY  - JOUR\nTI  - T\nJO  - J\nPY  - 2020\nDO  - ./;,\nER  - \n"
    ).entries
    assert any("is not a DOI" in error for error in entry.errors)
