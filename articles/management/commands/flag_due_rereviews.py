"""Flag published articles whose periodic re-review is due and tell the editors, once.

Safe to run from cron, even several at once: an article is flagged once per due date (a
database constraint), and the email about the articles this run flagged is queued in the same
transaction as their flags (with an ``article.review_due`` webhook for each), so it exists
exactly when they do (the worker delivers it).
"""

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction

from articles.models import Article
from editorial import notifications
from editorial.models import ReReviewNotice, WebhookEvent
from editorial.webhooks import webhooks_queue


class Command(BaseCommand):
    help = "Flag articles due for periodic re-review and notify editors (idempotent, cron-safe)."

    def handle(self, *args, **options) -> None:
        flagged = []
        with transaction.atomic():
            for article in Article.objects.due_for_rereview():
                try:
                    with transaction.atomic():
                        ReReviewNotice.objects.create(
                            article=article, due_date=article.next_review_due
                        )
                except IntegrityError:
                    continue  # flagged already, by an earlier or a concurrent run
                flagged.append(article)
                webhooks_queue(event=WebhookEvent.REVIEW_DUE, article=article)
            if flagged:
                notifications.rereviews_due(flagged)
        self.stdout.write(f"Flagged {len(flagged)} article(s) due for re-review.")
        for article in flagged:
            self.stdout.write(f"  {article.title} (due {article.next_review_due:%Y-%m-%d})")
