"""Citation checks: the pure checker (with the seed page as published) and an article's report."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from articles.models import ArticleReference, Section
from articles.retractions import ONLY_EDITORS_ACKNOWLEDGE, retraction_acknowledge
from references import checks
from references.checks import check_citations
from references.models import Reference, ReferenceKind, Retraction
from tests.factories import ArticleFactory, ReferenceFactory

SEED_PAGE = Path(__file__).parent / "samples" / "seed_page.txt"
TODAY = date(2026, 11, 29)


def seed_as_published() -> tuple[list[str], list[dict]]:
    """The seed page as published, transcribed: numbered citations become [@n] markers, the
    numbered reference list becomes references keyed "1", "2", ... in order."""
    text = SEED_PAGE.read_text()
    body, _, rest = text.partition("\nReferences\n")
    body = body.split("From the Guidelines", 1)[1]
    # A citation is a number or "n, m" after a word, before a full stop or the end of a line.
    marked = re.sub(
        r"(?<=[a-z\-]) (\d+(?:, \d+)*)(?=\.(?:\s|$)|\s*$)",
        lambda match: " [" + "; ".join(f"@{n}" for n in match.group(1).split(", ")) + "]",
        body,
        flags=re.MULTILINE,
    )
    listing = rest.split("Professional Medical Disclaimer")[0]
    blocks = [block.strip() for block in listing.split("\n\n") if block.strip()]
    references = []
    for kind, title, source in zip(blocks[0::3], blocks[1::3], blocks[2::3], strict=True):
        journal, _, year = source.rpartition(", ")
        references.append(
            {
                "key": str(len(references) + 1),
                "kind": kind.lower(),
                "title": title,
                "journal": journal,
                "year": int(year),
            }
        )
    return [marked], references


def test_the_seed_transcription_is_faithful():
    texts, references = seed_as_published()
    assert len(references) == 4
    kinds = [work["kind"] for work in references]
    assert kinds == ["guideline", "guideline", "research", "research"]
    assert len(re.findall(r"\[@", texts[0])) == 11  # 11 citation markers, as the page shows


def test_seed_page_reports_exactly_its_dangling_citations_and_its_duplicate():
    texts, references = seed_as_published()
    report = check_citations(texts, references, TODAY)
    assert [finding.code for finding in report.errors] == [checks.UNRESOLVED, checks.DUPLICATE]
    assert report.keys(checks.UNRESOLVED) == ["5", "6", "7", "8"]
    assert report.keys(checks.DUPLICATE) == ["1", "2"]
    assert not report.ok


def test_seed_page_warnings_are_the_ages():
    texts, references = seed_as_published()
    report = check_citations(texts, references, TODAY)
    # Ages count in publication years: the 2021 guideline is 5 in 2026 (not older than 5),
    # the 2007 article 19.
    assert report.keys(checks.OLD_GUIDELINE) == []
    assert report.keys(checks.OLD_RESEARCH) == ["4"]
    assert check_citations(texts, references, date(2027, 1, 1)).keys(checks.OLD_GUIDELINE) == [
        "1",
        "2",
    ]


def test_a_clean_article_has_no_errors():
    report = check_citations(
        ["Claim [@a]. Other [@b; @a]."],
        [
            {"key": "a", "kind": "guideline", "title": "A", "journal": "J", "year": 2024},
            {"key": "b", "kind": "randomised_trial", "title": "B", "journal": "J", "year": 2020},
        ],
        TODAY,
    )
    assert report.ok and report.warnings == []


def test_uncited_listed_reference_is_an_error():
    report = check_citations(
        ["Claim [@a]."],
        [
            {"key": "a", "kind": "research", "title": "A", "journal": "J", "year": 2024},
            {"key": "b", "kind": "research", "title": "B", "journal": "J", "year": 2024},
        ],
        TODAY,
    )
    assert report.keys(checks.UNCITED) == ["b"]


def test_duplicates_by_doi_and_pmid_in_any_case_or_prefix():
    works = [
        {"key": "a", "kind": "research", "title": "A", "journal": "J", "year": 2024,
         "doi": "10.1000/ABC"},
        {"key": "b", "kind": "research", "title": "B", "journal": "K", "year": 2023,
         "doi": "https://doi.org/10.1000/abc", "pmid": "42"},
        {"key": "c", "kind": "research", "title": "C", "journal": "L", "year": 2022, "pmid": "42"},
        {"key": "d", "kind": "research", "title": "D", "journal": "L", "year": 2022},
    ]  # fmt: skip
    report = check_citations(["[@a; @b; @c; @d]"], works, TODAY)
    assert report.keys(checks.DUPLICATE) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("kind", "year", "code"),
    [
        ("guideline", 2021, None),  # exactly 5 years
        ("guideline", 2020, checks.OLD_GUIDELINE),
        ("systematic_review", 2016, None),
        ("observational", 2015, checks.OLD_RESEARCH),
    ],
)
def test_age_warnings(kind, year, code):
    work = {"key": "a", "kind": kind, "title": "A", "journal": "J", "year": year}
    report = check_citations(["[@a]"], [work], TODAY)
    assert report.codes() == ([code] if code else [])


def test_guideline_age_is_a_setting(settings):
    settings.REFERENCES_GUIDELINE_MAX_AGE_YEARS = 2
    work = {"key": "a", "kind": "guideline", "title": "A", "journal": "J", "year": 2023}
    assert check_citations(["[@a]"], [work], TODAY).codes() == [checks.OLD_GUIDELINE]


# --------------------------------------------------------------------------------------------
# An article in the database, retractions
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_citation_report_reads_the_working_copy():
    article = ArticleFactory()
    listed = ReferenceFactory(year=2025)
    ArticleReference.objects.create(article=article, reference=listed)
    Section.objects.filter(article=article, position=2).update(body="See [@nowhere].")
    report = article.citation_report(today=TODAY)
    assert report.keys(checks.UNRESOLVED) == ["nowhere"]
    assert report.keys(checks.UNCITED) == [listed.key]


@pytest.mark.django_db
def test_retracted_reference_warns_and_blocks_until_an_editor_acknowledges(editor, author):
    article = ArticleFactory()
    reference = article.references.get()
    Reference.objects.filter(pk=reference.pk).update(doi="10.1000/Retracted")
    assert article.retraction_blocks() == []
    Retraction.objects.create(doi="10.1000/retracted", notice="Data fabricated.")

    assert article.citation_report(today=TODAY).keys(checks.RETRACTED) == [reference.key]
    blocks = article.retraction_blocks()
    assert len(blocks) == 1 and reference.key in blocks[0]

    with pytest.raises(Exception, match=re.escape(ONLY_EDITORS_ACKNOWLEDGE)):
        retraction_acknowledge(article=article, reference=reference, by=author)
    assert article.retraction_blocks() != []
    acknowledgement = retraction_acknowledge(article=article, reference=reference, by=editor)
    assert acknowledgement.acknowledged_by == editor
    assert acknowledgement.history.first().history_user == editor
    assert article.retraction_blocks() == []
    # Acknowledged for this article only.
    other = ArticleFactory(content=False)
    ArticleReference.objects.create(article=other, reference=reference)
    assert len(other.retraction_blocks()) == 1


@pytest.mark.django_db
def test_retraction_by_pmid():
    article = ArticleFactory()
    reference = article.references.get()
    Reference.objects.filter(pk=reference.pk).update(pmid="123", kind=ReferenceKind.GUIDELINE)
    Retraction.objects.create(pmid="123")
    assert len(article.retraction_blocks()) == 1
