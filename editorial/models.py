"""The people and records of the board's review: users and their roles, board members, the
workflow's audit trail, review rounds, invitations and reviews, decision letters, re-review
notices and the editorial policy.

The rules that read and write these records are in ``editorial.workflow`` (who may do what, and
when) and ``editorial.reviews`` (the board's services). Choices and the filters used more than
once are declared here, once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from editorial.history import save_with_history
from editorial.languages import default_review_languages, languages_read

# --------------------------------------------------------------------------------------------
# Review states: the steps between them are the workflow's (editorial/workflow.py).
# --------------------------------------------------------------------------------------------


class ReviewState(models.TextChoices):
    DRAFT = "draft", gettext_noop("Draft")
    SUBMITTED = "submitted", gettext_noop("Submitted")
    UNDER_REVIEW = "under_review", gettext_noop("Under review")
    CHANGES_REQUESTED = "changes_requested", gettext_noop("Changes requested")
    APPROVED = "approved", gettext_noop("Approved")
    REJECTED = "rejected", gettext_noop("Rejected")
    WITHDRAWN = "withdrawn", gettext_noop("Withdrawn")
    ARCHIVED = "archived", gettext_noop("Archived")

    @property
    def content_is_editable(self) -> bool:
        """Authors may change the working copy only while it is not with the board."""
        return self in (ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED)

    @property
    def tracker_position(self) -> int:
        """How far along "Submitted / Under Review / Approved" this state is (0 = not yet)."""
        return _TRACKER_POSITION[self]


_TRACKER_POSITION = {
    ReviewState.DRAFT: 0,
    ReviewState.WITHDRAWN: 0,
    ReviewState.SUBMITTED: 1,
    ReviewState.UNDER_REVIEW: 2,
    ReviewState.CHANGES_REQUESTED: 2,
    ReviewState.REJECTED: 2,
    ReviewState.APPROVED: 3,
    ReviewState.ARCHIVED: 3,
}


class Step(models.TextChoices):
    """The steps of the review workflow, by name and label: who may take each, from where to
    where and on what conditions is the workflow's (``editorial.workflow.machine``)."""

    SUBMIT = "submit", gettext_noop("Submit for review")
    RESUBMIT = "resubmit", gettext_noop("Resubmit")
    WITHDRAW = "withdraw", gettext_noop("Withdraw")
    REOPEN = "reopen", gettext_noop("Reopen as draft")
    START_REVIEW = "start_review", gettext_noop("Start review")
    START_REREVIEW = "start_rereview", gettext_noop("Start a periodic re-review")
    REQUEST_CHANGES = "request_changes", gettext_noop("Request changes")
    REJECT = "reject", gettext_noop("Reject")
    APPROVE = "approve", gettext_noop("Approve")
    REVISE = "revise", gettext_noop("Start a new revision")
    ARCHIVE = "archive", gettext_noop("Archive")

    @property
    def round_outcome(self) -> str | None:
        """How a step closes the round in progress (None: it closes none)."""
        return _ROUND_OUTCOMES.get(self)


# The steps an author takes in the site's own forms; the board's decisions on a round.
AUTHOR_STEPS = (Step.SUBMIT, Step.RESUBMIT, Step.WITHDRAW, Step.REOPEN, Step.REVISE)
DECISIONS = (Step.REQUEST_CHANGES, Step.REJECT, Step.APPROVE)
SUBMISSIONS = (Step.SUBMIT, Step.RESUBMIT)


# --------------------------------------------------------------------------------------------
# People. Roles are groups (created by migrations); board membership is an active profile.
# --------------------------------------------------------------------------------------------

AUTHORS = "Authors"
BOARD_MEMBERS = "Board members"
EDITORS = "Editors"
# Translators draft translations of published articles (never an original: editorial.roles).
TRANSLATORS = "Translators"
ROLE_GROUPS = (AUTHORS, BOARD_MEMBERS, EDITORS, TRANSLATORS)
# Not a role one is granted: the group of the guest reviewers' accounts, which lets them open
# their own invitation in the admin (editorial.guests).
GUEST_REVIEWERS = "Guest reviewers"


