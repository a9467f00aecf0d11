"""The review's records follow the app layers: the topics that call for a specialty become the
site's to say (``articles.Topic.specialties``, articles migration 0007, which takes over the
table and turns the specialties' history of topics into the topics' history), the users' manager
names the editors, and the audit trail's steps and states are choices.

Nothing here touches the database: the link table and its history table stay until articles
0007 takes them over, so no row is lost in between.
"""

import editorial.models
from django.db import migrations, models

STEPS = [
    ("submit", "Submit for review"),
    ("resubmit", "Resubmit"),
    ("withdraw", "Withdraw"),
    ("reopen", "Reopen as draft"),
    ("start_review", "Start review"),
    ("start_rereview", "Start a periodic re-review"),
    ("request_changes", "Request changes"),
    ("reject", "Reject"),
    ("approve", "Approve"),
    ("revise", "Start a new revision"),
    ("archive", "Archive"),
]
STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("under_review", "Under review"),
    ("changes_requested", "Changes requested"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
    ("archived", "Archived"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("editorial", "0016_lockout_permissions"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", editorial.models.UserManager()),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="specialty", name="topics"),
                migrations.DeleteModel(name="HistoricalSpecialty_topics"),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="transitionlog",
            name="action",
            field=models.CharField(choices=STEPS, max_length=40, verbose_name="step"),
        ),
        migrations.AlterField(
            model_name="transitionlog",
            name="source",
            field=models.CharField(choices=STATES, max_length=40, verbose_name="from"),
        ),
        migrations.AlterField(
            model_name="transitionlog",
            name="target",
            field=models.CharField(choices=STATES, max_length=40, verbose_name="to"),
        ),
    ]
