"""The board's review emails (issue 3), through the services every caller uses
(``editorial.reviews`` and ``editorial.workflow.article_transition``), not through the admin.

Queued in the outbox with the change and delivered by the worker: the invitation to each
invitee, a decline, a conflict or a submitted review to the editors; a refusal queues none.
"""

from __future__ import annotations

import pytest

from editorial.models import InvitationStatus, OutboundEmail, ReviewInvitation
from editorial.reviews import invitation_declare_conflict, invitation_decline
from editorial.workflow import WorkflowError
from tests.editorial.steps import accepted, invite, under_review
from tests.factories import board_user, review_a

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------
# Emails, queued with the change in the outbox and delivered by the worker
# --------------------------------------------------------------------------------------------


def test_the_invitation_email_goes_to_each_invitee_through_the_outbox(editor, deliver):
    article = under_review(editor)
    first, second = board_user(), board_user()
    deliver()

    invite(article, editor, first, second)
    assert sorted(OutboundEmail.objects.queued().values_list("to", flat=True)) == sorted(
        [first.email, second.email]
    )  # queued with the invitations, nothing sent yet
    messages = deliver()

    assert sorted(message.to[0] for message in messages) == sorted([first.email, second.email])
    assert all(len(message.to) == 1 for message in messages)
    assert all(article.title in message.subject for message in messages)
    assert all("Invitation to review" in message.subject for message in messages)


@pytest.mark.parametrize("answer", ["decline", "conflict"])
def test_a_decline_or_a_conflict_is_emailed_to_the_editors(editor, answer, deliver):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    deliver()

    if answer == "decline":
        invitation_decline(invitation=invitation, by=member, reason="On leave in May.")
    else:
        invitation_declare_conflict(
            invitation=invitation, by=member, has_conflict=True, description="My own trial."
        )

    (message,) = deliver()
    assert message.to == [editor.email]
    assert ("On leave in May." if answer == "decline" else "My own trial.") in message.body


def test_accepting_and_declaring_no_conflict_email_nobody(editor, deliver):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    deliver()

    accepted(invitation, member)

    assert deliver() == []


def test_a_refused_service_queues_no_email(editor, deliver):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    deliver()
    queued = OutboundEmail.objects.count()

    for refused in [
        lambda: invite(article, board_user(), board_user()),
        lambda: invite(article, editor, member),
        lambda: invitation_decline(invitation=invitation, by=member, reason=" "),
        lambda: invitation_declare_conflict(
            invitation=invitation, by=member, has_conflict=True, description=""
        ),
        lambda: invitation_decline(invitation=invitation, by=board_user(), reason="Busy."),
        lambda: review_a(invitation, member),
    ]:
        with pytest.raises(WorkflowError):
            refused()

    assert OutboundEmail.objects.count() == queued
    assert deliver() == []
    assert ReviewInvitation.objects.get().status == InvitationStatus.INVITED


def test_a_submitted_review_is_emailed_to_the_editors_not_the_author(editor, deliver):
    article = under_review(editor)
    member = board_user()
    (invitation,) = invite(article, editor, member)
    accepted(invitation, member)
    deliver()

    review_a(invitation, member, confidential_comments="Between us: weak.")

    (message,) = deliver()
    assert message.to == [editor.email]