class UserQuerySet(models.QuerySet):
    def editors(self) -> UserQuerySet:
        """The editors, as ``editorial.roles.is_editor`` counts them: active superusers and
        active members of the Editors group."""
        return self.filter(
            models.Q(is_superuser=True) | models.Q(groups__name=EDITORS), is_active=True
        ).distinct()


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in: an author, a board member, an editor, or a site administrator."""

    # Raised to end every session of the user at once (``editorial.sessions.end_sessions``):
    # a session carries a hash of the password and of this number, and Django refuses a
    # session whose hash no longer matches, as it does after a password change.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash of the password (AbstractBaseUser), which every session signed in
        # carries and every request checks; until a first end_sessions, exactly Django's.
        password_hash = super()._get_session_auth_hash(secret=secret)
        if not self.session_epoch:
            return password_hash
        return salted_hmac(
            "editorial.models.User.session_epoch",
            f"{password_hash}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Specialty(models.Model):
    """A field of medicine. Board members have specialties; topics map to specialties, so the
    editor inviting reviewers sees who knows the subject first."""

    name = models.CharField(max_length=100, unique=True)
    # The topics that call for a specialty are the site's to say: ``articles.Topic.specialties``
    # (``specialty.topics`` from this side).

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


class BoardMemberQuerySet(models.QuerySet):
    def reviewing_in(self, language: str) -> BoardMemberQuerySet:
        """Members who declared they review in ``language`` (``BoardMember.reviews_in``)."""
        return self.filter(review_languages__contains=f" {language} ")


class BoardMember(models.Model):
    """A member of the Medical Advisory Board. Only active members may review, and only
    articles in a language they review in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_member"
    )
    display_name = models.CharField(max_length=200, help_text="As shown to readers.")
    credentials = models.CharField(max_length=100, help_text="e.g. MD, FAAP")
    specialty = models.CharField(max_length=200, help_text="As shown to readers.")
    specialties = models.ManyToManyField(
        Specialty,
        blank=True,
        related_name="members",
        help_text="What the member reviews: matched with the specialties of an article's topics.",
    )
    bio = models.TextField("short bio", max_length=2000, blank=True)
    active = models.BooleanField(default=True)
    external = models.BooleanField(
        "guest reviewer",
        default=False,
        help_text="A specialist who is not on the board, invited by an editor to review: signs "
        "in only through the link of an invitation, reads nothing else.",
    )
    review_languages = models.CharField(
        "languages reviewed in",
        max_length=200,
        default=default_review_languages,
        help_text="The languages (of LANGUAGES) the member reviews articles and translations "
        "in, space-separated codes (editorial.languages).",
    )

    history = HistoricalRecords(m2m_fields=["specialties"])
    objects = BoardMemberQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}"

    @property
    def languages(self) -> list[str]:
        return languages_read(self.review_languages)

    def reviews_in(self, language: str) -> bool:
        """The same rule as ``BoardMember.objects.reviewing_in``, for one member."""
        return language in self.languages


class ReviewedRevision(models.Model):
    """What the board reviews and approves: an immutable revision of the reviewed content
    (``settings.EDITORIAL_REVISION_MODEL``, ``articles.ArticleRevision``), with the record of its
    approval. The model named by the setting inherits this; a system check says so when it does
    not. It provides ``article`` (a foreign key to ``settings.EDITORIAL_REVIEWED_MODEL``) and the
    methods below that raise ``NotImplementedError`` here."""

    APPROVAL_FIELDS = frozenset(
        {"approved_at", "approved_by", "policy_version", "disclaimer_version"}
    )

    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    policy_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The editorial policy version in force at approval."
    )
    disclaimer_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The disclaimer version in force at approval."
    )

    class Meta:
        abstract = True

    def claims(self) -> list[Any]:
        """The claims of the revision (``editorial.claims.Claim``), numbered as readers see them."""
        raise NotImplementedError

    def same_content_as(self, other: ReviewedRevision) -> bool:
        """Whether two revisions say the same thing (a re-review may approve unchanged text)."""
        raise NotImplementedError

    def section_texts(self) -> list[tuple[str, str]]:
        """Each section's heading and its text as readers read it (no markup, no citation
        numbers, spaces collapsed): where a comment's quoted passage is found."""
        raise NotImplementedError


