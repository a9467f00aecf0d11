"""The review workflow of the Medical Advisory Board: the editorial policy, in code.

Read from top to bottom this module is the policy: the states an article passes through, who
plays which role, who may take each step, the conditions a step needs, what the board's members
and editors may do within a review round, and the one service that takes a step. Everything else
(the admin, the authors' forms, management commands, the demo loader) asks the checks here and
calls ``article_transition`` or a service of ``editorial.reviews``; nothing else writes the
review status.

1. An author drafts an article and submits it. Submission freezes the content in a revision.
2. An editor starts the review: a review round opens and board members are invited. Each invited
   member accepts or declines, declares any conflict of interest, then reviews.
3. Board members and editors may request changes or reject, always with a comment for the
   author. Approval needs a quorum of approving reviews, and nobody decides on their own article.
4. Approval makes the reviewed revision the article's live revision: the only thing readers see.
5. Revising an approved article opens a new working copy in draft; readers keep seeing the
   live revision until the next approval replaces it. Archiving takes the article off the site.

Every rule takes the acting user first: ``rule(user, article)``, ``*_problems(user, subject)``.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeAlias

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django_fsm import ConcurrentTransition, ConcurrentTransitionMixin, FSMField, transition

from editorial import notifications
from editorial.claims import Claim, claims_text
from editorial.models import (
    AUTHORS,
    EDITORS,
    RETURNING_INVITATION,
    BoardMember,
    ClaimCheck,
    ClaimVerdict,
    ConflictAnswer,
    InvitationStatus,
    Review,
    ReviewInvitation,
    ReviewRound,
    ReviewState,
    RoundKind,
    RoundOutcome,
    ScheduledPublication,
    TransitionLog,
    User,
)
from editorial.publishing import make_live, publication_requeue, publication_schedule

# Whoever makes a request: a signed-in user, or an anonymous reader.
Someone: TypeAlias = User | AnonymousUser


# --------------------------------------------------------------------------------------------
# States (``ReviewState``): Draft, Submitted, Under review, Changes requested, Approved,
# Rejected, Withdrawn, Archived. Readers see the public tracker below.
# --------------------------------------------------------------------------------------------

TRACKER_STEPS = ("Submitted", "Under Review", "Approved")


@dataclass(frozen=True)
class TrackerStep:
    label: str
    done: bool
    current: bool


def review_tracker(state: str) -> list[TrackerStep]:
    """The public "Article Review Status" tracker for an article in ``state``."""
    position = ReviewState(state).tracker_position
    return [
        TrackerStep(label=label, done=number <= position, current=number == position)
        for number, label in enumerate(TRACKER_STEPS, start=1)
    ]


# --------------------------------------------------------------------------------------------
# Roles. Groups carry the admin's model permissions; board membership is an active profile.
# --------------------------------------------------------------------------------------------


def _group_names(user: User) -> frozenset[str]:
    cached = getattr(user, "_editorial_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._editorial_group_names = cached
    return cached


def _signed_in(user: Someone | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_editor(user: Someone | None) -> bool:
    """Editors run the review: superusers and members of the Editors group."""
    return _signed_in(user) and (user.is_superuser or EDITORS in _group_names(user))


def is_board_member(user: Someone | None) -> bool:
    """Board members are users with an active Medical Advisory Board profile."""
    if not _signed_in(user):
        return False
    try:
        return bool(user.board_member.active)
    except ObjectDoesNotExist:
        return False


def is_author_of(user: Someone | None, article: ReviewWorkflow) -> bool:
    """The article's author and its co-authors."""
    if not _signed_in(user):
        return False
    if article.author_id == user.pk:
        return True
    return article.coauthors.filter(pk=user.pk).exists()


def may_start_article(user: Someone | None) -> bool:
    """Members of the Authors group start new articles in the site's own forms."""
    return _signed_in(user) and AUTHORS in _group_names(user)


def may_decide(user: Someone | None, article: ReviewWorkflow) -> bool:
    """Editors decide; so do board members while EDITORIAL_BOARD_MEMBERS_MAY_DECIDE is on.
    Nobody decides on an article they wrote."""
    board_decides = settings.EDITORIAL_BOARD_MEMBERS_MAY_DECIDE and is_board_member(user)
    return (is_editor(user) or board_decides) and not is_author_of(user, article)


def may_assign_reviewers(user: Someone | None, article: ReviewWorkflow) -> bool:
    """Editors invite, replace and release reviewers, and address rejections; never on an
    article they wrote."""
    return is_editor(user) and not is_author_of(user, article)


def is_invitee(user: Someone | None, invitation: ReviewInvitation) -> bool:
    """Only the invited board member answers, declares and reviews."""
    return is_board_member(user) and invitation.reviewer.user_id == user.pk


