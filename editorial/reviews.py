"""The board's review of a round: invitations, answers, conflicts of interest, reviews.

Each function is one atomic service that every caller (admin, commands, tests) uses. Whether
``by`` may act is decided by the matching check in ``editorial.workflow`` (``*_problems``), the
same check the admin asks before it offers the button; a refusal raises ``PermissionRefused``
or ``WorkflowError`` and changes nothing. Emails are queued in the same transaction
(``editorial.outbox``) and delivered by the worker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from string import Template
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from editorial import notifications
from editorial.claims import Claim
from editorial.history import save_with_history
from editorial.models import (
    AMENDABLE_REVIEW_FIELDS,
    DECISIONS,
    BoardMember,
    ClaimCheck,
    ClaimVerdict,
    ConflictAnswer,
    DecisionLetterTemplate,
    InvitationStatus,
    Recommendation,
    Review,
    ReviewAmendment,
    ReviewInvitation,
    ReviewRound,
    Step,
    User,
)
from editorial.page_keys import article_key, pages_changed
from editorial.publishing import publication_changed
from editorial.refusals import review_form
from editorial.workflow import (
    ReviewWorkflow,
    WorkflowError,
    carried_over_claims,
    claim_signoff,
    conflict_declaration_problems,
    counts_toward_quorum,
    disclosure_problems,
    editors_reading_confidential,
    invitation_accept_problems,
    invitation_decline_problems,
    invitation_replace_problems,
    invite_problems,
    is_invitee,
    may_assign_reviewers,
    no_open_round_refusal,
    quorum,
    refuse,
    review_address_problems,
    review_amend_problems,
    review_due_date,
    review_reopen_problems,
    review_signoff_problems,
    review_submit_problems,
    reviewer_problems,
    round_reviews,
)

# Refusals of the services below, in the words the board reads.
DUE_IN_PAST = "The due date cannot be in the past."
NOBODY_CHOSEN = "Choose at least one board member to invite."
ALREADY_INVITED_ONE = "One of these board members is already invited to this round."
DECLINE_NEEDS_REASON = "Say why you decline, so that the editor can invite someone else."
CONFLICT_NEEDS_DESCRIPTION = "Describe the conflict of interest."
DISCLOSURE_TOO_LONG = "Keep the published disclosure to 500 characters."
SAME_REVIEWER = "Choose a different board member."
CLAIM_NOT_IN_REVISION = "A claim you checked is not in the revision under review."
UNKNOWN_VERDICT = "Mark each claim supported, not supported or needing change."
ADDRESS_NEEDS_NOTE = "Say how the recommendation was addressed."
REOPEN_NEEDS_NOTE = "Say what the reviewer should complete or revisit."
ALREADY_INVITED = "{name} is already invited to this round."


def _locked_open_round(article: ReviewWorkflow) -> ReviewRound:
    current = ReviewRound.objects.select_for_update().open().filter(article=article).first()
    if current is None:
        raise WorkflowError(no_open_round_refusal(article))
    return current


def _locked(invitation: ReviewInvitation) -> ReviewInvitation:
    return (
        ReviewInvitation.objects.select_for_update()
        .select_related("round__article", "reviewer__user")
        .get(pk=invitation.pk)
    )


def _answered(invitation: ReviewInvitation) -> None:
    """The editors who may read the reason or the declaration are told (queued with it)."""
    notifications.invitation_answered(
        invitation, editors_reading_confidential(invitation.round.article)
    )


def _save(instance: ReviewInvitation, by: User, reason: str) -> None:
    save_with_history(instance, by=by, reason=reason)


@transaction.atomic
def invitations_create(
    *,
    article: ReviewWorkflow,
    reviewers: Sequence[BoardMember],
    by: User,
    due_date: date | None = None,
) -> list[ReviewInvitation]:
    """Invite board members to review the article's open round (editors only)."""
    refuse(invite_problems(by, article), permitted=may_assign_reviewers(by, article))
    current = _locked_open_round(article)
    due_date = due_date or review_due_date()
    if due_date < timezone.localdate():
        raise WorkflowError(DUE_IN_PAST)
    if not reviewers:
        raise WorkflowError(NOBODY_CHOSEN)
    problems = []
    already = set(current.invitations.active().values_list("reviewer_id", flat=True))
    for member in reviewers:
        problems += reviewer_problems(member, article)
        if member.pk in already:
            problems.append(ALREADY_INVITED.format(name=member.display_name))
    refuse(problems, permitted=True)
    try:
        with transaction.atomic():
            created = [
                ReviewInvitation.objects.record(
                    round=current, reviewer=member, by=by, due_date=due_date
                )
                for member in reviewers
            ]
    except IntegrityError as exc:
        raise WorkflowError(ALREADY_INVITED_ONE) from exc
    for invitation in created:
        notifications.invitation_sent(invitation)
    return created