class TransitionLog(models.Model):
    """The audit trail of the review workflow: who moved which article from where to where, and why.

    Written only by ``editorial.workflow.article_transition``; never edited afterwards.
    """

    article = models.ForeignKey(
        settings.EDITORIAL_REVIEWED_MODEL, on_delete=models.CASCADE, related_name="transition_logs"
    )
    revision = models.ForeignKey(
        settings.EDITORIAL_REVISION_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The snapshot the transition concerned, when there is one.",
    )
    action = models.CharField("step", max_length=40, choices=Step.choices)
    source = models.CharField("from", max_length=40, choices=ReviewState.choices)
    target = models.CharField("to", max_length=40, choices=ReviewState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="transition_logs"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "workflow transition"

    def __str__(self) -> str:
        return f"{self.action}: {self.source} → {self.target} by {self.actor}"

    @property
    def step(self) -> Step:
        return Step(self.action)

    @property
    def source_label(self) -> str:
        return ReviewState(self.source).label

    @property
    def target_label(self) -> str:
        return ReviewState(self.target).label


class RoundKind(models.TextChoices):
    SUBMISSION = "submission", "Review of a submission"
    PERIODIC = "periodic", "Periodic re-review"


class RoundOutcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


_ROUND_OUTCOMES = {
    Step.WITHDRAW: RoundOutcome.WITHDRAWN,
    Step.REQUEST_CHANGES: RoundOutcome.CHANGES_REQUESTED,
    Step.REJECT: RoundOutcome.REJECTED,
    Step.APPROVE: RoundOutcome.APPROVED,
}


class ReviewRoundQuerySet(models.QuerySet):
    def open(self) -> ReviewRoundQuerySet:
        """Rounds in progress: opened, not yet closed by a decision (one per article at most)."""
        return self.filter(closed_at__isnull=True)


class ReviewRound(models.Model):
    """One pass of the board over one revision. Opened when review starts, closed by a decision."""

    article = models.ForeignKey(
        settings.EDITORIAL_REVIEWED_MODEL, on_delete=models.CASCADE, related_name="review_rounds"
    )
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=RoundKind.choices, default=RoundKind.SUBMISSION)
    revision = models.ForeignKey(
        settings.EDITORIAL_REVISION_MODEL, on_delete=models.PROTECT, related_name="review_rounds"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=RoundOutcome.choices, blank=True)
    decision = models.ForeignKey(
        TransitionLog,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The workflow step that closed the round, with its decision letter.",
    )

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="round_number_unique"),
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_round_per_article",
                violation_error_message="This article already has a review round in progress.",
            ),
        ]

    def __str__(self) -> str:
        return f"Round {self.number}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class InvitationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CONFLICTED = "conflicted", "Conflict of interest"
    REVIEWED = "reviewed", "Reviewed"
    REPLACED = "replaced", "Replaced"
    CANCELLED = "cancelled", "Released by the editor"
    LAPSED = "lapsed", "Lapsed when the round closed"


# An invitation still counts on its round: the member has not declined, conflicted or left.
ACTIVE_INVITATION = [InvitationStatus.INVITED, InvitationStatus.ACCEPTED, InvitationStatus.REVIEWED]
# Invited or accepted, not yet reviewed: the member still owes an answer or a review.
PENDING_INVITATION = [InvitationStatus.INVITED, InvitationStatus.ACCEPTED]
# How a round's earlier invitation carries over to the next round: these members are invited
# again (a lapsed invitation lapsed only because the round closed); released ones are not.
RETURNING_INVITATION = [InvitationStatus.REVIEWED, InvitationStatus.LAPSED]


class ConflictAnswer(models.TextChoices):
    UNANSWERED = "", "Not yet declared"
    NONE = "none", "No conflict of interest"
    DECLARED = "declared", "Conflict declared"


