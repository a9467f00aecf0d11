"""The board's review of a round: invitations, answers, conflicts of interest, reviews.

Each function is one atomic service that every caller (admin, commands, tests) uses. Who may do
what is decided by the named checks in ``editorial.workflow``; a refusal raises
``PermissionRefused`` or ``WorkflowError`` and changes nothing. Emails go out after commit.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from editorial import notifications
from editorial.models import (
    ACTIVE_INVITATION,
    BoardMember,
    ConflictAnswer,
    InvitationStatus,
    Recommendation,
    Review,
    ReviewInvitation,
    ReviewRound,
)
from editorial.workflow import (
    PermissionRefused,
    WorkflowError,
    is_editor,
    is_invitee,
    may_assign_reviewers,
    reviewer_problems,
)


def default_due_date() -> date:
    return timezone.localdate() + timedelta(days=settings.EDITORIAL_REVIEW_DUE_DAYS)


def _locked_open_round(article: Article) -> ReviewRound:
    current = (
        ReviewRound.objects.select_for_update()
        .filter(article=article, closed_at__isnull=True)
        .first()
    )
    if current is None:
        raise WorkflowError("The article has no review round in progress: start the review first.")
    return current


def _locked(invitation: ReviewInvitation) -> ReviewInvitation:
    return (
        ReviewInvitation.objects.select_for_update()
        .select_related("round__article", "reviewer__user")
        .get(pk=invitation.pk)
    )


def _save(instance: Any, by: Any, reason: str = "") -> None:
    instance._history_user = by
    if reason:
        instance._change_reason = reason[:100]
    instance.save()


@transaction.atomic
def invitations_create(
    *,
    reviewers: Sequence[BoardMember],
    by: Any,
    article: Article | None = None,
    round: ReviewRound | None = None,
    due_date: date | None = None,
    check_rights: bool = True,
) -> list[ReviewInvitation]:
    """Invite board members to review the article's open round (editors only)."""
    article = article or round.article
    if check_rights and not may_assign_reviewers(by, article):
        raise PermissionRefused(
            "Only an editor who is not an author of the article may invite reviewers."
        )
    current = round or _locked_open_round(article)
    due_date = due_date or default_due_date()
    if due_date < timezone.localdate():
        raise WorkflowError("The due date cannot be in the past.")
    if not reviewers:
        raise WorkflowError("Choose at least one board member to invite.")
    problems = []
    already = set(
        current.invitations.filter(status__in=ACTIVE_INVITATION).values_list(
            "reviewer_id", flat=True
        )
    )
    for member in reviewers:
        problems += reviewer_problems(member, article)
        if member.pk in already:
            problems.append(f"{member.display_name} is already invited to this round.")
    if problems:
        raise WorkflowError(problems)
    created = []
    try:
        with transaction.atomic():
            for member in reviewers:
                invitation = ReviewInvitation(
                    round=current, reviewer=member, invited_by=by, due_date=due_date
                )
                _save(invitation, by, "Invited")
                created.append(invitation)
    except IntegrityError as exc:
        raise WorkflowError("One of these board members is already invited to this round.") from exc
    for invitation in created:
        transaction.on_commit(functools.partial(notifications.invitation_sent, invitation.pk))
    return created


def _require_invitee(invitation: ReviewInvitation, by: Any) -> None:
    if not is_invitee(by, invitation):
        raise PermissionRefused("Only the invited board member may answer this invitation.")
    if not invitation.round.is_open:
        raise WorkflowError("This review round is closed.")


@transaction.atomic
def invitation_accept(*, invitation: ReviewInvitation, by: Any) -> ReviewInvitation:
    invitation = _locked(invitation)
    _require_invitee(invitation, by)
    if not invitation.awaiting_answer:
        raise WorkflowError(f"This invitation is {invitation.get_status_display().lower()}.")
    invitation.status = InvitationStatus.ACCEPTED
    invitation.responded_at = timezone.now()
    _save(invitation, by, "Accepted")
    return invitation


@transaction.atomic
def invitation_decline(*, invitation: ReviewInvitation, by: Any, reason: str) -> ReviewInvitation:
    invitation = _locked(invitation)
    _require_invitee(invitation, by)
    if not invitation.is_pending:
        raise WorkflowError(f"This invitation is {invitation.get_status_display().lower()}.")
    if not reason.strip():
        raise WorkflowError("Say why you decline, so that the editor can invite someone else.")
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.decline_reason = reason.strip()
    _save(invitation, by, "Declined")
    transaction.on_commit(functools.partial(notifications.invitation_answered, invitation.pk))
    return invitation


@transaction.atomic
def invitation_declare_conflict(
    *, invitation: ReviewInvitation, by: Any, has_conflict: bool, description: str = ""
) -> ReviewInvitation:
    """Declare, before reviewing, that there is no conflict of interest, or describe one. A
    declared conflict takes the member off the review (even mid-review)."""
    invitation = _locked(invitation)
    _require_invitee(invitation, by)
    if not invitation.is_pending:
        raise WorkflowError(
            f"This invitation is {invitation.get_status_display().lower()}: nothing to declare."
        )
    invitation.conflict_declared_at = timezone.now()
    if has_conflict:
        if not description.strip():
            raise WorkflowError("Describe the conflict of interest.")
        invitation.conflict = ConflictAnswer.DECLARED
        invitation.conflict_description = description.strip()
        invitation.status = InvitationStatus.CONFLICTED
        _save(invitation, by, "Conflict of interest declared")
        transaction.on_commit(functools.partial(notifications.invitation_answered, invitation.pk))
    else:
        invitation.conflict = ConflictAnswer.NONE
        _save(invitation, by, "No conflict of interest")
    return invitation