def may_read_confidential(user: Someone | None, article: ReviewWorkflow) -> bool:
    """Who may read the board's confidential material about an article: the reviewers'
    confidential comments for the board, their conflict-of-interest declarations and the
    interests they disclose to the board, their verdicts and comments on each claim, the reasons
    they give for declining, and editors' notes on how a rejection was addressed. Editors and
    board members may; an author or co-author of the article never does, whatever other role
    they hold. Every view, email and template that shows such material asks this rule."""
    return (is_editor(user) or is_board_member(user)) and not is_author_of(user, article)


def editors_reading_confidential(article: ReviewWorkflow) -> list[User]:
    """The active editors who may read the board's confidential material about the article:
    those the emails quoting it (a decline reason, a conflict of interest) go to."""
    editors = User.objects.filter(groups__name=EDITORS, is_active=True).distinct()
    return [editor for editor in editors if may_read_confidential(editor, article)]


# --------------------------------------------------------------------------------------------
# Who may take a step, and the conditions a step needs: named rules, each with the sentence
# the policy uses, so the README, the admin and refusals all say the same thing.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A named check. ``refusal`` says, for a condition, what is missing when it fails."""

    description: str
    test: Callable[..., bool]
    refusal: Callable[..., str] | None = None

    def __call__(self, *args: Any) -> bool:
        return bool(self.test(*args))


def rule(description: str) -> Callable[[Callable[..., bool]], Rule]:
    """Who may take a step: ``test(user, article)``."""
    return lambda test: Rule(description=description, test=test)


def condition(description: str, refusal: Callable[..., str]) -> Callable[..., Rule]:
    """What a step needs of the article: ``test(article)``; ``refusal(article)`` explains."""
    return lambda test: Rule(description=description, test=test, refusal=refusal)


@rule("an author of the article")
def author_of_article(user: Someone, article: ReviewWorkflow) -> bool:
    return is_author_of(user, article)


@rule("an author of the article or an editor")
def author_or_editor(user: Someone, article: ReviewWorkflow) -> bool:
    return is_editor(user) or is_author_of(user, article)


@rule("an editor who is not an author of the article")
def editor_not_author(user: Someone, article: ReviewWorkflow) -> bool:
    return may_assign_reviewers(user, article)


@rule(
    "an editor, or a board member where the board may decide (a setting, on by default), "
    "who is not an author of the article"
)
def decider_not_author(user: Someone, article: ReviewWorkflow) -> bool:
    return may_decide(user, article)


@rule("an editor")
def editor(user: Someone, article: ReviewWorkflow) -> bool:
    return is_editor(user)


@condition(
    "the article has a title and some text",
    refusal=lambda article: "The article needs a title and at least one section with text.",
)
def has_text(article: ReviewWorkflow) -> bool:
    return article.has_text()


@condition(
    "every citation marker names one of the article's references",
    refusal=lambda article: (
        "These citation markers name no reference of the article: "
        + ", ".join(f"[@{key}]" for key in article.unresolved_citation_keys())
        + "."
    ),
)
def citations_resolve(article: ReviewWorkflow) -> bool:
    return not article.unresolved_citation_keys()


@condition(
    "the article cites at least one reference",
    refusal=lambda article: "The article cites no reference yet: cite one with [@key].",
)
def cites_a_reference(article: ReviewWorkflow) -> bool:
    return bool(article.cited_references())


@condition(
    "the article has an approved revision on the public site",
    refusal=lambda article: "Only an article with an approved revision can be revised.",
)
def has_live_revision(article: ReviewWorkflow) -> bool:
    return article.live_revision_id is not None


@condition(
    "every listed reference is cited and no two listed references are the same work",
    refusal=lambda article: " ".join(article.reference_list_problems()),
)
def reference_list_sound(article: ReviewWorkflow) -> bool:
    return not article.reference_list_problems()


@condition(
    "no cited reference is retracted unless an editor has acknowledged it",
    refusal=lambda article: " ".join(article.retraction_blocks()),
)
def retractions_acknowledged(article: ReviewWorkflow) -> bool:
    return not article.retraction_blocks()


def quorum() -> int:
    return settings.EDITORIAL_APPROVAL_QUORUM


@condition(
    "the current round has the quorum of approving reviews (EDITORIAL_APPROVAL_QUORUM, 2 by "
    "default)",
    refusal=lambda article: (
        f"Approval needs {quorum()} approving review(s) in the current round; it has "
        f"{len(round_reviews(article).approving())}."
    ),
)
def quorum_met(article: ReviewWorkflow) -> bool:
    return round_reviews(article).approving().count() >= quorum()


@condition(
    "no reviewer of the round has a declared conflict of interest left unresolved",
    refusal=lambda article: (
        "A declared conflict of interest is unresolved ("
        + ", ".join(invitation.reviewer.display_name for invitation in open_conflicts(article))
        + "): replace or release that reviewer first."
    ),
)
def no_open_conflict(article: ReviewWorkflow) -> bool:
    return not open_conflicts(article)