class ReminderStep(models.TextChoices):
    NONE = "", "None sent"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class ReviewInvitationQuerySet(models.QuerySet):
    def active(self) -> ReviewInvitationQuerySet:
        return self.filter(status__in=ACTIVE_INVITATION)

    def in_open_round(self) -> ReviewInvitationQuerySet:
        return self.filter(round__closed_at__isnull=True)

    def pending(self) -> ReviewInvitationQuerySet:
        """Invitations whose member still owes an answer or a review, in a round still open."""
        return self.in_open_round().filter(status__in=PENDING_INVITATION)

    def awaiting_amendment(self) -> ReviewInvitationQuerySet:
        """Reviewed invitations, in a round still open, whose reviewer an editor asked to amend
        their review."""
        asked = ReviewAmendment.objects.open().filter(review__invitation=models.OuterRef("pk"))
        return self.in_open_round().filter(models.Exists(asked), status=InvitationStatus.REVIEWED)

    def to_do(self) -> ReviewInvitationQuerySet:
        """What a member still owes: an answer, a review, or an amendment asked of them."""
        return self.pending() | self.awaiting_amendment()

    def overdue(self, today: date | None = None) -> ReviewInvitationQuerySet:
        return self.pending().filter(due_date__lt=today or timezone.localdate())

    def of_user(self, user: User) -> ReviewInvitationQuerySet:
        return self.filter(reviewer__user=user)

    def record(
        self, *, round: ReviewRound, reviewer: BoardMember, by: User, due_date: date
    ) -> ReviewInvitation:
        """Save one invitation, with its history entry. The services that invite check the
        rules first (``editorial.workflow``) and announce it after commit."""
        invitation = self.model(round=round, reviewer=reviewer, invited_by=by, due_date=due_date)
        return save_with_history(invitation, by=by, reason="Invited")


