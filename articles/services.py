from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article, ArticleReference, Section
from editorial.workflow import PermissionRefused, WorkflowError, content_edit_problems, is_author_of
from references.models import Reference
from references.services import reference_create

SectionData = tuple[str, str]
ReferenceData = Mapping[str, Any]


class ArticleChanged(Exception):
    """The working copy was saved by someone else since the form was opened (optimistic lock).

    Nothing was written; ``article`` is the current row, so the page can show what changed.
    """

    def __init__(self, *, article: Article, expected_version: int) -> None:
        self.article = article
        self.expected_version = expected_version
        super().__init__(
            f"This article was changed since you opened it (you edited version "
            f"{expected_version}; it is now at version {article.version}). Nothing was saved."
        )


def article_was_ever_published(article: Article) -> bool:
    """Once a revision has been approved, the article's address (slug) is fixed."""
    return (
        article.live_revision_id is not None
        or article.revisions.filter(approved_at__isnull=False).exists()
    )


@transaction.atomic
def article_create(
    *,
    author: Any,
    title: str,
    slug: str,
    sections: Sequence[SectionData] = (),
    reference_keys: Sequence[str] = (),
    coauthors: Sequence[Any] = (),
    new_references: Sequence[ReferenceData] = (),
) -> Article:
    """Start a new article in draft. Raises ``ValidationError`` (saving nothing) on bad data.

    ``new_references`` are works added to the library in place (``reference_create``) and put
    on the article's reference list.
    """
    article = Article(author=author, title=title, slug=slug)
    article.full_clean()
    article._history_user = author
    article.save()
    article.coauthors.set(coauthors)
    keys = _create_references(new_references, by=author)
    _write_content(article, by=author, sections=sections, reference_keys=[*reference_keys, *keys])
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    by: Any,
    title: str | None = None,
    slug: str | None = None,
    sections: Sequence[SectionData] | None = None,
    reference_keys: Sequence[str] | None = None,
    new_references: Sequence[ReferenceData] = (),
    expected_version: int | None = None,
) -> Article:
    """Change an article's working copy, if ``by`` may edit it in its current state.

    With ``expected_version`` (what the form was opened on) the save is refused with
    ``ArticleChanged`` when someone saved in between: never a silent overwrite. Every save
    raises the version. The slug may change only while the article was never published.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    problems = content_edit_problems(article, by)
    if problems:
        raise (WorkflowError if is_author_of(by, article) else PermissionRefused)(problems)
    if expected_version is not None and article.version != expected_version:
        raise ArticleChanged(article=article, expected_version=expected_version)
    changed = False
    if title is not None and title != article.title:
        article.title, changed = title, True
    if slug is not None and slug != article.slug:
        if article_was_ever_published(article):
            raise ValidationError({"slug": "A published article's address cannot change."})
        article.slug, changed = slug, True
    if changed:
        article.full_clean()
    article.version += 1  # the row is locked: nobody else can raise it meanwhile
    article._history_user = by
    article.save()
    if new_references:
        keys = _create_references(new_references, by=by)
        if reference_keys is None:
            reference_keys = [reference.key for reference in article.references.all()]
        reference_keys = [*reference_keys, *keys]
    _write_content(article, by=by, sections=sections, reference_keys=reference_keys)
    return article


def _create_references(new_references: Sequence[ReferenceData], *, by: Any) -> list[str]:
    return [reference_create(by=by, **dict(fields)).key for fields in new_references]


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
