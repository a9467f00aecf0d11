"""Helpers for the authors' pages tests: the write form's POST data, as a browser sends it."""

from __future__ import annotations

from typing import Any

from articles.models import Article


def editor_data(
    article: Article | None = None,
    *,
    title: str | None = None,
    slug: str | None = None,
    sections: list[tuple[str, str]] | None = None,
    references: list[Any] | None = None,
    version: int | None = None,
    new_reference: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The write form filled in: the article's saved values, changed by the arguments."""
    if sections is None:
        sections = (
            [(section.heading, section.body) for section in article.sections.all()]
            if article
            else []
        )
    if references is None:
        references = list(article.references.all()) if article else []
    initial_forms = article.sections.count() if article else 2
    data: dict[str, Any] = {
        "title": title if title is not None else (article.title if article else ""),
        "slug": slug if slug is not None else (article.slug if article else ""),
        "version": version if version is not None else (article.version if article else ""),
        "references": [reference.pk for reference in references],
        "reference_query": "",
        "sections-TOTAL_FORMS": str(max(len(sections), initial_forms)),
        "sections-INITIAL_FORMS": str(initial_forms),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "30",
        "save": "1",
    }
    for index, (heading, body) in enumerate(sections):
        data[f"sections-{index}-heading"] = heading
        data[f"sections-{index}-body"] = body
        data[f"sections-{index}-ORDER"] = str(index + 1)
    for index in range(len(sections), initial_forms):
        # An initial section left out of ``sections`` is removed.
        data[f"sections-{index}-heading"] = "Removed"
        data[f"sections-{index}-DELETE"] = "on"
    for name, value in (new_reference or {}).items():
        data[f"newref-{name}"] = value
    data.update(extra or {})
    return data
