"""Who made a change and why, for django-simple-history: one helper for every app, and the
history field the models with many-to-many history use.

simple-history reads the user, the reason and the date of a row's next history entry from
attributes of the instance being saved or deleted (or handed to ``bulk_history_create``).
``record_change`` sets them, with the one truncation rule (the reason column holds
``REASON_LENGTH`` characters; a longer reason ends with "…", and the full text stays wherever the
change keeps it, e.g. a workflow step's comment in its ``TransitionLog``); nothing else sets
them. ``save_with_history`` and ``delete_with_history`` set them and act.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from django.db import models
from django.utils.text import Truncator
from simple_history import models as simple_history

# simple-history's ``history_change_reason`` column (max_length=100).
REASON_LENGTH = 100

Instance = TypeVar("Instance", bound=models.Model)


def change_reason(reason: str) -> str:
    """``reason`` as the history keeps it: on one line, at most ``REASON_LENGTH`` characters."""
    return Truncator(" ".join(reason.split())).chars(REASON_LENGTH)


def record_change(
    instance: Instance, *, by: Any, reason: str = "", at: datetime | None = None
) -> Instance:
    """The next history entry of ``instance`` (its save or delete, or the row
    ``bulk_history_create`` writes for it) is by ``by``, for ``reason``, dated ``at`` (when the
    change happened, for rows written after the fact; the time of writing without it)."""
    instance._history_user = by
    instance._change_reason = change_reason(reason) if reason else None
    if at is None:
        vars(instance).pop("_history_date", None)  # never an earlier call's date
    else:
        instance._history_date = at
    return instance


def save_with_history(instance: Instance, *, by: Any, reason: str = "", **save: Any) -> Instance:
    """Save ``instance``, its history entry naming ``by`` and ``reason``."""
    record_change(instance, by=by, reason=reason).save(**save)
    return instance


def delete_with_history(instance: models.Model, *, by: Any, reason: str = "") -> None:
    """Delete ``instance``, its history entry naming ``by`` and ``reason``."""
    record_change(instance, by=by, reason=reason).delete()


class HistoryWithRelations(simple_history.HistoricalRecords):
    """simple-history's history, for a model that keeps the history of a many-to-many relation
    (``m2m_fields``) and leaves fields out (``excluded_fields``): the same records, without
    reading the row back at each save (simple-history asks the new entry for its instance,
    which re-reads the excluded fields, only to find the relation; the saved instance is at
    hand)."""

    def get_extra_fields(self, model: type[models.Model], fields: Any) -> dict[str, Any]:
        extra = super().get_extra_fields(model, fields)
        read_back = extra["instance"].fget
        extra["instance"] = property(
            lambda record: record.__dict__.get("_saved_instance") or read_back(record)
        )
        return extra

    def create_historical_record_m2ms(self, history_instance: Any, instance: Any) -> None:
        history_instance._saved_instance = instance
        super().create_historical_record_m2ms(history_instance, instance)
