"""The board's review within a round: who may invite, answer, declare, review, replace and
address. Each check returns why ``user`` may not do it now (empty when they may); the services in
``editorial.reviews`` and the admin's buttons ask the same check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models

from editorial.claims import Claim, claims_text, sentence
from editorial.models import (
    BoardMember,
    ChecklistAnswer,
    ClaimVerdict,
    ConflictAnswer,
    InvitationStatus,
    Recommendation,
    Review,
    ReviewInvitation,
)
from editorial.roles import Someone, is_author_of, is_invitee
from editorial.workflow.rounds import open_round
from editorial.workflow.rules import may_assign_reviewers

# ``article`` below is the reviewed model (settings.EDITORIAL_REVIEWED_MODEL).
Article = Any

NO_OPEN_ROUND = "The article has no review round in progress: start the review first."
ROUND_CLOSED = "This review round is closed."
NOT_ACTIVE = "{name} is not an active board member."
OWN_ARTICLE = "{name} is an author of this article and cannot review it."
ONLY_EDITORS_INVITE = "Only an editor who is not an author of the article may invite reviewers."
ONLY_THE_INVITEE = "Only the invited board member may answer this invitation."
NOTHING_TO_DECLARE = "nothing to declare"
REVIEWED_ALREADY = "You have already reviewed this round; a review cannot be changed."
ACCEPT_FIRST = "Accept the invitation before reviewing."
DECLARE_FIRST = "Declare whether you have a conflict of interest before reviewing."
ONLY_EDITORS_DISCLOSE = (
    "Only an editor who is not an author of the article may publish a disclosure."
)
DISCLOSED_WITHOUT_CONFLICT = (
    "Only a member who declared no conflict of interest reviews, and is disclosed."
)
ONLY_EDITORS_REPLACE = "Only an editor who is not an author of the article may replace reviewers."
NOT_REPLACEABLE = "Only a declined, conflicted or overdue invitation can be replaced or released."
ONLY_EDITORS_ADDRESS = "Only an editor who is not an author of the article may do this."
ADDRESSED_ALREADY = "This recommendation has already been addressed."
ONLY_REJECTIONS_ADDRESSED = "Only a 'reject' recommendation needs to be addressed."


def invitation_status_refusal(invitation: ReviewInvitation, consequence: str = "") -> str:
    """Why an invitation in its status cannot be answered: "This invitation is declined.", with
    what follows from it when there is more to say."""
    status = invitation.get_status_display().lower()
    said = f"{status}: {consequence}" if consequence else status
    return f"This invitation is {said}."


def reviewer_problems(member: BoardMember, article: Article) -> list[str]:
    """Why this board member cannot review this article; empty when they can."""
    if not member.active or not member.user.is_active:
        return [NOT_ACTIVE.format(name=member.display_name)]
    if is_author_of(member.user, article):
        return [OWN_ARTICLE.format(name=member.display_name)]
    return []


def eligible_reviewers(article: Article) -> models.QuerySet[BoardMember]:
    """The same rule as ``reviewer_problems``, for the whole board at once: active members with
    an active account who are not authors of the article (guest reviewers are invited by name,
    ``editorial.guests``, never offered from the board)."""
    authors = [article.author_id, *article.coauthors.values_list("pk", flat=True)]
    return BoardMember.objects.filter(active=True, external=False, user__is_active=True).exclude(
        user_id__in=authors
    )


def invite_problems(user: Someone, article: Article) -> list[str]:
    """Why ``user`` may not invite reviewers to the article's round now."""
    if not may_assign_reviewers(user, article):
        return [ONLY_EDITORS_INVITE]
    if open_round(article) is None:
        return [NO_OPEN_ROUND]
    return []


def _invitee_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    if not is_invitee(user, invitation):
        return [ONLY_THE_INVITEE]
    if not invitation.round.is_open:
        return [ROUND_CLOSED]
    return []


def invitation_accept_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    problems = _invitee_problems(user, invitation)
    if not problems and not invitation.awaiting_answer:
        problems = [invitation_status_refusal(invitation)]
    return problems


def invitation_decline_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    problems = _invitee_problems(user, invitation)
    if not problems and not invitation.is_pending:
        problems = [invitation_status_refusal(invitation)]
    return problems


def conflict_declaration_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    """Before reviewing, the member declares that there is no conflict of interest, or one."""
    problems = _invitee_problems(user, invitation)
    if not problems and not invitation.is_pending:
        problems = [invitation_status_refusal(invitation, NOTHING_TO_DECLARE)]
    return problems


def review_submit_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    """A member reviews once, after accepting and declaring no conflict of interest."""
    problems = _invitee_problems(user, invitation)
    if problems:
        return problems
    if invitation.is_reviewed or hasattr(invitation, "review"):
        return [REVIEWED_ALREADY]
    if invitation.status != InvitationStatus.ACCEPTED:
        return [ACCEPT_FIRST]
    if invitation.conflict != ConflictAnswer.NONE:
        return [DECLARE_FIRST]
    return []


