"""Remind reviewers of reviews due soon or overdue; at most one email per reminder step.

Safe to run from cron as often as you like, even several at once: each invitation is locked,
and the step it was reminded of is recorded in the same transaction that queues the reminder
(delivered by the worker, with retries), so running twice queues nothing new and a failed
delivery is retried rather than lost.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from editorial import notifications
from editorial.models import ReminderStep, ReviewInvitation

ORDER = [ReminderStep.NONE, ReminderStep.DUE_SOON, ReminderStep.OVERDUE]


def reminder_step(invitation: ReviewInvitation, today) -> str:
    if invitation.due_date < today:
        return ReminderStep.OVERDUE
    if invitation.due_date <= today + timedelta(days=settings.EDITORIAL_REMINDER_DAYS_BEFORE_DUE):
        return ReminderStep.DUE_SOON
    return ReminderStep.NONE


class Command(BaseCommand):
    help = "Email reviewers whose reviews are due soon or overdue (idempotent, cron-safe)."

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        pending = ReviewInvitation.objects.pending().values_list("pk", flat=True)
        sent = 0
        for pk in pending:
            with transaction.atomic():
                invitation = (
                    ReviewInvitation.objects.select_for_update()
                    .select_related("round__article", "reviewer__user")
                    .get(pk=pk)
                )
                step = reminder_step(invitation, today)
                if ORDER.index(step) <= ORDER.index(invitation.last_reminder):
                    continue
                invitation.last_reminder = step
                invitation.last_reminder_at = timezone.now()
                invitation.save(update_fields=["last_reminder", "last_reminder_at"])
                notifications.review_reminder(invitation, step)
                sent += 1
        self.stdout.write(f"Queued {sent} reminder(s).")
