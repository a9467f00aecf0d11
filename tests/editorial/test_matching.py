"""Issue 15: reviewer matching. Board members have specialties and topics map to them; the
editor inviting reviewers sees the eligible members ranked by specialty match, open reviews and
days since their last review, with past conflicts flagged, and never an author of the article."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles.models import Article, Topic
from editorial.matching import reviewer_candidates
from editorial.models import BoardMember, Specialty
from editorial.reviews import (
    invitation_accept,
    invitation_declare_conflict,
    invitations_create,
)
from editorial.workflow import eligible_reviewers, reviewer_problems
from tests.factories import (
    ArticleFactory,
    article_in_state,
    board_reviews,
    board_user,
)

pytestmark = pytest.mark.django_db


def member_with(*specialties: Specialty):
    user = board_user()
    user.board_member.specialties.set(specialties)
    return user


@pytest.fixture
def pediatrics():
    specialty = Specialty.objects.create(name="Pediatrics")
    topic = Topic.objects.create(name="Child development", slug="child-development")
    specialty.topics.add(topic)
    return specialty


def article_about(topic_slug: str, editor, **kwargs):
    article = article_in_state("under_review", editor=editor, **kwargs)
    Topic.objects.get(slug=topic_slug).articles.add(article)
    return article


def names(candidates) -> list[str]:
    return [candidate.member.user.username for candidate in candidates]


def test_members_are_ranked_by_specialty_then_open_reviews_then_time_since_last_review(
    editor, pediatrics
):
    psychiatry = Specialty.objects.create(name="Psychiatry")
    matching_busy = member_with(pediatrics)
    matching_free = member_with(pediatrics)
    other = member_with(psychiatry)
    for _ in range(2):  # two open reviews for the busy pediatrician
        invitations_create(
            article=article_in_state("under_review", editor=editor),
            reviewers=[matching_busy.board_member],
            by=editor,
        )
    article = article_about("child-development", editor)

    candidates = reviewer_candidates(article)
    ranked = [name for name in names(candidates) if name in {
        matching_busy.username, matching_free.username, other.username
    }]  # fmt: skip

    assert ranked == [matching_free.username, matching_busy.username, other.username]
    by_user = {candidate.member.user: candidate for candidate in candidates}
    assert by_user[matching_free].matched == ["Pediatrics"]
    assert by_user[matching_busy].load.open_reviews == 2
    assert by_user[other].matched == []


def test_among_equals_the_one_who_reviewed_longest_ago_comes_first(editor, pediatrics):
    recent, long_ago, never = (member_with(pediatrics) for _ in range(3))
    for day, member in [(date(2025, 1, 10), long_ago), (date(2025, 5, 10), recent)]:
        with time_machine.travel(datetime(day.year, day.month, day.day, tzinfo=UTC), tick=False):
            reviewed = article_in_state("under_review", editor=editor)
            board_reviews(reviewed, editor=editor, members=[member])
    article = article_about("child-development", editor)

    with time_machine.travel(datetime(2025, 6, 1, tzinfo=UTC), tick=False):
        ranked = [
            name
            for name in names(reviewer_candidates(article))
            if name in {recent.username, long_ago.username, never.username}
        ]

    assert ranked == [never.username, long_ago.username, recent.username]


def test_an_author_of_the_article_is_never_a_candidate(editor, pediatrics):
    coauthor = member_with(pediatrics)
    article = article_about("child-development", editor)
    article.coauthors.add(coauthor)

    assert coauthor.username not in names(reviewer_candidates(article))


def test_members_on_the_round_already_are_not_candidates(editor, pediatrics):
    invited = member_with(pediatrics)
    article = article_about("child-development", editor)
    invitations_create(article=article, reviewers=[invited.board_member], by=editor)

    assert invited.username not in names(reviewer_candidates(article))


def test_past_conflicts_with_the_author_or_the_article_are_flagged(editor, pediatrics):
    conflicted = member_with(pediatrics)
    clean = member_with(pediatrics)
    earlier = ArticleFactory(title="An earlier question?")
    author = earlier.author
    earlier = article_in_state("under_review", editor=editor, author=author)
    (invitation,) = invitations_create(
        article=earlier, reviewers=[conflicted.board_member], by=editor
    )
    invitation_accept(invitation=invitation, by=conflicted)
    invitation_declare_conflict(
        invitation=invitation, by=conflicted, has_conflict=True, description="Co-investigator."
    )
    article = article_about("child-development", editor, author=author)

    by_user = {candidate.member.user: candidate for candidate in reviewer_candidates(article)}

    (flag,) = by_user[conflicted].past_conflicts
    assert flag.startswith(f"Declared a conflict of interest on “{earlier.title}”")
    assert by_user[clean].past_conflicts == []
    assert "Co-investigator" not in flag  # the declaration itself stays with the board


def test_the_invite_form_lists_the_ranking_with_its_reasons(editor, pediatrics):
    best = member_with(pediatrics)
    article = article_about("child-development", editor)
    client = Client()
    client.force_login(editor)

    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert f'name="reviewers" value="{best.board_member.pk}"' in html
    assert "Matches Pediatrics" in html
    assert "0 open reviews" in html
    first_candidate = html.index('class="candidate"')
    assert html.index(best.board_member.display_name, first_candidate) < html.index(
        "No matching specialty", first_candidate
    )


def test_inviting_through_the_ranked_form_still_goes_through_the_service(editor, pediatrics):
    best = member_with(pediatrics)
    article = article_about("child-development", editor)
    client = Client()
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_invite", args=[article.pk]),
        {"reviewers": [best.board_member.pk], "due_date": "2099-01-01"},
    )

    assert response.status_code == 302
    assert article.review_rounds.get().invitations.get().reviewer == best.board_member


def test_the_panel_query_count_does_not_grow_with_the_board(
    editor, pediatrics, django_assert_max_num_queries
):
    article = article_about("child-development", editor)
    client = Client()
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.get(url)
    for _ in range(8):
        member_with(pediatrics)
    with django_assert_max_num_queries(60) as captured:
        client.get(url)
    few = len(captured)
    for _ in range(8):
        member_with(pediatrics)
    with django_assert_max_num_queries(few):
        client.get(url)


def test_specialties_are_kept_by_editors_in_the_admin(editor):
    client = Client()
    client.force_login(editor)
    response = client.post(
        reverse("admin:editorial_specialty_add"), {"name": "Neonatology", "topics": []}
    )
    assert response.status_code == 302
    assert Specialty.objects.filter(name="Neonatology").exists()
    board = Client()
    board.force_login(board_user())
    assert board.get(reverse("admin:editorial_specialty_add")).status_code == 403


def test_the_board_wide_rule_and_the_one_member_rule_agree(editor):
    article = article_in_state("under_review", editor=editor)
    ok, inactive_profile, inactive_account, coauthor = (board_user() for _ in range(4))
    inactive_profile.board_member.active = False
    inactive_profile.board_member.save()
    inactive_account.is_active = False
    inactive_account.save()
    article.coauthors.add(coauthor)
    author = board_user()
    Article.objects.filter(pk=article.pk).update(author=author)
    article = Article.objects.get(pk=article.pk)

    eligible = set(eligible_reviewers(article))
    for user in [ok, inactive_profile, inactive_account, coauthor, author]:
        member = BoardMember.objects.get(user=user)
        assert (member in eligible) == (not reviewer_problems(member, article)), user
    refused = [inactive_profile, inactive_account, coauthor, author]
    assert {member.user for member in eligible} & {ok, *refused} == {ok}
