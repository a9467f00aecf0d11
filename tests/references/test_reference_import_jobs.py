"""An author's reference import in the background (issue 22, item 2): the upload only saves the
file and queues it; the worker reads it and looks its entries up in batches, writing the counts;
the author chooses on the import's page (which they may leave and come back to) and the worker
saves the chosen entries in batches, each entry all or nothing, until done or cancelled. Only
the uploader sees, confirms or cancels it; a file that cannot be read ends it with its reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from references import tasks
from references.models import ImportStatus, Reference, ReferenceImport, ReferenceImportStep
from references.parsers.decoding import NOT_TEXT
from references.services import CHOSEN_RECORD_GONE
from tests.factories import ReferenceFactory, author_user, board_user, editor_user
from tests.html import parse, visible_text
from tests.reference_imports import IMPORT, confirmed, previewed
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
TITLE = "Early mobilisation after stroke: a randomised trial of rehabilitation"


def ris(title: str, *, doi: str = "", year: int = 2015, kind: str = "Randomized Controlled Trial"):
    return (
        f"TY  - JOUR\nTI  - {title}\nJO  - Lancet\nPY  - {year}\nAU  - Bernhardt, Julie\n"
        + (f"M3  - {kind}\n" if kind else "")
        + (f"DO  - {doi}\n" if doi else "")
        + "ER  - \n\n"
    )


def trials(count: int) -> str:
    return "".join(ris(f"Trial number {n} of a drug", doi=f"10.5555/t.{n}") for n in range(count))


def job_url(job: ReferenceImport) -> str:
    return reverse("references:import_job", args=[job.pk])


def upload(client, content: bytes, name: str = "refs.ris"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content), "format": ""})


def test_the_upload_only_saves_the_file_and_queues_its_preview(client, author, monkeypatch):
    def no_parse(*args, **kwargs):
        raise AssertionError("parsed in the request")

    monkeypatch.setattr(tasks, "read_references", no_parse)
    client.force_login(author)
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, trials(3).encode())
    assert len(queries) < 15
    job = ReferenceImport.objects.get()
    assert response["Location"] == job_url(job)
    assert (job.by, job.status, job.step, job.name) == (author, "queued", "preview", "refs.ris")
    page = client.get(job_url(job)).content.decode()
    assert "Waiting for the worker to read the file" in page and "data-refresh" in page
    assert "Cancel the import" in page and "js/import-progress.js" in page
    assert "Show the latest progress" in page  # without the script


@pytest.fixture
def previewed_mix(client, author, monkeypatch):
    """An author's file of seven entries, read by the worker in batches of two."""
    monkeypatch.setattr(tasks, "REFERENCE_BATCH", 2)
    ReferenceFactory(key="known", doi="10.5555/t.0")
    ReferenceFactory(key="avert", title=TITLE, journal="Lancet", year=2015, authors="Bernhardt J")
    text = (
        trials(3)  # the first already in the library
        + ris(TITLE, year=2014)  # possibly avert: a year apart
        + ris("Trial number 2 of a drug", doi="10.5555/t.2")  # repeats entry 3
        + "TY  - JOUR\nTI  - No year here\nJO  - J\nER  - \n\n"  # an error
        + ris("A cohort of adults", kind="")  # new, its kind to choose
    )
    client.force_login(author)
    return previewed(client, {"text": text, "format": ""})


def test_the_worker_counts_the_entries_of_the_preview(previewed_mix):
    preview = previewed_mix
    job = ReferenceImport.objects.get()
    assert (job.status, job.total, job.checked) == ("done", 7, 7)
    assert bytes(job.data) == b""  # read once, the file is not kept: its preview is
    assert (job.new, job.duplicates, job.near_duplicates, job.errors) == (3, 2, 1, 1)
    html = preview.content.decode()
    assert "Preview ready: choose what to import" in html and "data-refresh" not in html
    assert "Entries checked: 7 of 7" in visible_text(preview)
    assert "Already in the library as <code>known</code> (same DOI)" in html
    assert "Repeats entry 3 of this file." in html and "Possibly the same work as:" in html
    assert "The year is missing or malformed." in html
    assert Reference.objects.count() == 2  # nothing saved by the preview


