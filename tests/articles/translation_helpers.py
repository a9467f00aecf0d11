"""Helpers for the tests of translations: translators, board members who review in Spanish,
translations started and approved through the real services, and an original given a newer
live revision."""

from __future__ import annotations

from datetime import datetime

from articles.models import Article
from articles.services import article_update
from articles.translations import translation_create
from editorial.languages import languages_stored
from editorial.models import TRANSLATORS, User
from editorial.workflow import article_transition
from tests.factories import UserFactory, board_reviews, board_user, editor_user


def translator_user(**kwargs) -> User:
    return UserFactory(roles=[TRANSLATORS], **kwargs)


def board_user_in(*languages: str, **kwargs) -> User:
    """A board member who reviews in ``languages``."""
    user = board_user(**kwargs)
    user.board_member.review_languages = languages_stored(list(languages))
    user.board_member.save()
    return user


def translation_into(source: Article, *, by: User | None = None, language: str = "es") -> Article:
    """A translation of the published ``source``, started by a translator, with its sections
    translated (the markers left as they are)."""
    translator = by or translator_user()
    translation = translation_create(source=source, language=language, by=translator)
    sections = [
        (f"[{language}] {section.heading}", f"[{language}] {section.body}")
        for section in translation.sections.all()
    ]
    return article_update(
        article=translation, by=translator, title=f"[{language}] {source.title}", sections=sections
    )


def approve(
    article: Article, *, members: list[User] | None = None, publish_at: datetime | None = None
) -> Article:
    """Submit (or resubmit) the article, start its review, have the board approve it."""
    editor = editor_user()
    members = members or [board_user_in("en", article.language) for _ in range(2)]
    step = "resubmit" if article.status == "changes_requested" else "submit"
    article_transition(article=article, action=step, by=article.author)
    article_transition(article=article, action="start_review", by=editor)
    board_reviews(article, editor=editor, members=members)
    article_transition(article=article, action="approve", by=editor, publish_at=publish_at)
    return Article.objects.get(pk=article.pk)


def approve_new_version(
    original: Article, *, body: str = "Newer guidance says so", publish_at: datetime | None = None
) -> Article:
    """The original's author revises it and the board approves the change: a newer live
    revision of the original."""
    article_transition(article=original, action="revise", by=original.author)
    original = Article.objects.get(pk=original.pk)
    first = original.sections.first()
    key = original.references.first().key
    article_update(
        article=original,
        by=original.author,
        sections=[
            (first.heading, f"{body} [@{key}]."),
            *[(section.heading, section.body) for section in original.sections.all()[1:]],
        ],
    )
    return approve(original, publish_at=publish_at)
