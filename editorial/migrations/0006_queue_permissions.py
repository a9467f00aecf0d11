from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    editorial = apps.get_app_config("editorial")
    editorial.models_module = True
    create_permissions(editorial, verbosity=0, apps=apps)
    editorial.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(
        content_type__app_label="editorial", codename="view_awaitingmyreview"
    )
    for name in ("Board members", "Editors"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0005_awaiting_my_review")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