@transaction.atomic
def invitation_replace(
    *,
    invitation: ReviewInvitation,
    by: Any,
    new_reviewer: BoardMember | None = None,
    due_date: date | None = None,
) -> ReviewInvitation | None:
    """Replace a declined, conflicted or overdue invitation with another member (editors), or
    release it without replacement when ``new_reviewer`` is None."""
    invitation = _locked(invitation)
    article = invitation.round.article
    if not may_assign_reviewers(by, article):
        raise PermissionRefused(
            "Only an editor who is not an author of the article may replace reviewers."
        )
    if not invitation.round.is_open:
        raise WorkflowError("This review round is closed.")
    replaceable = invitation.status in (InvitationStatus.DECLINED, InvitationStatus.CONFLICTED)
    if not (replaceable or invitation.is_overdue()):
        raise WorkflowError(
            "Only a declined, conflicted or overdue invitation can be replaced or released."
        )
    replacement = None
    if new_reviewer is not None:
        if new_reviewer.pk == invitation.reviewer_id:
            raise WorkflowError("Choose a different board member.")
        invitation.status = InvitationStatus.REPLACED
        _save(invitation, by, "Replaced")
        replacement = invitations_create(
            round=invitation.round, reviewers=[new_reviewer], by=by, due_date=due_date
        )[0]
        invitation.replaced_by = replacement
        invitation.save(update_fields=["replaced_by"])
    else:
        invitation.status = InvitationStatus.CANCELLED
        _save(invitation, by, "Released by the editor")
    return replacement


@transaction.atomic
def review_submit(
    *,
    invitation: ReviewInvitation,
    by: Any,
    recommendation: str,
    claims_supported: str,
    guidelines_current: str,
    safety_accurate: str,
    language_suitable: str,
    comments_for_author: str,
    confidential_comments: str = "",
) -> Review:
    """Record the invited member's structured review. Final once submitted."""
    invitation = _locked(invitation)
    _require_invitee(invitation, by)
    if invitation.status == InvitationStatus.REVIEWED or hasattr(invitation, "review"):
        raise WorkflowError("You have already reviewed this round; a review cannot be changed.")
    if invitation.status != InvitationStatus.ACCEPTED:
        raise WorkflowError("Accept the invitation before reviewing.")
    if invitation.conflict != ConflictAnswer.NONE:
        raise WorkflowError("Declare whether you have a conflict of interest before reviewing.")
    review = Review(
        invitation=invitation,
        recommendation=recommendation,
        claims_supported=claims_supported,
        guidelines_current=guidelines_current,
        safety_accurate=safety_accurate,
        language_suitable=language_suitable,
        comments_for_author=comments_for_author.strip(),
        confidential_comments=confidential_comments.strip(),
        submitted_at=timezone.now(),
    )
    review.full_clean()
    review.save()
    invitation.status = InvitationStatus.REVIEWED
    _save(invitation, by, f"Reviewed: {review.get_recommendation_display()}")
    transaction.on_commit(functools.partial(notifications.review_submitted, review.pk))
    return review


@transaction.atomic
def review_address(*, review: Review, by: Any, note: str) -> Review:
    """An editor records how a 'reject' recommendation was addressed, so approval may proceed."""
    review = (
        Review.objects.select_for_update()
        .select_related("invitation__round__article")
        .get(pk=review.pk)
    )
    article = review.invitation.round.article
    if not is_editor(by) or not may_assign_reviewers(by, article):
        raise PermissionRefused("Only an editor who is not an author of the article may do this.")
    if review.recommendation != Recommendation.REJECT:
        raise WorkflowError("Only a 'reject' recommendation needs to be addressed.")
    if review.addressed_at:
        raise WorkflowError("This recommendation has already been addressed.")
    if not review.invitation.round.is_open:
        raise WorkflowError("This review round is closed.")
    if not note.strip():
        raise WorkflowError("Say how the recommendation was addressed.")
    review.addressed_by, review.addressed_at, review.addressed_note = (
        by,
        timezone.now(),
        note.strip(),
    )
    review.save(update_fields=["addressed_by", "addressed_at", "addressed_note"])
    return review


DECISION_OUTCOMES = {
    "approve": "approved",
    "request_changes": "changes_requested",
    "reject": "rejected",
}


def decision_letter_draft(*, article: Article, action: str, by: Any) -> str:
    """The editable letter for a decision, filled from its template and the round's comments
    for the author (reviewers are numbered, not named; confidential comments never appear)."""
    from string import Template

    from editorial.models import DecisionLetterTemplate
    from editorial.workflow import round_reviews

    outcome = DECISION_OUTCOMES.get(action)
    letter = DecisionLetterTemplate.objects.filter(outcome=outcome).first() if outcome else None
    if letter is None:
        return ""
    reviews = "\n\n".join(
        f"Reviewer {number} ({review.get_recommendation_display()}):\n{review.comments_for_author}"
        for number, review in enumerate(round_reviews(article), start=1)
    )
    return Template(letter.body).safe_substitute(
        author=article.author.get_full_name() or article.author.username,
        title=article.title,
        reviews=reviews or "(No written reviews in this round.)",
        editor=by.get_full_name() or by.username,
        publisher=settings.PUBLISHER_NAME,
    )
