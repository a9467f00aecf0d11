"""Notices by their nature (issue 22, item 6): retractions, corrections, expressions of concern
and reinstatements from Retraction Watch's RetractionNature and Crossref's update-to; only a
retraction blocks approval, and a reinstatement lifts it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from references import checks
from references.models import NoticeNature, Reference, Retraction, nature_named
from references.notices import (
    NOT_CROSSREF,
    UNKNOWN_NATURE,
    crossref_import,
    notices_of,
    retraction_import,
)
from tests.factories import ArticleFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 29)

WATCH = (
    "Record ID,Title,RetractionDate,RetractionDOI,OriginalPaperDOI,OriginalPaperPubMedID,"
    "RetractionNature,Reason\n"
    "1,A,1/5/2024 0:00,10.1000/n1,10.1000/retracted,0,Retraction,+Fabrication;\n"
    "2,B,2/5/2024 0:00,10.1000/n2,10.1000/corrected,0,Correction,+Error in figure;\n"
    "3,C,3/5/2024 0:00,10.1000/n3,10.1000/concern,0,Expression of concern,+Concerns;\n"
    "4,D,1/5/2020 0:00,10.1000/n4,10.1000/back,0,Retraction,+Error;\n"
    "5,E,1/5/2021 0:00,10.1000/n5,10.1000/back,0,Reinstatement,;\n"
    "6,F,1/5/2021 0:00,10.1000/n6,10.1000/odd,0,Partial Apology,;\n"
)


def cite(article, doi: str) -> Reference:
    reference = article.references.get()
    reference.doi = doi
    reference.save()
    return reference


@pytest.mark.parametrize(
    ("name", "nature"),
    [("Retraction", "retraction"), ("Expression of concern", "expression_of_concern"),
     ("expression_of_concern", "expression_of_concern"), ("Correction", "correction"),
     ("erratum", "correction"), ("Reinstatement", "reinstatement"), ("withdrawal", "retraction"),
     ("Retracted Publication", "retraction"), ("Published Erratum", "correction")],
)  # fmt: skip
def test_sources_names_of_natures(name, nature):
    assert nature_named(name) == nature


def test_retraction_watch_rows_keep_their_nature(editor):
    outcome = retraction_import(text=WATCH, by=editor, source="Retraction Watch")
    assert (outcome.created, outcome.updated) == (5, 0)
    assert outcome.rejected == [(7, UNKNOWN_NATURE.format(value="Partial Apology"))]
    natures = dict(Retraction.objects.values_list("notice", "nature"))
    assert natures == {
        "10.1000/n1": NoticeNature.RETRACTION, "10.1000/n2": NoticeNature.CORRECTION,
        "10.1000/n3": NoticeNature.EXPRESSION_OF_CONCERN, "10.1000/n4": NoticeNature.RETRACTION,
        "10.1000/n5": NoticeNature.REINSTATEMENT,
    }  # fmt: skip
    # Imported again: the same rows update, nothing doubles.
    again = retraction_import(text=WATCH, by=editor)
    assert (again.created, again.updated) == (0, 5)


@pytest.mark.parametrize(
    ("doi", "blocks", "codes"),
    [
        ("10.1000/retracted", True, [checks.RETRACTED]),
        ("10.1000/corrected", False, [checks.CORRECTED]),
        ("10.1000/concern", False, [checks.CONCERN]),
        ("10.1000/back", False, []),  # retracted in 2020, reinstated in 2021
    ],
)
def test_only_a_retraction_blocks_approval(editor, doi, blocks, codes):
    retraction_import(text=WATCH, by=editor)
    article = ArticleFactory()
    reference = cite(article, doi.upper())
    assert bool(article.retraction_blocks()) is blocks
    report = article.citation_report(today=TODAY)
    noticed = [checks.RETRACTED, checks.CORRECTED, checks.CONCERN]
    assert [code for code in report.codes() if code in noticed] == codes
    assert report.ok or not blocks  # a notice is a warning, never an error of the list
    assert (reference in checks.retracted_references([reference])) is blocks


def test_a_retraction_after_a_reinstatement_blocks_again(editor):
    Retraction.objects.create(
        doi="10.1000/x", nature="reinstatement", retracted_on=date(2020, 1, 1)
    )
    Retraction.objects.create(doi="10.1000/x", retracted_on=date(2022, 1, 1))
    article = ArticleFactory()
    reference = cite(article, "10.1000/x")
    assert notices_of([reference])[reference.pk].retracted
    assert len(article.retraction_blocks()) == 1


def crossref(*works) -> str:
    return json.dumps({"status": "ok", "message-type": "work-list", "message": {"items": works}})


def test_crossref_update_to_becomes_notices(editor):
    text = crossref(
        {"DOI": "10.1000/notice.1", "update-to": [
            {"DOI": "10.1000/orig.1", "type": "retraction", "label": "Retraction",
             "updated": {"date-parts": [[2023, 4, 5]]}}]},
        {"DOI": "10.1000/notice.2", "update-to": [
            {"DOI": "10.1000/orig.2", "type": "correction"},
            {"DOI": "10.1000/orig.3", "type": "expression_of_concern"},
            {"DOI": "10.1000/orig.4", "type": "new_version"}]},
        "not a work",
    )  # fmt: skip
    outcome = crossref_import(text=text, by=editor)
    assert outcome.created == 3
    assert [reason for _, reason in outcome.rejected] == [
        UNKNOWN_NATURE.format(value="new_version"),
        "Entry 3 is not a Crossref work (no DOI): left out.",
    ]
    retraction = Retraction.objects.get(doi="10.1000/orig.1")
    assert (retraction.nature, retraction.notice, retraction.retracted_on) == (
        "retraction", "10.1000/notice.1", date(2023, 4, 5))  # fmt: skip
    assert retraction.history.get().history_user == editor


@pytest.mark.parametrize("text", ['{"a": 1}', "[1, 2", "42", '"text"'])
def test_a_crossref_file_of_another_shape_is_refused_whole(editor, text):
    with pytest.raises(ValidationError, match=NOT_CROSSREF[:40]):
        crossref_import(text=text, by=editor)
    assert not Retraction.objects.exists()


def test_existing_notices_stay_retractions():
    """Every notice imported before natures existed was taken as a retraction: it stays one."""
    notice = Retraction.objects.create(doi="10.1000/old")
    assert notice.nature == NoticeNature.RETRACTION and notice.doi_key == "10.1000/old"


def test_admin_imports_a_crossref_file(client, editor, board_member):
    url = reverse("admin:references_retraction_import")
    body = crossref({"DOI": "10.1000/n", "update-to": [{"DOI": "10.1000/o", "type": "erratum"}]})
    client.force_login(board_member)
    refused = client.post(url, {"file": SimpleUploadedFile("c.json", body.encode())})
    assert refused.status_code == 403
    client.force_login(editor)
    response = client.post(url, {"file": SimpleUploadedFile("c.json", body.encode())})
    assert response.status_code == 302
    assert run_queued_tasks() == 1  # the worker imports it (test_background_imports)
    assert Retraction.objects.get().nature == NoticeNature.CORRECTION
