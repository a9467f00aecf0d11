"""Review rounds (issue 3), through the services every caller uses
(``editorial.reviews`` and ``editorial.workflow.article_transition``), not through the admin.

Every decision closes the round with its outcome; the resubmission's round invites the
reviewers again (not those who declined or were conflicted) and the quorum counts only it.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from articles.models import Article
from articles.services import article_update
from editorial.models import ConflictAnswer, InvitationStatus, Review, ReviewInvitation, ReviewRound
from editorial.reviews import invitation_declare_conflict, invitation_decline, invitation_replace
from editorial.workflow import WorkflowError, article_transition, round_reviews
from editorial.workflow.board import NO_OPEN_ROUND, ROUND_CLOSED
from editorial.workflow.rounds import unchecked_claims_refusal
from editorial.workflow.rules import quorum_refusal
from tests.editorial.steps import (
    S,
    accepted,
    claims_of,
    invite,
    refusal,
    step,
    under_review,
)
from tests.factories import board_reviews, board_user, invitees_review, review_a

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Rounds
# --------------------------------------------------------------------------------------------


def first_round_with_every_kind_of_reviewer(editor: Any) -> tuple[Article, dict[str, Any]]:
    """Round 1: one reviewed, one accepted but not yet reviewed, one still invited, one declined,
    one conflicted, one released by the editor."""
    article = under_review(editor)
    users = {name: board_user() for name in ["reviewed", "accepted", "invited", "declined"]}
    users.update({"conflicted": board_user(), "released": board_user()})
    invitations = dict(zip(users, invite(article, editor, *users.values()), strict=True))
    review_a(accepted(invitations["reviewed"], users["reviewed"]), users["reviewed"])
    accepted(invitations["accepted"], users["accepted"])
    invitation_decline(invitation=invitations["declined"], by=users["declined"], reason="Busy.")
    invitation_declare_conflict(
        invitation=invitations["conflicted"],
        by=users["conflicted"],
        has_conflict=True,
        description="Co-author of a cited trial.",
    )
    ReviewInvitation.objects.filter(pk=invitations["released"].pk).update(
        due_date=timezone.localdate() - timedelta(days=1)
    )
    invitation_replace(invitation=invitations["released"], by=editor, new_reviewer=None)
    return article, users


def statuses(review_round: ReviewRound) -> dict[int, str]:
    return dict(review_round.invitations.values_list("reviewer__user", "status"))


def test_requesting_changes_closes_the_round(editor):
    article, users = first_round_with_every_kind_of_reviewer(editor)
    decider = board_user()

    entry = article_transition(
        article=article, action="request_changes", by=decider, comment="List the key themes."
    )

    first = ReviewRound.objects.get(article=article)
    assert first.closed_at is not None
    assert not first.is_open
    assert first.outcome == "changes_requested"
    assert first.decision == entry
    assert (first.decision.actor, first.decision.comment) == (decider, "List the key themes.")
    assert statuses(first) == {
        users["reviewed"].pk: InvitationStatus.REVIEWED,
        users["accepted"].pk: InvitationStatus.LAPSED,
        users["invited"].pk: InvitationStatus.LAPSED,
        users["declined"].pk: InvitationStatus.DECLINED,
        users["conflicted"].pk: InvitationStatus.CONFLICTED,
        users["released"].pk: InvitationStatus.CANCELLED,
    }
    # A closed round takes no more answers, reviews or invitations.
    with pytest.raises(WorkflowError, match=re.escape(ROUND_CLOSED)):
        review_a(ReviewInvitation.objects.get(reviewer__user=users["accepted"]), users["accepted"])
    with pytest.raises(WorkflowError, match=re.escape(NO_OPEN_ROUND)):
        invite(article, editor, board_user())


@pytest.mark.parametrize(
    ("action", "outcome"), [("reject", "rejected"), ("approve", "approved"), ("withdraw", None)]
)
def test_every_decision_closes_the_round_with_its_outcome(editor, action, outcome):
    article = under_review(editor)
    board_reviews(article, editor=editor)
    member = board_user()
    invite(article, editor, member)
    by = article.author if action == "withdraw" else editor

    entry = article_transition(article=article, action=action, by=by, comment="Because.")

    current = ReviewRound.objects.get(article=article)
    assert current.closed_at is not None
    assert current.outcome == (outcome or "withdrawn")
    assert current.decision == entry
    assert statuses(current)[member.pk] == InvitationStatus.LAPSED


def resubmitted_and_restarted(article: Article, editor: Any) -> Article:
    author = article.author
    key = article.references.get().key
    article_update(article=article, by=author, sections=[("Themes", f"Three themes [@{key}].")])
    article = step(article, "resubmit", author)
    return step(article, "start_review", editor)


def test_the_next_round_invites_the_reviewers_again_but_not_those_who_declined(editor):
    article, users = first_round_with_every_kind_of_reviewer(editor)
    article = step(article, "request_changes", board_user())

    article = resubmitted_and_restarted(article, editor)

    first, second = article.review_rounds.order_by("number")
    assert (second.number, second.kind, second.is_open) == (2, "submission", True)
    assert second.revision == article.latest_revision()
    assert second.revision.number == 2 and first.revision.number == 1
    again = {i.reviewer.user: i for i in second.invitations.select_related("reviewer__user")}
    assert users["reviewed"] in again
    for name in ["declined", "conflicted", "released"]:
        assert users[name] not in again, name
    for invitation in again.values():
        assert invitation.status == InvitationStatus.INVITED
        assert invitation.invited_by == editor
        assert invitation.conflict == ConflictAnswer.UNANSWERED  # declared anew each round
    # Round 1 and its review stay readable, unchanged.
    old = Review.objects.get(invitation__round=first)
    assert (old.invitation.reviewer.user, old.recommendation) == (users["reviewed"], "approve")
    assert first.outcome == "changes_requested"


def test_a_reviewer_who_accepted_but_had_not_yet_reviewed_is_invited_to_the_next_round(editor):
    """Issue 3: "the author's resubmission opens the next round with the same reviewers invited
    by default". A reviewer still working on the review when another member requested changes
    is one of the round's reviewers, and was neither declined nor conflicted."""
    article, users = first_round_with_every_kind_of_reviewer(editor)
    article = step(article, "request_changes", board_user())

    article = resubmitted_and_restarted(article, editor)

    second = article.review_rounds.get(number=2)
    invited_again = set(second.invitations.values_list("reviewer__user", flat=True))
    assert users["accepted"].pk in invited_again


def test_the_quorum_counts_only_the_current_round(editor):
    article = under_review(editor)
    first_reviews = board_reviews(article, editor=editor)  # two approvals in round 1...
    article = step(article, "request_changes", editor, comment="One more source, please.")
    article = resubmitted_and_restarted(article, editor)

    assert refusal(article, "approve", editor).problems == [
        quorum_refusal(2, 0),
        # the unchanged claim keeps its round-1 checks; the new one has none yet
        unchecked_claims_refusal(claims_of(article, "Three themes.")),
    ]
    assert list(round_reviews(article)) == []

    reviews = invitees_review(article)  # ...and the same two members approve round 2
    assert {r.invitation.reviewer for r in reviews} == {
        r.invitation.reviewer for r in first_reviews
    }
    article = step(article, "approve", editor)
    assert article.status == S.APPROVED
    assert article.live_revision.number == 2
    assert Review.objects.filter(invitation__round__number=1).count() == 2
