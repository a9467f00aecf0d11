"""``load_demo``: the demo accounts, the seed article's review story as the product would have
written it, one article in each other state, and a library in which every citation resolves."""

import re
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.demo import content
from articles.models import Article, ArticleReference, ArticleRevision, Section
from editorial.models import (
    EDITORS,
    BoardMember,
    ReviewInvitation,
    ReviewState,
    Specialty,
    TransitionLog,
)
from references.citations import cited_keys_in
from references.models import Reference, normalize_doi

User = get_user_model()
# The originals translated into Spanish (the seed, and one its translation fell behind).
TRANSLATED = [content.SEED_SLUG, content.CHANGE_SLUG]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_content, db, settings):
    """The demo content, loaded once for this module (see ``demo_content``)."""
    settings.DEBUG = True  # the command refuses to run without it (a test runs it again)


def seed() -> Article:
    return Article.objects.get(slug=content.SEED_SLUG)


def counts() -> dict[str, int]:
    models = [User, BoardMember, Reference, Article, Section, ArticleReference, ArticleRevision]
    numbers = {model.__name__: model.objects.count() for model in [*models, TransitionLog]}
    for model in [Article, Section, ArticleReference, Reference, BoardMember]:
        numbers[f"{model.__name__} history"] = model.history.count()
    return numbers


# --------------------------------------------------------------------------------------------
# Accounts and the board
# --------------------------------------------------------------------------------------------


def test_the_demo_accounts_sign_in_with_the_demo_password(demo):
    users = {user.username: user for user in User.objects.all()}

    assert set(users) == {"author", "reviewer", "reviewer2", "reviewer3", "editor", "translator"}
    for user in users.values():
        assert user.check_password("demo"), user.username
        assert not user.check_password("not-demo")
    assert not users["author"].is_staff and not users["translator"].is_staff
    assert all(users[name].is_staff for name in ("reviewer", "reviewer2", "reviewer3", "editor"))


def test_the_reviewers_are_active_board_members_and_the_editor_is_an_editor(demo):
    members = BoardMember.objects.filter(active=True).values_list("user__username", flat=True)

    assert sorted(members) == ["reviewer", "reviewer2", "reviewer3"]
    assert User.objects.get(username="editor").groups.filter(name=EDITORS).exists()
    assert not User.objects.filter(groups__name=EDITORS).exclude(username="editor").exists()
    assert list(User.objects.get(username="author").groups.values_list("name", flat=True)) == [
        "Authors"
    ]


# --------------------------------------------------------------------------------------------
# The seed article and its story
# --------------------------------------------------------------------------------------------


def test_the_seed_article_is_approved_and_published_with_the_reviewers_approval(demo):
    article = seed()
    live = article.live_revision

    assert article.status == ReviewState.APPROVED
    assert article.is_published
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert live == article.latest_revision()
    assert live.number == 2
    assert live.approved_by.username == "reviewer"
    assert live.approved_at.astimezone(UTC).date() == date(2025, 2, 25)
    # What the board asked for in the first round is in what readers see.
    assert "Key Themes in Attachment-Informed Therapy" in live.sections[1]["body"]
    assert "Key Themes" not in article.revisions.get(number=1).sections[1]["body"]


def test_the_seed_articles_review_story_is_told_in_order(demo):
    entries = list(TransitionLog.objects.filter(article=seed()).select_related("actor"))

    assert [(entry.action, entry.actor.username) for entry in entries] == [
        ("submit", "author"),
        ("start_review", "editor"),
        ("request_changes", "reviewer2"),
        ("resubmit", "author"),
        ("start_review", "editor"),
        ("approve", "reviewer"),
    ]
    assert [entry.target for entry in entries] == [
        "submitted",
        "under_review",
        "changes_requested",
        "submitted",
        "under_review",
        "approved",
    ]
    moments = [entry.created_at for entry in entries]
    assert moments == sorted(moments)
    assert len(set(moments)) == len(moments)
    assert all((moment.year, moment.month) == (2025, 2) for moment in moments)
    assert entries[2].comment.strip()
    assert "key themes" in entries[2].comment


def reviews_of(review_round) -> dict[str, str]:
    return {
        invitation.reviewer.user.username: invitation.review.recommendation
        for invitation in review_round.invitations.select_related("reviewer__user", "review")
    }


def test_the_seed_article_was_reviewed_by_two_board_members_in_two_rounds(demo):
    article = seed()
    first, second = article.review_rounds.order_by("number")
    logs = {entry.action: entry for entry in article.transition_logs.exclude(action="start_review")}

    assert_round_one_requested_changes(first, logs)
    assert_round_two_approved(article, second, logs)

    # The approval on February 25 set "last reviewed" and scheduled the next review a year on.
    assert article.last_reviewed_at.astimezone(UTC).date() == date(2025, 2, 25)
    assert article.next_review_due == date(2026, 2, 25)
    assert not article.review_rounds.filter(closed_at__isnull=True).exists()


def assert_round_one_requested_changes(first, logs: dict[str, TransitionLog]) -> None:
    """Round 1: two invitations, two reviews, changes requested by reviewer2."""
    assert (first.number, first.kind, first.revision.number) == (1, "submission", 1)
    assert first.outcome == "changes_requested"
    assert first.closed_at is not None
    assert first.decision == logs["request_changes"]
    assert first.decision.actor.username == "reviewer2"
    assert reviews_of(first) == {"reviewer": "minor", "reviewer2": "major"}
    assert set(first.invitations.values_list("status", flat=True)) == {"reviewed"}
    assert {i.invited_by.username for i in first.invitations.all()} == {"editor"}
    major = first.invitations.get(reviewer__user__username="reviewer2").review
    assert "key themes" in major.comments_for_author
    assert major.confidential_comments.strip()


