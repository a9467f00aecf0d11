"""Give the roles the board review's models, and start the decision letters from sensible text.

Editors may edit the letters in the admin afterwards; placeholders are $author, $title,
$reviews, $editor and $publisher.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Board members": [
        "view_reviewround",
        "view_reviewinvitation",
        "view_review",
        "view_decisionlettertemplate",
    ],
    "Editors": [
        "view_reviewround",
        "view_reviewinvitation",
        "view_review",
        "view_rereviewnotice",
        "add_decisionlettertemplate",
        "change_decisionlettertemplate",
        "view_decisionlettertemplate",
    ],
}

LETTERS = {
    "approved": (
        "Dear $author,\n\n"
        "The Medical Advisory Board has approved \u201c$title\u201d. The approved revision is now "
        "what readers see.\n\n$reviews\n\nWith thanks,\n$editor\n$publisher"
    ),
    "changes_requested": (
        "Dear $author,\n\n"
        "The Medical Advisory Board has reviewed \u201c$title\u201d and asks for changes before "
        "it can be approved. The reviewers' comments follow.\n\n$reviews\n\n"
        "Please revise the article and resubmit it; the same reviewers will look at the new "
        "version.\n\nWith thanks,\n$editor\n$publisher"
    ),
    "rejected": (
        "Dear $author,\n\n"
        "The Medical Advisory Board has reviewed \u201c$title\u201d and cannot approve it. The "
        "reviewers' comments follow.\n\n$reviews\n\nWith regret,\n$editor\n$publisher"
    ),
}


def forwards(apps, schema_editor):
    editorial = apps.get_app_config("editorial")
    editorial.models_module = True
    create_permissions(editorial, verbosity=0, apps=apps)
    editorial.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="editorial", codename__in=codenames)
        )
    Letter = apps.get_model("editorial", "DecisionLetterTemplate")
    for outcome, body in LETTERS.items():
        Letter.objects.get_or_create(outcome=outcome, defaults={"body": body})


def backwards(apps, schema_editor):
    apps.get_model("editorial", "DecisionLetterTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("editorial", "0003_board_review")]

    operations = [migrations.RunPython(forwards, backwards)]
