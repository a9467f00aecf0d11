"""Issue 15: disclosed conflicts. A member with no conflict may disclose interests (board only);
an editor decides what readers see beside the reviewer's name."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from editorial.models import ReviewInvitation
from editorial.reviews import (
    DISCLOSURE_TOO_LONG,
    disclosure_publish,
    invitation_accept,
    invitation_declare_conflict,
    invitations_create,
)
from editorial.workflow import PermissionRefused, WorkflowError
from editorial.workflow.board import DISCLOSED_WITHOUT_CONFLICT
from tests.factories import article_in_state, board_user, editor_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(editor):
    article = article_in_state("under_review", editor=editor)
    member = board_user()
    (invitation,) = invitations_create(article=article, reviewers=[member.board_member], by=editor)
    invitation_accept(invitation=invitation, by=member)
    return invitation_declare_conflict(
        invitation=invitation,
        by=member,
        has_conflict=False,
        interests="  Speaker fees from a sleep-medicine society (2023).  ",
    )


def test_a_member_discloses_interests_with_no_conflict(declared):
    assert declared.interests == "Speaker fees from a sleep-medicine society (2023)."
    assert declared.public_disclosure == ""  # nothing is public until the board decides


def test_an_editor_publishes_a_disclosure_and_can_take_it_back(declared, editor):
    published = disclosure_publish(
        invitation=declared, by=editor, text=" Received speaker   fees (2023). "
    )
    assert published.public_disclosure == "Received speaker fees (2023)."
    assert published.history.first().history_change_reason == "Disclosure published"

    cleared = disclosure_publish(invitation=declared, by=editor, text="")
    assert cleared.public_disclosure == ""


def test_a_disclosure_longer_than_500_characters_is_refused(declared, editor):
    with pytest.raises(WorkflowError, match=re.escape(DISCLOSURE_TOO_LONG)):
        disclosure_publish(invitation=declared, by=editor, text="x" * 501)
    assert ReviewInvitation.objects.get(pk=declared.pk).public_disclosure == ""


@pytest.mark.parametrize("who", ["anonymous", "the_member", "board_member", "editor_author"])
def test_only_an_editor_who_is_not_an_author_publishes(declared, who):
    user = {
        "anonymous": AnonymousUser,
        "the_member": lambda: declared.reviewer.user,
        "board_member": board_user,
        "editor_author": editor_user,
    }[who]()
    if who == "editor_author":
        declared.round.article.coauthors.add(user)
    with pytest.raises(PermissionRefused):
        disclosure_publish(invitation=declared, by=user, text="Anything.")
    assert ReviewInvitation.objects.get(pk=declared.pk).public_disclosure == ""


def test_no_disclosure_for_a_member_who_declared_a_conflict(editor):
    article = article_in_state("under_review", editor=editor)
    member = board_user()
    (invitation,) = invitations_create(article=article, reviewers=[member.board_member], by=editor)
    invitation_declare_conflict(
        invitation=invitation, by=member, has_conflict=True, description="My own trial."
    )
    with pytest.raises(WorkflowError, match=re.escape(DISCLOSED_WITHOUT_CONFLICT)):
        disclosure_publish(invitation=invitation, by=editor, text="Ran the trial.")