def assert_round_two_approved(article: Article, second, logs: dict[str, TransitionLog]) -> None:
    """Round 2: the same reviewers, invited again when the review restarted, both approving."""
    assert (second.number, second.kind, second.revision.number) == (2, "submission", 2)
    assert second.outcome == "approved"
    assert second.decision == logs["approve"]
    assert reviews_of(second) == {"reviewer": "approve", "reviewer2": "approve"}
    restarted = article.transition_logs.filter(action="start_review").last().created_at
    assert {i.invited_at for i in second.invitations.all()} == {restarted}
    assert all(i.conflict == "none" for i in second.invitations.all())
    assert ReviewInvitation.objects.filter(round__article=article).count() == 4


def test_the_story_is_in_the_history_with_who_and_when(demo):
    article = seed()
    story_start = datetime(2025, 1, 27, tzinfo=UTC)
    story_end = datetime(2025, 2, 26, tzinfo=UTC)
    rows = [
        *article.history.all(),
        *Section.history.filter(article_id=article.pk),
        *ArticleReference.history.filter(article_id=article.pk),
    ]

    assert len(rows) > 7
    for row in rows:
        assert row.history_user is not None, row
        assert story_start <= row.history_date < story_end, row
    approved = article.history.filter(status=ReviewState.APPROVED).get()
    assert approved.history_user.username == "reviewer"
    assert approved.history_date.astimezone(UTC).date() == date(2025, 2, 25)
    for row in Reference.history.all():
        assert row.history_user.username == "editor"
        assert row.history_date < story_start


# --------------------------------------------------------------------------------------------
# One article in each other state
# --------------------------------------------------------------------------------------------


def test_there_is_one_demo_article_in_each_other_state(demo):
    others = Article.objects.originals().exclude(slug=content.SEED_SLUG)

    assert sorted(others.values_list("status", flat=True)) == sorted(
        [
            "draft",
            "submitted",
            "under_review",
            "changes_requested",
            "rejected",
            "withdrawn",
            "archived",
        ]
    )
    for demo_article in content.OTHER_ARTICLES:
        assert others.get(slug=demo_article["slug"]).status == demo_article["state"]


def test_the_article_under_review_again_keeps_its_live_revision(demo):
    article = Article.objects.get(status=ReviewState.UNDER_REVIEW)

    assert article.is_published
    assert article.live_revision.approved_by.username == "reviewer"
    assert article.latest_revision().number == article.live_revision.number + 1
    assert article.latest_revision().approved_at is None
    # The second round is open on the new revision, its reviewers invited again.
    current = article.review_rounds.get(closed_at__isnull=True)
    assert current.revision == article.latest_revision()
    assert current.invitations.count() == 2
    accepted = current.invitations.get(status="accepted")
    assert accepted.reviewer.user.username == "reviewer"


def test_only_the_approved_and_the_re_reviewed_articles_are_public(demo):
    public = Article.objects.published().originals().values_list("status", flat=True)

    assert sorted(public) == ["approved", "under_review"]


# --------------------------------------------------------------------------------------------
# Citations and the library
# --------------------------------------------------------------------------------------------


def test_every_citation_of_every_demo_article_resolves(demo):
    articles = list(Article.objects.all())

    assert len(articles) == 1 + len(content.OTHER_ARTICLES) + len(TRANSLATED)
    for article in articles:
        assert article.unresolved_citation_keys() == [], article.slug
        for revision in article.revisions.all():
            listed = {work["key"] for work in revision.references}
            cited = cited_keys_in([section["body"] for section in revision.sections])
            assert set(cited) <= listed, (article.slug, revision.number)


def same_work_key(reference: Reference) -> str:
    return re.sub(r"[^a-z0-9]+", " ", reference.title.casefold()).strip()


def test_no_two_demo_references_are_the_same_work(demo):
    references = list(Reference.objects.all())
    titles = [same_work_key(reference) for reference in references]
    dois = [normalize_doi(reference.doi).lower() for reference in references if reference.doi]
    pmids = [reference.pmid for reference in references if reference.pmid]

    assert len(references) == len(content.REFERENCES)
    assert len(set(titles)) == len(titles)
    assert len(set(dois)) == len(dois)
    assert len(set(pmids)) == len(pmids)
    for article in Article.objects.all():
        listed = [same_work_key(reference) for reference in article.references.all()]
        assert len(set(listed)) == len(listed), article.slug


# --------------------------------------------------------------------------------------------
# Running it again, and refusing to run in production
# --------------------------------------------------------------------------------------------


def test_running_the_command_twice_creates_nothing_new(demo, mailoutbox):
    before = counts()

    output = load_demo()

    assert counts() == before
    assert before["Article"] == 8 + len(TRANSLATED)
    assert "0 article(s) loaded, 8 already there" in output
    assert mailoutbox == []


def test_the_demo_board_has_specialties_matched_to_the_topics(demo):
    raman = BoardMember.objects.get(user__username="reviewer")
    okafor = BoardMember.objects.get(user__username="reviewer2")
    assert [specialty.name for specialty in raman.specialties.all()] == ["Pediatrics"]
    assert [specialty.name for specialty in okafor.specialties.all()] == [
        "Psychiatry",
        "Psychotherapy",
    ]
    assert Specialty.objects.get(name="Psychotherapy").topics.get().slug == "psychotherapy"
    assert seed().review_specialty_ids() == set(Specialty.objects.values_list("pk", flat=True))
