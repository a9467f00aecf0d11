"""Editors manage the retraction list; board members may read it and its acknowledgements."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": [
        "add_retraction",
        "change_retraction",
        "view_retraction",
        "view_retractionacknowledgement",
    ],
    "Board members": ["view_retraction", "view_retractionacknowledgement"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("references")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="references", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("references", "0002_kinds_retractions"),
        ("editorial", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
