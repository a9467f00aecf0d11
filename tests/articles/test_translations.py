"""Translations as reviewed documents, tied to their source (issue 24, items 1 and 2): started
from a published original's live revision, refused with a reason and nothing saved for bad
input and for those who may not, reviewed by members who review in the language, and out of
date the moment the original's newer revision goes live."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import ORIGINAL_CHANGED, ORIGINAL_NOT_PUBLISHED, Article, PublicationRecord
from articles.services import article_create, article_update
from articles.translations import (
    FOLLOWS_ALREADY,
    NOT_CONFIGURED,
    NOT_PUBLISHED,
    OF_A_TRANSLATION,
    ONLY_TRANSLATORS,
    SAME_LANGUAGE,
    TRANSLATED_ALREADY,
    languages_to_translate,
    out_of_date_translations,
    source_changes,
    translation_create,
    translation_follow,
)
from editorial.languages import default_language, language_name
from editorial.models import TRANSLATORS, ReviewState
from editorial.reviews import invitations_create
from editorial.workflow import (
    PermissionRefused,
    WorkflowError,
    article_transition,
    content_edit_problems,
    eligible_reviewers,
    reviewer_problems,
)
from editorial.workflow.board import OTHER_LANGUAGE, OWN_ARTICLE
from editorial.workflow.rules import quorum_refusal
from editorial.workflow.steps import TRANSLATIONS_ONLY
from tests.articles.translation_helpers import (
    approve,
    approve_new_version,
    board_user_in,
    translation_into,
    translator_user,
)
from tests.factories import (
    ReferenceFactory,
    article_in_state,
    author_user,
    board_reviews,
    board_user,
    editor_user,
)
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def original():
    return article_in_state("approved")


def saved_nothing(before: int) -> None:
    assert Article.objects.count() == before


# --------------------------------------------------------------------------------------------
# Starting a translation
# --------------------------------------------------------------------------------------------


def test_a_translator_starts_a_translation_from_the_live_revision(original):
    translator = translator_user()

    translation = translation_create(source=original, language="es", by=translator)

    live = original.live_revision
    assert translation.translation_of == original
    assert translation.language == "es"
    assert translation.author == translator
    assert translation.status == ReviewState.DRAFT
    assert translation.source_revision == live
    assert translation.title == live.title
    assert [(s.heading, s.body) for s in translation.sections.all()] == [
        (section["heading"], section["body"]) for section in live.sections
    ]
    assert translation.slug == f"{original.slug}-es"
    assert translation.live_revision is None
    assert not translation.is_published
    assert original.language == default_language()


def test_the_original_s_author_may_translate_it(original):
    translation = translation_create(source=original, language="es", by=original.author)

    assert translation.author == original.author


def test_a_translation_takes_a_free_address_when_the_obvious_one_is_taken(original):
    article_in_state("draft", slug=f"{original.slug}-es")

    translation = translation_create(source=original, language="es", by=translator_user())

    assert translation.slug == f"{original.slug}-es-2"


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("fr", NOT_CONFIGURED.format(code="fr", languages="en, es")),
        ("en", None),  # the original's own language
    ],
)
def test_a_language_not_configured_or_the_original_s_is_refused(original, language, refusal):
    before = Article.objects.count()
    refusal = refusal or SAME_LANGUAGE.format(title=original.title, language="English")

    with pytest.raises(WorkflowError) as refused:
        translation_create(source=original, language=language, by=translator_user())

    assert refused.value.problems == [refusal]
    saved_nothing(before)


def test_more_languages_can_be_configured(original, settings):
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish"), ("fr", "French")]

    assert languages_to_translate(original) == [("es", "Spanish"), ("fr", "French")]
    translation = translation_create(source=original, language="fr", by=translator_user())

    assert translation.language == "fr"
    assert languages_to_translate(original) == [("es", "Spanish")]


def test_a_second_translation_into_the_same_language_is_refused(original):
    translation_create(source=original, language="es", by=translator_user())
    before = Article.objects.count()

    with pytest.raises(WorkflowError) as refused:
        translation_create(source=original, language="es", by=translator_user())

    assert refused.value.problems == [
        TRANSLATED_ALREADY.format(title=original.title, language="Spanish")
    ]
    saved_nothing(before)


@pytest.mark.parametrize("state", ["draft", "submitted", "under_review", "archived"])
def test_a_translation_of_an_unpublished_article_is_refused(state):
    source = article_in_state(state)
    before = Article.objects.count()

    with pytest.raises(WorkflowError) as refused:
        translation_create(source=source, language="es", by=translator_user())

    assert refused.value.problems == [NOT_PUBLISHED.format(title=source.title)]
    saved_nothing(before)


def test_a_translation_of_a_translation_is_refused(original, settings):
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish"), ("fr", "French")]
    spanish = approve(translation_into(original))
    before = Article.objects.count()

    with pytest.raises(WorkflowError) as refused:
        translation_create(source=spanish, language="fr", by=translator_user())

    assert refused.value.problems == [OF_A_TRANSLATION.format(title=spanish.title)]
    saved_nothing(before)


@pytest.mark.parametrize("who", ["anonymous", "another_author", "board", "editor"])
def test_who_is_neither_translator_nor_author_of_the_original_may_not_translate(original, who):
    user = {
        "anonymous": AnonymousUser,
        "another_author": lambda: article_in_state("approved").author,
        "board": board_user,
        "editor": editor_user,
    }[who]()
    before = Article.objects.count()

    with pytest.raises(PermissionRefused) as refused:
        translation_create(source=original, language="es", by=user)

    assert refused.value.problems == [ONLY_TRANSLATORS]
    saved_nothing(before)


def test_an_inactive_translator_may_not_translate(original):
    with pytest.raises(PermissionRefused):
        translation_create(source=original, language="es", by=translator_user(is_active=False))


# --------------------------------------------------------------------------------------------
# The database holds the same invariants
# --------------------------------------------------------------------------------------------


def _row(original, **fields):
    values = {
        "author": original.author,
        "title": "¿Pregunta?",
        "slug": f"row-{Article.objects.count()}",
        "translation_of": original,
        "source_revision": original.live_revision,
        "language": "es",
        **fields,
    }
    return Article(**values)


@pytest.mark.parametrize(
    "fields",
    [
        {"language": "en"},  # the original's language
        {"source_revision": None},  # a translation always names what it translates
    ],
)
def test_the_database_refuses_a_translation_breaking_the_invariants(original, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        _row(original, **fields).save()


def test_the_database_refuses_two_translations_into_one_language(original):
    _row(original).save()

    with pytest.raises(IntegrityError), transaction.atomic():
        _row(original).save()


def test_validation_says_the_work_has_a_version_in_that_language_already(original):
    translation_create(source=original, language="es", by=translator_user())

    with pytest.raises(ValidationError) as refused:
        _row(original).full_clean()

    assert "This article already has a version in that language." in str(refused.value)


def test_a_new_original_still_validates(original):
    article = article_create(author=author_user(), title="¿Qué?", slug="que")

    assert article.language == default_language() and not article.is_translation


def test_an_original_names_no_source_revision(original):
    with pytest.raises(IntegrityError), transaction.atomic():
        _row(original, translation_of=None, language="en").save()


# --------------------------------------------------------------------------------------------
# Drafting: the translator's rights, the original's reference list
# --------------------------------------------------------------------------------------------


def test_a_translator_may_not_edit_an_original_even_as_its_co_author(original):
    translator = translator_user()
    draft = article_in_state("draft")
    draft.coauthors.add(translator)

    assert content_edit_problems(translator, draft) == [TRANSLATIONS_ONLY]
    with pytest.raises(PermissionRefused):
        article_update(article=draft, by=translator, title="Changed")
    assert Article.objects.get(pk=draft.pk).title == draft.title


def test_another_translator_may_not_edit_someone_s_translation(original):
    translation = translation_into(original)

    with pytest.raises(PermissionRefused):
        article_update(article=translation, by=translator_user(), title="Otra")


def test_a_translation_cites_its_original_s_references_numbered_as_it_cites_them():
    first, second = ReferenceFactory(), ReferenceFactory()
    source = article_in_state("draft")
    article_update(
        article=source,
        by=source.author,
        sections=[("Guidelines", f"One [@{first.key}]. Two [@{second.key}].")],
        reference_keys=[first.key, second.key],
    )
    source = approve(source)
    translator = translator_user()
    translation = translation_create(source=source, language="es", by=translator)
    article_update(
        article=translation,
        by=translator,
        sections=[("Guías", f"Dos [@{second.key}]. Uno [@{first.key}].")],
    )

    assert translation.references.count() == 0  # one list per work: the original's
    assert [work.key for work in translation.render().references] == [second.key, first.key]
    article_transition(article=translation, action="submit", by=translator)

    revision = translation.latest_revision()
    assert [work["key"] for work in revision.references] == [second.key, first.key]
    assert revision.source_revision == source.live_revision
    assert [claim.sources[0].number for claim in revision.claims()] == [1, 2]


def test_a_marker_naming_no_work_of_the_original_blocks_submission(original):
    translation = translation_into(original)
    article_update(
        article=translation,
        by=translation.author,
        sections=[("Guías", "Dice [@not-in-the-list].")],
    )

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=translation, action="submit", by=translation.author)

    assert "[@not-in-the-list]" in " ".join(refused.value.problems)
    assert Article.objects.get(pk=translation.pk).status == ReviewState.DRAFT


# --------------------------------------------------------------------------------------------
# Review in the language
# --------------------------------------------------------------------------------------------


def test_only_members_who_review_in_the_language_are_offered_and_may_be_invited(original):
    translation = translation_into(original)
    article_transition(article=translation, action="submit", by=translation.author)
    editor = editor_user()
    article_transition(article=translation, action="start_review", by=editor)
    english_only = board_user().board_member
    bilingual = board_user_in("en", "es").board_member

    eligible = set(eligible_reviewers(translation))
    assert bilingual in eligible
    assert english_only not in eligible
    assert reviewer_problems(english_only, translation) == [
        OTHER_LANGUAGE.format(name=english_only.display_name, language="Spanish")
    ]
    with pytest.raises(WorkflowError):
        invitations_create(article=translation, reviewers=[english_only], by=editor)
    assert not translation.review_rounds.get().invitations.exists()
    # The original is still reviewed by the English reviewers.
    assert english_only.reviews_in(original.language)


def test_the_translator_may_not_review_their_own_translation(original):
    translator = board_user_in("en", "es")  # a board member who translates too
    translator.groups.add(Group.objects.get(name=TRANSLATORS))
    translation = translation_into(original, by=translator)
    article_transition(article=translation, action="submit", by=translator)
    editor = editor_user()
    article_transition(article=translation, action="start_review", by=editor)

    member = translator.board_member
    assert reviewer_problems(member, translation) == [OWN_ARTICLE.format(name=member.display_name)]
    assert member not in eligible_reviewers(translation)
    with pytest.raises(WorkflowError):
        invitations_create(article=translation, reviewers=[member], by=editor)


def test_the_quorum_counts_only_reviewers_who_review_in_the_language(original):
    translation = translation_into(original)
    article_transition(article=translation, action="submit", by=translation.author)
    editor = editor_user()
    article_transition(article=translation, action="start_review", by=editor)
    spanish, english = board_user_in("es"), board_user_in("en", "es")
    board_reviews(translation, editor=editor, members=[spanish, english])
    # The second reviewer stops reviewing in Spanish before the decision.
    english.board_member.review_languages = " en "
    english.board_member.save()

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=translation, action="approve", by=editor)

    assert quorum_refusal(2, 1) in refused.value.problems
    assert Article.objects.get(pk=translation.pk).live_revision is None


def test_an_approved_translation_is_published_with_its_language_and_source(original):
    translation = approve(translation_into(original))

    assert translation.is_published
    assert translation.live_revision.source_revision == original.live_revision
    record = PublicationRecord.objects.get(article=translation)
    assert record.language == "es"
    assert record.source_revision == original.live_revision
    assert record.page["translation"]["out_of_date"] is False
    assert record.page["translation"]["original_url"] == original.get_absolute_url()
    assert PublicationRecord.objects.get(article=original).language == original.language
    assert PublicationRecord.objects.get(article=original).source_revision is None
    assert not translation.is_out_of_date


# --------------------------------------------------------------------------------------------
# Out of date when the original moves on
# --------------------------------------------------------------------------------------------


def test_a_newer_live_revision_of_the_original_puts_its_translation_out_of_date(original):
    translation = approve(translation_into(original))
    translated = original.live_revision

    original = approve_new_version(original)

    translation = Article.objects.get(pk=translation.pk)
    assert original.live_revision != translated
    assert translation.is_out_of_date
    assert list(Article.objects.out_of_date()) == [translation]
    assert list(out_of_date_translations(translation.author)) == [translation]
    assert list(out_of_date_translations(translator_user())) == []
    record = PublicationRecord.objects.get(article=translation)
    assert record.page["translation"]["out_of_date"] is True
    assert record.source_revision == translated  # still what its readers read a translation of
    changes = source_changes(translation)
    assert (changes.translated, changes.current) == (translated, original.live_revision)
    assert changes.comparison.changed
    assert "Newer guidance" in changes.comparison.html


def test_a_scheduled_publication_of_the_original_puts_it_out_of_date_when_carried_out(original):
    translation = approve(translation_into(original))
    later = timezone.now() + timedelta(days=1)

    original = approve_new_version(original, publish_at=later)
    assert not Article.objects.get(pk=translation.pk).is_out_of_date  # not live yet
    with time_machine.travel(later + timedelta(minutes=1), tick=False):
        run_queued_tasks()

    assert Article.objects.get(pk=translation.pk).is_out_of_date
    record = PublicationRecord.objects.get(article=translation)
    assert record.page["translation"]["out_of_date"] is True


def test_the_translator_follows_the_original_and_the_next_revision_records_it(original):
    translation = approve(translation_into(original))
    original = approve_new_version(original)
    translator = translation.author
    article_transition(article=translation, action="revise", by=translator)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=translation, action="submit", by=translator)
    assert refused.value.problems == [ORIGINAL_CHANGED]

    translation = translation_follow(translation=translation, by=translator)
    assert translation.source_revision == original.live_revision
    with pytest.raises(WorkflowError) as again:
        translation_follow(translation=translation, by=translator)
    assert again.value.problems == [FOLLOWS_ALREADY]

    translation = approve(translation)
    assert translation.live_revision.source_revision == original.live_revision
    assert not translation.is_out_of_date
    assert list(Article.objects.out_of_date()) == []
    assert (
        PublicationRecord.objects.get(article=translation).page["translation"]["out_of_date"]
        is False
    )


@pytest.mark.parametrize("who", ["another_translator", "original_author", "anonymous"])
def test_only_the_translation_s_authors_follow_the_original(original, who):
    translation = approve(translation_into(original))
    original = approve_new_version(original)
    article_transition(article=translation, action="revise", by=translation.author)
    user = {
        "another_translator": translator_user,
        "original_author": lambda: original.author,
        "anonymous": AnonymousUser,
    }[who]()

    with pytest.raises(PermissionRefused):
        translation_follow(translation=translation, by=user)

    assert Article.objects.get(pk=translation.pk).source_revision != original.live_revision


def test_a_translation_whose_original_left_the_site_cannot_be_submitted(original):
    translation = translation_into(original)
    article_transition(article=original, action="archive", by=editor_user())

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=translation, action="submit", by=translation.author)

    assert refused.value.problems == [ORIGINAL_NOT_PUBLISHED.format(title=original.title)]


def test_languages_are_named_as_configured():
    assert language_name("es") == "Spanish"
    assert language_name("xx") == "xx"


def test_an_editor_declares_the_languages_a_member_reviews_in_in_the_admin(client):
    from tests.factories import UserFactory

    member = board_user().board_member
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    url = f"/admin/editorial/boardmember/{member.pk}/change/"
    form = client.get(url).content.decode()
    assert 'name="review_languages" value="es"' in form

    response = client.post(
        url,
        {
            "user": member.user_id,
            "display_name": member.display_name,
            "credentials": member.credentials,
            "specialty": member.specialty,
            "review_languages": ["en", "es"],
            "bio": "",
            "active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert member.languages == ["en", "es"] and member.reviews_in("es")
    refused = client.post(url, {"user": member.user_id, "review_languages": ["fr"]})
    assert refused.status_code == 200
    member.refresh_from_db()
    assert member.languages == ["en", "es"]
