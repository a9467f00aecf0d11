"""Writes to topics: which specialties a topic's articles call for (reviewer matching reads it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from articles.models import Topic
from editorial.history import record_change
from editorial.models import Specialty, User


@transaction.atomic
def topic_specialties_set(*, specialty: Specialty, topics: Iterable[Topic], by: User) -> None:
    """The topics that call for ``specialty`` become exactly ``topics``. Each topic that gains or
    loses it gets a history entry naming ``by`` (the relation is the topics', whose history
    records their specialties)."""
    wanted = {topic.pk: topic for topic in topics}
    current = {topic.pk: topic for topic in specialty.topics.all()}
    for pk in wanted.keys() - current.keys():
        record_change(wanted[pk], by=by, reason=f"Calls for {specialty.name}")
        wanted[pk].specialties.add(specialty)
    for pk in current.keys() - wanted.keys():
        record_change(current[pk], by=by, reason=f"No longer calls for {specialty.name}")
        current[pk].specialties.remove(specialty)