def test_the_choice_is_checked_then_saved_by_the_worker(client, author, previewed_mix):
    job = ReferenceImport.objects.get()
    refused = client.post(job_url(job), {"selected": ["2", "7"]})
    assert refused.status_code == 200
    assert "Entry 7 cannot be imported: Choose the kind of work" in refused.content.decode()
    job.refresh_from_db()
    assert job.step == ReferenceImportStep.PREVIEW and Reference.objects.count() == 2

    avert = Reference.objects.get(key="avert")
    choice = {"selected": ["1", "2", "3", "4", "7"], "same_4": str(avert.pk), "kind_7": "research"}
    response = client.post(job_url(job), choice)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.step, job.status, len(job.chosen)) == ("save", "queued", 5)
    waiting = client.get(job_url(job)).content.decode()
    assert "Waiting for the worker to save" in waiting and "data-refresh" in waiting

    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.saved) == ("done", 5)
    assert job.merged_keys == ["known", "avert"] and len(job.created_keys) == 3
    assert Reference.objects.count() == 5
    assert Reference.objects.get(title="A cohort of adults").history.get().history_user == author
    done = visible_text(client.get(job_url(job)))
    assert "Imported: 3 new, 2 already in the library." in done
    assert f"[@{job.created_keys[0]}]" in done and "Already in the library as: [@known]" in done
    # Confirming again (a page left open) saves nothing twice.
    again = client.post(job_url(job), choice, follow=True)
    assert "not waiting for a choice" in again.content.decode()
    assert run_queued_tasks() == 0 and Reference.objects.count() == 5


def test_the_author_comes_back_to_their_imports_from_the_list(client, author):
    client.force_login(author)
    upload(client, trials(2).encode(), name="mine.ris")
    job = ReferenceImport.objects.get()
    for url in (IMPORT, reverse("references:imports")):
        page = parse(client.get(url))
        links = {a.attrs["href"]: a for a in page.find_all("a")}
        assert job_url(job) in links and "mine.ris" in links[job_url(job)].text()
    other = author_user()
    client.force_login(other)
    assert job_url(job) not in client.get(reverse("references:imports")).content.decode()


def test_saving_is_cancelled_between_batches_and_what_was_saved_stays(client, author, monkeypatch):
    monkeypatch.setattr(tasks, "REFERENCE_BATCH", 2)
    client.force_login(author)
    preview = previewed(client, {"text": trials(5)})
    job = ReferenceImport.objects.get()
    real = tasks.reference_import
    batches = []

    def batch_then_cancel(**kwargs):
        outcome = real(**kwargs)
        batches.append(len(kwargs["entries"]))
        if len(batches) == 1:  # the author presses Cancel while the first batch is saved
            ReferenceImport.objects.filter(pk=job.pk).update(cancel_requested=True)
        return outcome

    monkeypatch.setattr(tasks, "reference_import", batch_then_cancel)
    page = confirmed(client, preview, {"selected": ["1", "2", "3", "4", "5"]})
    job.refresh_from_db()
    assert (job.status, job.saved, batches) == ("cancelled", 2, [2])
    assert Reference.objects.count() == 2 and len(job.created_keys) == 2
    text = visible_text(page)
    assert "Cancelled" in text and "Entries saved: 2 of 5" in text
    assert "Imported: 2 new, 0 already in the library." in text


def test_a_cancel_pressed_on_the_page_stops_a_queued_save_and_a_waiting_preview(client, author):
    client.force_login(author)
    preview = previewed(client, {"text": trials(2)})
    job = ReferenceImport.objects.get()
    client.post(job_url(job), {"selected": ["1", "2"]})
    assert client.post(job_url(job), {"cancel": "1"}).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    assert run_queued_tasks() == 1 and Reference.objects.count() == 0  # it never started

    preview = previewed(client, {"text": trials(2)})
    waiting = ReferenceImport.objects.latest("pk")
    assert "Import nothing" in preview.content.decode()
    client.post(job_url(waiting), {"cancel": "1"})
    waiting.refresh_from_db()
    assert waiting.status == ImportStatus.CANCELLED
    assert client.post(job_url(waiting), {"selected": ["1"]}).status_code == 302
    assert run_queued_tasks() == 0 and Reference.objects.count() == 0


