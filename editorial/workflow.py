"""The review workflow of the Medical Advisory Board: the editorial policy, in code.

Read from top to bottom this module is the policy: the states an article passes through, who
plays which role, who may take each step, the conditions a step needs, and the one service that
takes a step. Everything else (the admin, the authors' forms, management commands, the demo
loader) calls ``article_transition``; nothing else writes the review status.

1. An author drafts an article and submits it. Submission freezes the content in a revision.
2. An editor starts the review. Board members and editors may request changes or reject it,
   always with a comment for the author. A board member who is not an author approves it.
3. Approval makes the reviewed revision the article's live revision: the only thing readers see.
4. Revising an approved article opens a new working copy in draft; readers keep seeing the
   live revision until the next approval replaces it. Archiving takes the article off the site.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django_fsm import ConcurrentTransition, ConcurrentTransitionMixin, FSMField, transition

if TYPE_CHECKING:
    from articles.models import Article
    from editorial.models import TransitionLog


# --------------------------------------------------------------------------------------------
# States
# --------------------------------------------------------------------------------------------


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ARCHIVED = "archived", "Archived"

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

AUTHORS = "Authors"
BOARD_MEMBERS = "Board members"
EDITORS = "Editors"
ROLE_GROUPS = (AUTHORS, BOARD_MEMBERS, EDITORS)


def _group_names(user: Any) -> frozenset[str]:
    cached = getattr(user, "_editorial_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._editorial_group_names = cached
    return cached


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_editor(user: Any) -> bool:
    """Editors run the review: superusers and members of the Editors group."""
    return _signed_in(user) and (user.is_superuser or EDITORS in _group_names(user))


def is_board_member(user: Any) -> bool:
    """Board members are users with an active Medical Advisory Board profile."""
    if not _signed_in(user):
        return False
    try:
        return bool(user.board_member.active)
    except ObjectDoesNotExist:
        return False


def is_author_of(user: Any, article: Article) -> bool:
    """The article's author and its co-authors."""
    if not _signed_in(user):
        return False
    if article.author_id == user.pk:
        return True
    return article.coauthors.filter(pk=user.pk).exists()


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
    """Who may take a step: ``test(article, user)``."""
    return lambda test: Rule(description=description, test=test)


def condition(description: str, refusal: Callable[..., str]) -> Callable[..., Rule]:
    """What a step needs of the article: ``test(article)``; ``refusal(article)`` explains."""
    return lambda test: Rule(description=description, test=test, refusal=refusal)


@rule("an author of the article")
def author_of_article(article: Article, user: Any) -> bool:
    return is_author_of(user, article)


@rule("an author of the article or an editor")
def author_or_editor(article: Article, user: Any) -> bool:
    return is_editor(user) or is_author_of(user, article)


@rule("an editor who is not an author of the article")
def editor_not_author(article: Article, user: Any) -> bool:
    return is_editor(user) and not is_author_of(user, article)


def may_decide(user: Any, article: Article) -> bool:
    """Editors decide; so do board members while EDITORIAL_BOARD_MEMBERS_MAY_DECIDE is on.
    Nobody decides on an article they wrote."""
    board_decides = settings.EDITORIAL_BOARD_MEMBERS_MAY_DECIDE and is_board_member(user)
    return (is_editor(user) or board_decides) and not is_author_of(user, article)


@rule(
    "an editor, or a board member where the board may decide (a setting, on by default), "
    "who is not an author of the article"
)
def decider_not_author(article: Article, user: Any) -> bool:
    return may_decide(user, article)


@rule("an editor")
def editor(article: Article, user: Any) -> bool:
    return is_editor(user)


@condition(
    "the article has a title and some text",
    refusal=lambda article: "The article needs a title and at least one section with text.",
)
def has_text(article: Article) -> bool:
    return article.has_text()


@condition(
    "every citation marker names one of the article's references",
    refusal=lambda article: (
        "These citation markers name no reference of the article: "
        + ", ".join(f"[@{key}]" for key in article.unresolved_citation_keys())
        + "."
    ),
)
def citations_resolve(article: Article) -> bool:
    return not article.unresolved_citation_keys()


@condition(
    "the article cites at least one reference",
    refusal=lambda article: "The article cites no reference yet: cite one with [@key].",
)
def cites_a_reference(article: Article) -> bool:
    return bool(article.cited_references())


@condition(
    "the article has an approved revision on the public site",
    refusal=lambda article: "Only an article with an approved revision can be revised.",
)
def has_live_revision(article: Article) -> bool:
    return article.live_revision_id is not None


