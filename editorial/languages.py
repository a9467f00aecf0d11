"""The languages of the site: its articles (originals in the site's language, translations in
the others) and its public pages (each page's language comes from its path alone).

The one place that reads ``LANGUAGE_CODE`` and ``LANGUAGES`` for the models (choices and
defaults), the rules and the forms.

The public pages: the site's language (``LANGUAGE_CODE``, the first of ``LANGUAGES``) is at
today's URLs, every other language under its code (``/es/board/``): ``i18n_patterns`` with
``prefix_default_language=False`` (editorial/urls.py). Django's ``LocaleMiddleware`` then takes
the language from the path only, since an unprefixed path is the default language's; the
browser's Accept-Language and the language cookie are never read for a public page. That keeps
one URL one page in one language, which the page cache (``editorial.caching``, keyed by the
path) and the HTTP caches in front (keyed by the URL) rely on. The admin and the authors' pages
are not under ``i18n_patterns``: they are in the site's language, whatever the browser asks for.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_supported_language_variant, pgettext


def configured_languages() -> list[tuple[str, str]]:
    """The (code, name) pairs of ``LANGUAGES``: the choices of a language field."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def translation_languages() -> list[tuple[str, str]]:
    """The (code, name) pairs of ``LANGUAGES`` but the site's language: what a text written in
    the site's language (a topic's name) is translated into."""
    return [(code, name) for code, name in configured_languages() if code != default_language()]


def is_configured(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


def default_language() -> str:
    """The site's language, as ``LANGUAGES`` names it ("en" for an ``LANGUAGE_CODE`` of
    "en-us"): what the original articles are written in and board members review in."""
    try:
        return get_supported_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGES[0][0]


def language_name(code: str) -> str:
    """The name ``LANGUAGES`` gives the code (the code itself for one no longer configured)."""
    return str(dict(settings.LANGUAGES).get(code, code))


def languages_stored(codes: list[str] | tuple[str, ...]) -> str:
    """Language codes as a text column holds them: space-separated, with a space at each end, so
    that a ``contains`` lookup of " es " finds exactly one language on every database."""
    return f" {' '.join(dict.fromkeys(code for code in codes if code))} "


def languages_read(stored: str) -> list[str]:
    return stored.split()


def default_review_languages() -> str:
    """A board member reviews in the site's language unless they declare otherwise."""
    return languages_stored([default_language()])


def name_in_a_sentence(code: str) -> str:
    """The name of the language ``code`` as a sentence in the active language writes it
    ("shown in its original language (English)"); ``LANGUAGES``' names are the admin's."""
    names = {
        "en": pgettext("a language named in a sentence", "English"),
        "es": pgettext("a language named in a sentence", "Spanish"),
    }
    return names.get(code, code)


def path_language(path: str) -> str:
    """The language of the page at ``path``: its prefix's, or the default language."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE
