"""The board's decision (issue 3), through the services every caller uses
(``editorial.reviews`` and ``editorial.workflow.article_transition``), not through the admin.

The approval quorum and its other conditions (a 'reject' recommendation an editor must
address, every missing condition named), and who decides.
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from articles.models import Article
from editorial.models import Review
from editorial.reviews import invitation_declare_conflict, review_address
from editorial.workflow import PermissionRefused, WorkflowError
from tests.editorial.steps import (
    NO_QUORUM,
    UNCHECKED_CLAIMS,
    S,
    accepted,
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
        expected = [NO_QUORUM.format(needed=2, has=approving)]
        if not approving:  # and nobody has checked its one claim yet
            expected.append(UNCHECKED_CLAIMS.format(claims="“Guidance says so.”"))
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

    assert refused.problems == [NO_QUORUM.format(needed=2, has=1)]
    assert Article.objects.get(pk=article.pk).status == S.UNDER_REVIEW


def test_pending_invitations_do_not_count_towards_the_quorum(editor):
    article = under_review(editor)
    board_reviews(article, editor=editor, members=[board_user()])
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)

    assert refusal(article, "approve", editor).problems == [NO_QUORUM.format(needed=2, has=1)]


@pytest.mark.parametrize(("quorum", "approving", "approved"), [(1, 1, True), (3, 2, False)])
def test_the_quorum_is_a_setting(editor, quorum, approving, approved):
    article = under_review(editor)
    board_reviews(article, editor=editor, members=[board_user() for _ in range(approving)])

    with override_settings(EDITORIAL_APPROVAL_QUORUM=quorum):
        if approved:
            assert step(article, "approve", editor).status == S.APPROVED
        else:
            refused = refusal(article, "approve", editor)
            assert refused.problems == [NO_QUORUM.format(needed=quorum, has=approving)]
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
    assert refused.problems == [
        f"A reviewer recommends rejection ({dissenter.board_member.display_name}); an editor "
        "must address it before the article can be approved."
    ]
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
    with pytest.raises(WorkflowError, match="Say how the recommendation was addressed"):
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
    with pytest.raises(WorkflowError, match="already been addressed"):
        review_address(review=rejection, by=editor, note="Again.")
    assert step(article, "approve", board_user()).status == S.APPROVED


def test_only_a_reject_recommendation_is_addressed(editor):
    article = under_review(editor)
    review = reviewed_by(article, editor, board_user(), recommendation="major")

    with pytest.raises(WorkflowError, match="Only a 'reject' recommendation"):
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
        NO_QUORUM.format(needed=2, has=0),
        f"A declared conflict of interest is unresolved ({conflicted.board_member.display_name})"
        ": replace or release that reviewer first.",
        f"A reviewer recommends rejection ({dissenter.board_member.display_name}); an editor "
        "must address it before the article can be approved.",
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
    assert "who is not an author of the article" in str(refused)
    assert state_of(article) == before
