"""The public editorial policy and disclaimer: versions, the one in force, and approvals' record.

A version is never edited. ``policy_publish`` adds the next one, in the site's default language;
the disclaimer's own version number moves only when its text changes. ``record_policy_in_force``
is called by the workflow's approval so every approved revision says which policy and
disclaimer were in force.

Each version may be translated into the site's other languages (``policy_translate``), once per
language, never edited either. ``policy_text(policy, language)`` is what a page in ``language``
shows of a version: its translation, or the version's own text with a note when there is none
yet (the page says so in its language and marks the text with the language it is in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from string import Template

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone

from editorial.history import save_with_history
from editorial.languages import name_in_a_sentence
from editorial.models import EditorialPolicy, EditorialPolicyTranslation, User


def policy_in_force(today: date | None = None) -> EditorialPolicy | None:
    return EditorialPolicy.objects.in_force(today)


@transaction.atomic
def policy_publish(
    *,
    body: str,
    disclaimer: str,
    by: User,
    effective_date: date | None = None,
    change_note: str = "",
) -> EditorialPolicy:
    """Publish a new version of the policy (and, when its text changed, of the disclaimer)."""
    # Lock the latest version so two editors publishing at once get consecutive numbers.
    latest = EditorialPolicy.objects.select_for_update().order_by("-version").first()
    version = (EditorialPolicy.objects.aggregate(last=Max("version"))["last"] or 0) + 1
    if latest is None:
        disclaimer_version = 1
    elif latest.disclaimer.strip() == disclaimer.strip():
        disclaimer_version = latest.disclaimer_version
    else:
        disclaimer_version = latest.disclaimer_version + 1
    policy = EditorialPolicy(
        version=version,
        body=body,
        disclaimer=disclaimer,
        disclaimer_version=disclaimer_version,
        effective_date=effective_date or timezone.localdate(),
        change_note=change_note,
        created_by=by,
        language=settings.LANGUAGE_CODE,
    )
    return save_with_history(policy, by=by)


def record_policy_in_force(revision: models.Model) -> None:
    """Set on an approved revision (``editorial.models.ReviewedRevision``) the policy and
    disclaimer versions in force now; the caller saves it with its approval."""
    policy = policy_in_force()
    revision.policy_version = policy.version if policy else None
    revision.disclaimer_version = policy.disclaimer_version if policy else None


def disclaimer_text(policy: EditorialPolicy | EditorialPolicyTranslation) -> str:
    """The disclaimer with the publisher's name in place of ``$publisher``."""
    return Template(policy.disclaimer).safe_substitute(publisher=settings.PUBLISHER_NAME)


# --------------------------------------------------------------------------------------------
# Translations
# --------------------------------------------------------------------------------------------

NOT_A_LANGUAGE = "{language} is not one of the site's languages ({languages})."
SAME_LANGUAGE = "Version {version} is written in {language}: it needs no translation into it."
ALREADY_TRANSLATED = (
    "Version {version} already has its {language} translation, and a translation is never "
    "edited: publish a new version to change it."
)
EMPTY_TEXT = "The translation needs the policy's text and the disclaimer's, both in {language}."


def translation_problems(
    *, policy: EditorialPolicy, language: str, body: str, disclaimer: str
) -> list[str]:
    """Why ``policy`` cannot be given this translation (empty: it can)."""
    names = dict(settings.LANGUAGES)
    if language not in names:
        return [NOT_A_LANGUAGE.format(language=language or "—", languages=", ".join(names))]
    if language == policy.language:
        return [SAME_LANGUAGE.format(version=policy.version, language=names[language])]
    problems = []
    if policy.translations.filter(language=language).exists():
        problems.append(ALREADY_TRANSLATED.format(version=policy.version, language=names[language]))
    if not body.strip() or not disclaimer.strip():
        problems.append(EMPTY_TEXT.format(language=names[language]))
    return problems


@transaction.atomic
def policy_translate(
    *, policy: EditorialPolicy, language: str, body: str, disclaimer: str, by: User
) -> EditorialPolicyTranslation:
    """Publish the translation of ``policy`` into ``language`` (one of LANGUAGES but the
    version's own). Refused with the reasons as a ``ValidationError``; nothing is saved."""
    policy = EditorialPolicy.objects.select_for_update().get(pk=policy.pk)
    problems = translation_problems(
        policy=policy, language=language, body=body, disclaimer=disclaimer
    )
    if problems:
        raise ValidationError(problems)
    translation = EditorialPolicyTranslation(
        policy=policy, language=language, body=body, disclaimer=disclaimer, created_by=by
    )
    try:
        with transaction.atomic():
            return save_with_history(translation, by=by)
    except IntegrityError:  # the same translation published at the same moment
        raise ValidationError(
            [
                ALREADY_TRANSLATED.format(
                    version=policy.version, language=dict(settings.LANGUAGES)[language]
                )
            ]
        ) from None


@dataclass(frozen=True)
class PolicyText:
    """What a page in one language shows of a policy version."""

    version: int
    disclaimer_version: int
    body: str
    disclaimer: str  # with the publisher's name
    language: str  # the language the text is in
    fallback: bool  # no translation into the page's language: the version's own text

    @property
    def language_name(self) -> str:
        """The name of the text's language, in the active language (for the fallback note)."""
        return name_in_a_sentence(self.language)

    @property
    def lang(self) -> str:
        """The ``lang`` attribute the text needs on a page in another language ("": none)."""
        return self.language if self.fallback else ""


def policy_text(policy: EditorialPolicy, language: str) -> PolicyText:
    """``policy``'s text for a page in ``language``: its translation, or its own text."""
    found = (
        policy
        if language == policy.language
        else next((row for row in policy.translations.all() if row.language == language), None)
    )
    text = found or policy
    return PolicyText(
        version=policy.version,
        disclaimer_version=policy.disclaimer_version,
        body=text.body,
        disclaimer=disclaimer_text(text),
        language=language if found is not None else policy.language,
        fallback=found is None,
    )