@condition(
    "every 'reject' recommendation of the round has been addressed by an editor",
    refusal=lambda article: (
        "A reviewer recommends rejection ("
        + ", ".join(
            review.invitation.reviewer.display_name for review in unaddressed_rejections(article)
        )
        + "); an editor must address it before the article can be approved."
    ),
)
def rejections_addressed(article: ReviewWorkflow) -> bool:
    return not unaddressed_rejections(article)


@condition(
    "every cited claim of the revision is marked supported by a reviewer of the round (or was, "
    "unchanged, in an earlier round) and none is disputed (EDITORIAL_CLAIM_SIGNOFF, on by "
    "default)",
    refusal=lambda article: " ".join(claim_signoff_problems(open_round(article))),
)
def claims_signed_off(article: ReviewWorkflow) -> bool:
    return not claim_signoff_problems(open_round(article))


# --------------------------------------------------------------------------------------------
# Review rounds: what the conditions above read
# --------------------------------------------------------------------------------------------


def open_round(article: ReviewWorkflow) -> ReviewRound | None:
    return article.review_rounds.open().first()


def round_reviews(article: ReviewWorkflow) -> models.QuerySet[Review]:
    """The reviews of the article's round in progress (none when no round is open)."""
    return (
        Review.objects.in_open_round()
        .filter(invitation__round__article=article)
        .select_related("invitation__reviewer")
    )


def open_conflicts(article: ReviewWorkflow) -> list[ReviewInvitation]:
    conflicted = ReviewInvitation.objects.in_open_round().filter(
        round__article=article, status=InvitationStatus.CONFLICTED
    )
    return list(conflicted.select_related("reviewer"))


def unaddressed_rejections(article: ReviewWorkflow) -> list[Review]:
    rejections = round_reviews(article).recommending_rejection()
    return [review for review in rejections if review.needs_addressing]


@dataclass(frozen=True)
class ClaimSignoff:
    """Where the claims of a round's revision stand: signed off, not yet, or disputed."""

    supported: list[Claim]
    unchecked: list[Claim]
    disputed: list[Claim]

    @property
    def complete(self) -> bool:
        return bool(self.supported) and not self.unchecked and not self.disputed


def claim_verdicts(review_round: ReviewRound) -> tuple[list[Claim], dict[str, set[int]], set[str]]:
    """The claims of the round's revision; for each fingerprint, the rounds (up to this one) in
    which a reviewer marked it supported; and the fingerprints a reviewer of this round
    disputes (not supported, or needing change)."""
    claims = review_round.revision.claims()  # an articles.ArticleRevision
    checks = ClaimCheck.objects.filter(
        review__invitation__round__article_id=review_round.article_id,
        review__invitation__round__number__lte=review_round.number,
        fingerprint__in=[claim.fingerprint for claim in claims],
    ).values_list("fingerprint", "verdict", "review__invitation__round__number")
    supported_in: dict[str, set[int]] = {}
    disputed: set[str] = set()
    for fingerprint, verdict, number in checks:
        if verdict == ClaimVerdict.SUPPORTED:
            supported_in.setdefault(fingerprint, set()).add(number)
        elif number == review_round.number:
            disputed.add(fingerprint)
    return claims, supported_in, disputed


def carried_over_claims(review_round: ReviewRound) -> dict[str, int]:
    """Claims of the round's revision that a reviewer of an earlier round marked supported
    while they read the same: the latest such round, by fingerprint."""
    _, supported_in, _ = claim_verdicts(review_round)
    earlier = {
        fingerprint: max(number for number in rounds if number < review_round.number)
        for fingerprint, rounds in supported_in.items()
        if any(number < review_round.number for number in rounds)
    }
    return earlier


def claim_signoff(review_round: ReviewRound) -> ClaimSignoff:
    """A claim is signed off when a reviewer of ``review_round`` marked it supported, or one of
    an earlier round of the article did while it read the same (same words, same works), and no
    reviewer of ``review_round`` marked it not supported or needing change."""
    claims, supported_in, disputed = claim_verdicts(review_round)
    return ClaimSignoff(
        supported=[
            claim
            for claim in claims
            if claim.fingerprint in supported_in and claim.fingerprint not in disputed
        ],
        unchecked=[
            claim
            for claim in claims
            if claim.fingerprint not in supported_in and claim.fingerprint not in disputed
        ],
        disputed=[claim for claim in claims if claim.fingerprint in disputed],
    )


