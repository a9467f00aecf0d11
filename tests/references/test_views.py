"""The import page, admin views, downloads: anonymous, author, editor; forged and hostile posts."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import ArticleReference, RetractionAcknowledgement, Section
from references.models import Reference, ReferenceImport, Retraction
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    UserFactory,
    article_in_state,
    editor_user,
)
from tests.html import parse, visible_text
from tests.reference_imports import confirmed, previewed
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
IMPORT = "/references/import/"


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(IMPORT)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.post(IMPORT, {"text": "x"}).status_code == 302
    assert Reference.objects.count() == 0


def test_a_user_without_a_role_is_refused(client):
    client.force_login(UserFactory())
    assert client.get(IMPORT).status_code == 403


def test_author_previews_then_imports_the_chosen_entries(client, author):
    ReferenceFactory(key="existing", pmid="19621072")
    client.force_login(author)
    page = client.get(IMPORT)
    assert page.status_code == 200 and b'<label for="id_file">' in page.content

    upload = SimpleUploadedFile("prisma.nbib", (SAMPLES / "prisma.nbib").read_bytes())
    preview = previewed(client, {"file": upload, "format": ""})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "The PRISMA 2020 statement" in html and "Hróbjartsson A" in html
    assert "Already in the library as <code>existing</code> (same PMID)" in html
    assert Reference.objects.count() == 1  # nothing saved by the preview

    done = confirmed(client, preview, {"selected": ["1"]})
    assert "Imported: 1 new, 0 already in the library." in visible_text(done)
    assert set(Reference.objects.values_list("pmid", flat=True)) == {"19621072", "33782057"}
    assert Reference.objects.get(pmid="33782057").history.get().history_user == author


def test_entries_with_errors_are_shown_and_a_forged_selection_saves_nothing(client, author):
    client.force_login(author)
    preview = previewed(client, {"text": (SAMPLES / "library.ris").read_text()})
    html = preview.content.decode()
    assert "The year is missing or malformed." in html
    boxes = {box.attrs["value"]: box for box in parse(preview).find_all("input", type="checkbox")}
    assert "disabled" in boxes["2"].attrs and "checked" not in boxes["2"].attrs
    kinds = {"kind_1": "observational", "kind_2": "research", "kind_3": "guideline"}
    done = confirmed(client, preview, {"selected": ["1", "2", "3"], **kinds})
    assert "Entry 2 cannot be imported" in done.content.decode()
    # Each entry all or nothing: the entry with errors is refused, the others are saved.
    assert Reference.objects.count() == 2


def test_the_preview_says_which_kinds_to_choose_and_the_import_asks_for_them(client, author):
    """The kind is never guessed: where the file does not say, the author chooses."""
    client.force_login(author)
    preview = previewed(client, {"text": (SAMPLES / "library.ris").read_text()})
    html = preview.content.decode()
    assert "2 entries do not say what kind of work they are" in html
    assert html.count("Not in the file: choose.") == 2  # entries 1 and 3; 2 has errors
    assert '<select name="kind_1"' in html
    refused = confirmed(client, preview, {"selected": ["1", "3"]})
    assert "Entry 1 cannot be imported: Choose the kind of work" in refused.content.decode()
    assert Reference.objects.count() == 0
    done = confirmed(
        client,
        preview,
        {"selected": ["1", "3"], "kind_1": "observational", "kind_3": "guideline"},
    )
    assert "Imported: 2 new, 0 already in the library." in visible_text(done)
    assert dict(Reference.objects.values_list("title", "kind")) == {
        "Attachment security after early adversity: a cohort study": "observational",
        "Guideline on the management of depression in primary care": "guideline",
    }


def test_a_posted_kind_must_be_one_of_the_library_s(client, author):
    client.force_login(author)
    preview = previewed(client, {"text": (SAMPLES / "library.ris").read_text()})
    response = confirmed(client, preview, {"selected": ["1"], "kind_1": "opinion"})
    assert "Select a valid choice" in response.content.decode()
    assert Reference.objects.count() == 0


def test_a_posted_choice_cannot_add_or_alter_entries(client, author):
    client.force_login(author)
    preview = previewed(client, {"text": (SAMPLES / "library.json").read_text()})
    forged = confirmed(client, preview, {"selected": ["1", "99"], "kind_1": "research"})
    assert "Select a valid choice. 99 is not one of the available choices." in (
        forged.content.decode()
    )
    done = confirmed(
        client,
        preview,
        {"selected": ["1"], "kind_1": "research", "title_1": "Forged", "doi_1": "x"},
    )
    assert "Imported: 1 new" in visible_text(done)
    assert "Forged" not in Reference.objects.values_list("title", flat=True)


def test_confirming_imports_the_preview_s_parse_without_parsing_again(client, author, monkeypatch):
    client.force_login(author)
    preview = previewed(client, {"text": (SAMPLES / "library.json").read_text()})
    from references import parsers, tasks

    def no_second_parse(*args, **kwargs):
        raise AssertionError("parsed again")

    for module in (parsers, tasks):
        monkeypatch.setattr(module, "parse_references", no_second_parse)
        monkeypatch.setattr(module, "read_references", no_second_parse)
    done = confirmed(client, preview, {"selected": ["1", "2"], "kind_1": "research"})
    assert ReferenceImport.objects.get().status == "done"
    assert "Imported: 2 new" in visible_text(done)
    assert Reference.objects.count() == 2


def test_kept_entries_are_still_validated_before_saving(client, author):
    """Even an entry the preview kept goes through the model's validation when it is saved."""
    entry = {"position": 1, "kind": "research", "title": "No year", "journal": "J"}
    job = ReferenceImport.objects.create(
        by=author,
        data=b"",
        status="done",
        preview={
            "format": "ris",
            "warnings": [],
            "entries": [entry],
            "matches": [{"existing": None, "matched_on": "", "repeats": None, "near": []}],
            "near": {},
        },
    )
    client.force_login(author)
    page = client.get(job.get_absolute_url())
    done = confirmed(client, page, {"selected": ["1"]})
    assert "Entry 1 cannot be imported" in done.content.decode()
    assert Reference.objects.count() == 0


