"""Board members declare the languages they review in (the site's language for every member
until they say otherwise), and the Translators group, whose members draft translations of
published articles in the authors' forms (never an original)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import editorial.languages

TRANSLATORS = [
    "articles.view_article",
    "references.view_reference",
]


def create_translators(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    translators, _ = Group.objects.get_or_create(name="Translators")
    for code in TRANSLATORS:
        app_label, codename = code.split(".")
        translators.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_translators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Translators").delete()


def review_languages_field():
    return models.CharField(
        "languages reviewed in",
        default=editorial.languages.default_review_languages,
        help_text="The languages (of LANGUAGES) the member reviews articles and translations "
        "in, space-separated codes (editorial.languages).",
        max_length=200,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0028_webhook_delivery_leases"),
        ("articles", "0009_publication_records"),
        ("references", "0008_notice_imports_in_the_background"),
    ]

    operations = [
        migrations.AddField(
            model_name="boardmember", name="review_languages", field=review_languages_field()
        ),
        migrations.AddField(
            model_name="historicalboardmember",
            name="review_languages",
            field=review_languages_field(),
        ),
        migrations.RunPython(create_translators, remove_translators),
    ]
