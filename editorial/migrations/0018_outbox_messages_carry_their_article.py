"""Outbox messages carry the article they concern, so that the admin shows a message only to
those who may read the board's confidential material about that article.

Messages already written get their article where it can be told from the subject: each kind of
message names the article's title in a known place of its subject, and a title that exactly one
article had (its working copy or one of its revisions) names that article. A message whose title
was shared by several articles, was cut short, or has since changed everywhere keeps no article,
as do the messages about several articles (the re-reviews due).
"""

import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The subjects as the notifications wrote them (editorial/notifications.py, 2026-12), after the
# "[Publisher] " prefix; frozen here, as a migration must be.
STATES = "Draft|Submitted|Under review|Changes requested|Approved|Rejected|Withdrawn|Archived"
INVITATION_STATES = (
    "Invited|Accepted|Declined|Conflict of interest|Reviewed|Replaced|Released by the editor"
    "|Lapsed when the round closed"
)
STEPS = {"submit", "resubmit", "request_changes", "reject", "approve", "archive"}
SUBJECTS = {
    "invitation": re.compile(r"Invitation to review: (?P<title>.+)"),
    "invitation answered": re.compile(rf".+: (?:{INVITATION_STATES}) \((?P<title>.+)\)"),
    "review submitted": re.compile(r"Review received: (?P<title>.+)"),
    "reminder": re.compile(r"(?:Overdue review|Review due soon): (?P<title>.+)"),
    "step": re.compile(rf"(?P<title>.+): (?:{STATES})"),
}
PREFIX = re.compile(r"^\[.*?\] ")


def _kind(reason: str) -> str | None:
    if reason in STEPS:
        return "step"
    if reason.startswith("reminder"):
        return "reminder"
    return reason if reason in SUBJECTS else None


def subject_title(reason: str, subject: str) -> str | None:
    """The article title a message's subject names, or None."""
    kind = _kind(reason)
    if kind is None:
        return None
    match = SUBJECTS[kind].fullmatch(PREFIX.sub("", subject, count=1))
    return match.group("title") if match else None


def _normal(title: str) -> str:
    return " ".join(title.split())  # as the subjects were written: one line


def articles_by_title(apps) -> dict[str, set[int]]:
    app, _, name = settings.EDITORIAL_REVIEWED_MODEL.partition(".")
    revision_app, _, revision_name = settings.EDITORIAL_REVISION_MODEL.partition(".")
    titles: dict[str, set[int]] = {}
    rows = list(apps.get_model(app, name).objects.values_list("title", "pk"))
    rows += apps.get_model(revision_app, revision_name).objects.values_list("title", "article_id")
    for title, article_id in rows:
        titles.setdefault(_normal(title), set()).add(article_id)
    return titles


def messages_name_their_article(apps, schema_editor):
    OutboundEmail = apps.get_model("editorial", "OutboundEmail")
    titles = None
    for email in OutboundEmail.objects.filter(article__isnull=True).only("reason", "subject"):
        title = subject_title(email.reason, email.subject)
        if title is None:
            continue
        if titles is None:
            titles = articles_by_title(apps)
        candidates = titles.get(_normal(title), set())
        if len(candidates) == 1:
            OutboundEmail.objects.filter(pk=email.pk).update(article_id=next(iter(candidates)))


class Migration(migrations.Migration):

    dependencies = [
        ("editorial", "0017_review_records_follow_the_layers"),
        ("articles", "0007_topic_specialties_and_retraction_acknowledgements"),
        migrations.swappable_dependency(settings.EDITORIAL_REVIEWED_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="article",
            field=models.ForeignKey(
                blank=True,
                help_text="The article the message concerns, if it concerns one.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="outbound_emails",
                to=settings.EDITORIAL_REVIEWED_MODEL,
            ),
        ),
        migrations.RunPython(messages_name_their_article, migrations.RunPython.noop),
    ]
