"""A new version of the editorial policy: what an article says about its periodic re-review.

An article used to say it was "being re-reviewed" as soon as its next review date had passed,
whether or not a re-review had started. Now it says so only while a periodic re-review is in
progress, and an article whose review date has passed with none started says that its review
is due. The policy's section "How articles stay current" says it; this migration publishes the
version with that section rewritten, on the day it runs.

When editors have already rewritten that section themselves, their version is left alone: they
publish the change in the admin as they see fit.
"""

from django.db import migrations
from django.utils import timezone

BEFORE = (
    "Every published article is re-reviewed by the board periodically (every twelve months by "
    "default). The date of the last review is shown on the article as \u201cLast reviewed\u201d; "
    "when the next review is due, an editor starts a periodic re-review, and readers keep seeing "
    "the approved version until the board has completed it."
)

AFTER = (
    "Every published article is re-reviewed by the board periodically (every twelve months by "
    "default). The date of the last review is shown on the article as \u201cLast reviewed\u201d. "
    "When the next review is due, an editor starts a periodic re-review; while it is in "
    "progress, the article says that it is being re-reviewed, and readers keep seeing the "
    "approved version until the board has completed it. If the date passes before the "
    "re-review has started, the article says so: it shows the date the review was due and that "
    "you are reading the version the board last approved. An article never says that a review "
    "is in progress when none is."
)

CHANGE_NOTE = (
    "Say what an article shows about its periodic re-review: in progress, or due and not yet "
    "started."
)


def publish(apps, schema_editor):
    EditorialPolicy = apps.get_model("editorial", "EditorialPolicy")
    latest = EditorialPolicy.objects.order_by("-version").first()
    if latest is None or BEFORE not in latest.body:
        return
    EditorialPolicy.objects.create(
        version=latest.version + 1,
        disclaimer_version=latest.disclaimer_version,
        effective_date=timezone.localdate(),
        body=latest.body.replace(BEFORE, AFTER),
        disclaimer=latest.disclaimer,
        change_note=CHANGE_NOTE,
    )


def withdraw(apps, schema_editor):
    EditorialPolicy = apps.get_model("editorial", "EditorialPolicy")
    latest = EditorialPolicy.objects.order_by("-version").first()
    if latest is not None and latest.change_note == CHANGE_NOTE and AFTER in latest.body:
        latest.delete()


class Migration(migrations.Migration):
    dependencies = [("editorial", "0014_disclosures")]

    operations = [migrations.RunPython(publish, withdraw)]
