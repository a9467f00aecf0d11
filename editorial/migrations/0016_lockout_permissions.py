"""Editors read the sign-in records of django-axes (attempts, failures, sign-ins) and lift a
lockout by deleting its access attempt."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = [
    "view_accessattempt",
    "delete_accessattempt",
    "view_accessfailurelog",
    "view_accesslog",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="axes", codename__in=GRANTS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0015_policy_periodic_review_notice"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
