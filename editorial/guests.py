"""Guest reviewers: a specialist who is not on the board, invited by an editor to review one
article's round.

An editor gives the guest's name, credentials, specialty and email. The guest gets an account
with no password and no role (group "Guest reviewers": their own queue in the admin, nothing
else) and a reviewer profile marked ``external``, so they are never offered as a board member,
listed on the board page or counted as one. The invitation email carries a sign-in link for
that invitation only (``editorial.guest_links``); with it they accept or decline, declare
conflicts and review, as a board member does. Editors revoke a link or send a new one. Whether
their approving reviews count toward the quorum is ``EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM``;
the public page names them as external reviewers, with their credentials.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from editorial import notifications
from editorial.history import save_with_history
from editorial.languages import languages_stored
from editorial.models import GUEST_REVIEWERS, BoardMember, ReviewInvitation, User
from editorial.reviews import invitations_create
from editorial.roles import Someone
from editorial.workflow import (
    ReviewWorkflow,
    WorkflowError,
    invite_problems,
    may_assign_reviewers,
    refuse,
)
from editorial.workflow.board import ONLY_EDITORS_INVITE, editors_only

GUEST_NEEDS_NAME = "Give the guest reviewer's name as readers will see it."
GUEST_NEEDS_CREDENTIALS = "Give the guest reviewer's credentials, e.g. MD, PhD."
GUEST_BAD_EMAIL = "Give a valid email address for the guest reviewer."
GUEST_HAS_ACCOUNT = (
    "{email} already belongs to an account of this site: invite that person from the board, "
    "or ask them for another address."
)
NOT_A_GUEST = "Only a guest reviewer's invitation has a sign-in link."
LINK_CLOSED = "This invitation no longer waits for a review: it needs no link."


def _guest_account(email: str, name: str) -> User:
    """The guest's account for this address: made on their first invitation, reused after."""
    existing = User.objects.filter(email__iexact=email).select_related("board_member").first()
    if existing is not None:
        member = getattr(existing, "board_member", None)
        if member is None or not member.external:
            raise WorkflowError(GUEST_HAS_ACCOUNT.format(email=email))
        return existing
    first, _, last = name.rpartition(" ")
    user = User(
        username=f"guest-{User.objects.count() + 1}-{timezone.now():%Y%m%d%H%M%S%f}"[:150],
        email=email,
        first_name=first[:150],
        last_name=last[:150],
        is_staff=True,  # the admin is where reviews are written; the group limits it to theirs
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=GUEST_REVIEWERS))
    return user


@transaction.atomic
def guest_invite(
    *,
    article: ReviewWorkflow,
    by: User,
    name: str,
    credentials: str,
    email: str,
    specialty: str = "",
    due_date: date | None = None,
) -> ReviewInvitation:
    """Invite a specialist from outside the board to the article's open round (editors)."""
    refuse(invite_problems(by, article), permitted=may_assign_reviewers(by, article))
    name, credentials, email = name.strip(), credentials.strip(), email.strip().lower()
    problems = [GUEST_NEEDS_NAME] if not name else []
    problems += [GUEST_NEEDS_CREDENTIALS] if not credentials else []
    try:
        validate_email(email)
    except ValidationError:
        problems.append(GUEST_BAD_EMAIL)
    refuse(problems, permitted=True)
    user = _guest_account(email, name)
    member = getattr(user, "board_member", None) or BoardMember(user=user, external=True)
    member.display_name, member.credentials = name[:200], credentials[:100]
    member.specialty, member.active = specialty.strip()[:200], True
    member.review_languages = _languages_with(member, article.language)
    save_with_history(member, by=by, reason="Guest reviewer invited")
    return invitations_create(article=article, reviewers=[member], by=by, due_date=due_date)[0]


def _languages_with(member: BoardMember, language: str) -> str:
    """An editor invites a guest to review this article, so the guest reviews in its language:
    a new guest in that language only, a returning one in it besides those they review in."""
    known = member.languages if member.pk else []
    return languages_stored([*known, language])


def guest_link_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    """Why ``user`` may not revoke or renew this invitation's sign-in link now."""
    article = invitation.round.article
    if not may_assign_reviewers(user, article):
        return [editors_only(ONLY_EDITORS_INVITE, article, f"invitation-{invitation.pk}")]
    # Not a guest's, or no longer waiting for a review: nothing to lift.
    if not invitation.reviewer.external:
        return [NOT_A_GUEST]
    if not (invitation.round.is_open and invitation.is_pending):
        return [LINK_CLOSED]
    return []


def _guest_invitation(invitation: ReviewInvitation, by: User) -> ReviewInvitation:
    invitation = (
        ReviewInvitation.objects.select_for_update()
        .select_related("round__article", "reviewer__user")
        .get(pk=invitation.pk)
    )
    problems = guest_link_problems(by, invitation)
    refuse(problems, permitted=may_assign_reviewers(by, invitation.round.article))
    return invitation


@transaction.atomic
def guest_link_revoke(*, invitation: ReviewInvitation, by: User) -> ReviewInvitation:
    """Refuse every link made for the invitation so far (editors); a new one can be sent."""
    invitation = _guest_invitation(invitation, by)
    invitation.guest_link_version += 1
    invitation.guest_link_revoked_at = timezone.now()
    return save_with_history(invitation, by=by, reason="Guest sign-in link revoked")


@transaction.atomic
def guest_link_send(*, invitation: ReviewInvitation, by: User) -> ReviewInvitation:
    """Send the guest a new link (editors): every earlier link stops working."""
    invitation = _guest_invitation(invitation, by)
    invitation.guest_link_version += 1
    invitation.guest_link_revoked_at = None
    save_with_history(invitation, by=by, reason="New guest sign-in link sent")
    notifications.guest_link_sent(invitation)
    return invitation
