"""Who made a change, why and when, for django-simple-history (``editorial.history``): the one
helper every app uses, for a save, a delete, or rows written after the fact in bulk."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from editorial.history import REASON_LENGTH, record_change, save_with_history
from references.models import Reference
from tests.factories import ReferenceFactory, editor_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
EARLIER = datetime(2024, 5, 6, 7, 8, tzinfo=UTC)


def written(reference: Reference) -> list:
    """The reference's history rows, in the order they were written."""
    return list(reference.history.order_by("history_id"))


def test_a_save_is_recorded_by_whom_why_and_now():
    editor = editor_user()
    reference = ReferenceFactory()

    with time_machine.travel(NOW, tick=False):
        reference.title = "Corrected."
        save_with_history(reference, by=editor, reason="Title corrected")

    record = written(reference)[-1]
    assert (record.history_user, record.history_change_reason, record.history_date) == (
        editor,
        "Title corrected",
        NOW,
    )


def test_a_change_recorded_at_an_earlier_time_is_dated_then():
    editor = editor_user()
    reference = ReferenceFactory()

    with time_machine.travel(NOW, tick=False):
        reference.title = "Corrected."
        record_change(reference, by=editor, reason="Title corrected", at=EARLIER).save()

    record = written(reference)[-1]
    assert (record.history_user, record.history_change_reason, record.history_date) == (
        editor,
        "Title corrected",
        EARLIER,
    )


def test_the_date_of_one_change_is_not_carried_to_the_next():
    editor = editor_user()
    reference = ReferenceFactory()
    record_change(reference, by=editor, at=EARLIER).save()

    with time_machine.travel(NOW, tick=False):
        reference.title = "Corrected again."
        save_with_history(reference, by=editor)

    assert [record.history_date for record in written(reference)[-2:]] == [EARLIER, NOW]


def test_rows_written_in_bulk_keep_each_their_own_author_and_date():
    """What ``generate_articles`` does: rows inserted in bulk, their history written after."""
    editor, other = editor_user(), editor_user()
    first, second = Reference.objects.bulk_create(
        [ReferenceFactory.build(key="first2024"), ReferenceFactory.build(key="second2025")]
    )
    later = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)

    with time_machine.travel(NOW, tick=False):
        Reference.history.bulk_history_create(
            [
                record_change(first, by=editor, reason="Imported", at=EARLIER),
                record_change(second, by=other, at=later),
            ]
        )

    records = {
        record.key: (record.history_user, record.history_change_reason, record.history_date)
        for record in Reference.history.all()
    }
    assert records == {"first2024": (editor, "Imported", EARLIER), "second2025": (other, "", later)}


def test_a_long_reason_is_kept_on_one_line_within_the_column():
    reference = ReferenceFactory()

    save_with_history(reference, by=editor_user(), reason="Merged:\n" + "word " * 40)

    reason = written(reference)[-1].history_change_reason
    assert len(reason) == REASON_LENGTH
    assert reason.startswith("Merged: word word") and reason.endswith("…")
    assert "\n" not in reason