@transaction.atomic
def invitation_accept(*, invitation: ReviewInvitation, by: User) -> ReviewInvitation:
    invitation = _locked(invitation)
    refuse(invitation_accept_problems(by, invitation), permitted=is_invitee(by, invitation))
    invitation.status = InvitationStatus.ACCEPTED
    invitation.responded_at = timezone.now()
    _save(invitation, by, "Accepted")
    return invitation


@transaction.atomic
def invitation_decline(*, invitation: ReviewInvitation, by: User, reason: str) -> ReviewInvitation:
    invitation = _locked(invitation)
    refuse(invitation_decline_problems(by, invitation), permitted=is_invitee(by, invitation))
    if not reason.strip():
        raise WorkflowError(DECLINE_NEEDS_REASON)
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.decline_reason = reason.strip()
    _save(invitation, by, "Declined")
    _answered(invitation)
    return invitation


@transaction.atomic
def invitation_declare_conflict(
    *,
    invitation: ReviewInvitation,
    by: User,
    has_conflict: bool,
    description: str = "",
    interests: str = "",
) -> ReviewInvitation:
    """Declare, before reviewing, that there is no conflict of interest, or describe one. A
    declared conflict takes the member off the review (even mid-review). With no conflict, the
    member may still disclose ``interests`` that do not stop them reviewing; the board decides
    what, if anything, to publish (``disclosure_publish``)."""
    invitation = _locked(invitation)
    refuse(conflict_declaration_problems(by, invitation), permitted=is_invitee(by, invitation))
    if has_conflict and not description.strip():
        raise WorkflowError(CONFLICT_NEEDS_DESCRIPTION)
    invitation.conflict_declared_at = timezone.now()
    if has_conflict:
        invitation.conflict = ConflictAnswer.DECLARED
        invitation.conflict_description = description.strip()
        invitation.status = InvitationStatus.CONFLICTED
        _save(invitation, by, "Conflict of interest declared")
        _answered(invitation)
    else:
        invitation.conflict = ConflictAnswer.NONE
        invitation.interests = interests.strip()[:2000]
        _save(invitation, by, "No conflict of interest")
    return invitation


@transaction.atomic
def disclosure_publish(*, invitation: ReviewInvitation, by: User, text: str) -> ReviewInvitation:
    """An editor sets what readers see beside this reviewer's name: the disclosure the board
    chose to publish, or nothing ("No conflicts of interest declared")."""
    invitation = _locked(invitation)
    refuse(
        disclosure_problems(by, invitation),
        permitted=may_assign_reviewers(by, invitation.round.article),
    )
    text = " ".join(text.split())
    if len(text) > 500:
        raise WorkflowError(DISCLOSURE_TOO_LONG)
    invitation.public_disclosure = text
    _save(invitation, by, "Disclosure published" if text else "No disclosure published")
    # The article page shows it beside the reviewer's name.
    publication_changed(invitation.round.article)
    pages_changed(article_key(invitation.round.article_id))
    return invitation


@transaction.atomic
def invitation_replace(
    *,
    invitation: ReviewInvitation,
    by: User,
    new_reviewer: BoardMember | None = None,
    due_date: date | None = None,
) -> ReviewInvitation | None:
    """Replace a declined, conflicted or overdue invitation with another member (editors), or
    release it without replacement when ``new_reviewer`` is None."""
    invitation = _locked(invitation)
    article = invitation.round.article
    refuse(invitation_replace_problems(by, invitation), permitted=may_assign_reviewers(by, article))
    if new_reviewer is None:
        invitation.status = InvitationStatus.CANCELLED
        _save(invitation, by, "Released by the editor")
        return None
    if new_reviewer.pk == invitation.reviewer_id:
        raise WorkflowError(SAME_REVIEWER)
    (replacement,) = invitations_create(
        article=article, reviewers=[new_reviewer], by=by, due_date=due_date
    )
    # One save, so the history (and the Timeline) has one entry for the replacement.
    invitation.status = InvitationStatus.REPLACED
    invitation.replaced_by = replacement
    _save(invitation, by, "Replaced")
    return replacement


