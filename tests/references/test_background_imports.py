"""Imports in the background (issue 22, item 2): the admin's notice import is saved and queued,
the worker imports it in batches (each row all or nothing) and writes its progress, the editor
follows it and may cancel; a file of another shape or a broken one ends the job with its reason
and never holds the worker."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from references import notices, tasks
from references.models import ImportStatus, NoticeImport, NoticeNature, Retraction
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:references_retraction_import")


def progress_url(job):
    return reverse("admin:references_retraction_import_progress", args=[job.pk])


def upload(client, content: bytes, name="rw.csv", source="Retraction Watch"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content), "source": source})


def retraction_watch(rows: int, nature="Retraction") -> bytes:
    lines = ["OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,RetractionDate"]
    lines += [f"10.5555/rw.{n},,{nature},1/2/2020" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_the_upload_only_queues_and_the_worker_imports_in_batches(client, editor, monkeypatch):
    monkeypatch.setattr(notices, "BATCH", 50)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, retraction_watch(120) + b",,,\n10.5555/rw.1,,Nonsense,\n")
    assert len(queries) < 30  # the request saves the file and queues its task, nothing more
    job = NoticeImport.objects.get()
    assert response["Location"] == progress_url(job)
    assert (job.status, job.by, Retraction.objects.count()) == (ImportStatus.QUEUED, editor, 0)
    page = client.get(progress_url(job)).content.decode()
    assert "Waiting for the worker" in page and "data-refresh" in page

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.rows_read, job.created, job.rejected) == (
        ImportStatus.DONE,
        122,
        120,
        2,
    )
    assert (
        Retraction.objects.filter(nature=NoticeNature.RETRACTION, source="Retraction Watch").count()
        == 120
    )
    page = client.get(progress_url(job)).content.decode()
    assert "120 notices added" in page and "2 rows rejected" in page
    assert "Row 123:" in page and "data-refresh" not in page
    assert "Cancel the import" not in page


def test_a_queued_import_cancelled_never_runs(client, editor):
    client.force_login(editor)
    upload(client, retraction_watch(5))
    job = NoticeImport.objects.get()
    assert client.post(progress_url(job), {"cancel": "1"}).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    run_queued_tasks()
    assert Retraction.objects.count() == 0


def test_a_running_import_stops_after_its_batch_keeping_what_it_saved(editor, monkeypatch):
    monkeypatch.setattr(notices, "BATCH", 10)
    job = NoticeImport.objects.create(text=retraction_watch(35).decode(), by=editor)
    batches = []
    real = tasks.notices_import_batch

    def batch_then_cancel(batch, **kwargs):
        real(batch, **kwargs)
        batches.append(len(batch))
        if len(batches) == 2:  # the editor presses Cancel while the second batch is saved
            NoticeImport.objects.filter(pk=job.pk).update(cancel_requested=True)

    monkeypatch.setattr(tasks, "notices_import_batch", batch_then_cancel)
    tasks.notices_import_run.call(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created, Retraction.objects.count()) == (ImportStatus.CANCELLED, 20, 20)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (json.dumps({"status": "ok", "message": {"total": 3}}).encode(), notices.NOT_CROSSREF),
        (b"title,year\nA,2020\n", notices.CSV_NEEDS_IDENTIFIER),
    ],
)
def test_a_file_of_another_shape_ends_the_job_with_its_reason(client, editor, content, reason):
    client.force_login(editor)
    upload(client, content, name="file.json")
    assert run_queued_tasks() == 1
    job = NoticeImport.objects.get()
    assert (job.status, job.error) == (ImportStatus.FAILED, reason)
    assert escape(reason) in client.get(progress_url(job)).content.decode()
    assert Retraction.objects.count() == 0


def test_an_unexpected_error_never_holds_the_worker(editor, monkeypatch):
    broken = NoticeImport.objects.create(text=retraction_watch(3).decode(), by=editor)
    fine = NoticeImport.objects.create(text=retraction_watch(2).decode(), by=editor)

    def explode(batch, **kwargs):
        if broken.pk == NoticeImport.objects.filter(status=ImportStatus.RUNNING).get().pk:
            raise RuntimeError("boom")
        return real(batch, **kwargs)

    real = tasks.notices_import_batch
    monkeypatch.setattr(tasks, "notices_import_batch", explode)
    for job in (broken, fine):
        tasks.notices_import_run.call(job_id=job.pk)
        job.refresh_from_db()
    assert (broken.status, broken.error) == (
        ImportStatus.FAILED,
        "The import stopped on an unexpected error.",
    )
    assert (fine.status, fine.created) == (ImportStatus.DONE, 2)


def test_unknown_natures_are_rejected_per_row_and_the_rest_imported(editor):
    text = retraction_watch(2).decode() + "10.5555/x,,Something new,\n"
    job = NoticeImport.objects.create(text=text, by=editor)
    tasks.notices_import_run.call(job_id=job.pk)
    job.refresh_from_db()
    assert (job.created, job.rejected) == (2, 1)
    assert job.rejected_rows[0][0] == 4 and "Something new" in job.rejected_rows[0][1]


def test_only_editors_import_or_see_or_cancel(client, editor, board_member, author):
    job = NoticeImport.objects.create(text=retraction_watch(2).decode(), by=editor)
    for user in (board_member, author):
        client.force_login(user)
        assert client.post(
            IMPORT, {"file": SimpleUploadedFile("r.csv", b"doi\n10.1000/x\n")}
        ).status_code in (302, 403)
        assert client.get(progress_url(job)).status_code in (302, 403)
        assert client.post(progress_url(job), {"cancel": "1"}).status_code in (302, 403)
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED and NoticeImport.objects.count() == 1
    client.logout()
    assert client.get(progress_url(job)).status_code == 302


def test_a_file_that_is_not_utf8_is_refused_at_the_upload(client, editor):
    client.force_login(editor)
    response = upload(client, "doi\n10.1000/é\n".encode("latin-1"))
    assert "The file is not UTF-8 CSV or JSON." in response.content.decode()
    assert NoticeImport.objects.count() == 0
