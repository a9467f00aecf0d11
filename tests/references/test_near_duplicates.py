"""Near-duplicates (issue 22, item 4): records that may be the same work although no identifier
or title key says so are offered in the preview with their evidence, and the author may use one;
editors see them on a record's admin page and merge, never two works whose identifiers differ."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticleReference, Section
from references.dedupe import NEAR_BATCH, find_existing_many, near_matches_many
from references.models import Reference
from references.parsers import parse_references
from references.services import (
    CHOSEN_RECORD_DIFFERS,
    CHOSEN_RECORD_GONE,
    MERGE_DIFFERENT_WORKS,
    reference_import,
    reference_merge,
)
from tests.factories import ArticleFactory, ReferenceFactory
from tests.html import parse, visible_text
from tests.reference_imports import confirmed, previewed

pytestmark = pytest.mark.django_db

TITLE = "Early mobilisation and β-blockers after stroke: a randomised trial of rehabilitation"


def ris(title, *, journal="Lancet", year=2015, authors=("Bernhardt, Julie",), extra=""):
    return (
        f"TY  - JOUR\nTI  - {title}\nJO  - {journal}\nPY  - {year}\nM3  - Randomized Controlled "
        "Trial\n" + "".join(f"AU  - {name}\n" for name in authors) + extra + "ER  - \n"
    )


@pytest.fixture
def trial():
    return ReferenceFactory(
        key="avert", title=TITLE, journal="Lancet", year=2015, authors="Bernhardt J, Langhorne P"
    )


# The forms of one trial without identifiers: those the title key makes the same work
# are found as the record itself; the others are offered as possibly the same work.
SAME_RECORD = [
    ris("The " + TITLE),
    ris(TITLE.replace("randomised", "randomized")),
    ris(TITLE.replace("β", "beta")),
]
POSSIBLY_THE_SAME = [
    (ris("Early mobilisation and β-blockers after stroke"), "same journal, same year"),
    (ris(TITLE, journal="The Lancet (London, England)"), "another journal name"),
    (ris(TITLE, year=2014), "1 year apart"),
    (ris(TITLE.replace("rehabilitation", "rehabilitation in the first day")), "same year"),
]


def preview(client, text):
    response = previewed(client, {"text": text})
    assert response.status_code == 200
    return response


def test_forms_of_one_work_are_the_record_or_possibly_it(client, author, trial):
    client.force_login(author)
    html = preview(client, "".join(SAME_RECORD)).content.decode()
    assert html.count("Already in the library as <code>avert</code>") == 3
    assert "Possibly the same work" not in html
    for text, evidence in POSSIBLY_THE_SAME:
        html = preview(client, text).content.decode()
        assert "Possibly the same work as:" in html and "<code>avert</code>" in html, text
        assert evidence in html and "same first author" in html and "% similar" in html
        assert "Use avert instead" in html


def test_a_work_with_another_identifier_is_never_offered(trial):
    Reference.objects.filter(pk=trial.pk).update(doi="10.1000/avert")
    found = near_matches_many(
        [
            {"title": TITLE, "year": 2014, "journal": "Lancet", "doi": "10.1000/other"},
            {"title": TITLE, "year": 2014, "journal": "Lancet", "doi": "10.1000/AVERT."},
            {"title": TITLE, "year": 2014, "journal": "Lancet", "pmid": "123"},
            {"title": "Something else entirely about asthma", "year": 2014, "journal": "Lancet"},
            {"title": TITLE, "year": 2012, "journal": "Lancet"},
        ]
    )
    assert [[match.reference.key for match in matches] for matches in found] == [
        [],
        ["avert"],
        ["avert"],
        [],
        [],
    ]


def test_the_author_uses_the_existing_record_instead_of_a_new_one(client, author, trial):
    client.force_login(author)
    text = ris(TITLE, year=2014, extra="VL  - 386\nSP  - 46\nEP  - 55\n")
    shown = preview(client, text)
    radios = parse(shown).find_all("input", name="same_1")
    assert [radio.attrs["value"] for radio in radios] == ["", str(trial.pk)]
    done = confirmed(client, shown, {"selected": ["1"], "same_1": str(trial.pk)})
    assert "Imported: 0 new, 1 already in the library. Already in the library as: [@avert]" in (
        visible_text(done)
    )
    trial.refresh_from_db()
    assert Reference.objects.count() == 1
    assert (trial.volume, trial.pages, trial.year) == ("386", "46-55", 2015)  # blanks filled
    assert trial.history.first().history_user == author

    # Or a new record, which is what the preview proposes by default.
    new = confirmed(client, preview(client, text), {"selected": ["1"]})
    assert "Imported: 1 new, 0 already in the library." in visible_text(new)
    assert Reference.objects.count() == 2


def test_only_a_record_the_preview_offered_may_be_chosen(client, author, trial):
    other = ReferenceFactory(key="other")
    client.force_login(author)
    shown = preview(client, ris(TITLE, year=2014))
    response = confirmed(client, shown, {"selected": ["1"], "same_1": str(other.pk)})
    assert "Select a valid choice" in response.content.decode()
    assert Reference.objects.count() == 2 and not other.history.filter(history_type="~")


def test_the_chosen_record_is_checked_again_when_importing(editor, trial):
    [entry] = parse_references(ris(TITLE, year=2014, extra="DO  - 10.1000/new\n")).entries
    Reference.objects.filter(pk=trial.pk).update(doi="10.1000/avert")  # changed meanwhile
    entry.same_as = trial.pk
    with pytest.raises(ValidationError) as refusal:
        reference_import(entries=[entry], by=editor)
    assert CHOSEN_RECORD_DIFFERS.format(key="avert", names="DOI") in refusal.value.messages[0]
    entry.same_as = trial.pk + 1000
    with pytest.raises(ValidationError) as refusal:
        reference_import(entries=[entry], by=editor)
    assert CHOSEN_RECORD_GONE in refusal.value.messages[0]
    assert Reference.objects.count() == 1


def test_the_library_is_looked_up_in_batches(trial):
    """Two queries for every NEAR_BATCH works, on either database: the candidates, then the
    records; and two for finding records by identifier and title key."""

    def queries(count, lookup):
        works = [{"title": f"{TITLE} {n}", "year": 2015, "journal": "J", "doi": f"10.1000/{n}"}
                 for n in range(count)]  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            lookup(works)
        return len(captured)

    assert queries(5, near_matches_many) == queries(NEAR_BATCH, near_matches_many) == 2
    assert queries(NEAR_BATCH + 1, near_matches_many) == 3
    assert queries(5, find_existing_many) == queries(NEAR_BATCH, find_existing_many) == 2


# --------------------------------------------------------------------------------------------
# The library's admin
# --------------------------------------------------------------------------------------------


def test_editors_see_possible_duplicates_and_merge_one(client, editor, trial):
    duplicate = ReferenceFactory(
        key="avert-epub", title=TITLE.split(":")[0], journal="Lancet", year=2014, pages="46-55"
    )
    article = ArticleFactory(content=False)
    ArticleReference.objects.create(article=article, reference=duplicate)
    Section.objects.create(article=article, position=1, heading="H", body="As shown [@avert-epub].")
    client.force_login(editor)
    change = client.get(reverse("admin:references_reference_change", args=[duplicate.pk]))
    html = change.content.decode()
    assert "Possibly the same work as" in html and ">avert</a>" in html and "1 year apart" in html
    merge_url = reverse("admin:references_reference_merge", args=[duplicate.pk])
    assert f"{merge_url}?survivor={trial.pk}" in html
    page = client.get(merge_url, {"survivor": trial.pk})
    [radio] = parse(page).find_all("input", name="survivor")
    assert radio.attrs["value"] == str(trial.pk) and "checked" in radio.attrs
    done = client.post(merge_url, {"survivor": trial.pk, "reason": "e-pub year"})
    assert done.status_code == 302
    assert not Reference.objects.filter(pk=duplicate.pk).exists()
    assert article.sections.get().body == "As shown [@avert]."
    trial.refresh_from_db()
    assert trial.pages == "46-55"
    assert trial.history.first().history_change_reason == "Merged avert-epub into avert: e-pub year"


def test_a_record_is_merged_into_one_named_by_its_key(client, editor, trial):
    duplicate = ReferenceFactory(key="unlike", title="A title nothing resembles")
    client.force_login(editor)
    merge_url = reverse("admin:references_reference_merge", args=[duplicate.pk])
    assert "No other record looks like the same work." in client.get(merge_url).content.decode()
    assert client.post(merge_url, {"survivor_key": "[@avert]"}).status_code == 302
    assert list(Reference.objects.values_list("key", flat=True)) == ["avert"]


def test_two_works_with_different_identifiers_are_never_merged(client, editor, trial):
    Reference.objects.filter(pk=trial.pk).update(doi="10.1000/avert", pmid="26148761")
    duplicate = ReferenceFactory(key="twin", title=TITLE, year=2014, doi="10.1000/twin")
    with pytest.raises(ValidationError) as refusal:
        reference_merge(duplicate=duplicate, survivor=trial, by=editor)
    assert refusal.value.messages == [MERGE_DIFFERENT_WORKS.format(names="DOI")]
    client.force_login(editor)
    merge_url = reverse("admin:references_reference_merge", args=[duplicate.pk])
    assert "No other record looks like the same work." in client.get(merge_url).content.decode()
    response = client.post(merge_url, {"survivor_key": "avert"})
    assert MERGE_DIFFERENT_WORKS.format(names="DOI") in response.content.decode()
    assert Reference.objects.count() == 2


def test_only_editors_merge(client, board_member, author, trial):
    duplicate = ReferenceFactory(key="twin", title=TITLE, year=2014)
    merge_url = reverse("admin:references_reference_merge", args=[duplicate.pk])
    for user in (board_member, author):
        client.force_login(user)
        assert client.post(merge_url, {"survivor": trial.pk}).status_code in (302, 403)
    assert Reference.objects.count() == 2