def claim_signoff_problems(review_round: ReviewRound | None) -> list[str]:
    """What stops approval under EDITORIAL_CLAIM_SIGNOFF: claims no reviewer of the round has
    marked supported, and claims a reviewer of the round disputes. Empty when the setting is
    off."""
    if not settings.EDITORIAL_CLAIM_SIGNOFF or review_round is None:
        return []
    signoff = claim_signoff(review_round)
    problems = []
    if signoff.unchecked:
        problems.append(
            "These cited claims are not yet marked supported by a reviewer of this round: "
            + claims_text(signoff.unchecked)
            + "."
        )
    if signoff.disputed:
        problems.append(
            "A reviewer of this round marked these claims not supported or needing change: "
            + claims_text(signoff.disputed)
            + "."
        )
    return problems


def review_due_date() -> date:
    """When a reviewer invited today is due: EDITORIAL_REVIEW_DUE_DAYS from today."""
    return timezone.localdate() + timedelta(days=settings.EDITORIAL_REVIEW_DUE_DAYS)


# --------------------------------------------------------------------------------------------
# The board's review: who may invite, answer, declare, review, replace and address. Each check
# returns why ``user`` may not do it now (empty when they may); the service in
# ``editorial.reviews`` and the admin's buttons ask the same check.
# --------------------------------------------------------------------------------------------

NO_OPEN_ROUND = "The article has no review round in progress: start the review first."
ROUND_CLOSED = "This review round is closed."


def reviewer_problems(member: BoardMember, article: ReviewWorkflow) -> list[str]:
    """Why this board member cannot review this article; empty when they can."""
    if not member.active or not member.user.is_active:
        return [f"{member.display_name} is not an active board member."]
    if is_author_of(member.user, article):
        return [f"{member.display_name} is an author of this article and cannot review it."]
    return []


def eligible_reviewers(article: ReviewWorkflow) -> models.QuerySet[BoardMember]:
    """The same rule as ``reviewer_problems``, for the whole board at once: active members with
    an active account who are not authors of the article."""
    authors = [article.author_id, *article.coauthors.values_list("pk", flat=True)]
    return BoardMember.objects.filter(active=True, user__is_active=True).exclude(
        user_id__in=authors
    )


def invite_problems(user: Someone, article: ReviewWorkflow) -> list[str]:
    """Why ``user`` may not invite reviewers to the article's round now."""
    if not may_assign_reviewers(user, article):
        return ["Only an editor who is not an author of the article may invite reviewers."]
    if open_round(article) is None:
        return [NO_OPEN_ROUND]
    return []


def _invitee_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    if not is_invitee(user, invitation):
        return ["Only the invited board member may answer this invitation."]
    if not invitation.round.is_open:
        return [ROUND_CLOSED]
    return []


def invitation_accept_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    problems = _invitee_problems(user, invitation)
    if not problems and not invitation.awaiting_answer:
        problems = [f"This invitation is {invitation.get_status_display().lower()}."]
    return problems


def invitation_decline_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    problems = _invitee_problems(user, invitation)
    if not problems and not invitation.is_pending:
        problems = [f"This invitation is {invitation.get_status_display().lower()}."]
    return problems


def conflict_declaration_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    """Before reviewing, the member declares that there is no conflict of interest, or one."""
    problems = _invitee_problems(user, invitation)
    if not problems and not invitation.is_pending:
        status = invitation.get_status_display().lower()
        problems = [f"This invitation is {status}: nothing to declare."]
    return problems


def review_submit_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    """A member reviews once, after accepting and declaring no conflict of interest."""
    problems = _invitee_problems(user, invitation)
    if problems:
        return problems
    if invitation.is_reviewed or hasattr(invitation, "review"):
        return ["You have already reviewed this round; a review cannot be changed."]
    if invitation.status != InvitationStatus.ACCEPTED:
        return ["Accept the invitation before reviewing."]
    if invitation.conflict != ConflictAnswer.NONE:
        return ["Declare whether you have a conflict of interest before reviewing."]
    return []


def disclosure_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    """What readers see of a reviewer's interests is the board's to decide: an editor who is
    not an author publishes it, for a member who declared no conflict and reviewed (or will)."""
    if not may_assign_reviewers(user, invitation.round.article):
        return ["Only an editor who is not an author of the article may publish a disclosure."]
    if invitation.conflict != ConflictAnswer.NONE:
        return ["Only a member who declared no conflict of interest reviews, and is disclosed."]
    return []


def invitation_replace_problems(
    user: Someone, invitation: ReviewInvitation, today: date | None = None
) -> list[str]:
    """A declined, conflicted or overdue reviewer is replaced or released by an editor."""
    if not may_assign_reviewers(user, invitation.round.article):
        return ["Only an editor who is not an author of the article may replace reviewers."]
    if not invitation.round.is_open:
        return [ROUND_CLOSED]
    if not (invitation.is_replaceable or invitation.is_overdue(today)):
        return ["Only a declined, conflicted or overdue invitation can be replaced or released."]
    return []


