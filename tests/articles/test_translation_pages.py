"""The translators' pages under /write/: starting a translation of a published article, writing
it in the authors' editor against the original's reference list, and following the original
once it has a newer version; each refused, nothing saved, for bad input and for whoever may
not."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from articles.models import ORIGINAL_CHANGED, Article
from articles.translations import (
    NOT_CONFIGURED,
    TRANSLATED_ALREADY,
    translation_create,
)
from editorial.models import TRANSLATORS
from editorial.workflow import article_transition
from editorial.workflow.steps import TRANSLATIONS_ONLY
from tests.articles.authoring_helpers import editor_data
from tests.articles.translation_helpers import (
    approve,
    approve_new_version,
    translation_into,
    translator_user,
)
from tests.factories import ReferenceFactory, article_in_state, author_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def original():
    return article_in_state("approved")


def count() -> int:
    return Article.objects.count()


def test_a_translator_finds_published_articles_and_starts_a_translation(client, original):
    draft = article_in_state("draft")
    client.force_login(translator_user())

    dashboard = client.get("/write/").content.decode()
    assert 'href="/write/translations/"' in dashboard
    listing = client.get("/write/translations/").content.decode()
    assert original.title in listing
    assert draft.title not in listing
    assert f'href="/write/{original.pk}/translate-into/es/"' in listing
    confirm = client.get(f"/write/{original.pk}/translate-into/es/")
    assert confirm.status_code == 200
    assert "Start the translation" in confirm.content.decode()

    response = client.post(f"/write/{original.pk}/translate-into/es/")

    translation = Article.objects.get(translation_of=original)
    assert response.status_code == 302
    assert response["Location"] == f"/write/{translation.pk}/edit/"
    page = client.get(response["Location"]).content.decode()
    assert "Translation into Spanish" in page
    assert f"translates revision {original.live_revision.number} of the original" in page
    assert original.references.get().key in page  # the original's list, to cite from
    assert "Search the library" not in page  # the list is the original's to change
    assert translation.title in client.get("/write/").content.decode()


def test_the_translator_writes_the_translation_and_cannot_change_the_reference_list(
    client, original
):
    translator = translator_user()
    translation = translation_create(source=original, language="es", by=translator)
    key = original.references.get().key
    other = ReferenceFactory()
    client.force_login(translator)

    response = client.post(
        f"/write/{translation.pk}/edit/",
        editor_data(
            translation,
            title="¿Qué es la pregunta clínica?",
            sections=[("De las guías", f"Las guías lo dicen [@{key}].")],
            references=[other],  # forged: a translation cites its original's list
            new_reference={"key": "forged", "title": "A forged work", "year": "2020"},
        ),
    )

    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.title == "¿Qué es la pregunta clínica?"
    assert translation.references.count() == 0
    assert not Article.objects.filter(references__key="forged").exists()
    assert [work.key for work in translation.render().references] == [key]


def test_a_marker_naming_a_work_the_original_does_not_list_is_refused(client, original):
    translator = translator_user()
    translation = translation_create(source=original, language="es", by=translator)
    client.force_login(translator)

    response = client.post(
        f"/write/{translation.pk}/edit/",
        editor_data(translation, sections=[("Guías", "Dice [@nowhere].")]),
    )

    assert response.status_code == 200
    assert "[@nowhere]" in response.content.decode()
    assert Article.objects.get(pk=translation.pk).sections.first().body != "Dice [@nowhere]."


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", NOT_CONFIGURED.format(code="fr", languages="en, es")),
        ("es", None),  # a second translation into Spanish
    ],
)
def test_bad_input_is_refused_with_its_reason_and_nothing_saved(
    client, original, language, message
):
    if message is None:
        translation_create(source=original, language="es", by=translator_user())
        message = TRANSLATED_ALREADY.format(title=original.title, language="Spanish")
    client.force_login(translator_user())
    before = count()

    response = client.post(f"/write/{original.pk}/translate-into/{language}/")

    assert response.status_code == 409
    assert message in response.content.decode()
    assert "Start the translation" not in response.content.decode()
    assert count() == before


@pytest.mark.parametrize("state", ["draft", "under_review", "archived"])
def test_an_unpublished_article_cannot_be_reached_to_translate(client, state):
    source = article_in_state(state)
    client.force_login(translator_user())
    before = count()

    assert client.get(f"/write/{source.pk}/translate-into/es/").status_code == 404
    assert client.post(f"/write/{source.pk}/translate-into/es/").status_code == 404
    assert source.title not in client.get("/write/translations/").content.decode()
    assert count() == before


def test_a_translation_is_not_offered_for_translation(client, original, settings):
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish"), ("fr", "French")]
    spanish = approve(translation_into(original))
    client.force_login(translator_user())
    before = count()

    assert client.post(f"/write/{spanish.pk}/translate-into/fr/").status_code == 404
    assert spanish.title not in client.get("/write/translations/").content.decode()
    assert count() == before


def test_anonymous_is_sent_to_sign_in_and_nothing_is_made(client, original):
    before = count()

    for url in ("/write/translations/", f"/write/{original.pk}/translate-into/es/"):
        assert client.get(url).status_code == 302
    assert client.post(f"/write/{original.pk}/translate-into/es/").status_code == 302
    assert count() == before


def test_an_author_translates_their_own_article_but_no_one_else_s(client, original):
    someone_else = article_in_state("approved")
    client.force_login(original.author)
    before = count()

    assert original.title in client.get("/write/translations/").content.decode()
    assert someone_else.title not in client.get("/write/translations/").content.decode()
    assert client.post(f"/write/{someone_else.pk}/translate-into/es/").status_code == 404
    assert count() == before
    assert client.post(f"/write/{original.pk}/translate-into/es/").status_code == 302
    assert count() == before + 1


def test_an_author_of_another_article_who_is_no_translator_may_not_translate(client, original):
    author = author_user()
    client.force_login(author)
    before = count()

    assert "/write/translations/" not in client.get("/write/").content.decode()
    assert client.post(f"/write/{original.pk}/translate-into/es/").status_code == 404
    assert count() == before


def test_a_translator_may_not_edit_an_original_they_co_write(client):
    translator = translator_user()
    draft = article_in_state("draft")
    draft.coauthors.add(translator)
    client.force_login(translator)

    page = client.get(f"/write/{draft.pk}/edit/").content.decode()
    assert TRANSLATIONS_ONLY in page
    response = client.post(f"/write/{draft.pk}/edit/", editor_data(draft, title="Changed?"))

    assert response.status_code == 409
    assert Article.objects.get(pk=draft.pk).title == draft.title


def test_another_translator_cannot_reach_someone_s_translation(client, original):
    translation = translation_into(original)
    client.force_login(translator_user())

    assert client.get(f"/write/{translation.pk}/edit/").status_code == 404
    response = client.post(
        f"/write/{translation.pk}/edit/", editor_data(translation, title="¿Mía?")
    )
    assert response.status_code == 404
    assert client.post(f"/write/{translation.pk}/follow-original/").status_code == 404


def test_an_out_of_date_translation_is_listed_with_what_changed_and_followed(client, original):
    translation = approve(translation_into(original))
    original = approve_new_version(original, body="Newer guidance says so")
    translator = translation.author
    client.force_login(translator)

    dashboard = client.get("/write/").content.decode()
    assert "Translations out of date" in dashboard
    assert f'href="/write/{translation.pk}/changes/#original"' in dashboard
    changes = client.get(f"/write/{translation.pk}/changes/").content.decode()
    assert "In the original since the version translated" in changes
    assert "<ins>Newer" in changes

    article_transition(article=translation, action="revise", by=translator)
    step = client.post(f"/write/{translation.pk}/submit/", {"comment": ""})
    assert step.status_code == 409
    assert ORIGINAL_CHANGED in step.content.decode()
    assert (
        "Translate the current version"
        in client.get(f"/write/{translation.pk}/edit/").content.decode()
    )
    followed = client.post(f"/write/{translation.pk}/follow-original/")

    assert followed.status_code == 302
    translation.refresh_from_db()
    assert translation.source_revision == original.live_revision
    assert client.post(f"/write/{translation.pk}/submit/", {"comment": ""}).status_code == 302
    assert translation.latest_revision().source_revision == original.live_revision


def test_following_is_refused_while_the_text_is_locked(client, original):
    translation = approve(translation_into(original))
    approve_new_version(original)
    client.force_login(translation.author)

    response = client.post(f"/write/{translation.pk}/follow-original/", follow=True)

    assert "its text is locked" in response.content.decode()
    assert Article.objects.get(pk=translation.pk).source_revision == translation.source_revision


def test_a_translator_who_joins_the_group_sees_the_translations_page(client, original):
    user = author_user()
    user.groups.add(Group.objects.get(name=TRANSLATORS))
    client.force_login(user)

    assert original.title in client.get("/write/translations/").content.decode()
