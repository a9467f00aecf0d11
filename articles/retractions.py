"""Editors' acknowledgements that an article cites a retracted work: each lifts that work's block
on the article's approval (the workflow's condition ``retractions_acknowledged``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from articles.models import Article, RetractionAcknowledgement
from editorial.history import delete_with_history, save_with_history
from editorial.models import User
from editorial.roles import is_editor
from references.models import Reference

ONLY_EDITORS_ACKNOWLEDGE = "Only an editor may acknowledge a retracted reference."


@transaction.atomic
def retraction_acknowledge(
    *, article: Article, reference: Reference, by: User, note: str = ""
) -> RetractionAcknowledgement:
    """An editor accepts that ``article`` cites the retracted ``reference`` (once: a second
    acknowledgement returns the first)."""
    if not is_editor(by):
        raise PermissionDenied(ONLY_EDITORS_ACKNOWLEDGE)
    existing = RetractionAcknowledgement.objects.filter(
        article=article, reference=reference
    ).first()
    if existing:
        return existing
    acknowledgement = RetractionAcknowledgement(
        article=article, reference=reference, acknowledged_by=by, note=note
    )
    return save_with_history(acknowledgement, by=by)


def acknowledgements_move(
    *, duplicate: Reference, survivor: Reference, by: User, note: str
) -> None:
    """Two library records of one work were merged: acknowledgements of the duplicate's
    retraction hold for the survivor (once per article). Registered with the library's merge
    (``references.services.reference_merge``) in ``ArticlesConfig.ready``."""
    for acknowledgement in RetractionAcknowledgement.objects.filter(reference=duplicate):
        if RetractionAcknowledgement.objects.filter(
            article_id=acknowledgement.article_id, reference=survivor
        ).exists():
            delete_with_history(acknowledgement, by=by, reason=note)
        else:
            acknowledgement.reference = survivor
            save_with_history(acknowledgement, by=by, reason=note)