@pytest.mark.parametrize(
    "content",
    [
        b'[{"title": "Bad \\ud800", "container-title": "J", "issued": {"raw": "2020"}}]',
        b'[{"title": "NUL \\u0000", "container-title": "J", "issued": {"raw": "2020"}}]',
        b"TY  - JOUR\nTI  - Bad\x00title\nJO  - J\nPY  - 2020\nER  - \n",
    ],
)
def test_nul_and_lone_surrogates_are_shown_as_entry_errors_not_a_500(client, author, content):
    client.force_login(author)
    response = previewed(client, {"file": SimpleUploadedFile("x.txt", content)})
    assert response.status_code == 200
    assert "NUL character or broken Unicode" in response.content.decode()


@pytest.mark.parametrize(
    "content",
    [
        "TY  - JOUR\nTI  - Müller\nJO  - J\nPY  - 2020\nER  - \n".encode("utf-16"),
        "\ufeffTY  - JOUR\nTI  - Müller\nJO  - J\nPY  - 2020\nER  - \n".encode("utf-8"),
    ],
)
def test_utf16_and_bom_files_are_previewed(client, author, content):
    client.force_login(author)
    response = previewed(client, {"file": SimpleUploadedFile("x.ris", content)})
    assert "Müller" in response.content.decode() and 'name="selected"' in response.content.decode()


