"""Editors open the list of accounts (to reset a member's second factors, an action there) and
read the list of second factors (django-allauth's Authenticator, never its secrets)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = [("editorial", "view_user"), ("mfa", "view_authenticator")]


def grant(apps, schema_editor):
    for label in ("editorial", "mfa"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, codename in GRANTS:
        editors.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0023_webhooks"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
