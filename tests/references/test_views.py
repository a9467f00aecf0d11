"""The import page, admin views, downloads: anonymous, author, editor; forged and hostile posts."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import ArticleReference, Section
from references.forms import SIGNING_SALT
from references.models import Reference, Retraction, RetractionAcknowledgement
from tests.factories import ArticleFactory, ReferenceFactory, UserFactory, article_in_state
from tests.html import parse

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
IMPORT = "/references/import/"


def payload_of(response) -> str:
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)


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
    preview = client.post(IMPORT, {"file": upload, "format": ""})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "The PRISMA 2020 statement" in html and "Hróbjartsson A" in html
    assert "Already in the library as <code>existing</code> (same PMID)" in html
    assert Reference.objects.count() == 1  # nothing saved by the preview

    done = client.post(IMPORT, {"payload": payload_of(preview), "selected": ["1"]}, follow=True)
    assert "Imported: 1 new, 0 already in the library." in done.content.decode()
    assert set(Reference.objects.values_list("pmid", flat=True)) == {"19621072", "33782057"}
    assert Reference.objects.get(pmid="33782057").history.get().history_user == author


def test_entries_with_errors_are_shown_and_a_forged_selection_saves_nothing(client, author):
    client.force_login(author)
    preview = client.post(IMPORT, {"text": (SAMPLES / "library.ris").read_text()})
    html = preview.content.decode()
    assert "The year is missing or malformed." in html
    boxes = {box.attrs["value"]: box for box in parse(preview).find_all("input", type="checkbox")}
    assert "disabled" in boxes["2"].attrs and "checked" not in boxes["2"].attrs
    response = client.post(IMPORT, {"payload": payload_of(preview), "selected": ["1", "2", "3"]})
    assert response.status_code == 200
    assert "Entry 2 cannot be imported" in response.content.decode()
    assert Reference.objects.count() == 0


def test_a_tampered_payload_is_refused(client, author):
    client.force_login(author)
    forged = signing.dumps({"text": "x", "format": ""}, salt="other") + "x"
    response = client.post(IMPORT, {"payload": forged, "selected": ["1"]})
    assert response.status_code == 200
    assert "expired or was altered" in response.content.decode()
    assert Reference.objects.count() == 0


def test_the_payload_is_reparsed_not_trusted(client, author):
    """Even a validly signed payload is parsed and checked again."""
    client.force_login(author)
    text = "TY  - JOUR\nTI  - No year\nJO  - J\nER  - \n"
    payload = signing.dumps({"text": text, "format": ""}, salt=SIGNING_SALT, compress=True)
    response = client.post(IMPORT, {"payload": payload, "selected": ["1"]})
    assert "cannot be imported" in response.content.decode()
    assert Reference.objects.count() == 0


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
    response = client.post(IMPORT, {"file": SimpleUploadedFile("x.json", content)})
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


def test_admin_import_is_for_editors(client, editor, board_member):
    url = reverse("admin:references_reference_import")
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(board_member)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    preview = client.post(url, {"text": (SAMPLES / "library.json").read_text()})
    assert preview.status_code == 200
    response = client.post(url, {"payload": payload_of(preview), "selected": ["1", "2"]})
    assert response.status_code == 302
    assert Reference.objects.count() == 2


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
    assert Retraction.objects.get().imported_by == editor


# --------------------------------------------------------------------------------------------
# Management commands
# --------------------------------------------------------------------------------------------


def test_import_references_command_prints_created_merged_rejected():
    ReferenceFactory(key="arriaga", doi="10.1177/1088868317705257")
    out = StringIO()
    call_command("import_references", str(SAMPLES / "library.bib"), stdout=out)
    output = out.getvalue()
    assert "created  mueller2020" in output
    assert "merged   arriaga" in output
    assert "rejected nojournal" in output and "rejected broken" in output
    assert output.strip().endswith("1 created, 1 merged, 2 rejected.")


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
