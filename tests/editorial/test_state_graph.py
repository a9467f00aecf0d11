"""The review workflow (``editorial.workflow``), step by step: the whole state graph.

For every step: it succeeds from each allowed source for each role that may take it, it is
refused from every other state, and it is refused for the wrong role; a refusal changes nothing.
Then the rules that are more than a role: authors never review their own article, a superuser
is an editor, an unknown step is refused, and the status is never assigned by hand.
"""

from __future__ import annotations

import re

import pytest

from editorial.models import Step, TransitionLog, User
from editorial.workflow import (
    ACTIONS,
    PermissionRefused,
    ReviewState,
    WorkflowError,
    article_transition,
    step_reason,
)
from editorial.workflow.machine import not_possible_refusal
from editorial.workflow.rules import editor_not_author
from editorial.workflow.steps import NOT_A_STEP
from tests.editorial.steps import COMMENT, S, article_ready_for, make_actor, snapshot, step
from tests.factories import article_in_state, board_user, editor_user

pytestmark = pytest.mark.django_db


# The editorial policy, written down independently of the code: step -> (sources, target).
POLICY: dict[str, tuple[frozenset[ReviewState], ReviewState]] = {
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),
    "resubmit": (frozenset({S.CHANGES_REQUESTED}), S.SUBMITTED),
    "withdraw": (
        frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.CHANGES_REQUESTED}),
        S.WITHDRAWN,
    ),
    "reopen": (frozenset({S.WITHDRAWN}), S.DRAFT),
    "start_review": (frozenset({S.SUBMITTED}), S.UNDER_REVIEW),
    "start_rereview": (frozenset({S.APPROVED}), S.UNDER_REVIEW),
    "request_changes": (frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.CHANGES_REQUESTED),
    "reject": (frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.REJECTED),
    "approve": (frozenset({S.UNDER_REVIEW}), S.APPROVED),
    "revise": (frozenset({S.APPROVED, S.REJECTED}), S.DRAFT),
    "archive": (
        frozenset({S.DRAFT, S.CHANGES_REQUESTED, S.APPROVED, S.REJECTED, S.WITHDRAWN}),
        S.ARCHIVED,
    ),
}

# Who may take each step (roles are built by ``make_actor``).
RIGHT_ROLES: dict[str, tuple[str, ...]] = {
    "submit": ("author", "coauthor"),
    "resubmit": ("author", "coauthor"),
    "withdraw": ("author", "coauthor"),
    "reopen": ("author", "editor"),
    "start_review": ("editor",),
    "start_rereview": ("editor",),
    "request_changes": ("board", "editor"),
    "reject": ("board", "editor"),
    "approve": ("board", "editor"),
    "revise": ("author", "editor"),
    "archive": ("editor",),
}

# Who may not, from a state where the step is otherwise possible.
WRONG_ROLES: dict[str, tuple[str, ...]] = {
    "submit": ("anonymous", "other_author", "editor", "board", "inactive_author"),
    "resubmit": ("anonymous", "other_author", "editor", "board", "inactive_author"),
    "withdraw": ("anonymous", "other_author", "editor", "board", "inactive_author"),
    "reopen": ("anonymous", "other_author", "board", "inactive_author"),
    "start_review": (
        "anonymous",
        "other_author",
        "author",
        "board",
        "editor_coauthor",
        "inactive_editor",
    ),
    "request_changes": (
        "anonymous",
        "other_author",
        "author",
        "coauthor",
        "board_coauthor",
        "editor_coauthor",
        "inactive_editor",
        "inactive_board_member",
    ),
    "reject": (
        "anonymous",
        "other_author",
        "author",
        "coauthor",
        "board_coauthor",
        "editor_coauthor",
        "inactive_editor",
        "inactive_board_member",
    ),
    "start_rereview": (
        "anonymous",
        "other_author",
        "author",
        "board",
        "editor_coauthor",
        "inactive_editor",
    ),
    "approve": (
        "anonymous",
        "other_author",
        "author",
        "coauthor",
        "board_coauthor",
        "editor_coauthor",
        "inactive_editor",
        "inactive_board_member",
        "inactive_board_user",
    ),
    "revise": ("anonymous", "other_author", "board", "inactive_author"),
    "archive": ("anonymous", "other_author", "author", "board", "inactive_editor"),
}