class ReviewInvitation(models.Model):
    """A board member asked to review one round. Answered, conflict-checked, then reviewed."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="invitations")
    reviewer = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    conflict = models.CharField(
        "conflict of interest", max_length=10, choices=ConflictAnswer.choices, blank=True
    )
    conflict_description = models.TextField(blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    interests = models.TextField(
        "interests to disclose",
        blank=True,
        max_length=2000,
        help_text="Ties the member declared that do not stop them reviewing (board only).",
    )
    public_disclosure = models.CharField(
        max_length=500,
        blank=True,
        help_text="What the board publishes beside the reviewer's name; empty: "
        "“No conflicts of interest declared”.",
    )
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    last_reminder = models.CharField(max_length=10, choices=ReminderStep.choices, blank=True)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    # A guest reviewer's sign-in link (editorial.guest_links): made when its email is sent and
    # never stored; raising the version revokes every link made before.
    guest_link_version = models.PositiveIntegerField(default=0)
    guest_link_revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = ReviewInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "reviewer"],
                condition=models.Q(status__in=ACTIVE_INVITATION),
                name="one_active_invitation_per_reviewer_per_round",
                violation_error_message="This board member is already invited to this round.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer.display_name}, {self.round}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_INVITATION

    @property
    def awaiting_answer(self) -> bool:
        return self.status == InvitationStatus.INVITED

    @property
    def is_pending(self) -> bool:
        """Invited or accepted, not reviewed: it can still be declined or conflict-checked."""
        return self.status in PENDING_INVITATION

    @property
    def is_reviewed(self) -> bool:
        return self.status == InvitationStatus.REVIEWED

    @property
    def is_replaceable(self) -> bool:
        """Declined or conflicted: the editor replaces or releases the member (so too when
        overdue, which ``is_overdue`` tells)."""
        return self.status in (InvitationStatus.DECLINED, InvitationStatus.CONFLICTED)

    @property
    def ready_for_review(self) -> bool:
        """Accepted, with "no conflict of interest" declared."""
        return self.status == InvitationStatus.ACCEPTED and self.conflict == ConflictAnswer.NONE

    def is_overdue(self, today: date | None = None) -> bool:
        """The same rule as ``ReviewInvitation.objects.overdue()``, for one invitation."""
        return self.is_pending and self.due_date < (today or timezone.localdate())


class Recommendation(models.TextChoices):
    APPROVE = "approve", "Approve"
    MINOR = "minor", "Minor changes"
    MAJOR = "major", "Major changes"
    REJECT = "reject", "Reject"


class ChecklistAnswer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "n/a", "Not applicable"


class ReviewQuerySet(models.QuerySet):
    def in_open_round(self) -> ReviewQuerySet:
        return self.filter(invitation__round__closed_at__isnull=True)

    def approving(self) -> ReviewQuerySet:
        """Reviews that count towards the approval quorum."""
        return self.filter(recommendation=Recommendation.APPROVE)

    def recommending_rejection(self) -> ReviewQuerySet:
        return self.filter(recommendation=Recommendation.REJECT)


REVIEW_IS_FINAL = "A submitted review cannot be edited."


class Review(models.Model):
    """A board member's structured review of one round. Immutable once submitted."""

    invitation = models.OneToOneField(
        ReviewInvitation, on_delete=models.PROTECT, related_name="review"
    )
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices)
    claims_supported = models.CharField(
        "claims are supported by the cited sources", max_length=3, choices=ChecklistAnswer.choices
    )
    guidelines_current = models.CharField(
        "the guidelines cited are current", max_length=3, choices=ChecklistAnswer.choices
    )
    safety_accurate = models.CharField(
        "dosing, safety and contraindications are accurate",
        max_length=3,
        choices=ChecklistAnswer.choices,
    )
    language_suitable = models.CharField(
        "the language suits the audience", max_length=3, choices=ChecklistAnswer.choices
    )
    comments_for_author = models.TextField(max_length=20_000)
    confidential_comments = models.TextField(
        "confidential comments for the board", max_length=20_000, blank=True
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    addressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    addressed_at = models.DateTimeField(null=True, blank=True)
    addressed_note = models.TextField(
        blank=True, help_text="How the editor addressed a 'reject' recommendation."
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        reviewer = self.invitation.reviewer.display_name
        return f"Review by {reviewer} ({self.get_recommendation_display()})"

    def save(self, *args: object, **kwargs: object) -> None:
        """A submitted review is final; an editor may only record how a rejection was addressed,
        and the reviewer amends it only while an editor's request to do so is open."""
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            allowed = {"addressed_by", "addressed_at", "addressed_note"}
            amending = update_fields is not None and not set(update_fields) <= allowed
            if amending and self.amendments.open().exists():
                allowed |= set(AMENDABLE_REVIEW_FIELDS)
            if update_fields is None or not set(update_fields) <= allowed:
                raise ValidationError(REVIEW_IS_FINAL)
        super().save(*args, **kwargs)

    @property
    def being_amended(self) -> bool:
        """An editor asked the reviewer to complete or revisit it, and they have not yet: it
        does not count toward the quorum meanwhile."""
        prefetched = getattr(self, "open_amendments", None)
        if prefetched is not None:
            return bool(prefetched)
        return self.amendments.open().exists()

    @property
    def approves(self) -> bool:
        return self.recommendation == Recommendation.APPROVE

    @property
    def needs_addressing(self) -> bool:
        """A 'reject' recommendation no editor has addressed yet: it blocks approval."""
        return self.recommendation == Recommendation.REJECT and not self.addressed_at


# What a reviewer may change when an editor asks them to amend their review.
AMENDABLE_REVIEW_FIELDS = (
    "recommendation",
    "claims_supported",
    "guidelines_current",
    "safety_accurate",
    "language_suitable",
    "comments_for_author",
    "confidential_comments",
)


class ReviewAmendmentQuerySet(models.QuerySet):
    def open(self) -> ReviewAmendmentQuerySet:
        """Requests the reviewer has not answered yet (in a round still open or not)."""
        return self.filter(amended_at__isnull=True)


class ReviewAmendment(models.Model):
    """An editor asks the reviewer of the round in progress to complete or revisit their review
    (its claim sign-off, say) without opening a new round; once they amend it, what the review
    said before is kept here, so the review's history is whole."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="amendments")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(
        max_length=5000, help_text="What to complete or revisit, for the reviewer."
    )
    amended_at = models.DateTimeField(null=True, blank=True)
    previous = models.JSONField(
        default=dict, blank=True, help_text="The review and its claim checks before it was amended."
    )

    objects = ReviewAmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"],
                condition=models.Q(amended_at__isnull=True),
                name="one_open_amendment_per_review",
                violation_error_message="This reviewer has already been asked to amend.",
            )
        ]

    def __str__(self) -> str:
        return f"Amendment of {self.review}"


class ClaimVerdict(models.TextChoices):
    SUPPORTED = "supported", "Supported by its sources"
    NOT_SUPPORTED = "not_supported", "Not supported"
    NEEDS_CHANGE = "needs_change", "Needs change"


class ClaimCheck(models.Model):
    """One reviewer's verdict on one claim of the revision under review (``editorial.claims``),
    given with their review and as final as it. The claim is known by its fingerprint, so a
    claim unchanged in a later round keeps its checks."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="claim_checks")
    fingerprint = models.CharField(max_length=64, db_index=True)
    claim = models.TextField(help_text="The sentence as the reviewer saw it.")
    verdict = models.CharField(max_length=20, choices=ClaimVerdict.choices)
    comment = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "fingerprint"], name="one_verdict_per_claim_per_review"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.claim[:60]}"


