from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article, ArticleReference, Section
from editorial.workflow import PermissionRefused, WorkflowError, content_edit_problems, is_author_of
from references.models import Reference

SectionData = tuple[str, str]


@transaction.atomic
def article_create(
    *,
    author: Any,
    title: str,
    slug: str,
    sections: Sequence[SectionData] = (),
    reference_keys: Sequence[str] = (),
    coauthors: Sequence[Any] = (),
) -> Article:
    """Start a new article in draft. Raises ``ValidationError`` (saving nothing) on bad data."""
    article = Article(author=author, title=title, slug=slug)
    article.full_clean()
    article._history_user = author
    article.save()
    article.coauthors.set(coauthors)
    _write_content(article, by=author, sections=sections, reference_keys=reference_keys)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    by: Any,
    title: str | None = None,
    sections: Sequence[SectionData] | None = None,
    reference_keys: Sequence[str] | None = None,
) -> Article:
    """Change an article's working copy, if ``by`` may edit it in its current state."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    problems = content_edit_problems(article, by)
    if problems:
        raise (WorkflowError if is_author_of(by, article) else PermissionRefused)(problems)
    if title is not None and title != article.title:
        article.title = title
        article.full_clean()
    article._history_user = by
    article.save()
    _write_content(article, by=by, sections=sections, reference_keys=reference_keys)
    return article


def _write_content(
    article: Article,
    *,
    by: Any,
    sections: Sequence[SectionData] | None,
    reference_keys: Sequence[str] | None,
) -> None:
    if sections is not None:
        existing = {section.position: section for section in article.sections.all()}
        for position, (heading, body) in enumerate(sections, start=1):
            section = existing.pop(position, None) or Section(article=article, position=position)
            if section.pk and (section.heading, section.body) == (heading, body):
                continue
            section.heading, section.body = heading, body
            section.full_clean()
            section._history_user = by
            section.save()
        for section in existing.values():
            section._history_user = by
            section.delete()
    if reference_keys is not None:
        wanted = list(Reference.objects.filter(key__in=reference_keys))
        missing = set(reference_keys) - {reference.key for reference in wanted}
        if missing:
            raise ValidationError(
                {
                    "references": "No reference in the library has the key "
                    + ", ".join(sorted(missing))
                    + "."
                }
            )
        listed = {
            link.reference_id: link for link in ArticleReference.objects.filter(article=article)
        }
        for reference in wanted:
            if listed.pop(reference.pk, None) is None:
                link = ArticleReference(article=article, reference=reference)
                link._history_user = by
                link.save()
        for link in listed.values():
            link._history_user = by
            link.delete()