ALLOWED = [
    (action, source, role)
    for action, (sources, _target) in POLICY.items()
    for source in sorted(sources)
    for role in RIGHT_ROLES[action]
]
FORBIDDEN = [
    (action, state)
    for action, (sources, _target) in POLICY.items()
    for state in ReviewState
    if state not in sources
]
REFUSED_ROLES = [(action, role) for action, roles in WRONG_ROLES.items() for role in roles]


# --------------------------------------------------------------------------------------------
# The state graph
# --------------------------------------------------------------------------------------------


def test_the_code_declares_exactly_the_editorial_policy():
    declared = {name: (frozenset(a.sources), a.target) for name, a in ACTIONS.items()}
    assert declared == POLICY


@pytest.mark.parametrize(("action", "source", "role"), ALLOWED)
def test_step_succeeds_from_each_allowed_source_for_the_right_role(action, source, role):
    article = article_ready_for(action, source)
    user = make_actor(role, article)
    before = snapshot(article)

    entry = article_transition(article=article, action=action, by=user, comment=f"  {COMMENT} ")

    article.refresh_from_db()
    target = POLICY[action][1]
    assert article.status == target
    new_revisions = 1 if action in ("submit", "resubmit", "start_rereview") else 0
    assert article.revisions.count() == before["revisions"] + new_revisions
    # One audit entry: who, what, from where, to where, why, and which revision.
    assert TransitionLog.objects.filter(article=article).count() == before["logs"] + 1
    entry = TransitionLog.objects.get(pk=entry.pk)
    assert entry.actor == user
    assert (entry.action, entry.source, entry.target) == (action, source, target)
    assert entry.comment == COMMENT
    latest = article.revisions.order_by("-number").first()
    assert entry.revision == latest
    # django-simple-history records who changed the article and why.
    record = article.history.first()
    assert record.status == target
    assert record.history_user == user
    assert record.history_change_reason == step_reason(Step(action), COMMENT)


@pytest.mark.parametrize(("action", "state"), FORBIDDEN)
def test_step_is_refused_from_a_forbidden_source_and_nothing_changes(action, state):
    article = article_in_state(state)
    user = make_actor(RIGHT_ROLES[action][0], article)
    before = snapshot(article)

    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action=action, by=user, comment=COMMENT)

    assert type(refused.value) is WorkflowError  # not a matter of permission
    assert refused.value.problems == [not_possible_refusal(Step(action).label, state)]
    assert snapshot(article) == before


@pytest.mark.parametrize(("action", "role"), REFUSED_ROLES)
def test_step_is_refused_for_a_wrong_role_and_nothing_changes(action, role):
    source = min(POLICY[action][0])
    article = article_ready_for(action, source)
    user = make_actor(role, article)
    before = snapshot(article)

    with pytest.raises(PermissionRefused) as refused:
        article_transition(article=article, action=action, by=user, comment=COMMENT)

    assert refused.value.problems == [ACTIONS[action].permission.refusal(Step(action).label)]
    assert snapshot(article) == before


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_a_board_member_who_is_the_author_cannot_review_the_article(action):
    board_author = board_user()
    article = article_in_state("under_review", author=board_author)
    before = snapshot(article)

    with pytest.raises(PermissionRefused):
        article_transition(article=article, action=action, by=board_author, comment=COMMENT)

    assert snapshot(article) == before


def test_an_editor_who_is_the_author_cannot_start_the_review():
    editor_author = editor_user()
    article = article_in_state("submitted", author=editor_author)
    before = snapshot(article)

    refusal = editor_not_author.refusal(Step.START_REVIEW.label)
    with pytest.raises(PermissionRefused, match=re.escape(refusal)):
        article_transition(article=article, action="start_review", by=editor_author)

    assert snapshot(article) == before


def test_a_superuser_is_an_editor():
    article = article_in_state("submitted")
    admin = User.objects.create_superuser("admin", "admin@example.org", "pw")

    article = step(article, "start_review", admin)

    assert article.status == S.UNDER_REVIEW


def test_an_unknown_step_is_refused():
    article = article_in_state("draft")

    with pytest.raises(WorkflowError, match=re.escape(NOT_A_STEP.format(action="publish"))):
        article_transition(article=article, action="publish", by=editor_user())


def test_the_status_cannot_be_assigned_by_hand():
    article = article_in_state("draft")

    with pytest.raises(AttributeError):
        article.status = S.APPROVED