def review_address_problems(user: Someone, review: Review) -> list[str]:
    """An editor records how a 'reject' recommendation was addressed, so approval may proceed."""
    if not may_assign_reviewers(user, review.invitation.round.article):
        return ["Only an editor who is not an author of the article may do this."]
    if not review.needs_addressing:
        if review.addressed_at:
            return ["This recommendation has already been addressed."]
        return ["Only a 'reject' recommendation needs to be addressed."]
    if not review.invitation.round.is_open:
        return [ROUND_CLOSED]
    return []


# --------------------------------------------------------------------------------------------
# The state machine
# --------------------------------------------------------------------------------------------


class WorkflowError(Exception):
    """A step of the workflow was refused. ``problems`` says why, in the policy's words."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(self.problems))


class PermissionRefused(WorkflowError):
    """The user may not take this step on this article."""


def refuse(problems: Sequence[str], *, permitted: bool) -> None:
    """Raise the refusal ``problems`` describe: ``PermissionRefused`` when the user may not act
    at all, ``WorkflowError`` when they may but not now. Nothing when there is no problem."""
    if problems:
        raise (WorkflowError if permitted else PermissionRefused)(problems)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple[ReviewState, ...]
    target: ReviewState
    permission: Rule
    conditions: tuple[Rule, ...]
    comment_required: bool
    summary: str


ACTIONS: dict[str, Action] = {}


def review_transition(
    *,
    label: str,
    source: ReviewState | Sequence[ReviewState],
    target: ReviewState,
    permission: Rule,
    conditions: Sequence[Rule] = (),
    comment_required: bool = False,
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Declare one step: django-fsm enforces source and conditions, and the step itself refuses
    a user without the right or a missing comment, even when its method is called directly."""
    sources = (source,) if isinstance(source, ReviewState) else tuple(source)

    def decorate(method: Callable[..., None]) -> Callable[..., None]:
        action = Action(
            name=method.__name__,
            label=label,
            sources=sources,
            target=target,
            permission=permission,
            conditions=tuple(conditions),
            comment_required=comment_required,
            summary=(method.__doc__ or "").strip(),
        )
        ACTIONS[action.name] = action

        @functools.wraps(method)
        def guarded(self: ReviewWorkflow, *, by: User, comment: str = "", **options: Any) -> None:
            if not permission(by, self):
                raise PermissionRefused(f"Only {permission.description} may {label.lower()}.")
            if comment_required and not comment.strip():
                raise WorkflowError(f"A comment for the author is required to {label.lower()}.")
            method(self, by=by, comment=comment, **options)

        return transition(
            field="status",
            source=list(sources),
            target=target,
            # django-fsm calls permission(instance, user); our rules take the user first.
            permission=lambda instance, user: permission(user, instance),
            conditions=list(conditions),
            custom={"label": label},
        )(guarded)

    return decorate


S = ReviewState


