"""Imports run by the worker (``manage.py db_worker``, django-tasks-db), so that no request waits
for them. Every import is a ``BackgroundImport``: saved with its file and its task queued in one
transaction, run in batches (each batch one transaction with its progress), a cancellation read
between batches, and any failure the end of that import with its reason, never of the worker.

- A file of notices (the admin's) is read and saved in batches, each row all or nothing.
- A file of references (an author's) is read and its entries looked up in the library in
  batches (the preview); once its uploader has chosen what to import, the chosen entries are
  saved in batches, each entry all or nothing.

On Django 6, ``django.tasks`` replaces the django-tasks backport: change the import below only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from editorial.models import User
from references.forms import PreviewMatch, near_choices, preview_matches
from references.models import (
    BackgroundImport,
    ImportStatus,
    NoticeImport,
    ReferenceImport,
    ReferenceImportStep,
)
from references.notices import (
    RetractionImportOutcome,
    notice_batches,
    notice_rows,
    notices_import_batch,
)
from references.parsers import ParsedEntry, ReferenceParseError, parse_references, read_references
from references.services import ImportOutcome, reference_import

logger = logging.getLogger(__name__)

KEPT_REJECTIONS = 200
# Entries looked up, or saved, a batch: the lookups are batched by 100 (references.dedupe).
REFERENCE_BATCH = 100
UNEXPECTED = "The import stopped on an unexpected error."

Job = TypeVar("Job", bound=BackgroundImport)


# --------------------------------------------------------------------------------------------
# What every background import shares
# --------------------------------------------------------------------------------------------


# A batch takes seconds; a running import silent for this long lost its worker (killed, the
# machine restarted): cancelling it ends it at once instead of waiting for a batch that never ends.
STALE_AFTER = timedelta(minutes=10)
WORKER_LOST = (
    "The worker stopped while importing this file and the import was cancelled; what it saved "
    "until then stays."
)


def import_cancel(*, job: BackgroundImport) -> None:
    """Ask the import to stop: a queued one never starts, a running one stops after its batch;
    one whose worker stopped under it (no progress for ``STALE_AFTER``) ends now."""
    with transaction.atomic():
        locked = type(job).objects.select_for_update().get(pk=job.pk)
        if locked.finished:
            return
        locked.cancel_requested = True
        now = timezone.now()
        if locked.status == ImportStatus.QUEUED:
            locked.status, locked.finished_at = ImportStatus.CANCELLED, now
        elif locked.progressed_at is None or locked.progressed_at < now - STALE_AFTER:
            locked.status, locked.finished_at, locked.error = (
                ImportStatus.CANCELLED,
                now,
                WORKER_LOST,
            )
        locked.save(update_fields=["cancel_requested", "status", "finished_at", "error"])


def _finish(job: BackgroundImport, status: ImportStatus, error: str = "") -> None:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def _progress(job: BackgroundImport, *names: str) -> None:
    """Save the job's counts ``names``, with the time of this progress."""
    job.progressed_at = timezone.now()
    job.save(update_fields=[*names, "progressed_at"])


def _cancel_requested(job: BackgroundImport) -> bool:
    return type(job).objects.filter(pk=job.pk, cancel_requested=True).exists()


def _run(model: type[Job], job_id: int, work: Callable[[Job], ImportStatus]) -> None:
    """Start the queued job (a job cancelled before it started, or already run, is left alone),
    do its work and finish it with the status the work returns. A ``ValidationError`` or
    ``ReferenceParseError`` (the file's fault) ends it as refused with its message; anything
    else as refused with ``UNEXPECTED``, logged; the worker goes on with its next task."""
    started = model.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, progressed_at=timezone.now()
    )
    if not started:
        return
    job = model.objects.get(pk=job_id)
    try:
        status = work(job)
    except ValidationError as refusal:
        _finish(job, ImportStatus.FAILED, " ".join(refusal.messages))
    except ReferenceParseError as refusal:
        _finish(job, ImportStatus.FAILED, str(refusal))
    except Exception:  # the worker must never be stuck on one file
        logger.exception("%s failed", job)
        _finish(job, ImportStatus.FAILED, UNEXPECTED)
    else:
        _finish(job, status)