SIGNOFF_CLAIMS_UNMARKED = (
    "You recommend approval and answer that the claims are supported by their sources, but "
    "you have not marked these claims: "
)
SIGNOFF_CLAIMS_DISPUTED = (
    "You recommend approval and answer that the claims are supported by their sources, but "
    "you marked these claims not supported or needing change: "
)
SIGNOFF_WAY_OUT = (
    "Mark each claim “Supported by its sources”, or recommend changes and answer “No”."
)


def signoff_claims_refusal(opening: str, claims: Sequence[Claim]) -> str:
    return f"{sentence(opening + claims_text(claims))} {SIGNOFF_WAY_OUT}"


def review_signoff_problems(
    *,
    recommendation: str,
    claims_supported: str,
    claims: Sequence[Claim],
    verdicts: Mapping[str, str],
    carried: Mapping[str, int],
) -> list[str]:
    """An approval that says the claims are supported must sign them off: every claim of the
    revision marked supported in ``verdicts`` (by fingerprint), unless a reviewer of an earlier
    round did while it read the same (``carried``), and none marked otherwise. Claims left
    unmarked are refused only under EDITORIAL_CLAIM_SIGNOFF (without it, marking is optional).
    Empty when the review says what it marks."""
    if recommendation != Recommendation.APPROVE or claims_supported != ChecklistAnswer.YES:
        return []
    unmarked = [
        claim
        for claim in claims
        if settings.EDITORIAL_CLAIM_SIGNOFF
        and claim.fingerprint not in verdicts
        and claim.fingerprint not in carried
    ]
    disputed = [
        claim
        for claim in claims
        if verdicts.get(claim.fingerprint, ClaimVerdict.SUPPORTED) != ClaimVerdict.SUPPORTED
    ]
    problems = []
    if unmarked:
        problems.append(signoff_claims_refusal(SIGNOFF_CLAIMS_UNMARKED, unmarked))
    if disputed:
        problems.append(signoff_claims_refusal(SIGNOFF_CLAIMS_DISPUTED, disputed))
    return problems


ONLY_EDITORS_REOPEN = (
    "Only an editor who is not an author of the article may ask a reviewer to amend their review."
)
GUEST_NOT_REOPENED = (
    "A guest reviewer's link ends with their review: invite them again to the next round instead."
)
AMENDMENT_PENDING = "{name} has already been asked to amend this review and has not yet."
CLOSED_ROUND_AMENDED = (
    "This review belongs to a round that is closed, so it can no longer be amended; the next "
    "round's review is the place for it."
)
ONLY_THE_REVIEWER_AMENDS = "Only the reviewer who wrote this review may amend it."
NOT_ASKED_TO_AMEND = (
    "Nobody has asked you to amend this review; it is final unless an editor asks you to "
    "complete or revisit it."
)


def review_reopen_problems(user: Someone, review: Review) -> list[str]:
    """An editor who is not an author asks the reviewer of the round in progress to complete or
    revisit their review (a board member's: a guest's link ends with their review)."""
    invitation = review.invitation
    if not may_assign_reviewers(user, invitation.round.article):
        return [ONLY_EDITORS_REOPEN]
    if not invitation.round.is_open:
        return [CLOSED_ROUND_AMENDED]
    if invitation.reviewer.external:
        return [GUEST_NOT_REOPENED]
    if review.being_amended:
        return [AMENDMENT_PENDING.format(name=invitation.reviewer.display_name)]
    return []


def review_amend_problems(user: Someone, review: Review) -> list[str]:
    """The reviewer amends their review while an editor's request is open, in the round still
    in progress."""
    invitation = review.invitation
    if not is_invitee(user, invitation):
        return [ONLY_THE_REVIEWER_AMENDS]
    if not invitation.round.is_open:
        return [CLOSED_ROUND_AMENDED]
    if not review.being_amended:
        return [NOT_ASKED_TO_AMEND]
    return []


def disclosure_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    """What readers see of a reviewer's interests is the board's to decide: an editor who is
    not an author publishes it, for a member who declared no conflict and reviewed (or will)."""
    if not may_assign_reviewers(user, invitation.round.article):
        return [ONLY_EDITORS_DISCLOSE]
    if invitation.conflict != ConflictAnswer.NONE:
        return [DISCLOSED_WITHOUT_CONFLICT]
    return []


def invitation_replace_problems(
    user: Someone, invitation: ReviewInvitation, today: date | None = None
) -> list[str]:
    """A declined, conflicted or overdue reviewer is replaced or released by an editor."""
    if not may_assign_reviewers(user, invitation.round.article):
        return [ONLY_EDITORS_REPLACE]
    if not invitation.round.is_open:
        return [ROUND_CLOSED]
    if not (invitation.is_replaceable or invitation.is_overdue(today)):
        return [NOT_REPLACEABLE]
    return []


def review_address_problems(user: Someone, review: Review) -> list[str]:
    """An editor records how a 'reject' recommendation was addressed, so approval may proceed."""
    if not may_assign_reviewers(user, review.invitation.round.article):
        return [ONLY_EDITORS_ADDRESS]
    if not review.needs_addressing:
        if review.addressed_at:
            return [ADDRESSED_ALREADY]
        return [ONLY_REJECTIONS_ADDRESSED]
    if not review.invitation.round.is_open:
        return [ROUND_CLOSED]
    return []
