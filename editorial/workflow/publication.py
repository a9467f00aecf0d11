"""Scheduled publication: an approval's publication time, which editors who are not authors of
the article move or cancel. The publishing itself (a revision made live, now or by a task at its
time) is ``editorial.publishing``'s.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from editorial.history import save_with_history
from editorial.models import ScheduledPublication, User
from editorial.publishing import publication_requeue
from editorial.refusals import EDITOR_NOT_AUTHOR, Refusal, article_page
from editorial.roles import Someone
from editorial.workflow.machine import refuse
from editorial.workflow.rules import may_assign_reviewers

ONLY_EDITORS_MOVE = (
    "Only an editor who is not an author of the article may move or cancel its publication."
)
CARRIED_OUT_ALREADY = "This publication was carried out already."
CANCELLED_ALREADY = "This publication was cancelled already."


def publications_cancel(article: Any, *, by: User, at: datetime) -> None:
    """Cancel the article's publication still to come, if any (a new approval supersedes it,
    archiving retires it)."""
    for publication in ScheduledPublication.objects.pending().filter(article=article):
        publication.cancelled_at, publication.cancelled_by = at, by
        save_with_history(publication, by=by, reason="Cancelled")


def publication_problems(user: Someone, publication: ScheduledPublication) -> list[str]:
    """Why ``user`` may not move or cancel this scheduled publication now."""
    if not may_assign_reviewers(user, publication.article):
        return [
            Refusal(
                ONLY_EDITORS_MOVE,
                who=EDITOR_NOT_AUTHOR,
                url=article_page(publication.article, "scheduled-publication"),
                link_text="The scheduled publication",
            )
        ]
    # Carried out or cancelled: final, nothing to lift.
    if not publication.is_pending:
        return [CARRIED_OUT_ALREADY if publication.published_at else CANCELLED_ALREADY]
    return []


def _locked(publication: ScheduledPublication, by: User) -> ScheduledPublication:
    publication = (
        ScheduledPublication.objects.select_for_update()
        .select_related("article")
        .get(pk=publication.pk)
    )
    refuse(
        publication_problems(by, publication),
        permitted=may_assign_reviewers(by, publication.article),
    )
    return publication


def publication_move(
    *, publication: ScheduledPublication, by: User, publish_at: datetime
) -> ScheduledPublication:
    """Move a scheduled publication; a time that has come publishes at the next worker run."""
    with transaction.atomic():
        publication = _locked(publication, by)
        publication.publish_at = max(publish_at, timezone.now())
        save_with_history(publication, by=by, reason="Moved")
        publication_requeue(publication)
    return publication


def publication_cancel(*, publication: ScheduledPublication, by: User) -> ScheduledPublication:
    """Cancel a scheduled publication: readers keep what they see now."""
    with transaction.atomic():
        publication = _locked(publication, by)
        publication.cancelled_at, publication.cancelled_by = timezone.now(), by
        save_with_history(publication, by=by, reason="Cancelled")
    return publication
