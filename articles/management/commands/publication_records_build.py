"""Build (or rebuild) the publication record of every published article, e.g. after an upgrade
that added records or changed their shape (``articles.publication.RECORD_VERSION``), or for
articles published by a bulk import. Until then their pages are built from the live revision
at each render, as the record would have it."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article, PublicationRecord
from articles.publication import publication_record_refresh


class Command(BaseCommand):
    help = "Build the publication record of every published article."

    def handle(self, *args, **options) -> None:
        built = 0
        for pk in Article.objects.published().values_list("pk", flat=True).iterator():
            with transaction.atomic():
                publication_record_refresh(Article(pk=pk))
            built += 1
        stale = PublicationRecord.objects.exclude(article__in=Article.objects.published())
        removed, _ = stale.delete()
        self.stdout.write(f"{built} publication records built, {removed} removed.")
