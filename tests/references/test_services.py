"""Import (all or nothing), deduplication, merge with history, retraction CSV import."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from articles.models import ArticleReference, ArticleRevision, Section
from references.citations import rewrite_citation_key
from references.dedupe import find_existing
from references.models import Reference, Retraction
from references.parsers import parse_references
from references.services import reference_import, reference_merge, retraction_import
from tests.factories import ArticleFactory, ReferenceFactory, article_in_state

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"


def entries(name: str, kind: str = "research"):
    """The sample's entries; those whose file does not say their kind get ``kind``, as the
    person importing would choose."""
    parsed = parse_references((SAMPLES / name).read_text()).entries
    for entry in parsed:
        entry.kind = entry.kind or kind
    return parsed


def test_import_creates_references_with_keys_and_history(editor):
    outcome = reference_import(entries=entries("prisma.nbib"), by=editor)
    assert [reference.key for reference in outcome.created] == ["33782057", "19621072"]
    first = Reference.objects.get(pmid="33782057")
    assert first.authors.startswith("Page MJ, McKenzie JE")
    assert first.kind == "guideline"  # PT Practice Guideline
    assert Reference.objects.get(pmid="19621072").kind == "research"  # chosen
    assert first.history.get().history_user == editor


def test_import_makes_ascii_keys_from_non_ascii_names(editor):
    [cohort, *_] = entries("library.ris")
    cohort.source_key = "müller"  # not a valid citation key
    outcome = reference_import(entries=[cohort], by=editor)
    assert outcome.created[0].key == "muller2019attachment"


def test_one_invalid_entry_refuses_the_whole_import(editor):
    with pytest.raises(ValidationError, match="Entry 2 cannot be imported"):
        reference_import(entries=entries("library.ris"), by=editor)
    assert Reference.objects.count() == 0
    assert Reference.history.count() == 0


def test_bulk_import_skips_invalid_entries_and_reports_them(editor):
    outcome = reference_import(entries=entries("library.bib"), by=editor, skip_invalid=True)
    created = [reference.key for reference in outcome.created]
    assert created == ["arriaga2018revising", "mueller2020"]
    assert [entry.source_key for entry, _ in outcome.rejected] == ["nojournal", "broken"]


def test_duplicates_merge_into_the_existing_record_and_fill_blanks(editor):
    existing = ReferenceFactory(
        key="arriaga", title="Revising working models across time: relationship situations "
        "that enhance attachment security.", journal="Personality and social psychology review",
        year=2018,
    )  # fmt: skip
    ReferenceFactory(key="bypmid", pmid="32000001")
    outcome = reference_import(entries=entries("library.bib"), by=editor, skip_invalid=True)
    assert outcome.created == []
    assert [reference.key for reference in outcome.merged] == ["arriaga", "bypmid"]
    existing.refresh_from_db()
    assert existing.doi == "10.1177/1088868317705257"
    assert existing.authors.startswith("Arriaga XB")
    assert existing.history.first().history_change_reason.startswith("Import filled in")
    assert Reference.objects.count() == 2


@pytest.mark.parametrize(
    ("lookup", "matched"),
    [
        ({"doi": "HTTPS://DOI.ORG/10.1000/ABC"}, "DOI"),
        ({"doi": "doi:10.1000/abc"}, "DOI"),
        ({"pmid": " 4242 "}, "PMID"),
        ({"title": "Trauma\u2013informed  CARE", "year": 2021, "journal": "pediatrics."},
         "title, year and journal"),
        ({"title": "Trauma-informed care", "year": 2020, "journal": "Pediatrics"}, ""),
        ({"title": "Trauma-informed care", "year": 2021, "journal": "Pediatric Research"}, ""),
    ],
)  # fmt: skip
def test_dedupe_rules(lookup, matched):
    ReferenceFactory(
        key="aap", doi="10.1000/abc", pmid="4242", title="Trauma-informed care.",
        journal="Pediatrics", year=2021,
    )  # fmt: skip
    found, how = find_existing(**lookup)
    assert how == matched
    assert (found is not None) == bool(matched)


def test_same_doi_twice_in_one_file_is_one_record(editor):
    text = (SAMPLES / "library.json").read_text()
    [_, nguyen, _] = parse_references(text).entries
    twin = parse_references(text).entries[1]
    twin.doi = "https://doi.org/10.1016/j.jad.2022.01.001"
    outcome = reference_import(entries=[nguyen, twin], by=editor)
    assert len(outcome.created) == 1 and len(outcome.merged) == 1


def test_an_entry_of_unknown_kind_is_refused_unless_it_merges(editor):
    [cohort, *_] = entries("library.ris", kind="")
    assert cohort.kind == ""
    with pytest.raises(ValidationError, match="Choose the kind of work"):
        reference_import(entries=[cohort], by=editor)
    assert Reference.objects.count() == 0
    existing = ReferenceFactory(doi="10.1080/14616734.2019.1575001", kind="observational")
    outcome = reference_import(entries=[cohort], by=editor)
    assert outcome.merged == [existing]
    existing.refresh_from_db()
    assert existing.kind == "observational"


def test_unrelated_works_with_the_same_misc_number_stay_two_records(editor):
    """``M1  - 3`` in two unrelated works made them one record (issue 13)."""
    text = "".join(
        f"TY  - JOUR\nTI  - {title}\nJO  - J\nPY  - 2020\nM1  - 3\nN1  - 3\nER  - \n"
        for title in ("First work", "Second work")
    )
    parsed = parse_references(text).entries
    for entry in parsed:
        entry.kind = "research"
    outcome = reference_import(entries=parsed, by=editor)
    assert len(outcome.created) == 2 and outcome.merged == []
    assert list(Reference.objects.values_list("pmid", flat=True)) == ["", ""]


def test_a_race_lost_on_the_database_merges_into_the_winner(editor, monkeypatch):
    """The record appears between the import's look-up and its save (as a concurrent import's
    would): the save fails on the unique DOI, and the import merges into it instead of failing."""
    [_, nguyen, _] = entries("library.json")
    from references import services

    real_find = services.find_existing_many

    def find_then_lose_the_race(works):
        found = real_find(works)  # the batched look-up, before the first save
        ReferenceFactory(key="winner", doi="10.1016/j.jad.2022.01.001")
        return found

    monkeypatch.setattr(services, "find_existing_many", find_then_lose_the_race)
    outcome = reference_import(entries=[nguyen], by=editor)
    assert outcome.created == []
    assert [reference.key for reference in outcome.merged] == ["winner"]
    assert Reference.objects.count() == 1
    assert Reference.objects.get().pmid == "35000001"  # blanks filled from the import


# --------------------------------------------------------------------------------------------
# Merge
# --------------------------------------------------------------------------------------------


def test_rewrite_touches_markers_only():
    text = "[@dup] and [@a; @dup] and [@dup2] and @dup in prose and [@dupx]."
    assert rewrite_citation_key(text, old="dup", new="keep") == (
        "[@keep] and [@a; @keep] and [@dup2] and @dup in prose and [@dupx]."
    )


def test_merge_moves_links_rewrites_working_copies_and_records_history(editor):
    survivor = ReferenceFactory(key="keep", doi="10.1000/keep")
    duplicate = ReferenceFactory(key="dup", pmid="777", authors="Müller H")
    both = ArticleFactory(content=False)
    ArticleReference.objects.create(article=both, reference=survivor)
    ArticleReference.objects.create(article=both, reference=duplicate)
    Section.objects.create(article=both, position=1, heading="H", body="[@dup; @keep] [@dup]")
    only_dup = ArticleFactory(content=False)
    ArticleReference.objects.create(article=only_dup, reference=duplicate)
    section = Section.objects.create(article=only_dup, position=1, heading="H", body="X [@dup].")
    version = only_dup.version

    reference_merge(duplicate=duplicate, survivor=survivor, by=editor, reason="same work")

    assert not Reference.objects.filter(pk=duplicate.pk).exists()
    assert list(both.references.all()) == [survivor]
    assert list(only_dup.references.all()) == [survivor]
    assert both.sections.get().body == "[@keep; @keep] [@keep]"
    section.refresh_from_db()
    assert section.body == "X [@keep]."
    assert section.history.first().history_user == editor
    only_dup.refresh_from_db()
    assert only_dup.version == version + 1
    survivor.refresh_from_db()
    assert (survivor.pmid, survivor.authors) == ("777", "Müller H")  # blanks filled
    record = survivor.history.first()
    assert record.history_user == editor
    assert record.history_change_reason == "Merged dup into keep: same work"
    deleted = Reference.history.filter(id=duplicate.pk, history_type="-").get()
    assert deleted.history_user == editor
    assert deleted.history_change_reason == "Merged dup into keep: same work"


def test_merge_leaves_published_revisions_untouched(editor):
    article = article_in_state("approved")
    duplicate = article.references.get()
    survivor = ReferenceFactory(key="survivor")
    frozen = list(ArticleRevision.objects.values_list("sections", "references"))
    reference_merge(duplicate=duplicate, survivor=survivor, by=editor)
    assert list(ArticleRevision.objects.values_list("sections", "references")) == frozen
    assert f"[@{survivor.key}]" in article.sections.get(position=1).body


def test_merge_into_itself_is_refused(editor):
    reference = ReferenceFactory()
    with pytest.raises(ValidationError):
        reference_merge(duplicate=reference, survivor=reference, by=editor)
    assert Reference.objects.filter(pk=reference.pk).exists()


# --------------------------------------------------------------------------------------------
# Retraction list
# --------------------------------------------------------------------------------------------


def test_retraction_csv_of_our_own_and_retraction_watch_columns(editor):
    ours = (
        "doi,pmid,notice,source,retracted_on\n"
        "https://doi.org/10.1000/FAKE,,Data fabricated,Journal,2024-01-05\n"
        ",123,,,\n"
        ",,no identifier,,\n"
        "not-a-doi,,,,\n"
    )
    outcome = retraction_import(text=ours, by=editor)
    assert (outcome.created, outcome.updated) == (2, 0)
    assert [row for row, _ in outcome.rejected] == [4, 5]
    retraction = Retraction.objects.get(doi="10.1000/FAKE")
    assert retraction.retracted_on.isoformat() == "2024-01-05"
    assert retraction.history.get().history_user == editor

    watch = (
        "Record ID,Title,RetractionDate,RetractionDOI,RetractionPubMedID,OriginalPaperDOI,"
        "OriginalPaperPubMedID,Reason\n"
        "1,A paper,1/5/2024 0:00,10.1000/notice,0,10.1000/fake,0,+Fabrication;\n"
    )
    outcome = retraction_import(text=watch, by=editor, source="Retraction Watch")
    assert (outcome.created, outcome.updated) == (0, 1)
    retraction.refresh_from_db()
    assert retraction.notice == "10.1000/notice"


def test_retraction_csv_without_identifier_columns_is_refused(editor):
    with pytest.raises(ValidationError):
        retraction_import(text="title\nx\n", by=editor)
