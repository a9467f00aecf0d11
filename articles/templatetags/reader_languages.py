"""The language switcher and the hreflang alternates of a public page.

A view may name the page's languages itself (``languages_of_page``: an article's published
versions, a list's page in each language its list exists in); otherwise the page is the same
page under each language's prefix (``articles.languages.page_in_each_language``). A page
outside the public site (the same address in every language) gets neither. The alternates are
the switcher's links that are this page's equivalent (a list's page in a language whose list
has it), so the two never disagree on what the page is in another language."""

from __future__ import annotations

from typing import Any

from django import template

from articles.languages import page_in_each_language, page_language
from editorial.languages import name_in_a_sentence

register = template.Library()


@register.filter
def language_in_a_sentence(code: str) -> str:
    """The language's name as a sentence in the page's language writes it ("in English",
    "en inglés")."""
    return name_in_a_sentence(code)


def languages_of(context: Any) -> list:
    given = context.get("languages_of_page")
    if given is not None:
        return list(given)
    request = context.get("request")
    if request is None:
        return []
    # The path only: a query the page does not read (it is cached without it) is not echoed.
    return page_in_each_language(request.path, page_language())


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context: Any) -> dict[str, Any]:
    return {"languages": languages_of(context)}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context: Any) -> dict[str, Any]:
    """``<link rel="alternate" hreflang>`` for each language of the page and ``x-default``
    (the site's language's page, when it has one), absolute as Google asks."""
    request = context.get("request")
    languages = [page for page in languages_of(context) if page.equivalent]
    if request is None or len(languages) < 2:
        return {"alternates": []}
    alternates = [(page.language, request.build_absolute_uri(page.url)) for page in languages]
    default = languages[0]  # LANGUAGES' first: the site's language, when the page has it
    if default.is_default:
        alternates.append(("x-default", request.build_absolute_uri(default.url)))
    return {"alternates": alternates}
