"""What the read API says of an article's language and of the work's other versions: its
``language``; for a translation, its original (``translation_of``), the original's version it
translates (``source_version``: the number and date of that approval, as the original's change
log lists it) and whether the original has a newer live revision since (``out_of_date``, the
rule of ``Article.objects.out_of_date()``); for an original, its published translations
(``translations``).

Only published versions are named: a translation in draft, in review or approved for later is
in no list, and an original taken off the site is no translation's ``translation_of``. Read
with the article's own query (``with_version_facts``: annotations, no query per item) and, for
the originals of a page, one query for all their translations (``published_translations``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from articles.languages import article_url, language_order
from articles.models import Article


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def api_url(request: HttpRequest, name: str, *args: Any) -> str:
    return absolute(request, reverse(f"api:{name}", args=args))


def with_version_facts(articles: QuerySet[Article]) -> QuerySet[Article]:
    """``articles`` (read with their live revision), each with what ``version_fields`` says of
    a translation, in the same query: its original's slug, language, live title, live revision
    and state (whether it is published), and the number and date of the original's revision its live
    revision translates."""
    return articles.annotate(
        original_slug=F("translation_of__slug"),
        original_language=F("translation_of__language"),
        original_title=F("translation_of__live_revision__title"),
        original_live_revision=F("translation_of__live_revision_id"),
        # Not an Exists over the published articles: PostgreSQL hashes every one of them.
        original_status=F("translation_of__status"),
        source_number=F("live_revision__source_revision__number"),
        source_approved_at=F("live_revision__source_revision__approved_at"),
    )


def _original_published(article: Article) -> bool:
    """``Article.is_published`` of the original, from what the article's query read of it."""
    original = Article(
        live_revision_id=article.original_live_revision, status=article.original_status
    )
    return original.is_published


def _in_language_order(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order = language_order()
    return sorted(
        versions,
        key=lambda version: (
            order.index(version["language"]) if version["language"] in order else 99
        ),
    )


def _version(request: HttpRequest, *, language: str, slug: str, title: str) -> dict[str, Any]:
    return {
        "language": language,
        "slug": slug,
        "title": title,
        "url": absolute(request, article_url(slug, language)),
        "api_url": api_url(request, "article", slug),
    }


def published_translations(
    request: HttpRequest, articles: Iterable[Article]
) -> dict[int, list[dict[str, Any]]]:
    """The published translations of the originals among ``articles``, by original, in the
    order of ``LANGUAGES``: one query for all of them, none when no original has one (an
    original read with ``has_published_translations`` says so in its own query)."""
    originals = [
        article.pk
        for article in articles
        if not article.is_translation and getattr(article, "has_published_translations", True)
    ]
    if not originals:
        return {}
    rows = (
        Article.objects.published()
        .filter(translation_of_id__in=originals)
        .values_list("translation_of_id", "language", "slug", "live_revision__title")
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for original, language, slug, title in rows:
        found[original].append(_version(request, language=language, slug=slug, title=title))
    return {original: _in_language_order(versions) for original, versions in found.items()}


def version_fields(
    request: HttpRequest, article: Article, translations: dict[int, list[dict[str, Any]]]
) -> dict[str, Any]:
    """The language fields of ``article`` (read through ``with_version_facts``), with
    ``translations`` from ``published_translations``."""
    if not article.is_translation:
        return {
            "language": article.language,
            "translation_of": None,
            "source_version": None,
            "out_of_date": False,
            "translations": translations.get(article.pk, []),
        }
    source = article.live_revision.source_revision_id
    return {
        "language": article.language,
        "translation_of": _version(
            request,
            language=article.original_language,
            slug=article.original_slug,
            title=article.original_title,
        )
        if _original_published(article)
        else None,
        "source_version": {
            "number": article.source_number,
            "approved_at": article.source_approved_at,
        }
        if source is not None
        else None,
        "out_of_date": source != article.original_live_revision,
        "translations": [],
    }
