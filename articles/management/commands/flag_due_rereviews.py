"""Flag published articles whose periodic re-review is due and tell the editors, once.

Safe to run from cron: an article is flagged once per due date (a database constraint), and
the editors are emailed only about articles flagged by this run.
"""

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction

from articles.models import Article
from editorial import notifications
from editorial.models import ReReviewNotice


class Command(BaseCommand):
    help = "Flag articles due for periodic re-review and notify editors (idempotent, cron-safe)."

    def handle(self, *args, **options) -> None:
        flagged = []
        for article in Article.objects.due_for_rereview():
            try:
                with transaction.atomic():
                    ReReviewNotice.objects.create(article=article, due_date=article.next_review_due)
            except IntegrityError:
                continue
            flagged.append(article)
        if flagged:
            # After commit, like every notification (immediately when no transaction is open).
            transaction.on_commit(lambda: notifications.rereviews_due(flagged))
        self.stdout.write(f"Flagged {len(flagged)} article(s) due for re-review.")
        for article in flagged:
            self.stdout.write(f"  {article.title} (due {article.next_review_due:%Y-%m-%d})")
