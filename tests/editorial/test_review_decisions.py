"""The board's decision (issue 3), through the services every caller uses
(``editorial.reviews`` and ``editorial.workflow.article_transition``), not through the admin.

The approval quorum and its other conditions (a 'reject' recommendation an editor must
address, every missing condition named), and who decides.
"""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from articles.models import Article
from editorial.models import Review, Step
from editorial.reviews import ADDRESS_NEEDS_NOTE, invitation_declare_conflict, review_address
from editorial.workflow import PermissionRefused, WorkflowError
from editorial.workflow.board import ADDRESSED_ALREADY, ONLY_REJECTIONS_ADDRESSED
from editorial.workflow.rounds import unchecked_claims_refusal
from editorial.workflow.rules import (
    conflict_refusal,
    decider_not_author,
    quorum_refusal,
    rejection_refusal,
)
from tests.editorial.steps import (
    S,
    accepted,
    claims_of,
    invite,
    refusal,
    reviewed_by,
    state_of,
    step,
    under_review,
)
from tests.factories import board_reviews, board_user, editor_user

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# The approval quorum
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("approving", [0, 1, 2])
def test_approval_needs_two_approving_reviews_by_default(editor, approving):
    article = under_review(editor)
    if approving:
        board_reviews(article, editor=editor, members=[board_user() for _ in range(approving)])
    before = state_of(article)

    if approving < 2:
        refused = refusal(article, "approve", editor)
        assert type(refused) is WorkflowError
        expected = [quorum_refusal(2, approving)]
        if not approving:  # and nobody has checked its one claim yet
            expected.append(unchecked_claims_refusal(claims_of(article, "Guidance says so.")))
        assert refused.problems == expected
        assert state_of(article) == before
    else:
        assert step(article, "approve", editor).status == S.APPROVED


@pytest.mark.parametrize("other", ["minor", "major"])
def test_only_approve_recommendations_count_towards_the_quorum(editor, other):
    article = under_review(editor)
    board_reviews(article, editor=editor, members=[board_user()])
    board_reviews(
        article, editor=editor, members=[board_user(), board_user()], recommendation=other
    )

    refused = refusal(article, "approve", board_user())

    assert refused.problems == [quorum_refusal(2, 1)]
    assert Article.objects.get(pk=article.pk).status == S.UNDER_REVIEW


def test_pending_invitations_do_not_count_towards_the_quorum(editor):
    article = under_review(editor)
    board_reviews(article, editor=editor, members=[board_user()])
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)

    assert refusal(article, "approve", editor).problems == [quorum_refusal(2, 1)]


@pytest.mark.parametrize(("quorum", "approving", "approved"), [(1, 1, True), (3, 2, False)])
def test_the_quorum_is_a_setting(editor, quorum, approving, approved):
    article = under_review(editor)
    board_reviews(article, editor=editor, members=[board_user() for _ in range(approving)])

    with override_settings(EDITORIAL_APPROVAL_QUORUM=quorum):
        if approved:
            assert step(article, "approve", editor).status == S.APPROVED
        else:
            refused = refusal(article, "approve", editor)
            assert refused.problems == [quorum_refusal(quorum, approving)]
            board_reviews(article, editor=editor, members=[board_user()])
            assert step(article, "approve", editor).status == S.APPROVED


# --------------------------------------------------------------------------------------------
# A 'reject' recommendation must be addressed
# --------------------------------------------------------------------------------------------


def test_a_reject_recommendation_blocks_approval_until_an_editor_addresses_it(editor):
    article = under_review(editor)
    board_reviews(article, editor=editor)
    dissenter = board_user()
    rejection = reviewed_by(article, editor, dissenter, recommendation="reject")
    before = state_of(article)

    refused = refusal(article, "approve", editor)
    assert refused.problems == [rejection_refusal([dissenter.board_member.display_name])]
    assert state_of(article) == before

    # Not by a board member (even the one deciding), nor by an author; and a note is needed.
    with pytest.raises(PermissionRefused):
        review_address(review=rejection, by=board_user(), note="Discussed.")
    with pytest.raises(PermissionRefused):
        review_address(review=rejection, by=article.author, note="I disagree.")
    editor_author = editor_user()
    article.coauthors.add(editor_author)
    with pytest.raises(PermissionRefused):
        review_address(review=rejection, by=editor_author, note="Mine.")
    with pytest.raises(WorkflowError, match=re.escape(ADDRESS_NEEDS_NOTE)):
        review_address(review=rejection, by=editor, note="   ")
    assert Review.objects.get(pk=rejection.pk).addressed_at is None
    assert refusal(article, "approve", editor).problems == refused.problems

    review_address(review=rejection, by=editor, note="  The cited trial was retracted; removed. ")

    stored = Review.objects.get(pk=rejection.pk)
    assert (stored.addressed_by, stored.addressed_note) == (
        editor,
        "The cited trial was retracted; removed.",
    )
    assert stored.recommendation == "reject"  # the review itself is unchanged
    with pytest.raises(WorkflowError, match=re.escape(ADDRESSED_ALREADY)):
        review_address(review=rejection, by=editor, note="Again.")
    assert step(article, "approve", board_user()).status == S.APPROVED


def test_only_a_reject_recommendation_is_addressed(editor):
    article = under_review(editor)
    review = reviewed_by(article, editor, board_user(), recommendation="major")

    with pytest.raises(WorkflowError, match=re.escape(ONLY_REJECTIONS_ADDRESSED)):
        review_address(review=review, by=editor, note="Noted.")


def test_every_missing_condition_is_named_in_the_refusal(editor):
    article = under_review(editor)
    dissenter, conflicted = board_user(), board_user()
    reviewed_by(article, editor, dissenter, recommendation="reject")
    (invitation,) = invite(article, editor, conflicted)
    invitation_declare_conflict(
        invitation=invitation, by=conflicted, has_conflict=True, description="Family."
    )

    refused = refusal(article, "approve", editor)

    assert refused.problems == [
        quorum_refusal(2, 0),
        conflict_refusal([conflicted.board_member.display_name]),
        rejection_refusal([dissenter.board_member.display_name]),
    ]
    assert all(problem in str(refused) for problem in refused.problems)


# --------------------------------------------------------------------------------------------
# Who decides
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_a_board_member_decides_while_the_setting_allows_it(editor, action):
    article = under_review(editor)
    board_reviews(article, editor=editor)
    member = board_user()

    assert step(article, action, member).status != S.UNDER_REVIEW


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_without_the_setting_only_an_editor_decides(editor, settings, action):
    settings.EDITORIAL_BOARD_MEMBERS_MAY_DECIDE = False
    article = under_review(editor)
    reviewers = [board_user(), board_user()]
    board_reviews(article, editor=editor, members=reviewers)
    before = state_of(article)

    for member in [board_user(), *reviewers]:
        refused = refusal(article, action, member)
        assert type(refused) is PermissionRefused
        assert state_of(article) == before

    assert step(article, action, editor).status != S.UNDER_REVIEW


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
@pytest.mark.parametrize("who", ["board_author", "board_coauthor", "editor_coauthor"])
def test_nobody_decides_on_an_article_they_wrote(editor, action, who):
    user = editor_user() if who == "editor_coauthor" else board_user()
    if who == "board_author":
        article = under_review(editor, author=user)
    else:
        article = under_review(editor)
        article.coauthors.add(user)
    board_reviews(article, editor=editor)
    before = state_of(article)

    refused = refusal(article, action, user)

    assert type(refused) is PermissionRefused
    assert refused.problems == [decider_not_author.refusal(Step(action).label)]
    assert state_of(article) == before
