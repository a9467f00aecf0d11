"""``load_demo``'s Spanish translations (issue 24, item 6): the seed article's, approved with a
review history of its own by the board members who review in Spanish and current; and the one
its original's later approved revision left out of date, which says so."""

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from articles.demo import content, spanish
from articles.models import ORIGINAL_CHANGED, Article, PublicationRecord, TopicTranslation
from editorial.models import TRANSLATORS, BoardMember, TransitionLog
from references.citations import cited_keys_in
from tests.html import parse

User = get_user_model()
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def demo(demo_content, db, settings):
    settings.DEBUG = True


def translation_of(slug: str) -> Article:
    return Article.objects.get(translation_of__slug=slug, language="es")


def test_the_seed_article_has_an_approved_spanish_translation_of_its_live_revision(demo):
    seed = Article.objects.get(slug=content.SEED_SLUG)
    translation = translation_of(content.SEED_SLUG)

    assert translation.status == "approved" and translation.is_published
    assert translation.title == spanish.SEED_TITLE
    assert translation.live_revision.source_revision == seed.live_revision
    assert not translation.is_out_of_date
    assert translation not in Article.objects.out_of_date()
    assert translation.author.username == "translator"
    assert [(s["heading"], s["body"]) for s in translation.live_revision.sections] == (
        spanish.SEED_SECTIONS
    )


def test_the_translation_keeps_every_citation_marker_of_its_original(demo):
    for slug in (content.SEED_SLUG, content.CHANGE_SLUG):
        translation = translation_of(slug)
        source = translation.live_revision.source_revision
        cited = cited_keys_in(section["body"] for section in translation.live_revision.sections)
        assert cited == cited_keys_in(section["body"] for section in source.sections), slug
        assert translation.unresolved_citation_keys() == []
        assert translation.malformed_citation_problems() == []


def test_the_translation_has_its_own_review_history_in_spanish(demo):
    translation = translation_of(content.SEED_SLUG)
    entries = list(TransitionLog.objects.filter(article=translation).select_related("actor"))

    assert [(entry.action, entry.actor.username) for entry in entries] == [
        ("submit", "translator"),
        ("start_review", "editor"),
        ("approve", "reviewer2"),
    ]
    moments = [entry.created_at for entry in entries]
    assert moments == sorted(moments)
    assert datetime(2025, 3, 1, tzinfo=UTC) < moments[0] < datetime(2025, 4, 1, tzinfo=UTC)
    assert entries[-1].comment == spanish.APPROVAL
    (review_round,) = translation.review_rounds.all()
    reviewers = {
        invitation.reviewer.user.username: invitation.review.recommendation
        for invitation in review_round.invitations.select_related("reviewer__user", "review")
    }
    assert reviewers == {"reviewer2": "approve", "reviewer3": "approve"}
    for name in reviewers:
        assert "es" in BoardMember.objects.get(user__username=name).languages
    assert "es" not in BoardMember.objects.get(user__username="reviewer").languages


def test_a_later_approved_revision_of_an_original_left_its_translation_out_of_date(demo):
    original = Article.objects.get(slug=content.CHANGE_SLUG)
    translation = translation_of(content.CHANGE_SLUG)

    assert translation.status == "approved" and translation.is_published
    assert translation.is_out_of_date
    assert list(Article.objects.out_of_date()) == [translation]
    translated = translation.live_revision.source_revision
    assert translated.number == 1
    assert original.live_revision.number == 2
    assert original.live_revision.approved_at > translation.live_revision.approved_at
    assert ORIGINAL_CHANGED in translation.translation_problems()
    record = PublicationRecord.objects.filter(article=translation).latest("pk")
    assert record.source_revision_id == translated.pk
    assert record.page["translation"]["out_of_date"] is True


def test_the_translator_is_a_translator_only(demo):
    translator = User.objects.get(username="translator")

    assert list(translator.groups.values_list("name", flat=True)) == [TRANSLATORS]
    assert translator.check_password(content.DEMO_PASSWORD)
    assert not translator.is_staff


def test_the_printed_pages_are_the_translations_public_pages(demo, client):
    paths = [Article.objects.get(slug=slug).get_absolute_url() for slug, _ in content.PAGES]

    assert paths[1] == translation_of(content.SEED_SLUG).get_absolute_url()
    assert paths[2] == translation_of(content.CHANGE_SLUG).get_absolute_url()
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_the_translator_may_export_the_seed_article_for_an_agency(demo, client):
    client.force_login(User.objects.get(username="translator"))
    seed = Article.objects.get(slug=content.SEED_SLUG)
    response = client.get(reverse("authoring:translate_xliff", args=[seed.pk]), {"language": "es"})

    assert response.status_code == 200
    assert f'id="article-{seed.pk}-revision-{seed.live_revision.number}"'.encode() in (
        response.content
    )


def test_the_readmes_quick_start_names_the_pages_load_demo_prints(demo):
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue().split("Pages to open:\n")[1].split("Demo accounts")[0]
    paths = [line.split()[0] for line in printed.splitlines()]
    quick_start = README.read_text().split("## Quick start")[1].split("\n## ")[0]

    assert len(paths) == len(content.PAGES)
    for path in paths:
        assert f"`{path}`" in quick_start, path


def test_the_demo_topics_have_their_spanish_names_on_the_spanish_pages(demo, client):
    editor = User.objects.get(username="editor")
    assert {row.topic.slug for row in TopicTranslation.objects.filter(language="es")} == {
        topic["slug"] for topic in content.TOPICS
    }
    assert {row.history.get().history_user for row in TopicTranslation.objects.all()} == {editor}
    topics = parse(client.get("/es/")).find("ul", **{"class": "topic-list"})
    assert {link.text(): link.attrs.get("lang") for link in topics.find_all("a")} == {
        "Apego": None,
        "Psicoterapia": None,
    }
    heading = parse(client.get("/es/topics/attachment/")).find("h1")
    assert heading.text() == "Apego" and "lang" not in heading.attrs
    seed = translation_of(content.SEED_SLUG)
    assert "Apego" in parse(client.get(seed.get_absolute_url())).find("main").text()