def _batches(job: BackgroundImport, batches: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """The batches of the job, until its uploader asks it to stop (read before each batch)."""
    for batch in batches:
        if _cancel_requested(job):
            raise _Cancelled
        yield batch


class _Cancelled(Exception):
    pass


def _until_cancelled(work: Callable[[Job], None]) -> Callable[[Job], ImportStatus]:
    def run(job: Job) -> ImportStatus:
        try:
            work(job)
        except _Cancelled:
            return ImportStatus.CANCELLED
        return ImportStatus.DONE

    return run


# --------------------------------------------------------------------------------------------
# Notices (the admin's import)
# --------------------------------------------------------------------------------------------


def notices_import_queue(*, job: NoticeImport) -> None:
    """Queue the job's task in the transaction that saves the job (the database backend's task
    row commits with it, or neither does)."""
    notices_import_run.enqueue(job_id=job.pk)


notices_import_cancel = import_cancel


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
    _progress(job, "rows_read", "created", "updated", "rejected", "rejected_rows")


@_until_cancelled
def _import_notices(job: NoticeImport) -> None:
    for batch in _batches(job, notice_batches(notice_rows(job.text))):
        outcome = RetractionImportOutcome()
        with transaction.atomic():
            notices_import_batch(batch, by=job.by, source=job.source, outcome=outcome)
            _record(job, outcome, len(batch))


@task()
def notices_import_run(job_id: int) -> None:
    """Import the job's file: one transaction a batch (its rows and its progress together), the
    cancellation read between batches. A file of another shape, or anything unexpected, ends the
    job as refused with its reason; the worker goes on with its next task."""
    _run(NoticeImport, job_id, _import_notices)


# --------------------------------------------------------------------------------------------
# References (an author's import): the preview, then the save
# --------------------------------------------------------------------------------------------


def reference_import_queue(
    *, by: User, data: bytes, pasted: bool, format: str = "", name: str = "", next_url: str = ""
) -> ReferenceImport:
    """Save the upload (or the pasted text) and queue its preview, in one transaction: nothing
    is read here, so the request never waits on a large file."""
    with transaction.atomic():
        job = ReferenceImport.objects.create(
            by=by, data=data, pasted=pasted, format=format, name=name[:200], next_url=next_url
        )
        reference_import_preview.enqueue(job_id=job.pk)
    return job


IMPORT_NOT_READY = "This import is not waiting for a choice: its page says where it stands."


def reference_import_confirm(*, job: ReferenceImport, entries: list[ParsedEntry]) -> None:
    """Queue the save of the entries chosen on the preview (each with its kind and the record
    chosen for it). Refused unless the preview is ready and not yet confirmed (a second click,
    or a page left open, saves nothing twice)."""
    with transaction.atomic():
        locked = ReferenceImport.objects.select_for_update().get(pk=job.pk)
        if not locked.awaiting_choice:
            raise ValidationError(IMPORT_NOT_READY)
        locked.step, locked.status, locked.finished_at = (
            ReferenceImportStep.SAVE,
            ImportStatus.QUEUED,
            None,
        )
        locked.chosen = [entry.to_dict() for entry in entries]
        locked.save(update_fields=["step", "status", "finished_at", "chosen"])
        reference_import_save.enqueue(job_id=job.pk)


def reference_import_cancel(*, job: ReferenceImport) -> None:
    """Stop the import: a queued or running step as every import stops; a preview waiting for
    a choice is set aside (nothing was saved)."""
    with transaction.atomic():
        locked = ReferenceImport.objects.select_for_update().get(pk=job.pk)
        if locked.awaiting_choice:
            locked.cancel_requested = True
            locked.status, locked.finished_at = ImportStatus.CANCELLED, timezone.now()
            locked.save(update_fields=["cancel_requested", "status", "finished_at"])
            return
    import_cancel(job=job)


def read_job_file(job: ReferenceImport) -> Any:
    """The job's file, read: ``ReferenceParseError`` (with its message) when it cannot be."""
    data = bytes(job.data)
    if job.pasted:
        return parse_references(data.decode("utf-8", "surrogatepass"), job.format)
    return read_references(data, job.format)


def _counted(job: ReferenceImport, entries: list[ParsedEntry], matches: list[PreviewMatch]) -> None:
    for entry, match in zip(entries, matches, strict=True):
        job.checked += 1
        job.warnings += bool(entry.warnings)
        if entry.errors:
            job.errors += 1
        elif match.existing is not None or match.repeats:
            job.duplicates += 1
        elif match.near:
            job.near_duplicates += 1
        else:
            job.new += 1


PREVIEW_COUNTS = ["checked", "new", "duplicates", "near_duplicates", "warnings", "errors"]


@_until_cancelled
def _preview(job: ReferenceImport) -> None:
    parsed = read_job_file(job)
    job.total = len(parsed.entries)
    _progress(job, "total")
    seen: dict[str, int] = {}
    stored: list[dict[str, Any]] = []
    near: dict[str, list] = {}
    entries = parsed.entries
    for batch in _batches(
        job, (entries[i : i + REFERENCE_BATCH] for i in range(0, len(entries), REFERENCE_BATCH))
    ):
        matches = preview_matches(list(batch), seen)
        stored += [match.to_dict() for match in matches]
        near |= {str(pk): choices for pk, choices in near_choices(list(batch), matches).items()}
        _counted(job, list(batch), matches)
        _progress(job, *PREVIEW_COUNTS)
    job.preview = {
        "format": parsed.format,
        "warnings": parsed.warnings,
        "entries": [entry.to_dict() for entry in entries],
        "matches": stored,
        "near": near,
    }
    job.data = b""  # read once: the preview is what the import keeps of the file
    job.save(update_fields=["preview", "data"])


@task()
def reference_import_preview(job_id: int) -> None:
    """Read the job's file and look its entries up in the library, a batch at a time, writing
    the counts after each; the preview is kept with the job for its uploader to choose from. A
    file that cannot be read ends the job as refused with the reason the author is shown."""
    _run(ReferenceImport, job_id, _preview)


def _saved(job: ReferenceImport, outcome: ImportOutcome, count: int) -> None:
    job.saved += count
    job.created_keys = [*job.created_keys, *(reference.key for reference in outcome.created)]
    job.merged_keys = [*job.merged_keys, *(reference.key for reference in outcome.merged)]
    job.rejected_entries = [
        *job.rejected_entries,
        *([entry.position, " ".join(messages)] for entry, messages in outcome.rejected),
    ]
    _progress(job, "saved", "created_keys", "merged_keys", "rejected_entries")


@_until_cancelled
def _save(job: ReferenceImport) -> None:
    entries = [ParsedEntry.from_dict(item) for item in job.chosen]
    for batch in _batches(
        job,
        (entries[i : i + REFERENCE_BATCH] for i in range(job.saved, len(entries), REFERENCE_BATCH)),
    ):
        with transaction.atomic():  # the batch's entries and its progress, or neither
            outcome = reference_import(entries=batch, by=job.by, skip_invalid=True)
            _saved(job, outcome, len(batch))


@task()
def reference_import_save(job_id: int) -> None:
    """Save the chosen entries a batch at a time, each entry all or nothing (one refused is
    reported with its reason, the others saved), the batch and its progress in one transaction;
    a cancellation stops it between batches, and what was saved stays saved."""
    _run(ReferenceImport, job_id, _save)
