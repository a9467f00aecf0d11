"""Create the three roles as groups, with the model permissions the admin needs for each.

The workflow's own rules (who may approve, who may start a review) live in
``editorial.workflow``; these permissions only decide what each role may open in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Authors": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "references.add_reference",
        "references.view_reference",
    ],
    "Board members": [
        "articles.view_article",
        "articles.view_articlerevision",
        "articles.view_section",
        "articles.view_articlereference",
        "references.view_reference",
        "editorial.view_boardmember",
        "editorial.view_transitionlog",
    ],
    "Editors": [
        "articles.view_article",
        "articles.view_articlerevision",
        "articles.view_section",
        "articles.view_articlereference",
        "references.add_reference",
        "references.change_reference",
        "references.view_reference",
        "editorial.add_boardmember",
        "editorial.change_boardmember",
        "editorial.view_boardmember",
        "editorial.view_transitionlog",
    ],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("articles", "0002_initial"),
        ("references", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
