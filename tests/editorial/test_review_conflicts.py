"""Conflicts of interest and replacing a reviewer (issue 3), through the services every caller uses
(``editorial.reviews`` and ``editorial.workflow.article_transition``), not through the admin.

A declared conflict takes the member off the review and blocks approval until the editor
replaces or releases them; a declined, conflicted or overdue invitation is replaced.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from editorial.models import ConflictAnswer, InvitationStatus, Review, ReviewInvitation
from editorial.reviews import (
    CONFLICT_NEEDS_DESCRIPTION,
    SAME_REVIEWER,
    invitation_accept,
    invitation_declare_conflict,
    invitation_decline,
    invitation_replace,
)
from editorial.workflow import PermissionRefused, WorkflowError
from editorial.workflow.board import NOT_REPLACEABLE
from editorial.workflow.rules import conflict_refusal
from tests.editorial.steps import (
    S,
    accepted,
    invitations_state,
    invite,
    refusal,
    state_of,
    step,
    under_review,
)
from tests.factories import board_reviews, board_user, review_a

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Conflicts of interest
# --------------------------------------------------------------------------------------------


def test_declaring_no_conflict_keeps_the_member_on_the_review(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    invitation_accept(invitation=invitation, by=member)

    invitation_declare_conflict(invitation=invitation, by=member, has_conflict=False)

    invitation.refresh_from_db()
    assert invitation.conflict == ConflictAnswer.NONE
    assert invitation.conflict_declared_at is not None
    assert invitation.status == InvitationStatus.ACCEPTED


@pytest.mark.parametrize("description", ["", "  "])
def test_a_declared_conflict_must_be_described(editor, description):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    before = invitations_state(article)

    with pytest.raises(WorkflowError, match=re.escape(CONFLICT_NEEDS_DESCRIPTION)):
        invitation_declare_conflict(
            invitation=invitation, by=member, has_conflict=True, description=description
        )

    assert invitations_state(article) == before


@pytest.mark.parametrize("first", ["invited", "accepted"])
def test_a_declared_conflict_takes_the_member_off_the_review(editor, first):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    if first == "accepted":
        invitation_accept(invitation=invitation, by=member)

    invitation_declare_conflict(
        invitation=invitation, by=member, has_conflict=True, description="I co-wrote ref 2."
    )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CONFLICTED
    assert invitation.conflict == ConflictAnswer.DECLARED
    assert invitation.conflict_description == "I co-wrote ref 2."
    assert not invitation.is_active
    with pytest.raises(WorkflowError):
        review_a(invitation, member)
    with pytest.raises(WorkflowError):
        invitation_accept(invitation=invitation, by=member)
    assert not Review.objects.exists()


@pytest.mark.parametrize("resolution", ["replaced", "released"])
def test_a_conflict_declared_mid_review_blocks_approval_until_replaced_or_released(
    editor, resolution
):
    article = under_review(editor)
    board_reviews(article, editor=editor)  # the quorum is there
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)  # accepted, no conflict declared... then one comes to light
    invitation_declare_conflict(
        invitation=invitation, by=member, has_conflict=True, description="Consults for the maker."
    )
    before = state_of(article)

    refused = refusal(article, "approve", editor)

    assert type(refused) is WorkflowError
    assert refused.problems == [conflict_refusal([member.board_member.display_name])]
    assert state_of(article) == before

    if resolution == "replaced":
        other = board_user()
        replacement = invitation_replace(
            invitation=invitation, by=editor, new_reviewer=other.board_member
        )
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.REPLACED
        assert invitation.replaced_by == replacement
        assert (replacement.reviewer.user, replacement.status) == (other, InvitationStatus.INVITED)
    else:
        assert invitation_replace(invitation=invitation, by=editor, new_reviewer=None) is None
        invitation.refresh_from_db()
        assert invitation.status == InvitationStatus.CANCELLED

    assert step(article, "approve", editor).status == S.APPROVED


# --------------------------------------------------------------------------------------------
# Replacing a reviewer
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["declined", "conflicted", "overdue"])
def test_a_declined_conflicted_or_overdue_invitation_is_replaced(editor, status):
    article = under_review(editor)
    member, other = board_user(), board_user()
    (invitation,) = invite(article, editor, member)
    if status == "declined":
        invitation_decline(invitation=invitation, by=member, reason="On leave.")
    elif status == "conflicted":
        invitation_declare_conflict(
            invitation=invitation, by=member, has_conflict=True, description="Co-author."
        )
    else:
        ReviewInvitation.objects.filter(pk=invitation.pk).update(
            due_date=timezone.localdate() - timedelta(days=1)
        )
    due = timezone.localdate() + timedelta(days=7)

    replacement = invitation_replace(
        invitation=invitation, by=editor, new_reviewer=other.board_member, due_date=due
    )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REPLACED
    assert invitation.replaced_by == replacement
    assert replacement.round == invitation.round
    assert (replacement.reviewer.user, replacement.due_date) == (other, due)


@pytest.mark.parametrize("status", ["invited", "accepted", "reviewed"])
def test_an_invitation_in_good_standing_cannot_be_replaced(editor, status):
    article = under_review(editor)
    member, other = board_user(), board_user()
    (invitation,) = invite(article, editor, member)
    if status == "accepted":
        accepted(invitation, member)
    elif status == "reviewed":
        review_a(accepted(invitation, member), member)
    before = invitations_state(article)

    for new_reviewer in [other.board_member, None]:
        with pytest.raises(WorkflowError, match=re.escape(NOT_REPLACEABLE)):
            invitation_replace(invitation=invitation, by=editor, new_reviewer=new_reviewer)

    assert invitations_state(article) == before


def test_only_an_editor_replaces_and_never_with_the_same_member(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    invitation_decline(invitation=invitation, by=member, reason="Busy.")
    before = invitations_state(article)

    with pytest.raises(PermissionRefused):
        invitation_replace(invitation=invitation, by=board_user(), new_reviewer=board_user())
    with pytest.raises(PermissionRefused):
        invitation_replace(invitation=invitation, by=article.author, new_reviewer=None)
    with pytest.raises(WorkflowError, match=re.escape(SAME_REVIEWER)):
        invitation_replace(invitation=invitation, by=editor, new_reviewer=member.board_member)

    assert invitations_state(article) == before