def _claim_checks(
    invitation: ReviewInvitation,
    claim_checks: Mapping[str, tuple[str, str]] | None,
    recommendation: str,
    claims_supported: str,
) -> tuple[dict[str, Claim], dict[str, tuple[str, str]]]:
    """The revision's claims by fingerprint and the verdicts given, once each is known to be a
    claim of the revision, a verdict, and what the review's answers say it signs off."""
    claims = {claim.fingerprint: claim for claim in invitation.round.revision.claims()}
    checks = dict(claim_checks or {})
    if set(checks) - set(claims):
        raise WorkflowError(CLAIM_NOT_IN_REVISION)
    if any(verdict not in ClaimVerdict.values for verdict, _ in checks.values()):
        raise WorkflowError(UNKNOWN_VERDICT)
    refuse(
        review_signoff_problems(
            recommendation=recommendation,
            claims_supported=claims_supported,
            claims=list(claims.values()),
            verdicts={fingerprint: verdict for fingerprint, (verdict, _) in checks.items()},
            carried=carried_over_claims(invitation.round),
            form_url=review_form(invitation),
        ),
        permitted=True,
    )
    return claims, checks


def _record_checks(
    review: Review, claims: Mapping[str, Claim], checks: Mapping[str, tuple[str, str]]
) -> None:
    ClaimCheck.objects.bulk_create(
        ClaimCheck(
            review=review,
            fingerprint=fingerprint,
            claim=f"{claims[fingerprint].words} [{claims[fingerprint].numbers}]",
            verdict=verdict,
            comment=comment.strip()[:5000],
        )
        for fingerprint, (verdict, comment) in checks.items()
    )


@transaction.atomic
def review_submit(
    *,
    invitation: ReviewInvitation,
    by: User,
    recommendation: str,
    claims_supported: str,
    guidelines_current: str,
    safety_accurate: str,
    language_suitable: str,
    comments_for_author: str,
    confidential_comments: str = "",
    claim_checks: Mapping[str, tuple[str, str]] | None = None,
) -> Review:
    """Record the invited member's structured review. Final once submitted.

    ``claim_checks`` maps claims of the revision under review (by fingerprint) to the member's
    (verdict, comment); a claim left out is one they did not check."""
    invitation = _locked(invitation)
    refuse(review_submit_problems(by, invitation), permitted=is_invitee(by, invitation))
    claims, checks = _claim_checks(invitation, claim_checks, recommendation, claims_supported)
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
    _record_checks(review, claims, checks)
    invitation.status = InvitationStatus.REVIEWED
    _save(invitation, by, f"Reviewed: {review.get_recommendation_display()}")
    notifications.review_submitted(review)
    return review


def _locked_review(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("invitation__round__article", "invitation__reviewer__user")
        .get(pk=review.pk)
    )


@transaction.atomic
def review_reopen(*, review: Review, by: User, note: str) -> ReviewAmendment:
    """An editor asks the reviewer to complete or revisit their review within the round in
    progress (no new round): the reviewer is emailed ``note`` with a link to their review,
    which stops counting toward the quorum until they amend it."""
    review = _locked_review(review)
    article = review.invitation.round.article
    refuse(review_reopen_problems(by, review), permitted=may_assign_reviewers(by, article))
    if not note.strip():
        raise WorkflowError(REOPEN_NEEDS_NOTE)
    amendment = ReviewAmendment.objects.create(review=review, requested_by=by, note=note.strip())
    _save(review.invitation, by, "Asked to amend the review")
    notifications.amendment_requested(amendment)
    return amendment


def _review_as_it_stands(review: Review) -> dict[str, Any]:
    return {
        **{name: getattr(review, name) for name in AMENDABLE_REVIEW_FIELDS},
        "submitted_at": review.submitted_at.isoformat(),
        "claim_checks": [
            {"fingerprint": check.fingerprint, "claim": check.claim, "verdict": check.verdict,
             "comment": check.comment}
            for check in review.claim_checks.all()
        ],
    }  # fmt: skip


@transaction.atomic
def review_amend(
    *,
    review: Review,
    by: User,
    recommendation: str,
    claims_supported: str,
    guidelines_current: str,
    safety_accurate: str,
    language_suitable: str,
    comments_for_author: str,
    confidential_comments: str = "",
    claim_checks: Mapping[str, tuple[str, str]] | None = None,
) -> Review:
    """The reviewer answers an editor's request: the review is replaced by what they submit
    now (checked as a new review is), what it said before is kept with the request, and the
    editors are told. Refused, and nothing saved, once the round has closed."""
    review = _locked_review(review)
    invitation = review.invitation
    refuse(review_amend_problems(by, review), permitted=is_invitee(by, invitation))
    claims, checks = _claim_checks(invitation, claim_checks, recommendation, claims_supported)
    amendment = review.amendments.open().select_for_update().get()
    amendment.previous = _review_as_it_stands(review)
    values = {
        "recommendation": recommendation,
        "claims_supported": claims_supported,
        "guidelines_current": guidelines_current,
        "safety_accurate": safety_accurate,
        "language_suitable": language_suitable,
        "comments_for_author": comments_for_author.strip(),
        "confidential_comments": confidential_comments.strip(),
    }
    for name, value in values.items():
        setattr(review, name, value)
    review.full_clean(exclude=["invitation"])
    review.save(update_fields=list(values))
    review.claim_checks.all().delete()
    _record_checks(review, claims, checks)
    amendment.amended_at = timezone.now()
    amendment.save(update_fields=["previous", "amended_at"])
    _save(invitation, by, f"Review amended: {review.get_recommendation_display()}")
    notifications.review_amended(review, amendment)
    return review