class CommentAudience(models.TextChoices):
    """Whom a comment on a passage is for: the author (once the decision is sent), or the board
    alone (``roles.may_read_confidential``)."""

    AUTHOR = "author", "For the author"
    BOARD = "board", "Confidential to the board"


class PassageCommentQuerySet(models.QuerySet):
    def open(self) -> PassageCommentQuerySet:
        return self.filter(resolved_at__isnull=True)

    def resolved(self) -> PassageCommentQuerySet:
        return self.filter(resolved_at__isnull=False)

    def of_article(self, article: Any) -> PassageCommentQuerySet:
        return self.filter(revision__article=article)

    def for_the_author(self) -> PassageCommentQuerySet:
        """What the authors read: comments meant for them, once the round they were made in was
        closed by a decision (the decision is sent; a withdrawn round sent none)."""
        return (
            self.filter(audience=CommentAudience.AUTHOR, round__closed_at__isnull=False)
            .exclude(round__outcome=RoundOutcome.WITHDRAWN)
            .exclude(round__outcome="")
        )


class PassageComment(models.Model):
    """A comment on a passage of a revision, by a board member invited to the round or an
    editor, and the thread of replies under it.

    The passage is anchored by its words (``quote``, as readers read them, citation numbers left
    out), its section and where in the section's text it starts (``offset``), with a few words
    either side (``prefix``, ``suffix``) to tell apart a quote that appears twice. The comment is
    stored on the revision it reads: when a new revision is submitted it moves to it, to the
    same passage when its words are still there, and otherwise says the passage changed, the
    quote keeping the old words (``editorial.passages``)."""

    revision = models.ForeignKey(
        settings.EDITORIAL_REVISION_MODEL,
        on_delete=models.PROTECT,
        related_name="passage_comments",
        help_text="The revision the passage is read in: the latest one the comment moved to.",
    )
    round = models.ForeignKey(
        ReviewRound,
        on_delete=models.PROTECT,
        related_name="passage_comments",
        help_text="The round the comment was made in.",
    )
    audience = models.CharField(max_length=10, choices=CommentAudience.choices)
    quote = models.TextField(max_length=1000, help_text="The passage, as it read.")
    section = models.CharField(max_length=200, help_text="The heading of its section.")
    section_index = models.PositiveSmallIntegerField(help_text="Its section, counted from 0.")
    offset = models.PositiveIntegerField(help_text="Where it starts in the section's text.")
    prefix = models.CharField(max_length=60, blank=True)
    suffix = models.CharField(max_length=60, blank=True)
    passage_changed = models.BooleanField(
        default=False,
        help_text="The quoted words are not in the revision the comment moved to.",
    )
    body = models.TextField("comment", max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="passage_comments"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = PassageCommentQuerySet.as_manager()

    class Meta:
        ordering = ["section_index", "offset", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | models.Q(resolved_at__isnull=False, resolved_by__isnull=False),
                name="comment_resolution_complete",
            )
        ]

    def __str__(self) -> str:
        return f"Comment on “{self.quote[:40]}” by {self.author}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def is_confidential(self) -> bool:
        return self.audience == CommentAudience.BOARD


