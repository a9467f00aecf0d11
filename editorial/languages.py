"""The languages of the site's articles: originals in the site's language, translations in the
others.

The one place that reads ``LANGUAGE_CODE`` and ``LANGUAGES`` for the models (choices and
defaults), the rules and the forms."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_supported_language_variant


def configured_languages() -> list[tuple[str, str]]:
    """The (code, name) pairs of ``LANGUAGES``: the choices of a language field."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


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
