"""What readers read in which language: the language of the public page being built, the
published versions of a work (its original and its translations, one per language), and a
page's address in each language.

A version's page is at its language's address only (``Article.get_absolute_url``: the site's
language unprefixed, the others under their code, ``/es/articles/<slug>/``); the other pages
(home, topics, search, the board, the policy) exist in every language, at the same path under
each prefix (``i18n_patterns``, editorial/urls.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_supported_language_variant

from articles.models import Article
from editorial.languages import default_language, language_name


def page_language() -> str:
    """The language of the page being built, as ``LANGUAGES`` names it (``LocaleMiddleware``
    activated the language of the page's path)."""
    try:
        return get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return default_language()


def language_order() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


@dataclass(frozen=True)
class Version:
    """One published version of a work, as a language switcher and an hreflang link name it."""

    pk: int
    language: str
    slug: str
    title: str
    is_original: bool

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def get_absolute_url(self) -> str:
        return article_url(self.slug, self.language)


def article_url(slug: str, language: str) -> str:
    """The address of an article's page: under its language's prefix."""
    with translation.override(language):
        return reverse("articles:detail", kwargs={"slug": slug})


def published_versions(article: Article) -> list[Version]:
    """The published versions of ``article``'s work (the article itself among them), in the
    order of ``LANGUAGES``: one query, none for a published original that the query it was read
    with found without a published translation (``with_published_translations``)."""
    if article.translation_of_id is None and not getattr(
        article, "has_published_translations", True
    ):
        return [
            Version(article.pk, article.language, article.slug, article.live_revision.title, True)
        ]
    original = article.translation_of_id or article.pk
    rows = (
        Article.objects.published()
        .filter(Q(pk=original) | Q(translation_of_id=original))
        .values_list("pk", "language", "slug", "live_revision__title", "translation_of_id")
    )
    order = language_order()
    versions = [
        Version(pk, language, slug, title, is_original=translation_of is None)
        for pk, language, slug, title, translation_of in rows
    ]
    return sorted(
        versions,
        key=lambda version: order.index(version.language) if version.language in order else 99,
    )


def with_published_translations(articles: QuerySet[Article]) -> QuerySet[Article]:
    """``articles``, each knowing in the same query whether its work has a published translation
    (so that ``published_versions`` needs no query of its own for one that has none)."""
    return articles.annotate(
        has_published_translations=Exists(
            Article.objects.published().filter(translation_of=OuterRef("pk"))
        )
    )


@dataclass(frozen=True)
class PageInLanguage:
    """The page being read in one language of the site, for its language switcher and, when
    ``equivalent``, its hreflang alternates."""

    language: str
    url: str
    current: bool
    # The same page in that language (an hreflang alternate, which names this page back), or
    # only the nearest one there: the switcher's link to a list's first page in a language
    # whose list is shorter (``list_in_each_language``).
    equivalent: bool = True

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def is_default(self) -> bool:
        return self.language == default_language()


def versions_as_pages(versions: list[Version] | tuple[Version, ...], current: Article) -> list:
    """An article's published versions as its language switcher lists them."""
    return [
        PageInLanguage(version.language, version.get_absolute_url(), version.pk == current.pk)
        for version in versions
    ]


def page_in_each_language(path: str, current: str) -> list[PageInLanguage]:
    """The page at ``path`` in each language of the site: the same page under each language's
    prefix (a list of one page, ``list_in_each_language``). Empty for a page that is not the
    public site's (the same address in every language)."""
    return list_in_each_language(path, current, number=1, pages=dict.fromkeys(language_order(), 1))


def list_in_each_language(
    path: str,
    current: str,
    *,
    number: int,
    pages: Mapping[str, int],
    query: Mapping[str, str] | None = None,
) -> list[PageInLanguage]:
    """Page ``number`` of a list at ``path`` (the home's articles, a topic's, a search's results)
    in each language whose list exists, ``pages`` saying how many pages each one is known to
    have (its first at least). The lists differ per language, so page ``number`` is this page's
    equivalent only in a language whose list has that page: there the switcher links it and it
    is an hreflang alternate, which names this page back (Google reads only reciprocal ones);
    elsewhere the switcher links that language's first page and the alternates leave it out.
    ``query``: what else of the query the list reads (a search's words), kept in every language.

    Built from what the view read and validated only, never from the request's query string:
    the page cache keys a page by the parameters its view reads, so anything else echoed here
    (a made-up parameter) would reach every reader of the cached page."""
    result = []
    for code in language_order():
        if code not in pages and code != current:
            continue
        equivalent = number <= pages.get(code, 1)
        shown = number if equivalent else 1
        params = [*(query or {}).items(), *([("page", shown)] if shown > 1 else [])]
        url = translate_url(path, code)
        result.append(
            PageInLanguage(
                code,
                f"{url}?{urlencode(params)}" if params else url,
                code == current,
                equivalent,
            )
        )
    if len({page.url for page in result}) < len(result):
        return []
    return result
