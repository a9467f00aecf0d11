"""The public pages in Spanish (/es/...) on the demo content: the site's words are all
Spanish, dates are written the Spanish way, and the English pages are unchanged. The seed
article's page in Spanish is its Spanish translation's (the demo's, approved by the board); the
articles' own text is left out of what is compared here."""

from __future__ import annotations

import re

import polib
import pytest

from articles.demo import content
from articles.models import Article
from tests.catalogues import catalogue
from tests.html import Node, parse, visible_text

pytestmark = pytest.mark.usefixtures("demo_content", "spanish_seed")

SEED_URL = f"/articles/{content.SEED_SLUG}/"
SPANISH_SEED = "the seed's Spanish translation"


@pytest.fixture(scope="module")
def spanish_seed(demo_content, django_db_blocker) -> str:
    """The address of the seed article's Spanish translation, as the demo publishes it."""
    with django_db_blocker.unblock():
        translation = Article.objects.get(translation_of__slug=content.SEED_SLUG, language="es")
        assert translation.is_published
        return translation.get_absolute_url()


def spanish_url(path: str, spanish_seed: str) -> str:
    return spanish_seed if path == SPANISH_SEED else f"/es{path}"


SPANISH_DATE = re.compile(
    r"\b\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre) de \d{4}\b"
)
ENGLISH_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) \d{1,2}, \d{4}\b"
)
# What the articles' authors and the board wrote (titles, sections, references, summaries,
# the change log, people's names and declarations): not the site's words.
CONTENT = {
    ("h1", None),
    ("section", "article__section"),
    ("span", "reference__title"),
    ("span", "reference__source"),
    ("span", "reference__authors"),
    ("p", "cite__text"),
    ("ol", "change-log__list"),
    ("p", "review-meta__reviewed"),
    ("p", "review-meta__disclosures"),
    ("p", "article-list__summary"),
    ("h2", "article-list__title"),
    ("li", "article-list__item"),
}


def _site_words(node: Node) -> str:
    """The visible text of ``node`` but the articles' own (``CONTENT``)."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag in ("script", "style") or any(
            child.tag == tag and (name is None or child.has_class(name)) for tag, name in CONTENT
        ):
            parts.append(" ")
        else:
            parts.append(f" {_site_words(child)} ")
    return " ".join("".join(parts).split())


def english_phrases() -> set[str]:
    """Every phrase of the English catalogue (its msgids, split at placeholders and markup)
    of two words or more, which a Spanish page must not show."""
    phrases = set()
    for entry in polib.pofile(str(catalogue("es"))):
        for original in filter(None, [entry.msgid, entry.msgid_plural]):
            for part in re.split(r"%\(\w+\)[sd]|<[^>]+>|&\w+;", original):
                part = part.strip(" .,:;()“”")
                if len(part.split()) >= 2 and part not in entry.msgstr:
                    phrases.add(part)
    return phrases


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", SPANISH_SEED, "/board/", "/editorial-policy/", "/search/?q=attachment"]
)
def test_a_spanish_page_shows_none_of_the_site_s_english_words(client, path, spanish_seed):
    page = client.get(spanish_url(path, spanish_seed))
    assert page.status_code == 200
    shown = _site_words(parse(page).find("body"))
    left = sorted(phrase for phrase in english_phrases() if phrase in shown)
    assert not left, f"English on /es{path}: {left}"


@pytest.mark.django_db
def test_the_same_check_finds_the_english_words_on_the_english_page(client):
    shown = _site_words(parse(client.get(SEED_URL)).find("body"))
    found = {phrase for phrase in english_phrases() if phrase in shown}
    assert {"Article Review Status", "Cite this page", "Medical Advisory Board"} <= found


@pytest.mark.django_db
def test_the_spanish_seed_page_has_the_spanish_chrome_and_dates(client, spanish_seed):
    assert spanish_seed.startswith("/es/articles/")
    page = parse(client.get(spanish_seed))
    assert page.find("html").attrs["lang"] == "es"
    text = page.find("body").text()
    for words in (
        "Consejo Asesor Médico",
        "Estado de revisión del artículo",
        "Última actualización:",
        "Referencias",
        "Cómo citar esta página",
        "Aviso médico profesional",
        "Guía de práctica clínica",
    ):
        assert words in text, words
    assert SPANISH_DATE.search(text), "a date such as 3 de diciembre de 2026"
    assert not ENGLISH_DATE.search(_site_words(page.find("body")))
    assert "Consultado el" in page.find("p", **{"class": "cite__text"}).text()
    assert (
        page.find("ol", **{"class": "tracker"}).text()
        == "Enviado (completado) En revisión (completado) Aprobado"
    )


@pytest.mark.django_db
def test_the_english_seed_page_keeps_its_words_and_dates(client):
    response = client.get(SEED_URL)
    text = visible_text(response)
    assert parse(response).find("html").attrs["lang"] == "en"
    assert "Article Review Status" in text and "Professional Medical Disclaimer" in text
    assert ENGLISH_DATE.search(text) and not SPANISH_DATE.search(text)
    assert "Accessed " in parse(response).find("p", **{"class": "cite__text"}).text()
    assert "Consejo" not in text


@pytest.mark.django_db
def test_the_spanish_feed_is_titled_in_spanish(client):
    spanish = client.get("/es/feed/").content.decode()
    assert "artículos recién aprobados y actualizados" in spanish
    assert "newly approved and updated articles" in client.get("/feed/").content.decode()
