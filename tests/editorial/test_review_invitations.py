"""The board's invitations to review (issue 3), through the services every caller uses
(``editorial.reviews`` and ``editorial.workflow.article_transition``), not through the admin.

Who may invite whom, due dates, one active invitation per reviewer and round, and the
invitee's answer: accepting or declining with a reason.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from editorial.models import (
    BoardMember,
    ConflictAnswer,
    InvitationStatus,
    OutboundEmail,
    ReviewInvitation,
    User,
)
from editorial.reviews import (
    ALREADY_INVITED,
    DECLINE_NEEDS_REASON,
    DUE_IN_PAST,
    NOBODY_CHOSEN,
    invitation_accept,
    invitation_declare_conflict,
    invitation_decline,
    invitations_create,
)
from editorial.workflow import PermissionRefused, WorkflowError
from editorial.workflow.board import (
    NO_OPEN_ROUND,
    NOT_ACTIVE,
    ONLY_EDITORS_INVITE,
    ONLY_THE_INVITEE,
    OWN_ARTICLE,
    invitation_status_refusal,
)
from tests.editorial.steps import invitations_state, invite, under_review
from tests.factories import article_in_state, board_user, editor_user

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Inviting reviewers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["anonymous", "author", "board", "editor_author", "editor_coauthor", "inactive_editor"]
)
def test_only_an_editor_who_is_not_an_author_may_invite(who):
    editor = editor_user()
    if who == "editor_author":
        user = editor_user()
        article = under_review(editor, author=user)
    else:
        article = under_review(editor)
        user = {
            "anonymous": lambda: AnonymousUser(),
            "author": lambda: article.author,
            "board": board_user,
            "editor_coauthor": editor_user,
            "inactive_editor": lambda: editor_user(is_active=False),
        }[who]()
        if who == "editor_coauthor":
            article.coauthors.add(user)
    member = board_user()
    queued = OutboundEmail.objects.count()

    with pytest.raises(PermissionRefused, match=re.escape(ONLY_EDITORS_INVITE)):
        invitations_create(article=article, reviewers=[member.board_member], by=user)

    assert not ReviewInvitation.objects.exists()
    assert OutboundEmail.objects.count() == queued


@override_settings(EDITORIAL_REVIEW_DUE_DAYS=10)
def test_an_editor_invites_board_members_with_the_default_due_date(editor):
    article = under_review(editor)
    first, second = board_user(), board_user()

    created = invite(article, editor, first, second)

    due = timezone.localdate() + timedelta(days=10)
    current = article.review_rounds.get()
    assert [(i.reviewer.user, i.status, i.due_date) for i in created] == [
        (first, InvitationStatus.INVITED, due),
        (second, InvitationStatus.INVITED, due),
    ]
    assert all(i.round == current and i.invited_by == editor for i in created)
    assert all(i.conflict == ConflictAnswer.UNANSWERED for i in created)


def test_the_default_due_date_is_two_weeks(editor):
    article = under_review(editor)

    (invitation,) = invite(article, editor, board_user())

    assert invitation.due_date == timezone.localdate() + timedelta(days=14)


def test_an_explicit_due_date_is_kept_and_a_past_one_is_refused(editor):
    article = under_review(editor)
    member, late = board_user(), board_user()
    today = timezone.localdate()

    (invitation,) = invite(article, editor, member, due_date=today)
    with pytest.raises(WorkflowError, match=re.escape(DUE_IN_PAST)):
        invite(article, editor, late, due_date=today - timedelta(days=1))

    assert invitation.due_date == today
    assert list(ReviewInvitation.objects.values_list("reviewer__user", flat=True)) == [member.pk]


@pytest.mark.parametrize("role", ["author", "coauthor"])
def test_an_author_of_the_article_is_never_invited_to_review_it(editor, role):
    member = board_user()
    if role == "author":
        article = under_review(editor, author=member)
    else:
        article = under_review(editor)
        article.coauthors.add(member)
    other = board_user()

    own = OWN_ARTICLE.format(name=member.board_member.display_name)
    with pytest.raises(WorkflowError, match=re.escape(own)):
        invite(article, editor, other, member)

    assert not ReviewInvitation.objects.exists()  # all or nothing: not even the other one


@pytest.mark.parametrize("how", ["inactive_member", "inactive_user"])
def test_an_inactive_board_member_is_not_invited(editor, how):
    article = under_review(editor)
    user = board_user()
    if how == "inactive_member":
        BoardMember.objects.filter(user=user).update(active=False)
    else:
        User.objects.filter(pk=user.pk).update(is_active=False)
    user = User.objects.get(pk=user.pk)

    inactive = NOT_ACTIVE.format(name=user.board_member.display_name)
    with pytest.raises(WorkflowError, match=re.escape(inactive)):
        invite(article, editor, user)

    assert not ReviewInvitation.objects.exists()


def test_nobody_is_invited_without_an_open_round_or_without_a_reviewer(editor):
    submitted = article_in_state("submitted", editor=editor)
    article = under_review(editor)

    with pytest.raises(WorkflowError, match=re.escape(NO_OPEN_ROUND)):
        invite(submitted, editor, board_user())
    with pytest.raises(WorkflowError, match=re.escape(NOBODY_CHOSEN)):
        invitations_create(article=article, reviewers=[], by=editor)

    assert not ReviewInvitation.objects.exists()


def test_a_member_is_not_invited_twice_to_the_same_round(editor):
    article = under_review(editor)
    member = board_user()
    invite(article, editor, member)

    twice = ALREADY_INVITED.format(name=member.board_member.display_name)
    with pytest.raises(WorkflowError, match=re.escape(twice)):
        invite(article, editor, member)

    assert ReviewInvitation.objects.filter(reviewer=member.board_member).count() == 1


def test_the_database_keeps_one_active_invitation_per_reviewer_per_round(editor):
    article = under_review(editor)
    member = board_user().board_member
    current = article.review_rounds.get()
    fields = {"round": current, "reviewer": member, "invited_by": editor, "due_date": date.today()}
    ReviewInvitation.objects.create(**fields)

    for status in [InvitationStatus.INVITED, InvitationStatus.ACCEPTED, InvitationStatus.REVIEWED]:
        with pytest.raises(IntegrityError), transaction.atomic():
            ReviewInvitation.objects.create(**fields, status=status)

    # The constraint is on active invitations only: a declined one may sit beside it.
    ReviewInvitation.objects.create(**fields, status=InvitationStatus.DECLINED)
    assert ReviewInvitation.objects.count() == 2


# --------------------------------------------------------------------------------------------
# Answering an invitation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "other_member", "editor", "author"])
@pytest.mark.parametrize("answer", ["accept", "decline", "declare"])
def test_only_the_invitee_answers(editor, who, answer):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    user = {
        "anonymous": AnonymousUser(),
        "other_member": board_user(),
        "editor": editor,
        "author": article.author,
    }[who]
    before = invitations_state(article)

    with pytest.raises(PermissionRefused, match=re.escape(ONLY_THE_INVITEE)):
        if answer == "accept":
            invitation_accept(invitation=invitation, by=user)
        elif answer == "decline":
            invitation_decline(invitation=invitation, by=user, reason="Busy.")
        else:
            invitation_declare_conflict(invitation=invitation, by=user, has_conflict=False)

    assert invitations_state(article) == before


def test_the_invitee_accepts(editor):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)

    invitation_accept(invitation=invitation, by=member)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.responded_at is not None
    with pytest.raises(WorkflowError, match=re.escape(invitation_status_refusal(invitation))):
        invitation_accept(invitation=invitation, by=member)


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_declining_needs_a_reason(editor, reason):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    before = invitations_state(article)

    with pytest.raises(WorkflowError, match=re.escape(DECLINE_NEEDS_REASON)):
        invitation_decline(invitation=invitation, by=member, reason=reason)

    assert invitations_state(article) == before


@pytest.mark.parametrize("first", ["invited", "accepted"])
def test_the_invitee_declines_with_a_reason_and_cannot_accept_afterwards(editor, first):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    if first == "accepted":
        invitation_accept(invitation=invitation, by=member)

    invitation_decline(invitation=invitation, by=member, reason="  Travelling until June.  ")

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.decline_reason == "Travelling until June."
    assert not invitation.is_active
    with pytest.raises(WorkflowError, match=re.escape(invitation_status_refusal(invitation))):
        invitation_accept(invitation=invitation, by=member)