class ReviewWorkflow(ConcurrentTransitionMixin, models.Model):
    """The review status of an article and the steps that change it.

    The article model (``articles.Article``) inherits it and provides what the steps read of
    its content: the methods below that raise ``NotImplementedError`` here, and the fields
    ``author``, ``coauthors``, ``live_revision`` and ``review_interval_months``.
    """

    status = FSMField(
        "review status",
        max_length=40,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        protected=True,
        db_index=True,
    )

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Any = None) -> None:
        # Validation never assigns the status: only the transitions below change it.
        super().clean_fields(exclude={*(exclude or ()), "status"})

    # The steps -------------------------------------------------------------------------------

    @review_transition(
        label="Submit for review",
        source=S.DRAFT,
        target=S.SUBMITTED,
        permission=author_of_article,
        conditions=[has_text, citations_resolve, cites_a_reference, reference_list_sound],
    )
    def submit(self, *, by: User, comment: str = "") -> None:
        """The author sends the draft to the board; its content is frozen in a new revision."""
        self.take_snapshot(by=by, note=comment)

    @review_transition(
        label="Resubmit",
        source=S.CHANGES_REQUESTED,
        target=S.SUBMITTED,
        permission=author_of_article,
        conditions=[has_text, citations_resolve, cites_a_reference, reference_list_sound],
    )
    def resubmit(self, *, by: User, comment: str = "") -> None:
        """The author answers the board's requests; the revised content is frozen anew."""
        self.take_snapshot(by=by, note=comment)

    @review_transition(
        label="Withdraw",
        source=[S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.CHANGES_REQUESTED],
        target=S.WITHDRAWN,
        permission=author_of_article,
    )
    def withdraw(self, *, by: User, comment: str = "") -> None:
        """The author takes the working copy out of review. A live revision stays public."""
        close_review_round(self, outcome=RoundOutcome.WITHDRAWN)

    @review_transition(
        label="Reopen as draft",
        source=S.WITHDRAWN,
        target=S.DRAFT,
        permission=author_or_editor,
    )
    def reopen(self, *, by: User, comment: str = "") -> None:
        """A withdrawn article goes back to draft so that its author can work on it again."""

    @review_transition(
        label="Start review",
        source=S.SUBMITTED,
        target=S.UNDER_REVIEW,
        permission=editor_not_author,
    )
    def start_review(self, *, by: User, comment: str = "") -> None:
        """An editor hands the submitted revision to the board: a new review round opens, and
        the previous round's reviewers are invited again."""
        open_review_round(self, kind=RoundKind.SUBMISSION, by=by)

    @review_transition(
        label="Start a periodic re-review",
        source=S.APPROVED,
        target=S.UNDER_REVIEW,
        permission=editor_not_author,
        conditions=[has_live_revision],
    )
    def start_rereview(self, *, by: User, comment: str = "") -> None:
        """An editor sends the live article back to the board; readers keep seeing it meanwhile."""
        self.take_snapshot(by=by, note=comment)
        open_review_round(self, kind=RoundKind.PERIODIC, by=by)

    @review_transition(
        label="Request changes",
        source=[S.SUBMITTED, S.UNDER_REVIEW],
        target=S.CHANGES_REQUESTED,
        permission=decider_not_author,
        comment_required=True,
    )
    def request_changes(self, *, by: User, comment: str = "") -> None:
        """The board sends the article back to its author with what to change; the round closes."""
        close_review_round(self, outcome=RoundOutcome.CHANGES_REQUESTED)

    @review_transition(
        label="Reject",
        source=[S.SUBMITTED, S.UNDER_REVIEW],
        target=S.REJECTED,
        permission=decider_not_author,
        comment_required=True,
    )
    def reject(self, *, by: User, comment: str = "") -> None:
        """The board declines the revision, saying why. A live revision stays public."""
        close_review_round(self, outcome=RoundOutcome.REJECTED)

    @review_transition(
        label="Approve",
        source=S.UNDER_REVIEW,
        target=S.APPROVED,
        permission=decider_not_author,
        conditions=[
            quorum_met,
            no_open_conflict,
            rejections_addressed,
            retractions_acknowledged,
            claims_signed_off,
        ],
    )
    def approve(self, *, by: User, comment: str = "", publish_at: datetime | None = None) -> None:
        """The reviewed revision is approved and replaces the live one, at once or at the time
        the decider chose (``publish_at``): readers keep the previous one until then. "Last
        reviewed" is set and the next periodic review scheduled; "Last updated" moves only if
        the text changed."""
        now = timezone.now()
        revision = self.latest_revision()
        publications_cancel(self, by=by, at=now)  # this approval supersedes any still pending
        if publish_at is None:
            make_live(self, revision, by=by, at=now)
        else:
            publication_schedule(self, revision, by=by, at=publish_at)
        self.last_reviewed_at = now
        months = self.review_interval_months or settings.EDITORIAL_REREVIEW_MONTHS
        self.next_review_due = add_months(timezone.localdate(now), months)
        close_review_round(self, outcome=RoundOutcome.APPROVED)

    @review_transition(
        label="Start a new revision",
        source=[S.APPROVED, S.REJECTED],
        target=S.DRAFT,
        permission=author_or_editor,
        conditions=[has_live_revision],
    )
    def revise(self, *, by: User, comment: str = "") -> None:
        """A published article gets a new working copy in draft; readers keep the live one."""

    @review_transition(
        label="Archive",
        source=[S.DRAFT, S.CHANGES_REQUESTED, S.APPROVED, S.REJECTED, S.WITHDRAWN],
        target=S.ARCHIVED,
        permission=editor,
    )
    def archive(self, *, by: User, comment: str = "") -> None:
        """An editor retires the article: it leaves the public site (a publication still to
        come is cancelled), its history stays."""
        publications_cancel(self, by=by, at=timezone.now())

    # What the steps read of the content under review (declared after the steps, so that the
    # conditions named in the decorators above are the module's rules, not these methods).

    def has_text(self) -> bool:
        raise NotImplementedError

    def unresolved_citation_keys(self) -> list[str]:
        raise NotImplementedError

    def cited_references(self) -> list[Any]:
        raise NotImplementedError

    def reference_list_problems(self) -> list[str]:
        """Listed works never cited, works listed twice: what must be fixed before review."""
        raise NotImplementedError

    def retraction_blocks(self) -> list[str]:
        """Each retracted work the article cites that no editor has acknowledged."""
        raise NotImplementedError

    def latest_revision(self) -> Any:
        raise NotImplementedError

    def take_snapshot(self, *, by: User, note: str = "") -> Any:
        raise NotImplementedError

    def review_specialty_ids(self) -> set[int]:
        """The specialties (``editorial.Specialty``) the article's subject calls for."""
        raise NotImplementedError


