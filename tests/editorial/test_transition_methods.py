"""The guard is in the transition method itself (``editorial.workflow``): calling ``approve()``
or any other step's method directly is refused for a wrong role, without the quorum or
without a comment, as the service refuses it.
"""

from __future__ import annotations

import re

import pytest

from editorial.models import Step, TransitionLog
from editorial.workflow import PermissionRefused, WorkflowError
from editorial.workflow.machine import comment_refusal
from editorial.workflow.rules import quorum_refusal
from tests.editorial.steps import COMMENT, S, article_ready_for, make_actor, reviewed, snapshot
from tests.factories import article_in_state, board_reviews, board_user, editor_user

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# The guard is in the transition method itself
# --------------------------------------------------------------------------------------------

DIRECT_REFUSALS = [
    ("submit", S.DRAFT, "editor"),
    ("withdraw", S.SUBMITTED, "other_author"),
    ("start_review", S.SUBMITTED, "author"),
    ("request_changes", S.UNDER_REVIEW, "author"),
    ("reject", S.UNDER_REVIEW, "board_coauthor"),
    ("start_rereview", S.APPROVED, "board"),
    ("approve", S.UNDER_REVIEW, "author"),
    ("approve", S.UNDER_REVIEW, "editor_coauthor"),
    ("approve", S.UNDER_REVIEW, "board_coauthor"),
    ("approve", S.UNDER_REVIEW, "anonymous"),
    ("approve", S.UNDER_REVIEW, "inactive_board_member"),
    ("revise", S.APPROVED, "board"),
    ("archive", S.APPROVED, "author"),
]


@pytest.mark.parametrize(("action", "source", "role"), DIRECT_REFUSALS)
def test_calling_a_transition_method_directly_is_refused_for_a_wrong_role(action, source, role):
    article = article_ready_for(action, source)
    user = make_actor(role, article)
    before = snapshot(article)

    with pytest.raises(PermissionRefused):
        getattr(article, action)(by=user, comment=COMMENT)

    assert article.status == source  # in memory too
    assert snapshot(article) == before


def test_calling_approve_directly_changes_the_state_only_for_a_board_member():
    """The method of a step is the state machine's: it checks the step as the service does and
    moves the status; what approval entails (the revision made live, the round closed, the
    audit entry) is the step service's, ``article_transition``."""
    article = reviewed()
    board = board_user()

    article.approve(by=board)
    article.save()

    article.refresh_from_db()
    assert article.status == S.APPROVED
    assert article.live_revision is None
    assert article.review_rounds.open().exists()
    assert not TransitionLog.objects.filter(article=article, action=Step.APPROVE).exists()


def test_calling_approve_directly_without_the_quorum_is_refused_even_for_an_editor():
    """The quorum is a condition of the transition itself, not only of the service."""
    article = article_in_state("under_review")
    board_reviews(article, editor=editor_user(), members=[board_user()])  # one of two
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article.approve(by=editor_user())

    assert refused.value.problems == [quorum_refusal(2, 1)]

    assert article.status == S.UNDER_REVIEW
    assert snapshot(article) == before


@pytest.mark.parametrize("action", ["request_changes", "reject"])
def test_calling_a_transition_method_directly_without_a_comment_is_refused(action):
    article = article_in_state("under_review")

    with pytest.raises(WorkflowError, match=re.escape(comment_refusal(Step(action).label))):
        getattr(article, action)(by=board_user())

    assert article.status == S.UNDER_REVIEW
