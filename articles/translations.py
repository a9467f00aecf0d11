"""Translations: an article in another language of ``LANGUAGES``, tied to the original it
translates and reviewed by the board like any article.

A translation is an ``Article`` with ``translation_of`` (its original) and its own language,
slug, sections, revisions and review. It cites its original's reference list (one library record
per work) and records, in its working copy and in each revision submitted, the revision of the
original it translates (``source_revision``). When the original gets a newer live revision the
translation is out of date at once (``Article.objects.out_of_date()``, derived, nothing to
update): its page says which version it is based on and links the updated original, and its
translator sees what changed and follows it (``translation_follow``) before submitting again.

Keyword-only services that ask the checks below (which the buttons ask too) and refuse, saving
nothing, with the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from articles.compare import Comparison, Version, compare
from articles.models import Article, ArticleRevision, Section
from editorial.history import save_with_history
from editorial.languages import configured_languages, is_configured, language_name
from editorial.models import User
from editorial.roles import Someone, is_translator, may_translate
from editorial.workflow import WorkflowError, content_edit_problems, may_edit, refuse

ONLY_TRANSLATORS = "Only a translator or an author of the article may translate it."
NOT_CONFIGURED = "“{code}” is not a language of the site ({languages})."
OF_A_TRANSLATION = (
    "“{title}” is itself a translation: translations are made from the original article only."
)
NOT_PUBLISHED = (
    "“{title}” is not published: only an article with an approved revision on the site can be "
    "translated."
)
SAME_LANGUAGE = "“{title}” is written in {language} already."
TRANSLATED_ALREADY = "“{title}” already has a translation into {language}."
NOT_A_TRANSLATION = "Only a translation follows an original."
FOLLOWS_ALREADY = "This translation already translates the original's current version."


def translation_problems(user: Someone, source: Article, language: str) -> list[str]:
    """Why ``user`` may not start a translation of ``source`` into ``language`` now; empty
    when they may."""
    if not may_translate(user, source):
        return [ONLY_TRANSLATORS]
    if not is_configured(language):
        codes = ", ".join(code for code, _ in configured_languages())
        return [NOT_CONFIGURED.format(code=language, languages=codes)]
    if source.is_translation:
        return [OF_A_TRANSLATION.format(title=source.title)]
    if not source.is_published:
        return [NOT_PUBLISHED.format(title=source.title)]
    if language == source.language:
        return [SAME_LANGUAGE.format(title=source.title, language=language_name(language))]
    if source.translations.filter(language=language).exists():
        return [TRANSLATED_ALREADY.format(title=source.title, language=language_name(language))]
    return []


def _free_slug(base: str) -> str:
    slug, number = base, 1
    while Article.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def translation_create(*, source: Article, language: str, by: User) -> Article:
    """Start a translation of the published ``source`` into ``language``, in draft, written by
    ``by``: its title and sections are the original's live revision's, to be translated, and it
    records that revision as the one it translates. Raises ``PermissionRefused`` or
    ``WorkflowError`` (saving nothing) when it may not be made."""
    source = (
        Article.objects.select_for_update(of=("self",))
        .select_related("live_revision")
        .get(pk=source.pk)
    )
    problems = translation_problems(by, source, language)
    refuse(problems, permitted=may_translate(by, source))
    live = source.live_revision
    translation = Article(
        author=by,
        title=live.title,
        slug=_free_slug(slugify(f"{source.slug}-{language}")[:255]),
        language=language,
        translation_of=source,
        source_revision=live,
    )
    try:
        with transaction.atomic():
            save_with_history(translation, by=by, reason=f"Translation into {language}")
    except IntegrityError as exc:  # the same translation started a moment ago
        raise WorkflowError(
            TRANSLATED_ALREADY.format(title=source.title, language=language_name(language))
        ) from exc
    for position, section in enumerate(live.sections, start=1):
        save_with_history(
            Section(
                article=translation,
                position=position,
                heading=section["heading"],
                body=section["body"],
            ),
            by=by,
        )
    return translation


def translation_follow_problems(user: Someone, translation: Article) -> list[str]:
    """Why ``user`` may not have the translation's working copy translate the original's
    current live revision now."""
    if not translation.is_translation:
        return [NOT_A_TRANSLATION]
    problems = content_edit_problems(user, translation)
    if problems:
        return problems
    original = translation.translation_of
    if not original.is_published:
        return [NOT_PUBLISHED.format(title=original.title)]
    if translation.source_revision_id == original.live_revision_id:
        return [FOLLOWS_ALREADY]
    return []


@transaction.atomic
def translation_follow(*, translation: Article, by: User) -> Article:
    """The working copy now translates the original's live revision (the translator updates
    the text from what changed, ``source_changes``); the next revision submitted records it."""
    translation = (
        Article.objects.select_for_update(of=("self",))
        .select_related("translation_of__live_revision")
        .get(pk=translation.pk)
    )
    problems = translation_follow_problems(by, translation)
    refuse(problems, permitted=may_edit(by, translation))
    translation.source_revision = translation.translation_of.live_revision
    translation.version += 1
    save_with_history(translation, by=by, reason="Follows the original's current version")
    return translation


# --------------------------------------------------------------------------------------------
# What the translators' pages read
# --------------------------------------------------------------------------------------------


def languages_to_translate(source: Article) -> list[tuple[str, str]]:
    """The configured languages ``source`` has no version in yet."""
    taken = {source.language, *source.translations.values_list("language", flat=True)}
    return [(code, name) for code, name in configured_languages() if code not in taken]


def originals_to_translate(user: Someone) -> QuerySet[Article]:
    """The published originals a translator may translate (all of them; an author who is no
    translator translates only their own)."""
    originals = Article.objects.published().originals().select_related("live_revision")
    if is_translator(user):
        return originals.order_by("title", "pk")
    return originals.authored_by(user).order_by("title", "pk")


def out_of_date_translations(user: Someone) -> QuerySet[Article]:
    """The user's published translations whose original has a newer live revision."""
    return (
        Article.objects.out_of_date()
        .authored_by(user)
        .select_related("translation_of__live_revision", "live_revision__source_revision")
        .order_by("title", "pk")
    )


@dataclass(frozen=True)
class SourceChanges:
    """What changed in the original since the version a translation translates."""

    translation: Article
    translated: ArticleRevision | None
    current: ArticleRevision | None
    comparison: Comparison | None


def source_changes(translation: Article) -> SourceChanges:
    """The original's revision the translation's readers read a translation of (its live
    revision's; its working copy's before it is published) against the original's live
    revision: what the next revision of the translation has to take in."""
    live = translation.live_revision
    translated = live.source_revision if live is not None else translation.source_revision
    current = translation.translation_of.live_revision
    comparison = None
    if translated is not None and current is not None:
        comparison = compare(
            Version.of_revision(translated, f"Revision {translated.number}, translated"),
            Version.of_revision(current, f"Revision {current.number}, live"),
        )
    return SourceChanges(translation, translated, current, comparison)