class CommentReply(models.Model):
    """One answer in a comment's thread: by the board, or by an author of the article."""

    comment = models.ForeignKey(PassageComment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("reply", max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "comment replies"

    def __str__(self) -> str:
        return f"Reply by {self.author}"


class DecisionLetterTemplate(models.Model):
    """The editable letter an editor starts from when deciding. Placeholders: $author, $title,
    $reviews (what the round's reviewers recommend, by count, what stands in the way of an
    approval they recommend, then their comments for the author; $summary places the first
    part elsewhere), $editor, $publisher."""

    outcome = models.CharField(max_length=20, choices=RoundOutcome.choices, unique=True)
    body = models.TextField()

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Letter: {self.get_outcome_display()}"


class ReReviewNotice(models.Model):
    """An article found due for its periodic re-review; one per article and due date."""

    article = models.ForeignKey(
        settings.EDITORIAL_REVIEWED_MODEL, on_delete=models.CASCADE, related_name="rereview_notices"
    )
    due_date = models.DateField()
    flagged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-flagged_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "due_date"], name="one_notice_per_due_date")
        ]

    def __str__(self) -> str:
        return f"{self.article} due {self.due_date}"


class ScheduledPublicationQuerySet(models.QuerySet):
    def pending(self) -> ScheduledPublicationQuerySet:
        """Publications still to come: neither carried out nor cancelled."""
        return self.filter(published_at__isnull=True, cancelled_at__isnull=True)


class ScheduledPublication(models.Model):
    """An approved revision that goes live at a chosen time rather than at once. Until then
    readers keep the previous live revision (or nothing, for a first publication). Carried out
    by a task (``editorial.publishing``); editors may move or cancel it."""

    article = models.ForeignKey(
        settings.EDITORIAL_REVIEWED_MODEL,
        on_delete=models.CASCADE,
        related_name="scheduled_publications",
    )
    revision = models.ForeignKey(
        settings.EDITORIAL_REVISION_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    publish_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ScheduledPublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(published_at__isnull=True, cancelled_at__isnull=True),
                name="one_pending_publication_per_article",
                violation_error_message="This article already has a publication scheduled.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.article} at {self.publish_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.published_at is None and self.cancelled_at is None


class AwaitingMyReview(ReviewInvitation):
    """A board member's queue in the admin: their invitations still to answer or review."""

    class Meta:
        proxy = True
        verbose_name = "review awaiting me"
        verbose_name_plural = "awaiting my review"


# The language of the policy versions published before the site had several (migration 0030).
DEFAULT_POLICY_LANGUAGE = "en"


class EditorialPolicyQuerySet(models.QuerySet):
    def in_force(self, today: date | None = None) -> EditorialPolicy | None:
        """The latest version whose effective date has come."""
        today = today or timezone.localdate()
        return self.filter(effective_date__lte=today).order_by("-version").first()


class EditorialPolicy(models.Model):
    """One version of the public editorial policy and of the professional medical disclaimer.

    Versions are never edited: an editor publishes a change as a new version (a new row). The
    disclaimer keeps its own version number, raised only when its text changes, so an approval
    can record both (``ArticleRevision.policy_version`` and ``disclaimer_version``).
    """

    version = models.PositiveIntegerField(unique=True, editable=False)
    # The language of its text: the site's default language when it was published. Its
    # translations into the other languages of the site are EditorialPolicyTranslation rows.
    language = models.CharField(max_length=16, default=DEFAULT_POLICY_LANGUAGE, editable=False)
    effective_date = models.DateField(default=timezone.localdate)
    body = models.TextField(
        help_text="Markdown. Text before the first '## ' heading is the introduction; each "
        "'## ' heading starts a section."
    )
    disclaimer = models.TextField(
        "professional medical disclaimer",
        help_text="Plain text shown under every article. $publisher is replaced by the "
        "publisher's name.",
    )
    disclaimer_version = models.PositiveIntegerField(editable=False)
    change_note = models.CharField(
        max_length=300, blank=True, help_text="What this version changes."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = EditorialPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = "editorial policy version"

    def __str__(self) -> str:
        return f"Editorial policy, version {self.version}"


class EditorialPolicyTranslation(models.Model):
    """A policy version's text (the policy and the disclaimer) in another language of the
    site. Like the version it translates, never edited: a correction is published with a new
    version. The version's numbers (policy and disclaimer) are the translation's too."""

    policy = models.ForeignKey(
        EditorialPolicy, on_delete=models.PROTECT, related_name="translations"
    )
    language = models.CharField(max_length=16)
    body = models.TextField(
        help_text="Markdown, in the language: the same sections as the version it translates."
    )
    disclaimer = models.TextField(
        "professional medical disclaimer",
        help_text="Plain text, in the language. $publisher is replaced by the publisher's name.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-policy__version", "language"]
        verbose_name = "editorial policy translation"
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "language"], name="one_translation_per_policy_language"
            )
        ]

    def __str__(self) -> str:
        return f"Editorial policy, version {self.policy.version} ({self.language})"