def publications_cancel(article: ReviewWorkflow, *, by: User, at: datetime) -> None:
    for publication in ScheduledPublication.objects.pending().filter(article=article):
        publication.cancelled_at, publication.cancelled_by = at, by
        publication._history_user = by
        publication._change_reason = "Cancelled"
        publication.save()


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def open_review_round(article: ReviewWorkflow, *, kind: str, by: User) -> ReviewRound:
    """Open the next round on the latest revision, inviting the last round's reviewers again
    (those who reviewed, or whose invitation lapsed with the round; not released ones)."""
    previous = article.review_rounds.order_by("-number").first()
    new_round = ReviewRound.objects.create(
        article=article,
        number=(previous.number + 1) if previous else 1,
        kind=kind,
        revision=article.latest_revision(),
        opened_at=timezone.now(),
    )
    if previous is not None:
        returning = previous.invitations.filter(status__in=RETURNING_INVITATION).select_related(
            "reviewer__user"
        )
        due_date = review_due_date()
        for invitation in returning:
            if not reviewer_problems(invitation.reviewer, article):
                invited = ReviewInvitation.objects.record(
                    round=new_round, reviewer=invitation.reviewer, by=by, due_date=due_date
                )
                notifications.invitation_sent(invited)
    return new_round


def close_review_round(article: ReviewWorkflow, *, outcome: str) -> None:
    """Close the open round with the decision taken; invitations still pending lapse (and
    their reviewers are invited again to the next round, unlike released ones)."""
    current = open_round(article)
    if current is None:
        return
    current.invitations.pending().update(status=InvitationStatus.LAPSED)
    current.closed_at = timezone.now()
    current.outcome = outcome
    current.save(update_fields=["closed_at", "outcome"])
    article._closed_round = current


# --------------------------------------------------------------------------------------------
# Taking a step: the one service every caller uses
# --------------------------------------------------------------------------------------------


def action_problems(
    user: Someone, article: ReviewWorkflow, action: Action, comment: str = ""
) -> list[str]:
    """Why ``user`` may not take ``action`` on ``article`` now; empty when they may."""
    state = ReviewState(article.status)
    if state not in action.sources:
        return [f"“{action.label}” is not possible while the article is {state.label.lower()}."]
    if not action.permission(user, article):
        return [f"Only {action.permission.description} may {action.label.lower()}."]
    problems = [needed.refusal(article) for needed in action.conditions if not needed(article)]
    if action.comment_required and not comment.strip():
        problems.append(f"A comment for the author is required to {action.label.lower()}.")
    return problems


@dataclass(frozen=True)
class AvailableAction:
    action: Action
    blocked_by: list[str]


def available_actions(user: Someone, article: ReviewWorkflow) -> list[AvailableAction]:
    """The steps ``user`` may take from the article's current state, with any unmet condition."""
    state = ReviewState(article.status)
    offered = []
    for action in ACTIONS.values():
        if state in action.sources and action.permission(user, article):
            blocked_by = [
                needed.refusal(article) for needed in action.conditions if not needed(article)
            ]
            offered.append(AvailableAction(action=action, blocked_by=blocked_by))
    return offered


def article_transition(
    *,
    article: ReviewWorkflow,
    action: str,
    by: User,
    comment: str = "",
    publish_at: datetime | None = None,
) -> TransitionLog:
    """Take one step of the workflow, atomically: lock, check, change, save, audit, notify.

    An approval may carry ``publish_at``, a time to come at which the approved revision goes
    live. Raises ``PermissionRefused`` or ``WorkflowError`` (and changes nothing) when the step
    is not allowed; two people acting at once cannot both succeed.
    """
    spec = ACTIONS.get(action)
    if spec is None:
        raise WorkflowError(f"“{action}” is not a step of the review workflow.")
    comment = comment.strip()
    options = {}
    if publish_at is not None:
        if action != "approve":
            raise WorkflowError("Only an approval can be given a publication time.")
        if publish_at <= timezone.now():
            raise WorkflowError("The publication time must be in the future.")
        options["publish_at"] = publish_at
    try:
        with transaction.atomic():
            locked = type(article).objects.select_for_update().get(pk=article.pk)
            problems = action_problems(by, locked, spec, comment)
            if problems:
                in_state = ReviewState(locked.status) in spec.sources
                refuse(problems, permitted=not in_state or spec.permission(by, locked))
            source = locked.status
            getattr(locked, action)(by=by, comment=comment, **options)
            locked._history_user = by
            # simple-history keeps 100 characters; the full comment is in the TransitionLog.
            reason = f"{spec.label}: {comment}" if comment else spec.label
            locked._change_reason = Truncator(reason).chars(100)
            locked.save()
            entry = TransitionLog.objects.create(
                article=locked,
                revision=locked.latest_revision(),
                action=action,
                source=source,
                target=locked.status,
                actor=by,
                comment=comment,
                created_at=timezone.now(),
            )
            closed_round = getattr(locked, "_closed_round", None)
            if closed_round is not None:
                closed_round.decision = entry
                closed_round.save(update_fields=["decision"])
            notifications.transition_taken(entry)
    except ConcurrentTransition as exc:
        raise WorkflowError(
            "Someone else changed this article at the same moment. Reload it and try again."
        ) from exc
    return entry


