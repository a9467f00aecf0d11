"""The board member's structured review (issue 3), through the services every caller uses
(``editorial.reviews`` and ``editorial.workflow.article_transition``), not through the admin.

Who may submit it, when (an accepted invitation, a conflict declaration), one per invitation,
and that a submitted review is never edited.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from editorial.models import REVIEW_IS_FINAL, InvitationStatus, Review, ReviewInvitation
from editorial.reviews import invitation_accept, invitation_declare_conflict
from editorial.workflow import PermissionRefused, WorkflowError
from editorial.workflow.board import ACCEPT_FIRST, DECLARE_FIRST, REVIEWED_ALREADY
from tests.editorial.steps import accepted, invite, reviewed_by, under_review
from tests.factories import board_user, review_a

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# The structured review
# --------------------------------------------------------------------------------------------


def test_a_review_needs_an_accepted_invitation_and_a_conflict_declaration(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)

    with pytest.raises(WorkflowError, match=re.escape(ACCEPT_FIRST)):
        review_a(invitation, member)
    invitation_accept(invitation=invitation, by=member)
    with pytest.raises(WorkflowError, match=re.escape(DECLARE_FIRST)):
        review_a(invitation, member)
    assert not Review.objects.exists()

    invitation_declare_conflict(invitation=invitation, by=member, has_conflict=False)
    review = review_a(
        invitation,
        member,
        recommendation="minor",
        comments_for_author="  Cite the 2021 guideline.  ",
        confidential_comments="Otherwise sound.",
    )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVIEWED
    stored = Review.objects.get()
    assert stored == review
    assert (stored.recommendation, stored.comments_for_author, stored.confidential_comments) == (
        "minor",
        "Cite the 2021 guideline.",
        "Otherwise sound.",
    )
    assert (stored.claims_supported, stored.safety_accurate) == ("yes", "n/a")


def test_only_the_invitee_submits_the_review(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)

    for user in [board_user(), editor, article.author, AnonymousUser()]:
        with pytest.raises(PermissionRefused):
            review_a(invitation, user)

    assert not Review.objects.exists()


def test_an_invalid_recommendation_is_refused(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)

    with pytest.raises(ValidationError):
        review_a(invitation, member, recommendation="publish")

    assert not Review.objects.exists()
    assert ReviewInvitation.objects.get().status == InvitationStatus.ACCEPTED


def test_one_review_per_invitation(editor):
    article = under_review(editor)
    member = board_user()
    first = reviewed_by(article, editor, member)
    invitation = first.invitation

    with pytest.raises(WorkflowError, match=re.escape(REVIEWED_ALREADY)):
        review_a(invitation, member, recommendation="reject")
    # The database says so too, whatever path writes the review.
    fields = {
        "recommendation": "reject",
        "claims_supported": "no",
        "guidelines_current": "no",
        "safety_accurate": "no",
        "language_suitable": "no",
        "comments_for_author": "Second thoughts.",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(invitation=invitation, **fields)

    assert list(Review.objects.values_list("recommendation", flat=True)) == ["approve"]


@pytest.mark.parametrize(
    "change",
    [
        {"recommendation": "reject"},
        {"comments_for_author": "Rewritten."},
        {"confidential_comments": "Rewritten."},
        {"claims_supported": "no"},
    ],
    ids=["recommendation", "comments", "confidential", "checklist"],
)
def test_a_submitted_review_cannot_be_edited(editor, change):
    article = under_review(editor)
    review = reviewed_by(article, editor, board_user())
    stored = Review.objects.filter(pk=review.pk).values().get()
    for field, value in change.items():
        setattr(review, field, value)

    with pytest.raises(ValidationError, match=re.escape(REVIEW_IS_FINAL)):
        review.save()
    with pytest.raises(ValidationError, match=re.escape(REVIEW_IS_FINAL)):
        review.save(update_fields=[*change])
    with pytest.raises(ValidationError, match=re.escape(REVIEW_IS_FINAL)):
        review.save(update_fields=[*change, "addressed_note"])

    assert Review.objects.filter(pk=review.pk).values().get() == stored
