"""Version 1 of the editorial policy and disclaimer (the text the site showed from its
templates), and the Editors' right to publish new versions and to file articles under topics."""

from datetime import date

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "editorial": ["add_editorialpolicy", "view_editorialpolicy"],
    "articles": ["add_topic", "change_topic", "view_topic"],
}

BODY = """\
Every article on this site answers one clinical question for healthcare professionals. None is \
published until a member of our Medical Advisory Board has reviewed and approved it, and what you \
read is always the exact text the board approved.

## How articles are written

Authors draft each article in two parts: what current clinical guidelines say (“From the \
Guidelines”) and what the research literature adds (“From the Research”). Every claim that rests \
on a source carries a numbered citation, and every citation leads to an entry in the article's \
reference list, labelled as a guideline or as research, with its title, journal or issuing body \
and year. An article cannot be submitted while any citation points nowhere or while it cites no \
source at all.

## How articles are reviewed

When an author submits an article, its text and references are frozen as a revision: the board \
reviews exactly that revision, and later edits cannot slip into it. An editor starts the review. \
Board members and editors may send the article back with requested changes or decline it, and \
either way they must say why. Nobody reviews or approves an article they wrote.

## How articles are approved and published

Board members invited to review an article first declare any conflict of interest, then each submits a structured review with a recommendation. A member of the Medical Advisory Board who is not one of its authors approves the revision, or an editor does, and only once a quorum of approving reviews from board members (two by default) has been reached, no reviewer's conflict of interest is left unresolved, and every recommendation to reject has been addressed by an editor. Only then does the revision appear on the site, with the date of approval shown as “Last updated” and the names of the board members who reviewed it. Drafts, submissions and articles in review are never shown to readers.

## How articles are updated and corrected

To correct or update a published article, its author or an editor starts a new revision. The new revision goes through the same review; until the board approves it, readers keep seeing the last approved version. Each approved update is listed in the article's change log. An editor may archive an article that should no longer be relied on: it then leaves the site, while its full history is kept.

## How articles stay current

Every published article is re-reviewed by the board periodically (every twelve months by default). The date of the last review is shown on the article as “Last reviewed”; when the next review is due, an editor starts a periodic re-review, and readers keep seeing the approved version until the board has completed it.

## What we record

Every step of the review is recorded with who took it, when, from which state to which, and the \
reviewer's comment; every change to an article, its sections, its references and the board's \
membership is kept in its history. That record cannot be edited or rolled back.
"""

DISCLAIMER = (
    "This information is intended for healthcare professionals. Any medical decision-making "
    "should rely on clinical judgment and independently verified information. The content "
    "provided herein does not replace professional discretion and should be considered "
    "supplementary to established clinical guidelines. Healthcare providers should verify all "
    "information against primary literature and current practice standards before application "
    "in patient care. $publisher assumes no liability for clinical decisions based on this "
    "content."
)


def grant(apps, schema_editor):
    for label in PERMISSIONS:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for label, codenames in PERMISSIONS.items():
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )


def seed(apps, schema_editor):
    EditorialPolicy = apps.get_model("editorial", "EditorialPolicy")
    if not EditorialPolicy.objects.exists():
        EditorialPolicy.objects.create(
            version=1,
            disclaimer_version=1,
            effective_date=date(2024, 1, 1),  # in force before the first approval
            body=BODY,
            disclaimer=DISCLAIMER,
            change_note="First version, as published on the site.",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0007_editorial_policy_versions"),
        ("articles", "0004_topics"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
