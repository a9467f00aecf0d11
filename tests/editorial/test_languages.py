"""The public site in each language (editorial.languages): the language comes from the path
alone (the default at today's URLs, Spanish under /es/), never from the browser, so the page
cache and the proxies, which key a page by its URL, never mix two languages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from editorial.caching import cached_page
from editorial.checks import language_settings
from tests.articles.translation_helpers import approve, translation_into
from tests.factories import article_in_state
from tests.html import parse

PUBLIC_PATHS = ["/", "/board/", "/editorial-policy/", "/search/?q=clinical"]


def html_lang(response) -> str:
    return parse(response).find("html").attrs["lang"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_the_default_language_is_at_todays_urls_and_spanish_under_es(client, path):
    english = client.get(path)
    spanish = client.get(f"/es{path}")
    assert english.status_code == spanish.status_code == 200
    assert html_lang(english) == "en" and html_lang(spanish) == "es"
    assert "Medical Advisory Board" in english.content.decode()
    assert "Consejo Asesor Médico" in spanish.content.decode()
    assert "Consejo Asesor Médico" not in english.content.decode()
    assert english["Content-Language"] == "en" and spanish["Content-Language"] == "es"


@pytest.mark.django_db
def test_spanish_links_stay_in_spanish_and_english_links_unprefixed(client):
    spanish = parse(client.get("/es/"))
    site = spanish.find("nav", aria_label="Sitio")
    assert [link.attrs["href"] for link in site.find_all("a")] == [
        "/es/",
        "/es/board/",
        "/es/editorial-policy/",
    ]
    assert spanish.find("form", aria_label="Búsqueda en el sitio").attrs["action"] == "/es/search/"
    english = parse(client.get("/"))
    site = english.find("nav", aria_label="Site")
    assert [link.attrs["href"] for link in site.find_all("a")] == [
        "/",
        "/board/",
        "/editorial-policy/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "browser",
    [
        {"HTTP_ACCEPT_LANGUAGE": "es-ES,es;q=0.9"},
        {"HTTP_COOKIE": "django_language=es"},
    ],
    ids=["accept-language", "language-cookie"],
)
def test_the_browser_never_chooses_the_language_of_a_public_page(browser):
    client = Client(**browser)
    english = client.get("/")
    assert html_lang(english) == "en"
    assert "Clinical questions, answered" in english.content.decode()
    assert "accept-language" not in english.get("Vary", "").lower()
    # Nor of the Spanish pages: the path says Spanish.
    english_browser = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert html_lang(english_browser.get("/es/")) == "es"


def an_original_and_its_spanish_translation():
    """A published English article and its published Spanish translation: each has its page in
    its language (an article's page is in the article's language, editorial.languages)."""
    original = article_in_state("approved")
    translation = approve(translation_into(original))
    assert translation.is_published and translation.language == "es"
    return original, translation


@pytest.mark.django_db
def test_the_cached_spanish_and_english_pages_do_not_mix(client, rf):
    original, translation = an_original_and_its_spanish_translation()
    pairs = [
        ("/", "/es/"),
        (original.get_absolute_url(), translation.get_absolute_url()),
        ("/board/", "/es/board/"),
        ("/editorial-policy/", "/es/editorial-policy/"),
    ]
    for english_path, spanish_path in pairs:
        # Spanish first, then English asked for by a Spanish browser: each is stored
        # under its own URL, and each cached copy is in its own language.
        spanish = client.get(spanish_path)
        english = Client(HTTP_ACCEPT_LANGUAGE="es").get(english_path)
        assert html_lang(spanish) == "es" and html_lang(english) == "en"
        for stored_path, lang in ((spanish_path, "es"), (english_path, "en")):
            stored = cached_page(rf.get(stored_path))
            assert stored is not None, f"{stored_path} is cached"
            assert f'<html lang="{lang}">'.encode() in stored.body
            again = client.get(stored_path, HTTP_ACCEPT_LANGUAGE="es" if lang == "en" else "en")
            assert again.content == stored.body


@pytest.mark.django_db
def test_each_article_page_has_the_site_s_words_in_its_language(client):
    original, translation = an_original_and_its_spanish_translation()
    spanish = client.get(translation.get_absolute_url()).content.decode()
    english = client.get(original.get_absolute_url()).content.decode()
    assert "Estado de revisión del artículo" in spanish and "Aviso médico profesional" in spanish
    assert "Article Review Status" in english and "Estado de revisión" not in english


@pytest.mark.django_db
def test_an_unknown_spanish_path_is_a_spanish_404(client):
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    assert html_lang(response) == "es"
    assert "Página no encontrada" in response.content.decode()


def test_reversing_in_spanish_prefixes_only_the_public_site():
    with translation.override("es"):
        assert reverse("articles:board") == "/es/board/"
        assert reverse("authoring:dashboard") == "/write/"
        assert reverse("admin:index") == "/admin/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/es/write/", "/es/admin/", "/es/accounts/login/", "/es/api/v1/"])
def test_the_admin_authors_and_api_have_no_spanish_urls(client, path):
    assert client.get(path).status_code == 404


def _settings_with(languages: str, *command: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "editorial.settings"}
    environment["LANGUAGES"] = languages
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, *command],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_languages_come_from_the_environment_the_first_the_site_s():
    spanish_first = _settings_with(
        "es:Español,en:English",
        "-c",
        "from django.conf import settings; print(settings.LANGUAGE_CODE, settings.LANGUAGES)",
    )
    assert spanish_first.returncode == 0, spanish_first.stderr
    assert spanish_first.stdout.strip() == "es [('es', 'Español'), ('en', 'English')]"


@pytest.mark.slow  # manage.py check in its own process
def test_a_language_without_a_catalogue_stops_the_checks_with_its_name():
    refused = _settings_with("en:English,fr:Français", "manage.py", "check")
    assert refused.returncode != 0
    assert "editorial.E402" in refused.stderr
    assert "LANGUAGES names 'fr', which has no catalogue of the site's words" in refused.stderr
    assert _settings_with("en:English,es:Spanish", "manage.py", "check").returncode == 0


def test_the_language_check_passes_with_every_catalogue_and_names_a_missing_one(settings):
    assert language_settings() == []
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish"), ("fr", "French")]
    assert [error.id for error in language_settings()] == ["editorial.E402"]
    settings.LANGUAGES = [("es", "Spanish")]  # the site's language is not among them
    assert [error.id for error in language_settings()] == ["editorial.E401"]