@condition(
    "every listed reference is cited and no two listed references are the same work",
    refusal=lambda article: " ".join(
        finding.message
        for finding in citation_report(article).errors
        if finding.code != "unresolved"
    ),
)
def reference_list_sound(article: Article) -> bool:
    return not [
        finding for finding in citation_report(article).errors if finding.code != "unresolved"
    ]


@condition(
    "no cited reference is retracted unless an editor has acknowledged it",
    refusal=lambda article: " ".join(retraction_blocks(article)),
)
def retractions_acknowledged(article: Article) -> bool:
    return not retraction_blocks(article)


def citation_report(article: Article) -> Any:
    from references.checks import check_article

    return check_article(article)


def retraction_blocks(article: Article) -> list[str]:
    from references.checks import retraction_blocks as blocks

    return blocks(article)


def quorum() -> int:
    return settings.EDITORIAL_APPROVAL_QUORUM


@condition(
    "the current round has the quorum of approving reviews (EDITORIAL_APPROVAL_QUORUM, 2 by "
    "default)",
    refusal=lambda article: (
        f"Approval needs {quorum()} approving review(s) in the current round; it has "
        f"{len(round_reviews(article, recommendation='approve'))}."
    ),
)
def quorum_met(article: Article) -> bool:
    return len(round_reviews(article, recommendation="approve")) >= quorum()


@condition(
    "no reviewer of the round has a declared conflict of interest left unresolved",
    refusal=lambda article: (
        "A declared conflict of interest is unresolved ("
        + ", ".join(invitation.reviewer.display_name for invitation in open_conflicts(article))
        + "): replace or release that reviewer first."
    ),
)
def no_open_conflict(article: Article) -> bool:
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
def rejections_addressed(article: Article) -> bool:
    return not unaddressed_rejections(article)


# --------------------------------------------------------------------------------------------
# Review rounds: what the conditions above read
# --------------------------------------------------------------------------------------------


def open_round(article: Article) -> Any:
    return article.review_rounds.filter(closed_at__isnull=True).first()


def round_reviews(article: Article, *, recommendation: str | None = None) -> list[Any]:
    from editorial.models import Review

    current = open_round(article)
    if current is None:
        return []
    reviews = Review.objects.filter(invitation__round=current).select_related(
        "invitation__reviewer"
    )
    if recommendation:
        reviews = reviews.filter(recommendation=recommendation)
    return list(reviews)


def open_conflicts(article: Article) -> list[Any]:
    from editorial.models import InvitationStatus

    current = open_round(article)
    if current is None:
        return []
    return list(
        current.invitations.filter(status=InvitationStatus.CONFLICTED).select_related("reviewer")
    )


def unaddressed_rejections(article: Article) -> list[Any]:
    return [
        review
        for review in round_reviews(article, recommendation="reject")
        if not review.addressed_at
    ]


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
        def guarded(self: ReviewWorkflow, *, by: Any, comment: str = "") -> None:
            if not permission(self, by):
                raise PermissionRefused(f"Only {permission.description} may {label.lower()}.")
            if comment_required and not comment.strip():
                raise WorkflowError(f"A comment for the author is required to {label.lower()}.")
            method(self, by=by, comment=comment)

        return transition(
            field="status",
            source=list(sources),
            target=target,
            permission=permission,
            conditions=list(conditions),
            custom={"label": label},
        )(guarded)

    return decorate


S = ReviewState