@transaction.atomic
def review_address(*, review: Review, by: User, note: str) -> Review:
    """An editor records how a 'reject' recommendation was addressed, so approval may proceed."""
    review = (
        Review.objects.select_for_update()
        .select_related("invitation__round__article")
        .get(pk=review.pk)
    )
    article = review.invitation.round.article
    refuse(review_address_problems(by, review), permitted=may_assign_reviewers(by, article))
    if not note.strip():
        raise WorkflowError(ADDRESS_NEEDS_NOTE)
    review.addressed_by, review.addressed_at, review.addressed_note = (
        by,
        timezone.now(),
        note.strip(),
    )
    review.save(update_fields=["addressed_by", "addressed_at", "addressed_note"])
    return review


RECOMMENDS = {
    Recommendation.APPROVE: "approval",
    Recommendation.MINOR: "minor changes",
    Recommendation.MAJOR: "major changes",
    Recommendation.REJECT: "rejection",
}


def _reviewers(count: int) -> str:
    return "one reviewer" if count == 1 else f"{count} reviewers"


def approval_still_needs(article: ReviewWorkflow, reviews: Sequence[Review]) -> list[str]:
    """What the round still lacks for an approval, as the author may read it: counts, never a
    reviewer's name, verdict or the claims they disputed (those are the board's)."""
    needs = []
    approving = sum(counts_toward_quorum(review, language=article.language) for review in reviews)
    if approving < quorum():
        needs.append(f"approval needs {quorum()} approving reviews and this round has {approving}")
    current = reviews[0].invitation.round if reviews else None
    if settings.EDITORIAL_CLAIM_SIGNOFF and current is not None:
        signoff = claim_signoff(current)
        open_claims = len(signoff.unchecked) + len(signoff.disputed)
        if open_claims:
            total = open_claims + len(signoff.supported)
            needs.append(
                f"{open_claims} of the {total} cited claims are not yet confirmed against their "
                "sources"
            )
    return needs


def round_summary(article: ReviewWorkflow, reviews: Sequence[Review], step: Step) -> str:
    """The round as it stands, for the letter's $summary: who recommends what (by count), and,
    when the decision is not the approval the reviewers recommend, what stands in its way."""
    counts = Counter(review.recommendation for review in reviews)
    said = ", ".join(
        f"{_reviewers(count)} {'recommends' if count == 1 else 'recommend'} {RECOMMENDS[value]}"
        for value, count in sorted(counts.items(), key=lambda item: list(RECOMMENDS).index(item[0]))
    )
    summary = f"{_reviewers(len(reviews)).capitalize()} reviewed this revision: {said}."
    if step != Step.APPROVE and counts.get(Recommendation.APPROVE) == len(reviews):
        needs = approval_still_needs(article, reviews)
        reason = "; ".join(needs) if needs else "the board asks for more before approving it"
        summary += f" The board cannot approve it as it stands: {reason}."
    return summary


def decision_letter_draft(*, article: ReviewWorkflow, action: str, by: User) -> str:
    """The editable letter for a decision, filled from its template, the round's state and its
    comments for the author (reviewers are numbered, not named; confidential comments never
    appear). The round's state (what the reviewers recommend and, when the decision departs
    from it, what stands in the way) opens $reviews, so that every letter, an editor's own
    wording included, says it; a template that places $summary itself gets it there instead.

    Empty when there is nothing to draft from: a step that is not a decision, or a round with
    no review yet (the letters speak of the board's review and its comments, which would be
    untrue); the decider then writes the letter."""
    outcome = Step(action).round_outcome if action in DECISIONS else None
    letter = DecisionLetterTemplate.objects.filter(outcome=outcome).first() if outcome else None
    reviews = list(round_reviews(article))
    if letter is None or not reviews:
        return ""
    summary = round_summary(article, reviews, Step(action))
    comments = [
        f"Reviewer {number} ({review.get_recommendation_display()}):\n{review.comments_for_author}"
        for number, review in enumerate(reviews, start=1)
    ]
    if "$summary" not in letter.body:
        comments.insert(0, summary)
    return Template(letter.body).safe_substitute(
        author=article.author.get_full_name() or article.author.username,
        title=article.title,
        summary=summary,
        reviews="\n\n".join(comments),
        editor=by.get_full_name() or by.username,
        publisher=settings.PUBLISHER_NAME,
    )