# --------------------------------------------------------------------------------------------
# Scheduled publication: editors move or cancel an approval's publication time
# --------------------------------------------------------------------------------------------


def publication_problems(user: Someone, publication: ScheduledPublication) -> list[str]:
    """Why ``user`` may not move or cancel this scheduled publication now."""
    if not may_assign_reviewers(user, publication.article):
        return [
            "Only an editor who is not an author of the article may move or cancel its publication."
        ]
    if not publication.is_pending:
        done = "carried out" if publication.published_at else "cancelled"
        return [f"This publication was {done} already."]
    return []


def publication_move(
    *, publication: ScheduledPublication, by: User, publish_at: datetime
) -> ScheduledPublication:
    """Move a scheduled publication; a time that has come publishes at the next worker run."""
    with transaction.atomic():
        publication = (
            ScheduledPublication.objects.select_for_update()
            .select_related("article")
            .get(pk=publication.pk)
        )
        problems = publication_problems(by, publication)
        if problems:
            refuse(problems, permitted=may_assign_reviewers(by, publication.article))
        publication.publish_at = max(publish_at, timezone.now())
        publication._history_user = by
        publication._change_reason = "Moved"
        publication.save()
        publication_requeue(publication)
    return publication


def publication_cancel(*, publication: ScheduledPublication, by: User) -> ScheduledPublication:
    """Cancel a scheduled publication: readers keep what they see now."""
    with transaction.atomic():
        publication = (
            ScheduledPublication.objects.select_for_update()
            .select_related("article")
            .get(pk=publication.pk)
        )
        problems = publication_problems(by, publication)
        if problems:
            refuse(problems, permitted=may_assign_reviewers(by, publication.article))
        publication.cancelled_at, publication.cancelled_by = timezone.now(), by
        publication._history_user = by
        publication._change_reason = "Cancelled"
        publication.save()
    return publication


# --------------------------------------------------------------------------------------------
# Editing the working copy
# --------------------------------------------------------------------------------------------


def content_edit_problems(user: Someone, article: ReviewWorkflow) -> list[str]:
    """Why ``user`` may not change the article's working copy now; empty when they may."""
    if not is_author_of(user, article):
        return ["Only an author of the article may edit it."]
    state = ReviewState(article.status)
    if not state.content_is_editable:
        problems = [
            f"The article is {state.label.lower()}, so its text is locked; it can be edited "
            "again in draft or once the board has requested changes."
        ]
        if state in ACTIONS["withdraw"].sources:
            problems.append("To change the text now, withdraw the article first.")
        return problems
    return []


def submission_step(user: Someone, article: ReviewWorkflow) -> str | None:
    """The step that sends this working copy to the board: "submit", or "resubmit" after the
    board asked for changes; None when ``user`` can take neither from the current state."""
    state = ReviewState(article.status)
    for name in ("submit", "resubmit"):
        action = ACTIONS[name]
        if state in action.sources and action.permission(user, article):
            return name
    return None


# --------------------------------------------------------------------------------------------
# The policy as a table, for the README and the editorial policy page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyRow:
    label: str
    sources: str
    target: str
    who: str
    conditions: str


def policy_table() -> list[PolicyRow]:
    rows = []
    for action in ACTIONS.values():
        needs = [condition.description for condition in action.conditions]
        if action.comment_required:
            needs.append("a comment for the author")
        rows.append(
            PolicyRow(
                label=action.label,
                sources=", ".join(state.label for state in action.sources),
                target=action.target.label,
                who=action.permission.description[0].upper() + action.permission.description[1:],
                conditions="; ".join(needs) or "—",
            )
        )
    return rows


def policy_table_markdown() -> str:
    lines = [
        "| Step | From | To | Who may take it | Conditions |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {row.label} | {row.sources} | {row.target} | {row.who} | {row.conditions} |"
        for row in policy_table()
    ]
    return "\n".join(lines)


def policy_diagram_mermaid() -> str:
    """The state graph as a Mermaid diagram (GitHub renders it in the README)."""
    lines = ["```mermaid", "stateDiagram-v2", "    [*] --> draft"]
    for action in ACTIONS.values():
        lines += [
            f"    {source.value} --> {action.target.value}: {action.label}"
            for source in action.sources
        ]
    lines += ["    archived --> [*]", "```"]
    return "\n".join(lines)