# --------------------------------------------------------------------------------------------
# The outbox: every email the product sends, queued with the change that causes it.
# --------------------------------------------------------------------------------------------


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboundEmailQuerySet(models.QuerySet):
    def failed(self) -> OutboundEmailQuerySet:
        return self.filter(status=EmailStatus.FAILED)

    def queued(self) -> OutboundEmailQuerySet:
        return self.filter(status=EmailStatus.QUEUED)


class OutboundEmail(models.Model):
    """One email to one recipient, written in the transaction of the change that causes it and
    delivered by the worker (``editorial.outbox``). Kept after delivery as the record of what
    was sent; a message that cannot be delivered stays here, failed, for an editor to retry.

    ``article`` is the article the message concerns (none for a message about several, such as
    the re-reviews due): a message may quote the board's confidential material about it, so
    the admin shows it only to those ``editorial.roles.may_read_confidential`` allows."""

    to = models.EmailField("recipient", max_length=254)
    article = models.ForeignKey(
        settings.EDITORIAL_REVIEWED_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbound_emails",
        help_text="The article the message concerns, if it concerns one.",
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    reason = models.CharField(
        max_length=100, help_text="What the message announces, e.g. 'submit' or 'invitation'."
    )
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sign_in_for = models.ForeignKey(
        ReviewInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="A guest reviewer's invitation: the worker puts its sign-in link in the "
        "message as it sends it; the link is never stored.",
    )
    password_reset_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="A password reset asked for this account: the worker puts the reset link in "
        "the message as it sends it; the link is never stored.",
    )

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "email"
        verbose_name_plural = "emails (outbox)"

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class PurgeRequestQuerySet(models.QuerySet):
    def pending(self) -> PurgeRequestQuerySet:
        return self.filter(sent_at__isnull=True)


class PurgeRequest(models.Model):
    """A purge of keys at one HTTP cache (``editorial.purges``), written in the transaction of
    the change that makes the pages carrying them stale, and sent by the worker, again and
    again while the cache does not answer."""

    cache_url = models.CharField(max_length=300, help_text="Where the purge is sent.")
    keys = models.TextField(help_text="The keys purged, separated by spaces.")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = PurgeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "HTTP cache purge"

    def __str__(self) -> str:
        return f"purge {self.keys} at {self.cache_url}"


# Webhooks: their records have a module of their own, re-exported here with the app's others.
from editorial.webhook_models import (  # noqa: E402, F401
    REDELIVER_PERMISSION,
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
