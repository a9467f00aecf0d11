"""The site takes over two relations that pointed up the app layers, with their rows and history:

- the topics that call for a specialty: ``Topic.specialties`` (was ``editorial.Specialty.topics``;
  editorial migration 0017 let go of it). The link table is renamed, and the specialties'
  history of their topics becomes the topics' history of their specialties: for every recorded
  change of a specialty's topics, each topic it gained or lost gets a history entry, at the same
  time, by the same user, listing the specialties the topic called for from then on.
- an editor's acknowledgement that an article cites a retracted work:
  ``RetractionAcknowledgement`` (was the library's; references migration 0004 let go of it).
  Its table and history table are renamed, and its content types move with it, so the groups'
  permissions and the admin's log keep pointing at it.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

OLD_SPECIALTY_HISTORY = "editorial_historicalspecialty_topics"
MOVED_CONTENT_TYPES = ("retractionacknowledgement", "historicalretractionacknowledgement")


def _specialty_events(apps, connection):
    """Each recorded state of a specialty, oldest first: (history row, its topics), and the id
    of each (specialty, topic) link as the history recorded it."""
    HistoricalSpecialty = apps.get_model("editorial", "HistoricalSpecialty")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT history_id, specialty_id, topic_id, id FROM {OLD_SPECIALTY_HISTORY}")
        links = cursor.fetchall()
    topics_of: dict[int, set[int]] = {}
    link_ids: dict[tuple[int, int], int] = {}
    for history_id, specialty_id, topic_id, link_id in links:
        if topic_id is not None:
            topics_of.setdefault(history_id, set()).add(topic_id)
            link_ids[specialty_id, topic_id] = link_id
    events = [
        (record, set() if record.history_type == "-" else topics_of.get(record.history_id, set()))
        for record in HistoricalSpecialty.objects.order_by("history_date", "history_id")
    ]
    return events, link_ids


def topics_history_from_specialties(apps, schema_editor):
    Topic = apps.get_model("articles", "Topic")
    HistoricalTopic = apps.get_model("articles", "HistoricalTopic")
    HistoricalTopicSpecialties = apps.get_model("articles", "HistoricalTopic_specialties")
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    events, link_ids = _specialty_events(apps, schema_editor.connection)
    calls_for: dict[int, set[int]] = {}  # specialty -> topics, as the history replays
    for record, now in events:
        before = calls_for.get(record.id, set())
        calls_for[record.id] = now
        for topic_id in sorted(before ^ now):
            topic = topics.get(topic_id)
            if topic is None:  # a topic deleted since: nothing left to record it on
                continue
            gained = topic_id in now
            entry = HistoricalTopic.objects.create(
                id=topic.pk,
                name=topic.name,
                slug=topic.slug,
                description=topic.description,
                history_date=record.history_date,
                history_user_id=record.history_user_id,
                history_type="~",
                history_change_reason=(
                    f"Calls for {record.name}" if gained else f"No longer calls for {record.name}"
                )[:100],
            )
            HistoricalTopicSpecialties.objects.bulk_create(
                HistoricalTopicSpecialties(
                    id=link_ids[specialty, topic_id],
                    history=entry,
                    topic_id=topic_id,
                    specialty_id=specialty,
                )
                for specialty, called in sorted(calls_for.items())
                if topic_id in called
            )
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(OLD_SPECIALTY_HISTORY)}")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="editorial", model="historicalspecialty_topics").delete()


def acknowledgements_content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED_CONTENT_TYPES:
        old = ContentType.objects.filter(app_label="references", model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label="articles", model=model).first()
        if new is None:
            old.app_label = "articles"
            old.save(update_fields=["app_label"])
            continue
        # Both exist (a migrate that created the new one already): keep the old one's grants.
        for permission in Permission.objects.filter(content_type=old):
            twin = Permission.objects.filter(content_type=new, codename=permission.codename)
            for group in permission.group_set.all():
                group.permissions.add(*twin)
        old.delete()


def acknowledgements_content_types_return(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="articles", model__in=MOVED_CONTENT_TYPES).update(
        app_label="references"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0006_latest_first_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("editorial", "0017_review_records_follow_the_layers"),
        ("references", "0004_retraction_acknowledgements_move_to_articles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Topic.specialties: the link table editorial kept, renamed.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="topic",
                    name="specialties",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="editorial_specialty_topics",
                        help_text="The specialties this topic's articles call for: board "
                        "members with one of them are offered first when reviewers are invited.",
                        related_name="topics",
                        to="editorial.specialty",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="topic",
            name="specialties",
            field=models.ManyToManyField(
                blank=True,
                help_text="The specialties this topic's articles call for: board members with "
                "one of them are offered first when reviewers are invited.",
                related_name="topics",
                to="editorial.specialty",
            ),
        ),
        # The topics' history, which now records their specialties.
        migrations.CreateModel(
            name="HistoricalTopic",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=100)),
                ("slug", models.SlugField(max_length=100)),
                ("description", models.TextField(blank=True, max_length=1000)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1)),
                ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "historical topic",
                "verbose_name_plural": "historical topics",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTopic_specialties",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to="articles.historicaltopic")),
                ("specialty", models.ForeignKey(blank=True, db_constraint=False, db_tablespace="", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="editorial.specialty")),
                ("topic", models.ForeignKey(blank=True, db_constraint=False, db_tablespace="", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="articles.topic")),
            ],
            options={
                "verbose_name": "HistoricalTopic_specialties",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(topics_history_from_specialties, elidable=False),
        # RetractionAcknowledgement: the library's tables, renamed.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RetractionAcknowledgement",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("note", models.TextField(blank=True)),
                        ("acknowledged_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("acknowledged_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="retraction_acknowledgements", to="articles.article")),
                        ("reference", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="retraction_acknowledgements", to="references.reference")),
                    ],
                    options={
                        "db_table": "references_retractionacknowledgement",
                        "constraints": [models.UniqueConstraint(fields=("article", "reference"), name="retraction_acknowledged_once_per_article")],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalRetractionAcknowledgement",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("note", models.TextField(blank=True)),
                        ("acknowledged_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1)),
                        ("acknowledged_by", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("article", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="articles.article")),
                        ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("reference", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="references.reference")),
                    ],
                    options={
                        "db_table": "references_historicalretractionacknowledgement",
                        "verbose_name": "historical retraction acknowledgement",
                        "verbose_name_plural": "historical retraction acknowledgements",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="retractionacknowledgement", table=None),
        migrations.AlterModelTable(name="historicalretractionacknowledgement", table=None),
        migrations.RunPython(
            acknowledgements_content_types_follow, acknowledgements_content_types_return
        ),
    ]
