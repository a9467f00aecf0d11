"""The editorial policy and the disclaimer in each language (editorial.policy): a version's
translation is published once per language, never edited; a Spanish page shows the Spanish
text of the version in force, or the version's own text with a note when it has none yet."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from editorial.models import EditorialPolicy, EditorialPolicyTranslation
from editorial.policy import (
    ALREADY_TRANSLATED,
    NOT_A_LANGUAGE,
    SAME_LANGUAGE,
    policy_in_force,
    policy_publish,
    policy_text,
    policy_translate,
)
from tests.articles.translation_helpers import approve, translation_into
from tests.factories import article_in_state
from tests.html import parse

SEED = importlib.import_module("editorial.migrations.0031_seed_spanish_policy")
SPANISH_DISCLAIMER_START = "Esta información está dirigida a profesionales sanitarios."
NOTE = "Este texto aún no se ha traducido"


def a_new_version(editor) -> EditorialPolicy:
    shipped = policy_in_force()
    return policy_publish(
        body=shipped.body + "\n\n## Corrections\n\nWe correct errors quickly.",
        disclaimer=shipped.disclaimer + " Always.",
        by=editor,
    )


@pytest.mark.django_db
def test_the_shipped_policy_is_in_force_in_english_and_spanish():
    policy = policy_in_force()
    assert policy.language == "en"
    spanish = policy_text(policy, "es")
    assert not spanish.fallback and spanish.lang == ""
    assert spanish.body == SEED.BODY
    assert spanish.disclaimer.startswith(SPANISH_DISCLAIMER_START)
    assert "$publisher" not in spanish.disclaimer
    assert policy_text(policy, "en").body == policy.body


@pytest.mark.django_db
def test_the_spanish_policy_page_shows_the_spanish_text_of_the_version_in_force(client):
    page = client.get("/es/editorial-policy/")
    text = page.content.decode()
    assert "Cómo se revisan los artículos" in text
    assert SPANISH_DISCLAIMER_START in text
    assert NOTE not in text
    assert "How articles are reviewed" not in text
    english = client.get("/editorial-policy/").content.decode()
    assert "How articles are reviewed" in english and "Cómo se revisan" not in english


@pytest.mark.django_db
def test_a_version_not_yet_translated_is_shown_in_english_with_a_note(client, editor):
    new = a_new_version(editor)
    page = parse(client.get("/es/editorial-policy/"))
    assert page.find("html").attrs["lang"] == "es"
    text = page.find("main").text()
    assert NOTE in text and "(inglés)" in text
    assert "We correct errors quickly." in text
    assert f"Versión {new.version}, vigente desde" in text
    # The English text is marked as English on the Spanish page.
    marked = [node for node in page.find_all("section") if node.attrs.get("lang") == "en"]
    assert any("We correct errors quickly." in node.text() for node in marked)


@pytest.mark.django_db
def test_the_disclaimer_under_a_spanish_article_follows_the_translation(client, editor):
    original = article_in_state("approved", editor=editor)
    url = approve(translation_into(original)).get_absolute_url()  # /es/articles/…/
    assert url.startswith("/es/")
    disclaimer = parse(client.get(url)).find("section", **{"class": "disclaimer"})
    assert disclaimer.find("h2").text() == "Aviso médico profesional"
    assert SPANISH_DISCLAIMER_START in disclaimer.text() and NOTE not in disclaimer.text()
    new = a_new_version(editor)
    disclaimer = parse(client.get(url)).find("section", **{"class": "disclaimer"})
    assert NOTE in disclaimer.text() and "Always." in disclaimer.text()
    policy_translate(
        policy=new,
        language="es",
        body=SEED.BODY + "\n\n## Correcciones\n\nCorregimos los errores con rapidez.",
        disclaimer=SEED.DISCLAIMER + " Siempre.",
        by=editor,
    )
    disclaimer = parse(client.get(url)).find("section", **{"class": "disclaimer"})
    assert NOTE not in disclaimer.text() and "Siempre." in disclaimer.text()


@pytest.mark.django_db
def test_a_translation_published_makes_the_cached_spanish_policy_page_stale(client, editor):
    new = a_new_version(editor)
    assert NOTE in client.get("/es/editorial-policy/").content.decode()
    assert NOTE in client.get("/es/editorial-policy/").content.decode()  # from the cache
    policy_translate(
        policy=new, language="es", body="Nueva versión.", disclaimer="Aviso.", by=editor
    )
    text = client.get("/es/editorial-policy/").content.decode()
    assert NOTE not in text and "Nueva versión." in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", NOT_A_LANGUAGE.format(language="fr", languages="en, es")),
        ("", NOT_A_LANGUAGE.format(language="—", languages="en, es")),
        ("en", SAME_LANGUAGE.format(version=2, language="English")),
        ("es", ALREADY_TRANSLATED.format(version=2, language="Spanish")),
    ],
)
def test_a_translation_is_refused_for_a_language_that_cannot_take_one(editor, language, message):
    policy = policy_in_force()
    assert policy.version == 2  # the shipped version, translated into Spanish
    before = EditorialPolicyTranslation.objects.count()
    with pytest.raises(ValidationError) as refused:
        policy_translate(
            policy=policy, language=language, body="Texto.", disclaimer="Aviso.", by=editor
        )
    assert refused.value.messages == [message]
    assert EditorialPolicyTranslation.objects.count() == before


@pytest.mark.django_db
def test_a_translation_without_its_text_is_refused(editor):
    new = a_new_version(editor)
    with pytest.raises(ValidationError, match="both in Spanish"):
        policy_translate(policy=new, language="es", body="  ", disclaimer="Aviso.", by=editor)
    assert not new.translations.exists()


@pytest.mark.django_db
def test_a_translation_is_recorded_with_who_published_it(editor):
    new = a_new_version(editor)
    translation = policy_translate(
        policy=new, language="es", body="Texto.", disclaimer="Aviso.", by=editor
    )
    assert translation.created_by == editor
    assert translation.history.get().history_user == editor
    assert translation.created_at <= timezone.now()


# The admin: editors publish translations; nobody edits or deletes one.

ADD_URL = "/admin/editorial/editorialpolicytranslation/add/"


def _post(client, policy: EditorialPolicy, language: str = "es"):
    return client.post(
        ADD_URL,
        {"policy": policy.pk, "language": language, "body": "Texto.", "disclaimer": "Aviso."},
    )


@pytest.mark.django_db
def test_an_editor_publishes_a_translation_in_the_admin(client, editor):
    new = a_new_version(editor)
    client.force_login(editor)
    form = client.get(ADD_URL)
    assert form.status_code == 200
    assert '<option value="es">Spanish</option>' in form.content.decode()
    assert '<option value="en">' not in form.content.decode()
    response = _post(client, new)
    assert response.status_code == 302
    translation = new.translations.get()
    assert (translation.language, translation.body, translation.created_by) == (
        "es",
        "Texto.",
        editor,
    )
    change = client.get(f"/admin/editorial/editorialpolicytranslation/{translation.pk}/change/")
    assert change.status_code == 200 and 'name="body"' not in change.content.decode()
    delete = client.post(f"/admin/editorial/editorialpolicytranslation/{translation.pk}/delete/")
    assert delete.status_code == 403 and new.translations.exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_second_translation_into_a_language(client, editor):
    client.force_login(editor)
    response = _post(client, policy_in_force())
    assert response.status_code == 200
    assert "already has its Spanish translation" in response.content.decode()
    assert policy_in_force().translations.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["author", "board_member"])
def test_who_is_not_an_editor_may_not_publish_a_translation(client, editor, who, request):
    new = a_new_version(editor)
    client.force_login(request.getfixturevalue(who))
    assert client.get(ADD_URL).status_code in (302, 403)
    assert _post(client, new).status_code in (302, 403)
    assert not new.translations.exists()


@pytest.mark.django_db
def test_anonymous_may_not_publish_a_translation(client, editor):
    new = a_new_version(editor)
    response = _post(client, new)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not new.translations.exists()
