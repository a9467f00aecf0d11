"""The Editors' right to give topics their names and descriptions in the site's other languages
(the topic's translations, kept with it in the admin): as they add and change topics (editorial
0008), they add and change its translations; like a topic, a translation is never deleted.
Nothing else is seeded: a topic keeps its own name on every page until an editor translates it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    "add_topictranslation",
    "change_topictranslation",
    "view_topictranslation",
]


def grant(apps, schema_editor):
    articles = apps.get_app_config("articles")
    articles.models_module = True
    create_permissions(articles, verbosity=0, apps=apps)
    articles.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_topic_translations"),
        ("editorial", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