def test_an_entry_refused_at_the_save_is_reported_and_the_others_saved(client, author):
    client.force_login(author)
    ReferenceFactory(key="again", title=TITLE, journal="Lancet", year=2015)
    previewed(client, {"text": ris(TITLE, year=2014, doi="10.5555/z") + trials(2)})
    job = ReferenceImport.objects.latest("pk")
    again = Reference.objects.get(key="again")
    chosen = {"selected": ["1", "2", "3"], "same_1": str(again.pk)}
    response = client.post(job_url(job), chosen)
    assert response.status_code == 302
    again.delete()
    run_queued_tasks()
    job.refresh_from_db()
    page = visible_text(client.get(job_url(job)))
    assert job.status == "done" and job.rejected_entries == [[1, CHOSEN_RECORD_GONE]]
    assert f"Entry 1 cannot be imported: {CHOSEN_RECORD_GONE}" in page
    assert Reference.objects.filter(doi__startswith="10.5555/t.").count() == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The submitted file is empty."),  # refused at the upload
        (b"\n\n  \n", "nothing to import: the file or text is empty"),
        (b"x\n" * 1_000_000, "The format was not recognised"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", NOT_TEXT),
        (b"title,year\nA trial,2020\n", "The format was not recognised"),
        (b'[{"title": "cut', "malformed or cut off"),
        (b"x" * (2 * 1024 * 1024 + 10), "larger than 2 MB"),  # refused at the upload
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_its_reason(client, author, content, reason):
    client.force_login(author)
    page = previewed(client, {"file": SimpleUploadedFile("refs.txt", content)})
    assert reason in page.content.decode()
    job = ReferenceImport.objects.first()
    if job is not None:  # read by the worker: the import is refused, its page says why
        assert (job.status, page.wsgi_request.path) == ("failed", job_url(job))
        assert 'role="alert"' in page.content.decode()
    assert Reference.objects.count() == 0


def test_a_million_lines_of_one_record_are_an_entry_error_not_a_stuck_worker(client, author):
    client.force_login(author)
    content = b"TY  - JOUR\n" + b"\n" * 999_998 + b"ER  - \n"
    page = previewed(client, {"file": SimpleUploadedFile("long.ris", content)})
    job = ReferenceImport.objects.get()
    assert (job.status, job.total, job.errors) == ("done", 1, 1)
    assert "The title is missing." in page.content.decode()


def test_an_unexpected_error_fails_the_import_and_the_worker_goes_on(author, monkeypatch):
    broken = ReferenceImport.objects.create(by=author, data=trials(1).encode(), pasted=True)
    fine = ReferenceImport.objects.create(by=author, data=trials(2).encode(), pasted=True)
    real = tasks.preview_matches

    def explode(entries, seen):
        if ReferenceImport.objects.get(status="running").pk == broken.pk:
            raise RuntimeError("boom")
        return real(entries, seen)

    monkeypatch.setattr(tasks, "preview_matches", explode)
    tasks.reference_import_preview.enqueue(job_id=broken.pk)
    tasks.reference_import_preview.enqueue(job_id=fine.pk)
    assert run_queued_tasks() == 2
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (broken.status, broken.error) == ("failed", tasks.UNEXPECTED)
    assert (fine.status, fine.total) == ("done", 2)


def test_only_the_uploader_sees_confirms_or_cancels_an_import(client, author):
    client.force_login(author)
    previewed(client, {"text": trials(2)})
    job = ReferenceImport.objects.get()
    url = job_url(job)
    client.logout()
    for method in (client.get, lambda url: client.post(url, {"selected": ["1"]})):
        response = method(url)
        assert response.status_code == 302 and "login" in response["Location"]
    for user in (author_user(), board_user(), editor_user()):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, {"selected": ["1", "2"]}).status_code in (403, 404)
        assert client.post(url, {"cancel": "1"}).status_code in (403, 404)
        assert url not in client.get(reverse("references:imports")).content.decode()
    job.refresh_from_db()
    assert (job.step, job.status, job.cancel_requested) == ("preview", "done", False)
    assert run_queued_tasks() == 0 and Reference.objects.count() == 0
    client.force_login(board_user())
    assert client.get(reverse("references:imports")).status_code == 403
    assert client.post(IMPORT, {"text": trials(1)}).status_code == 403
    assert ReferenceImport.objects.count() == 1


def test_an_import_whose_worker_stopped_under_it_is_cancelled_at_once(client, author):
    """A worker killed in the middle of a batch never finishes the import: cancelling it ends it
    now (what it saved stays), where a live one would stop after its batch."""
    client.force_login(author)
    preview = previewed(client, {"text": trials(3)})
    job = ReferenceImport.objects.get()
    client.post(preview.wsgi_request.path, {"selected": ["1", "2", "3"]})
    ReferenceImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, progressed_at=timezone.now() - timedelta(minutes=2)
    )
    client.post(job_url(job), {"cancel": "1"})
    job.refresh_from_db()
    assert (job.status, job.cancel_requested) == (ImportStatus.RUNNING, True)  # after its batch
    assert "stopping after this batch" in client.get(job_url(job)).content.decode()

    ReferenceImport.objects.filter(pk=job.pk).update(
        progressed_at=timezone.now() - tasks.STALE_AFTER - timedelta(seconds=1)
    )
    client.post(job_url(job), {"cancel": "1"})
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportStatus.CANCELLED, tasks.WORKER_LOST)
    assert tasks.WORKER_LOST in client.get(job_url(job)).content.decode()
