"""What each user is offered (``editorial.workflow.available_actions``): only the steps they may
take, with what blocks them, in agreement with the service; and the hints on a locked text.
"""

from __future__ import annotations

import pytest

from editorial.workflow import (
    ACTIONS,
    WorkflowError,
    article_transition,
    available_actions,
    content_edit_problems,
    submission_step,
)
from editorial.workflow.rules import CITES_NOTHING, NEEDS_TEXT, quorum_refusal
from editorial.workflow.steps import WITHDRAW_TO_EDIT, locked_text_refusal
from tests.editorial.steps import COMMENT, S, make_actor, reviewed, step
from tests.factories import (
    ArticleFactory,
    article_in_state,
    author_user,
    board_reviews,
    board_user,
    editor_user,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# What each user is offered
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "role", "expected"),
    [
        ("draft", "author", {"submit", "withdraw"}),
        ("draft", "coauthor", {"submit", "withdraw"}),
        ("draft", "editor", {"archive"}),
        ("draft", "board", set()),
        ("draft", "other_author", set()),
        ("draft", "anonymous", set()),
        ("submitted", "author", {"withdraw"}),
        ("submitted", "editor", {"start_review", "request_changes", "reject"}),
        ("submitted", "board", {"request_changes", "reject"}),
        ("under_review", "board", {"request_changes", "reject", "approve"}),
        ("under_review", "board_coauthor", {"withdraw"}),
        ("under_review", "inactive_board_member", set()),
        ("under_review", "editor", {"request_changes", "reject", "approve"}),
        ("under_review", "editor_coauthor", {"withdraw"}),
        ("under_review", "author", {"withdraw"}),
        ("under_review", "anonymous", set()),
        ("changes_requested", "author", {"resubmit", "withdraw"}),
        ("changes_requested", "editor", {"archive"}),
        ("approved", "author", {"revise"}),
        ("approved", "editor", {"revise", "archive", "start_rereview"}),
        ("approved", "editor_coauthor", {"revise", "archive"}),
        ("approved", "board", set()),
        ("withdrawn", "author", {"reopen"}),
        ("withdrawn", "editor", {"reopen", "archive"}),
        ("archived", "editor", set()),
        ("archived", "author", set()),
    ],
)
def test_available_actions_lists_only_what_the_user_may_do(state, role, expected):
    article = reviewed() if state == "under_review" else article_in_state(state)
    user = make_actor(role, article)

    offered = available_actions(user, article)

    assert {available.action.name for available in offered} == expected
    assert all(available.blocked_by == [] for available in offered)


def test_available_actions_says_what_blocks_an_offered_step():
    article = ArticleFactory(content=False)

    (submit, withdraw) = available_actions(article.author, article)

    assert submit.action.name == "submit"
    assert submit.blocked_by == [NEEDS_TEXT, CITES_NOTHING]
    assert (withdraw.action.name, withdraw.blocked_by) == ("withdraw", [])


def test_available_actions_says_why_approval_is_not_yet_possible():
    article = article_in_state("under_review")
    board_reviews(article, editor=editor_user(), members=[board_user()])

    offered = {
        item.action.name: item.blocked_by for item in available_actions(editor_user(), article)
    }

    assert offered["approve"] == [quorum_refusal(2, 1)]
    assert offered["request_changes"] == offered["reject"] == []


def test_available_actions_agrees_with_the_service():
    """Whatever is offered without a blocker can be taken; everything else is refused."""
    article = reviewed()
    board = board_user()
    offered = {available.action.name for available in available_actions(board, article)}

    for action in ACTIONS:
        if action in offered:
            continue
        with pytest.raises(WorkflowError):
            article_transition(article=article, action=action, by=board, comment=COMMENT)
    assert step(article, "approve", board).status == S.APPROVED


@pytest.mark.parametrize("state", ["submitted", "under_review"])
def test_a_locked_article_the_author_may_withdraw_says_so(state):
    article = article_in_state(state)
    problems = content_edit_problems(article.author, article)
    assert problems[-1] == WITHDRAW_TO_EDIT


def test_an_approved_article_is_locked_without_the_withdraw_hint():
    article = article_in_state("approved")
    assert content_edit_problems(article.author, article) == [locked_text_refusal(S.APPROVED)]


@pytest.mark.parametrize(
    ("state", "expected"),
    [("draft", "submit"), ("changes_requested", "resubmit"), ("submitted", None)],
)
def test_the_submission_step_follows_the_state(state, expected):
    article = article_in_state(state)
    assert submission_step(article.author, article) == expected
    assert submission_step(author_user(), article) is None