class ReviewWorkflow(ConcurrentTransitionMixin, models.Model):
    """The review status of an article and the steps that change it."""

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

    @review_transition(
        label="Submit for review",
        source=S.DRAFT,
        target=S.SUBMITTED,
        permission=author_of_article,
        conditions=[has_text, citations_resolve, cites_a_reference, reference_list_sound],
    )
    def submit(self, *, by: Any, comment: str = "") -> None:
        """The author sends the draft to the board; its content is frozen in a new revision."""
        self.take_snapshot(by=by, note=comment)

    @review_transition(
        label="Resubmit",
        source=S.CHANGES_REQUESTED,
        target=S.SUBMITTED,
        permission=author_of_article,
        conditions=[has_text, citations_resolve, cites_a_reference, reference_list_sound],
    )
    def resubmit(self, *, by: Any, comment: str = "") -> None:
        """The author answers the board's requests; the revised content is frozen anew."""
        self.take_snapshot(by=by, note=comment)

    @review_transition(
        label="Withdraw",
        source=[S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.CHANGES_REQUESTED],
        target=S.WITHDRAWN,
        permission=author_of_article,
    )
    def withdraw(self, *, by: Any, comment: str = "") -> None:
        """The author takes the working copy out of review. A live revision stays public."""
        close_review_round(self, outcome="withdrawn")

    @review_transition(
        label="Reopen as draft",
        source=S.WITHDRAWN,
        target=S.DRAFT,
        permission=author_or_editor,
    )
    def reopen(self, *, by: Any, comment: str = "") -> None:
        """A withdrawn article goes back to draft so that its author can work on it again."""

    @review_transition(
        label="Start review",
        source=S.SUBMITTED,
        target=S.UNDER_REVIEW,
        permission=editor_not_author,
    )
    def start_review(self, *, by: Any, comment: str = "") -> None:
        """An editor hands the submitted revision to the board: a new review round opens, and
        the previous round's reviewers are invited again."""
        open_review_round(self, kind="submission", by=by)

    @review_transition(
        label="Start a periodic re-review",
        source=S.APPROVED,
        target=S.UNDER_REVIEW,
        permission=editor_not_author,
        conditions=[has_live_revision],
    )
    def start_rereview(self, *, by: Any, comment: str = "") -> None:
        """An editor sends the live article back to the board; readers keep seeing it meanwhile."""
        self.take_snapshot(by=by, note=comment)
        open_review_round(self, kind="periodic", by=by)

    @review_transition(
        label="Request changes",
        source=[S.SUBMITTED, S.UNDER_REVIEW],
        target=S.CHANGES_REQUESTED,
        permission=decider_not_author,
        comment_required=True,
    )
    def request_changes(self, *, by: Any, comment: str = "") -> None:
        """The board sends the article back to its author with what to change; the round closes."""
        close_review_round(self, outcome="changes_requested")

    @review_transition(
        label="Reject",
        source=[S.SUBMITTED, S.UNDER_REVIEW],
        target=S.REJECTED,
        permission=decider_not_author,
        comment_required=True,
    )
    def reject(self, *, by: Any, comment: str = "") -> None:
        """The board declines the revision, saying why. A live revision stays public."""
        close_review_round(self, outcome="rejected")

    @review_transition(
        label="Approve",
        source=S.UNDER_REVIEW,
        target=S.APPROVED,
        permission=decider_not_author,
        conditions=[quorum_met, no_open_conflict, rejections_addressed, retractions_acknowledged],
    )
    def approve(self, *, by: Any, comment: str = "") -> None:
        """The reviewed revision is approved and replaces the live one. "Last reviewed" is set
        and the next periodic review scheduled; "Last updated" moves only if the text changed."""
        now = timezone.now()
        revision = self.latest_revision()
        revision.approved_at = now
        revision.approved_by = by
        revision.save(update_fields=["approved_at", "approved_by"])
        from editorial.policy import record_policy_in_force  # the policy and disclaimer in force

        record_policy_in_force(revision)
        if self.live_revision is None or not self.live_revision.same_content_as(revision):
            self.live_revision = revision
        self.last_reviewed_at = now
        months = self.review_interval_months or settings.EDITORIAL_REREVIEW_MONTHS
        self.next_review_due = add_months(timezone.localdate(now), months)
        close_review_round(self, outcome="approved")

    @review_transition(
        label="Start a new revision",
        source=[S.APPROVED, S.REJECTED],
        target=S.DRAFT,
        permission=author_or_editor,
        conditions=[has_live_revision],
    )
    def revise(self, *, by: Any, comment: str = "") -> None:
        """A published article gets a new working copy in draft; readers keep the live one."""

    @review_transition(
        label="Archive",
        source=[S.DRAFT, S.CHANGES_REQUESTED, S.APPROVED, S.REJECTED, S.WITHDRAWN],
        target=S.ARCHIVED,
        permission=editor,
    )
    def archive(self, *, by: Any, comment: str = "") -> None:
        """An editor retires the article: it leaves the public site, its history stays."""


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def open_review_round(article: Article, *, kind: str, by: Any) -> Any:
    """Open the next round on the latest revision, inviting the last round's reviewers again."""
    from editorial.models import ReviewRound
    from editorial.reviews import invitations_create

    previous = article.review_rounds.order_by("-number").first()
    new_round = ReviewRound.objects.create(
        article=article,
        number=(previous.number + 1) if previous else 1,
        kind=kind,
        revision=article.latest_revision(),
        opened_at=timezone.now(),
    )
    if previous is not None:
        returning = [
            invitation.reviewer
            for invitation in previous.invitations.select_related("reviewer__user")
            if invitation.status in ("reviewed", "lapsed")
            and not reviewer_problems(invitation.reviewer, article)
        ]
        if returning:
            invitations_create(round=new_round, reviewers=returning, by=by, check_rights=False)
    return new_round


