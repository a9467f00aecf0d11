"""Helpers for the tests of the review workflow's steps and of the board's review.

Who plays which part towards an article (``make_actor``), articles ready for a step, taking a
step or having it refused, inviting and answering for the board, and everything a refused step
must leave as it was. What a refusal says the tests read from the code (``editorial.workflow``'s
refusal constants and functions); the claims a refusal names come from ``claims_of``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from articles.models import Article, ArticleRevision, Section
from editorial.claims import Claim
from editorial.models import BoardMember, ReviewInvitation, TransitionLog, User
from editorial.reviews import (
    invitation_accept,
    invitation_declare_conflict,
    invitations_create,
)
from editorial.workflow import ReviewState, WorkflowError, article_transition
from tests.factories import (
    article_in_state,
    author_user,
    board_reviews,
    board_user,
    editor_user,
    review_a,
)

S = ReviewState
COMMENT = "Please cite the 2021 guideline."


# --------------------------------------------------------------------------------------------
# Actors and articles
# --------------------------------------------------------------------------------------------


def make_actor(role: str, article: Article) -> Any:
    """A user playing ``role`` towards ``article`` (co-author roles are added to it)."""
    if role == "anonymous":
        return AnonymousUser()
    if role == "author":
        return article.author
    if role == "inactive_author":
        User.objects.filter(pk=article.author_id).update(is_active=False)
        return User.objects.get(pk=article.author_id)
    if role == "other_author":
        return author_user()
    if role == "editor":
        return editor_user()
    if role == "board":
        return board_user()
    if role == "inactive_editor":
        return editor_user(is_active=False)
    if role == "inactive_board_user":
        return board_user(is_active=False)
    if role == "inactive_board_member":
        user = board_user()
        BoardMember.objects.filter(user=user).update(active=False)
        return User.objects.get(pk=user.pk)
    makers = {"coauthor": author_user, "editor_coauthor": editor_user, "board_coauthor": board_user}
    user = makers[role]()
    article.coauthors.add(user)
    return user


def article_ready_for(action: str, state: ReviewState, **kwargs: Any) -> Article:
    """An article in ``state``; a rejected one has a live revision when it is to be revised,
    and one to approve has the quorum of approving reviews, so only the role is in question."""
    if action == "revise" and state == S.REJECTED:
        return rejected_update(**kwargs)
    article = article_in_state(state, **kwargs)
    if action == "approve" and state == S.UNDER_REVIEW:
        board_reviews(article, editor=editor_user())
    return article


def reviewed(state: str = "under_review", **kwargs: Any) -> Article:
    """An article under review whose open round has the quorum of approving reviews."""
    article = article_in_state(state, **kwargs)
    board_reviews(article, editor=editor_user())
    return article


def rejected_update(**kwargs: Any) -> Article:
    """An approved article whose next revision the board rejected: it keeps a live revision."""
    article = article_in_state("approved", **kwargs)
    editor, board = editor_user(), board_user()
    article = step(article, "revise", article.author)
    article = step(article, "submit", article.author)
    article = step(article, "start_review", editor)
    return step(article, "reject", board)


def under_review(editor: Any, **kwargs: Any) -> Article:
    """An article whose first review round is open, nobody invited yet."""
    return article_in_state("under_review", editor=editor, **kwargs)


# --------------------------------------------------------------------------------------------
# Steps, and what a refusal leaves as it was
# --------------------------------------------------------------------------------------------


def step(article: Article, action: str, by: Any, comment: str = COMMENT) -> Article:
    article_transition(article=article, action=action, by=by, comment=comment)
    return Article.objects.get(pk=article.pk)


def refusal(article: Article, action: str, by: Any, comment: str = COMMENT) -> WorkflowError:
    with pytest.raises(WorkflowError) as refused:
        article_transition(article=article, action=action, by=by, comment=comment)
    return refused.value


def snapshot(article: Article) -> dict[str, Any]:
    """Everything a refused step must leave as it was."""
    fresh = Article.objects.get(pk=article.pk)
    return {
        "status": fresh.status,
        "live_revision": fresh.live_revision_id,
        "logs": TransitionLog.objects.filter(article=article).count(),
        "revisions": ArticleRevision.objects.filter(article=article).count(),
        "approved": ArticleRevision.objects.filter(
            article=article, approved_at__isnull=False
        ).count(),
        "history": fresh.history.count(),
    }


def state_of(article: Article) -> tuple:
    """Everything a refused decision must leave as it was."""
    fresh = Article.objects.get(pk=article.pk)
    return (
        fresh.status,
        fresh.live_revision_id,
        fresh.last_reviewed_at,
        fresh.next_review_due,
        TransitionLog.objects.filter(article=article).count(),
        list(fresh.review_rounds.values_list("number", "closed_at", "outcome")),
    )


def sections_of(article: Article) -> list[tuple[str, str]]:
    return list(Section.objects.filter(article=article).values_list("heading", "body"))


def claims_of(article: Article, *words: str) -> list[Claim]:
    """The claims of the article's latest revision that say ``words`` (as a refusal names
    them, without their markers), in that order; each must be there."""
    claims = {claim.words: claim for claim in article.latest_revision().claims()}
    assert set(words) <= set(claims), f"{words} not among the claims {list(claims)}"
    return [claims[said] for said in words]


# --------------------------------------------------------------------------------------------
# The board's invitations
# --------------------------------------------------------------------------------------------


def invite(article: Article, editor: Any, *users: Any, **kwargs: Any) -> list[ReviewInvitation]:
    return invitations_create(
        article=article, reviewers=[user.board_member for user in users], by=editor, **kwargs
    )


def accepted(invitation: ReviewInvitation, user: Any) -> ReviewInvitation:
    """The invitee accepts and declares no conflict of interest: ready to review."""
    invitation_accept(invitation=invitation, by=user)
    return invitation_declare_conflict(invitation=invitation, by=user, has_conflict=False)


def reviewed_by(article: Article, editor: Any, user: Any, recommendation: str = "approve"):
    (invitation,) = invite(article, editor, user)
    return review_a(accepted(invitation, user), user, recommendation=recommendation)


def invitations_state(article: Article) -> list[tuple]:
    return list(
        ReviewInvitation.objects.filter(round__article=article)
        .order_by("pk")
        .values_list("reviewer_id", "status", "conflict", "decline_reason", "due_date")
    )
