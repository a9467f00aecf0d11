"""Redelivering a webhook is a permission of its own ("Can redeliver webhook deliveries"),
granted to the Editors group: reading the deliveries no longer lets anyone send one again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def editors_redeliver(apps, schema_editor):
    editorial = apps.get_app_config("editorial")
    editorial.models_module = True
    create_permissions(editorial, verbosity=0, apps=apps)
    editorial.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        Permission.objects.get(
            content_type__app_label="editorial", codename="redeliver_webhookdelivery"
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0026_password_reset_emails"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="webhookdelivery",
            options={
                "ordering": ["-created_at", "-pk"],
                "permissions": [("redeliver_webhookdelivery", "Can redeliver webhook deliveries")],
                "verbose_name": "webhook delivery",
                "verbose_name_plural": "webhook deliveries",
            },
        ),
        migrations.RunPython(editors_redeliver, migrations.RunPython.noop),
    ]