def close_review_round(article: Article, *, outcome: str) -> None:
    """Close the open round with the decision taken; invitations still pending lapse (and
    their reviewers are invited again to the next round, unlike released ones)."""
    from editorial.models import InvitationStatus

    current = open_round(article)
    if current is None:
        return
    current.closed_at = timezone.now()
    current.outcome = outcome
    current.save(update_fields=["closed_at", "outcome"])
    current.invitations.filter(
        status__in=[InvitationStatus.INVITED, InvitationStatus.ACCEPTED]
    ).update(status=InvitationStatus.LAPSED)
    article._closed_round = current


# --------------------------------------------------------------------------------------------
# The board's review: who may invite, answer, declare, review and address
# --------------------------------------------------------------------------------------------


def reviewer_problems(member: Any, article: Article) -> list[str]:
    """Why this board member cannot review this article; empty when they can."""
    if not member.active or not member.user.is_active:
        return [f"{member.display_name} is not an active board member."]
    if is_author_of(member.user, article):
        return [f"{member.display_name} is an author of this article and cannot review it."]
    return []


def may_assign_reviewers(user: Any, article: Article) -> bool:
    """Editors invite reviewers, never to an article they wrote."""
    return is_editor(user) and not is_author_of(user, article)


def is_invitee(user: Any, invitation: Any) -> bool:
    """Only the invited board member answers, declares and reviews."""
    return is_board_member(user) and invitation.reviewer.user_id == user.pk


# --------------------------------------------------------------------------------------------
# Taking a step: the one service every caller uses
# --------------------------------------------------------------------------------------------


def action_problems(article: Article, action: Action, user: Any, comment: str = "") -> list[str]:
    """Why ``user`` may not take ``action`` on ``article`` now; empty when they may."""
    state = ReviewState(article.status)
    if state not in action.sources:
        return [f"“{action.label}” is not possible while the article is {state.label.lower()}."]
    if not action.permission(article, user):
        return [f"Only {action.permission.description} may {action.label.lower()}."]
    problems = [needed.refusal(article) for needed in action.conditions if not needed(article)]
    if action.comment_required and not comment.strip():
        problems.append(f"A comment for the author is required to {action.label.lower()}.")
    return problems


@dataclass(frozen=True)
class AvailableAction:
    action: Action
    blocked_by: list[str]


def available_actions(article: Article, user: Any) -> list[AvailableAction]:
    """The steps ``user`` may take from the article's current state, with any unmet condition."""
    state = ReviewState(article.status)
    offered = []
    for action in ACTIONS.values():
        if state in action.sources and action.permission(article, user):
            blocked_by = [
                needed.refusal(article) for needed in action.conditions if not needed(article)
            ]
            offered.append(AvailableAction(action=action, blocked_by=blocked_by))
    return offered


def article_transition(
    *, article: Article, action: str, by: Any, comment: str = ""
) -> TransitionLog:
    """Take one step of the workflow, atomically: lock, check, change, save, audit, notify.

    Raises ``PermissionRefused`` or ``WorkflowError`` (and changes nothing) when the step is
    not allowed; two people acting at once cannot both succeed.
    """
    from editorial import notifications
    from editorial.models import TransitionLog

    spec = ACTIONS.get(action)
    if spec is None:
        raise WorkflowError(f"“{action}” is not a step of the review workflow.")
    comment = comment.strip()
    try:
        with transaction.atomic():
            locked = type(article).objects.select_for_update().get(pk=article.pk)
            problems = action_problems(locked, spec, by, comment)
            if problems:
                in_state = ReviewState(locked.status) in spec.sources
                if in_state and not spec.permission(locked, by):
                    raise PermissionRefused(problems)
                raise WorkflowError(problems)
            source = locked.status
            getattr(locked, action)(by=by, comment=comment)
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
            transaction.on_commit(functools.partial(notifications.transition_taken, entry.pk))
    except ConcurrentTransition as exc:
        raise WorkflowError(
            "Someone else changed this article at the same moment. Reload it and try again."
        ) from exc
    return entry


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


# --------------------------------------------------------------------------------------------
# Editing the working copy
# --------------------------------------------------------------------------------------------


def content_edit_problems(article: Article, user: Any) -> list[str]:
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


def submission_step(article: Article, user: Any) -> str | None:
    """The step that sends this working copy to the board: "submit", or "resubmit" after the
    board asked for changes; None when ``user`` can take neither from the current state."""
    state = ReviewState(article.status)
    for name in ("submit", "resubmit"):
        action = ACTIONS[name]
        if state in action.sources and action.permission(article, user):
            return name
    return None


def may_start_article(user: Any) -> bool:
    """Members of the Authors group start new articles in the site's own forms."""
    return _signed_in(user) and AUTHORS in _group_names(user)


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
