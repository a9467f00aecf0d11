"""Writes to articles' working copies: create, update, and follow a merge of library records.

Keyword-only, atomic, recorded in history with the user. Whether the user may edit now is the
workflow's rule (``content_edit_problems``); these services ask it and refuse.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from articles.models import Article, ArticleReference, Section
from editorial.history import delete_with_history, save_with_history
from editorial.models import User
from editorial.workflow import content_edit_problems, may_edit, refuse
from references.citations import rewrite_citation_key
from references.models import Reference
from references.services import reference_create

SectionData = tuple[str, str]
ReferenceData = Mapping[str, Any]

STALE_VERSION = (
    "This article was changed since you opened it (you edited version {expected}; it is now at "
    "version {current}). Nothing was saved."
)
SLUG_LOCKED = "A published article's address cannot change."
NOT_IN_LIBRARY = "No reference in the library has the key {keys}."


class ArticleChanged(Exception):
    """The working copy was saved by someone else since the form was opened (optimistic lock).

    Nothing was written; ``article`` is the current row, so the page can show what changed.
    """

    def __init__(self, *, article: Article, expected_version: int) -> None:
        self.article = article
        self.expected_version = expected_version
        super().__init__(STALE_VERSION.format(expected=expected_version, current=article.version))


def article_was_ever_published(article: Article) -> bool:
    """Once a revision has been approved, the article's address (slug) is fixed."""
    return (
        article.live_revision_id is not None
        or article.revisions.filter(approved_at__isnull=False).exists()
    )


@transaction.atomic
def article_create(
    *,
    author: User,
    title: str,
    slug: str,
    sections: Sequence[SectionData] = (),
    reference_keys: Sequence[str] = (),
    coauthors: Sequence[User] = (),
    new_references: Sequence[ReferenceData] = (),
) -> Article:
    """Start a new article in draft. Raises ``ValidationError`` (saving nothing) on bad data.

    ``new_references`` are works added to the library in place (``reference_create``) and put
    on the article's reference list.
    """
    article = Article(author=author, title=title, slug=slug)
    article.full_clean()
    save_with_history(article, by=author)
    article.coauthors.set(coauthors)
    keys = _create_references(new_references, by=author)
    _write_content(article, by=author, sections=sections, reference_keys=[*reference_keys, *keys])
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    by: User,
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
    problems = content_edit_problems(by, article)
    if problems:
        refuse(problems, permitted=may_edit(by, article))
    if expected_version is not None and article.version != expected_version:
        raise ArticleChanged(article=article, expected_version=expected_version)
    changed = False
    if title is not None and title != article.title:
        article.title, changed = title, True
    if slug is not None and slug != article.slug:
        if article_was_ever_published(article):
            raise ValidationError({"slug": SLUG_LOCKED})
        article.slug, changed = slug, True
    if changed:
        article.full_clean()
    article.version += 1  # the row is locked: nobody else can raise it meanwhile
    save_with_history(article, by=by)
    if new_references:
        keys = _create_references(new_references, by=by)
        if reference_keys is None:
            reference_keys = [reference.key for reference in article.references.all()]
        reference_keys = [*reference_keys, *keys]
    _write_content(article, by=by, sections=sections, reference_keys=reference_keys)
    return article


def _create_references(new_references: Sequence[ReferenceData], *, by: User) -> list[str]:
    return [reference_create(by=by, **dict(fields)).key for fields in new_references]


def _write_content(
    article: Article,
    *,
    by: User,
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
            save_with_history(section, by=by)
        for section in existing.values():
            delete_with_history(section, by=by)
    if reference_keys is not None:
        wanted = list(Reference.objects.filter(key__in=reference_keys))
        missing = set(reference_keys) - {reference.key for reference in wanted}
        if missing:
            raise ValidationError(
                {"references": NOT_IN_LIBRARY.format(keys=", ".join(sorted(missing)))}
            )
        listed = {
            link.reference_id: link for link in ArticleReference.objects.filter(article=article)
        }
        for reference in wanted:
            if listed.pop(reference.pk, None) is None:
                save_with_history(ArticleReference(article=article, reference=reference), by=by)
        for link in listed.values():
            delete_with_history(link, by=by)


def article_citations_move(
    *, duplicate: Reference, survivor: Reference, by: User, note: str
) -> None:
    """Two library records of one work were merged: every article listing ``duplicate`` lists
    ``survivor`` instead (once), and markers in working copies name the survivor's key.
    Published revisions keep their frozen snapshots. Registered with the library's merge
    (``references.services.reference_merge``) in ``ArticlesConfig.ready``."""
    touched_articles: set[int] = set()
    for link in ArticleReference.objects.filter(reference=duplicate):
        touched_articles.add(link.article_id)
        if ArticleReference.objects.filter(article_id=link.article_id, reference=survivor).exists():
            delete_with_history(link, by=by, reason=note)
        else:
            link.reference = survivor
            save_with_history(link, by=by, reason=note)
    for section in Section.objects.filter(body__contains=f"@{duplicate.key}"):
        body = rewrite_citation_key(section.body, old=duplicate.key, new=survivor.key)
        if body != section.body:
            section.body = body
            save_with_history(section, by=by, reason=note)
            touched_articles.add(section.article_id)
    # Working copies changed under their authors: a form holding an older version must not
    # write the old key back.
    Article.objects.filter(pk__in=touched_articles).update(version=F("version") + 1)
