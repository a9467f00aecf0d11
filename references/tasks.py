"""Imports run by the worker (``manage.py db_worker``, django-tasks-db), so that no request waits
for them: a file of notices is read and saved in batches, each row all or nothing, its progress
written after each batch, and a cancellation honoured between batches.

On Django 6, ``django.tasks`` replaces the django-tasks backport: change the import below only.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from references.models import ImportStatus, NoticeImport
from references.notices import (
    RetractionImportOutcome,
    notice_batches,
    notice_rows,
    notices_import_batch,
)

logger = logging.getLogger(__name__)

KEPT_REJECTIONS = 200


def notices_import_queue(*, job: NoticeImport) -> None:
    """Queue the job's task in the transaction that saves the job (the database backend's task
    row commits with it, or neither does)."""
    notices_import_run.enqueue(job_id=job.pk)


def notices_import_cancel(*, job: NoticeImport) -> None:
    """Ask the import to stop: a queued one never starts, a running one stops after its batch."""
    with transaction.atomic():
        locked = NoticeImport.objects.select_for_update().get(pk=job.pk)
        if locked.finished:
            return
        locked.cancel_requested = True
        if locked.status == ImportStatus.QUEUED:
            locked.status, locked.finished_at = ImportStatus.CANCELLED, timezone.now()
        locked.save(update_fields=["cancel_requested", "status", "finished_at"])


def _record(job: NoticeImport, outcome: RetractionImportOutcome, rows: int) -> None:
    job.rows_read += rows
    job.created += outcome.created
    job.updated += outcome.updated
    job.rejected += len(outcome.rejected)
    room = KEPT_REJECTIONS - len(job.rejected_rows)
    job.rejected_rows = [
        *job.rejected_rows,
        *([n, reason] for n, reason in outcome.rejected[:room]),
    ]
    job.save(update_fields=["rows_read", "created", "updated", "rejected", "rejected_rows"])


def _finish(job: NoticeImport, status: ImportStatus, error: str = "") -> None:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


@task()
def notices_import_run(job_id: int) -> None:
    """Import the job's file: one transaction a batch (its rows and its progress together), the
    cancellation read between batches. A file of another shape, or anything unexpected, ends the
    job as refused with its reason; the worker goes on with its next task."""
    job = NoticeImport.objects.filter(pk=job_id, status=ImportStatus.QUEUED).first()
    if job is None:  # cancelled before it started, or already run
        return
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])
    try:
        for batch in notice_batches(notice_rows(job.text)):
            if NoticeImport.objects.filter(pk=job.pk, cancel_requested=True).exists():
                _finish(job, ImportStatus.CANCELLED)
                return
            outcome = RetractionImportOutcome()
            with transaction.atomic():
                notices_import_batch(batch, by=job.by, source=job.source, outcome=outcome)
                _record(job, outcome, len(batch))
    except ValidationError as refusal:
        _finish(job, ImportStatus.FAILED, " ".join(refusal.messages))
        return
    except Exception:  # the worker must never be stuck on one file
        logger.exception("Notice import %s failed", job.pk)
        _finish(job, ImportStatus.FAILED, "The import stopped on an unexpected error.")
        return
    _finish(job, ImportStatus.DONE)