def test_a_latin1_file_is_previewed_with_a_warning(client, author):
    client.force_login(author)
    content = "TY  - JOUR\nTI  - Müller\nJO  - J\nPY  - 2020\nER  - \n".encode("latin-1")
    html = previewed(client, {"file": SimpleUploadedFile("x.ris", content)}).content.decode()
    assert "Müller" in html and "read as Latin-1" in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text file"),
        (b"[" * 5000 + b"]" * 5000, "levels deep"),
        (b'[{"title": "cut', "malformed or cut off"),
        (b"x" * (2 * 1024 * 1024 + 10), "larger than 2 MB"),
    ],
)
def test_hostile_uploads_give_a_clean_message(client, author, content, message):
    client.force_login(author)
    response = previewed(client, {"file": SimpleUploadedFile("x.json", content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Reference.objects.count() == 0


# --------------------------------------------------------------------------------------------
# Downloads
# --------------------------------------------------------------------------------------------


def test_downloads_of_a_published_article(client):
    article = article_in_state("approved")
    for extension in ("ris", "bib", "json"):
        response = client.get(f"/articles/{article.slug}/references.{extension}")
        assert response.status_code == 200, extension
        assert "attachment" in response["Content-Disposition"]
    data = json.loads(client.get(f"/articles/{article.slug}/references.json").content)
    assert [item["id"] for item in data] == [article.references.get().key]
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="/articles/{article.slug}/references.bib"' in page


@pytest.mark.parametrize("state", ["draft", "submitted", "under_review", "archived"])
def test_no_downloads_of_unpublished_articles(client, editor, state):
    article = article_in_state(state)
    client.force_login(editor)
    assert client.get(f"/articles/{article.slug}/references.ris").status_code == 404


def test_unknown_download_format_is_404(client):
    article = article_in_state("approved")
    assert client.get(f"/articles/{article.slug}/references.pdf").status_code == 404


# --------------------------------------------------------------------------------------------
# Admin
# --------------------------------------------------------------------------------------------


def test_admin_import_is_for_editors_each_their_own(client, editor, board_member, author):
    url = reverse("admin:references_reference_import")
    assert client.get(url).status_code == 302  # to the admin login
    for refused in (board_member, author):
        client.force_login(refused)
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"text": "TY  - JOUR"}).status_code in (302, 403)
    assert not ReferenceImport.objects.exists()
    client.force_login(editor)
    preview = previewed(client, {"text": (SAMPLES / "library.json").read_text()}, url=url)
    job = ReferenceImport.objects.get()
    progress = reverse("admin:references_reference_import_progress", args=[job.pk])
    assert preview.wsgi_request.path == progress and 'name="selected"' in preview.content.decode()
    for other in (editor_user(), board_member, author):
        client.force_login(other)
        assert client.get(progress).status_code in (302, 403, 404)
        assert client.post(progress, {"selected": ["1", "2"]}).status_code in (302, 403, 404)
    client.force_login(editor)
    done = confirmed(client, preview, {"selected": ["1", "2"], "kind_1": "research"})
    assert "Imported: 2 new, 0 already in the library." in visible_text(done)
    assert Reference.objects.count() == 2
    assert job.get_absolute_url() in client.get(reverse("references:imports")).content.decode()


def test_admin_merge(client, editor, board_member):
    duplicate = ReferenceFactory(key="dup")
    survivor = ReferenceFactory(key="keep")
    article = ArticleFactory(content=False)
    ArticleReference.objects.create(article=article, reference=duplicate)
    Section.objects.create(article=article, position=1, heading="H", body="A [@dup].")
    url = reverse("admin:references_reference_merge", args=[duplicate.pk])
    client.force_login(board_member)
    assert client.post(url, {"survivor": survivor.pk}).status_code == 403
    assert Reference.objects.filter(pk=duplicate.pk).exists()
    client.force_login(editor)
    assert client.get(url).status_code == 200
    response = client.post(url, {"survivor": survivor.pk, "reason": "same DOI"})
    assert response.status_code == 302
    assert not Reference.objects.filter(pk=duplicate.pk).exists()
    assert article.sections.get().body == "A [@keep]."
    change = client.get(reverse("admin:references_reference_change", args=[survivor.pk]))
    assert article.title in change.content.decode()  # cited in


def test_admin_citation_report_and_acknowledgement(client, editor, board_member, author):
    article = ArticleFactory()
    reference = article.references.get()
    Reference.objects.filter(pk=reference.pk).update(doi="10.1000/gone")
    Retraction.objects.create(doi="10.1000/GONE", notice="Retracted.")
    url = reverse("admin:articles_article_citations", args=[article.pk])
    client.force_login(author)
    assert client.get(url).status_code in (302, 403)
    client.force_login(board_member)
    page = client.get(url).content.decode()
    assert "Approval is blocked" in page and "is on the retraction list" in page
    assert client.post(url, {"reference": reference.pk}).status_code == 403
    client.force_login(editor)
    assert (
        client.post(url, {"reference": reference.pk, "note": "Cited as retracted"}).status_code
        == 302
    )
    assert RetractionAcknowledgement.objects.get().acknowledged_by == editor
    assert "Approval is blocked" not in client.get(url).content.decode()


def test_admin_retraction_import(client, editor, board_member):
    url = reverse("admin:references_retraction_import")
    csv = SimpleUploadedFile("r.csv", b"doi,pmid,notice\n10.1000/x,,Retracted\n,,\n")
    client.force_login(board_member)
    assert client.post(url, {"file": csv}).status_code == 403
    client.force_login(editor)
    csv.seek(0)
    assert client.post(url, {"file": csv}).status_code == 302
    assert run_queued_tasks() == 1  # the worker imports it
    assert Retraction.objects.get().imported_by == editor


# --------------------------------------------------------------------------------------------
# Management commands
# --------------------------------------------------------------------------------------------


def test_import_references_command_prints_created_merged_rejected():
    ReferenceFactory(key="arriaga", doi="10.1177/1088868317705257")
    out = StringIO()
    call_command("import_references", str(SAMPLES / "library.bib"), stdout=out)
    output = out.getvalue()
    assert "rejected mueller2020: Choose the kind of work" in output  # the file does not say
    assert "merged   arriaga" in output
    assert "rejected nojournal" in output and "rejected broken" in output
    assert output.strip().endswith("0 created, 1 merged, 3 rejected.")

    out = StringIO()
    call_command(
        "import_references", str(SAMPLES / "library.bib"), "--kind", "randomised_trial", stdout=out
    )
    assert "created  mueller2020" in out.getvalue()
    assert Reference.objects.get(key="mueller2020").kind == "randomised_trial"


def test_import_references_command_reports_entry_errors_and_warnings_not_a_crash(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(
        b'[{"title": "Bad \\ud800", "container-title": "J", "issued": {"raw": "2020"}},'
        b' {"title": "Good", "container-title": "J", "issued": {"raw": "2020"}, '
        b'"URL": "www.who.int/x"}]'
    )
    out, err = StringIO(), StringIO()
    call_command("import_references", str(path), "--kind", "research", stdout=out, stderr=err)
    assert "rejected Bad \ufffd: The entry contains a NUL character or broken Unicode" in (
        out.getvalue()
    )
    assert out.getvalue().strip().endswith("1 created, 0 merged, 1 rejected.")
    assert "The link had no scheme" in err.getvalue()
    assert Reference.objects.get().url == "https://www.who.int/x"


def test_import_references_command_refuses_a_bad_file(tmp_path):
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"\x00\x01")
    with pytest.raises(CommandError, match="not a text file"):
        call_command("import_references", str(bad))
    assert Reference.objects.count() == 0


def test_import_retractions_command(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("doi,pmid\n10.1000/x,\n,99\n")
    out = StringIO()
    call_command("import_retractions", str(path), "--source", "Retraction Watch", stdout=out)
    assert "2 added, 0 updated, 0 rejected." in out.getvalue()
