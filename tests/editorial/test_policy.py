"""The editorial policy: versions published by editors, never edited; approvals record them."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from articles.models import Article
from editorial.models import EditorialPolicy, EditorialPolicyTranslation
from editorial.policy import policy_in_force, policy_publish
from tests.factories import article_in_state, author_user, board_user
from tests.html import parse, visible_text


@pytest.mark.django_db
def test_the_seeded_versions_are_kept_and_the_latest_is_in_force_and_shown(client):
    first = EditorialPolicy.objects.get(version=1)
    assert first.effective_date == date(2024, 1, 1)
    policy = policy_in_force()
    # Version 2 (migration 0010) says what an article shows of its periodic re-review.
    assert (policy.version, policy.disclaimer_version) == (2, 1)
    assert policy.effective_date <= timezone.localdate()
    assert "$publisher" in policy.disclaimer
    response = client.get("/editorial-policy/")
    text = visible_text(response)
    assert f"Version 2, in force since {policy.effective_date:%B} " in text
    assert "Disclaimer version 1" in text
    assert "Editorial Medical Publishing assumes no liability" in text
    assert "$publisher" not in text


@pytest.mark.django_db
def test_the_policy_says_what_an_article_shows_of_its_periodic_re_review(client):
    text = visible_text(client.get("/editorial-policy/"))
    assert "while it is in progress, the article says that it is being re-reviewed" in text
    assert "If the date passes before the re-review has started, the article says so" in text
    assert "An article never says that a review is in progress when none is." in text


def _migration():
    return importlib.import_module("editorial.migrations.0015_policy_periodic_review_notice")


@pytest.mark.django_db
def test_the_re_review_policy_migration_publishes_one_new_version_and_can_be_reversed():
    migration = _migration()
    # As it was before the migration (and before 0028 translated the version it adds).
    EditorialPolicyTranslation.objects.filter(policy__version__gt=1).delete()
    EditorialPolicy.objects.filter(version__gt=1).delete()
    first = EditorialPolicy.objects.get()
    migration.publish(django_apps, None)
    added = EditorialPolicy.objects.get(version=2)
    assert added.body == first.body.replace(migration.BEFORE, migration.AFTER) != first.body
    assert (added.disclaimer, added.disclaimer_version) == (first.disclaimer, 1)
    assert added.change_note == migration.CHANGE_NOTE
    migration.withdraw(django_apps, None)
    assert list(EditorialPolicy.objects.values_list("version", flat=True)) == [1]


@pytest.mark.django_db
def test_the_re_review_policy_migration_leaves_a_version_the_editors_rewrote_alone(editor):
    migration = _migration()
    EditorialPolicyTranslation.objects.filter(policy__version__gt=1).delete()
    EditorialPolicy.objects.filter(version__gt=1).delete()
    policy_publish(body="Our own words on re-review.", disclaimer="Ours.", by=editor)
    migration.publish(django_apps, None)
    assert EditorialPolicy.objects.count() == 2
    assert policy_in_force().body == "Our own words on re-review."


@pytest.mark.django_db
def test_a_new_version_replaces_the_page_and_the_disclaimer(client, editor, settings):
    settings.PUBLISHER_NAME = "Acme Health"
    first = policy_in_force()
    second = policy_publish(
        body="Intro with <script>alert(1)</script>.\n\n## New section\n\nNew *rules*.",
        disclaimer=first.disclaimer,
        by=editor,
    )
    assert (second.version, second.disclaimer_version) == (first.version + 1, 1)
    third = policy_publish(body=second.body, disclaimer="Read carefully, $publisher.", by=editor)
    assert (third.version, third.disclaimer_version) == (first.version + 2, 2)
    response = client.get("/editorial-policy/")
    page = parse(response)
    assert "New section" in [h2.text() for h2 in page.find("article").find_all("h2")]
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "<em>rules</em>" in html
    assert "Read carefully, Acme Health." in visible_text(response)
    article = article_in_state("approved")
    assert "Read carefully, Acme Health." in visible_text(client.get(article.get_absolute_url()))
    assert EditorialPolicy.objects.get(version=first.version).body == first.body  # kept


@pytest.mark.django_db
def test_each_approval_records_the_versions_in_force(editor):
    in_force = policy_in_force()
    article = article_in_state("approved", editor=editor)
    assert (article.live_revision.policy_version, article.live_revision.disclaimer_version) == (
        in_force.version,
        1,
    )
    policy_publish(body="Changed.", disclaimer="Changed disclaimer.", by=editor)
    later = article_in_state("approved", editor=editor)
    revision = Article.objects.get(pk=later.pk).live_revision
    assert (revision.policy_version, revision.disclaimer_version) == (in_force.version + 1, 2)
    article.live_revision.refresh_from_db()
    assert article.live_revision.policy_version == in_force.version


@pytest.mark.django_db
def test_editors_publish_new_versions_in_the_admin_and_never_edit_old_ones(client, editor):
    client.force_login(editor)
    before = policy_in_force()
    add = client.get("/admin/editorial/editorialpolicy/add/")
    assert add.status_code == 200
    assert "How articles are reviewed" in add.content.decode()  # starts from the one in force
    response = client.post(
        "/admin/editorial/editorialpolicy/add/",
        {
            "effective_date": "2025-01-01",
            "change_note": "Clarify re-review.",
            "body": "New body.\n\n## Section\n\nText.",
            "disclaimer": policy_in_force().disclaimer,
        },
    )
    assert response.status_code == 302
    latest = policy_in_force()
    assert (latest.version, latest.disclaimer_version, latest.created_by) == (
        before.version + 1,
        1,
        editor,
    )
    assert latest.history.count() == 1
    change_url = f"/admin/editorial/editorialpolicy/{latest.pk}/change/"
    assert client.get(change_url).status_code == 200  # read-only view
    client.post(change_url, {"body": "Edited!", "disclaimer": "x", "effective_date": "2025-01-01"})
    assert EditorialPolicy.objects.get(pk=latest.pk).body == "New body.\n\n## Section\n\nText."
    delete = client.post(f"/admin/editorial/editorialpolicy/{latest.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert EditorialPolicy.objects.count() == before.version + 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "author", "board"])
def test_only_editors_may_publish_a_version(client, role):
    versions = EditorialPolicy.objects.count()
    if role == "author":
        client.force_login(author_user(is_staff=True))
    elif role == "board":
        client.force_login(board_user())
    response = client.post(
        "/admin/editorial/editorialpolicy/add/",
        {"effective_date": "2025-01-01", "body": "Hijacked.", "disclaimer": "x"},
    )
    assert response.status_code in (302, 403)
    assert EditorialPolicy.objects.count() == versions
    assert policy_in_force().body != "Hijacked."


@pytest.mark.django_db
def test_editors_file_articles_under_topics_in_the_admin(client, editor):
    client.force_login(editor)
    article = article_in_state("approved", editor=editor)
    response = client.post(
        "/admin/articles/topic/add/",
        {
            "name": "Sleep",
            "slug": "sleep",
            "description": "",
            "articles": [article.pk],
            # The topic's translations (an inline), none given.
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert list(article.topics.values_list("slug", flat=True)) == ["sleep"]
    assert "Sleep" in visible_text(client.get("/topics/sleep/"))
