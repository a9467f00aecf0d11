"""The state machine of the review: the states an article passes through, and each step between
them with who may take it and what it needs, as the policy says it.

Each step is a django-fsm transition of ``ReviewWorkflow`` declared with ``review_transition``:
its sources, its target, the rule saying who may take it (``rules``) and its conditions. The
method of a step changes the review status only, after ``action_problems`` has checked, once,
the state, the user's right, every condition and the comment. What a step entails besides (a
revision frozen, a round opened or closed, a revision made live, a publication cancelled, the
audit entry, the emails) is the step service's (``steps.article_transition``), which every
caller uses.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_noop
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from editorial.models import ReviewState, Step, User
from editorial.refusals import YOU, Refusal
from editorial.roles import Someone
from editorial.workflow.rules import (
    APPROVAL_CONDITIONS,
    SUBMISSION_CONDITIONS,
    Condition,
    Rule,
    Subject,
    author_of_article,
    author_or_editor,
    decider_not_author,
    editor,
    editor_not_author,
    has_live_revision,
)

# --------------------------------------------------------------------------------------------
# States (``ReviewState``): Draft, Submitted, Under review, Changes requested, Approved,
# Rejected, Withdrawn, Archived. Readers see the public tracker below.
# --------------------------------------------------------------------------------------------

# The public tracker's steps, in the default language (the page translates them: gettext_noop
# only marks them for the catalogue).
TRACKER_STEPS = (gettext_noop("Submitted"), gettext_noop("Under Review"), gettext_noop("Approved"))


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
# Refusals
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


def not_possible_refusal(label: str, state: ReviewState) -> str:
    return f"“{label}” is not possible while the article is {state.label.lower()}."


def comment_refusal(label: str) -> str:
    return f"A comment for the author is required to {label.lower()}."


def state_refusal(action: Action, state: ReviewState, article: ReviewWorkflow) -> str:
    """A step not open from the current state: the step that would lead to it from here, who
    may take that one and where; a plain sentence when no single step leads there."""
    text = not_possible_refusal(action.label, state)
    leading = [
        other
        for other in ACTIONS.values()
        if state in other.sources and other.target in action.sources
    ]
    if not leading:
        return text
    first = leading[0]
    return Refusal(
        text,
        who=f"{first.permission.description}, by taking “{first.label}” first",
        url=first.permission.page(article, first.name),
        link_text=f"“{first.label}” on the article's page",
    )


def missing_comment_refusal(action: Action, article: ReviewWorkflow) -> Refusal:
    return Refusal(
        comment_refusal(action.label),
        who=f"{YOU}, by writing it in the step's form",
        url=action.permission.page(article, action.name),
        link_text=f"The “{action.label}” form",
    )


# --------------------------------------------------------------------------------------------
# Steps: declared once, checked once
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    step: Step
    sources: tuple[ReviewState, ...]
    target: ReviewState
    permission: Rule
    conditions: tuple[Condition, ...]
    comment_required: bool
    summary: str

    @property
    def name(self) -> str:
        return self.step.value

    @property
    def label(self) -> str:
        return self.step.label


ACTIONS: dict[str, Action] = {}


@dataclass(frozen=True)
class StepCheck:
    """One evaluation of a step for a user: what stands in the way, whether the user may take
    the step at all (a refusal then is ``PermissionRefused``), and the records it read."""

    problems: list[str]
    permitted: bool
    subject: Subject


def step_check(
    user: Someone, article: ReviewWorkflow, action: Action, comment: str = ""
) -> StepCheck:
    """The one place a step is checked: the state, the user's right, then each condition (each
    evaluated once, reading the article through one ``Subject``) and the comment."""
    state = ReviewState(article.status)
    subject = Subject(article)
    if state not in action.sources:
        return StepCheck([state_refusal(action, state, article)], True, subject)
    if not action.permission(user, article):
        refusal = action.permission.refusal(action.label, article, action.name)
        return StepCheck([refusal], False, subject)
    problems = [problem for needed in action.conditions for problem in needed(subject)]
    if action.comment_required and not comment.strip():
        problems.append(missing_comment_refusal(action, article))
    return StepCheck(problems, True, subject)


def action_problems(
    user: Someone, article: ReviewWorkflow, action: Action, comment: str = ""
) -> list[str]:
    """Why ``user`` may not take ``action`` on ``article`` now; empty when they may."""
    return step_check(user, article, action, comment).problems


@dataclass(frozen=True)
class AvailableAction:
    action: Action
    blocked_by: list[str]


def available_actions(user: Someone, article: ReviewWorkflow) -> list[AvailableAction]:
    """The steps ``user`` may take from the article's current state, with any unmet condition:
    the buttons the admin and the authors' pages offer (each step's check, without its
    comment)."""
    state = ReviewState(article.status)
    subject = Subject(article)
    return [
        AvailableAction(
            action=action,
            blocked_by=[problem for needed in action.conditions for problem in needed(subject)],
        )
        for action in ACTIONS.values()
        if state in action.sources and action.permission(user, article)
    ]


def review_transition(
    *,
    step: Step,
    source: ReviewState | Sequence[ReviewState],
    target: ReviewState,
    permission: Rule,
    conditions: Sequence[Condition] = (),
    comment_required: bool = False,
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Declare one step. django-fsm moves the status from a source to the target; before it
    does, the step is checked once (``step_check``), so that a method called directly is refused
    exactly as the service refuses it."""
    sources = (source,) if isinstance(source, ReviewState) else tuple(source)

    def decorate(method: Callable[..., None]) -> Callable[..., None]:
        action = Action(
            step=step,
            sources=sources,
            target=target,
            permission=permission,
            conditions=tuple(conditions),
            comment_required=comment_required,
            summary=(method.__doc__ or "").strip(),
        )
        ACTIONS[action.name] = action
        changes_state = transition(
            field="status",
            source=list(sources),
            target=target,
            # django-fsm calls permission(instance, user); our rules take the user first.
            permission=lambda instance, user: permission(user, instance),
            custom={"label": step.label},
        )(method)

        @functools.wraps(changes_state)  # keeps django-fsm's description of the transition
        def checked(self: ReviewWorkflow, *, by: User, comment: str = "") -> Subject:
            check = step_check(by, self, action, comment)
            refuse(check.problems, permitted=check.permitted)
            changes_state(self, by=by, comment=comment)
            return check.subject  # what the check read, for the step service

        return checked

    return decorate


S = ReviewState


class ReviewWorkflow(ConcurrentTransitionMixin, models.Model):
    """The review status of an article and the steps that change it.

    The reviewed model (``settings.EDITORIAL_REVIEWED_MODEL``, ``articles.Article``) inherits
    it and provides what the steps read of its content: the methods below that raise
    ``NotImplementedError`` here, and the fields ``author``, ``coauthors``, ``live_revision``
    and ``review_interval_months``. A system check says so when it does not.
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

    # The steps: each changes the status only; its docstring says what the step means.

    @review_transition(
        step=Step.SUBMIT,
        source=S.DRAFT,
        target=S.SUBMITTED,
        permission=author_of_article,
        conditions=SUBMISSION_CONDITIONS,
    )
    def submit(self, *, by: User, comment: str = "") -> None:
        """The author sends the draft to the board; its content is frozen in a new revision."""

    @review_transition(
        step=Step.RESUBMIT,
        source=S.CHANGES_REQUESTED,
        target=S.SUBMITTED,
        permission=author_of_article,
        conditions=SUBMISSION_CONDITIONS,
    )
    def resubmit(self, *, by: User, comment: str = "") -> None:
        """The author answers the board's requests; the revised content is frozen anew."""

    @review_transition(
        step=Step.WITHDRAW,
        source=[S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.CHANGES_REQUESTED],
        target=S.WITHDRAWN,
        permission=author_of_article,
    )
    def withdraw(self, *, by: User, comment: str = "") -> None:
        """The author takes the working copy out of review. A live revision stays public."""

    @review_transition(
        step=Step.REOPEN, source=S.WITHDRAWN, target=S.DRAFT, permission=author_or_editor
    )
    def reopen(self, *, by: User, comment: str = "") -> None:
        """A withdrawn article goes back to draft so that its author can work on it again."""

    @review_transition(
        step=Step.START_REVIEW,
        source=S.SUBMITTED,
        target=S.UNDER_REVIEW,
        permission=editor_not_author,
    )
    def start_review(self, *, by: User, comment: str = "") -> None:
        """An editor hands the submitted revision to the board: a new review round opens, and
        the previous round's reviewers are invited again."""

    @review_transition(
        step=Step.START_REREVIEW,
        source=S.APPROVED,
        target=S.UNDER_REVIEW,
        permission=editor_not_author,
        conditions=[has_live_revision],
    )
    def start_rereview(self, *, by: User, comment: str = "") -> None:
        """An editor sends the live article back to the board; readers keep seeing it meanwhile."""

    @review_transition(
        step=Step.REQUEST_CHANGES,
        source=[S.SUBMITTED, S.UNDER_REVIEW],
        target=S.CHANGES_REQUESTED,
        permission=decider_not_author,
        comment_required=True,
    )
    def request_changes(self, *, by: User, comment: str = "") -> None:
        """The board sends the article back to its author with what to change; the round closes."""

    @review_transition(
        step=Step.REJECT,
        source=[S.SUBMITTED, S.UNDER_REVIEW],
        target=S.REJECTED,
        permission=decider_not_author,
        comment_required=True,
    )
    def reject(self, *, by: User, comment: str = "") -> None:
        """The board declines the revision, saying why. A live revision stays public."""

    @review_transition(
        step=Step.APPROVE,
        source=S.UNDER_REVIEW,
        target=S.APPROVED,
        permission=decider_not_author,
        conditions=APPROVAL_CONDITIONS,
    )
    def approve(self, *, by: User, comment: str = "") -> None:
        """The reviewed revision is approved and replaces the live one, at once or at the time
        the decider chooses: readers keep the previous one until then. "Last reviewed" is set
        and the next periodic review scheduled; "Last updated" moves only if the text changed."""

    @review_transition(
        step=Step.REVISE,
        source=[S.APPROVED, S.REJECTED],
        target=S.DRAFT,
        permission=author_or_editor,
        conditions=[has_live_revision],
    )
    def revise(self, *, by: User, comment: str = "") -> None:
        """A published article gets a new working copy in draft; readers keep the live one."""

    @review_transition(
        step=Step.ARCHIVE,
        source=[S.DRAFT, S.CHANGES_REQUESTED, S.APPROVED, S.REJECTED, S.WITHDRAWN],
        target=S.ARCHIVED,
        permission=editor,
    )
    def archive(self, *, by: User, comment: str = "") -> None:
        """An editor retires the article: it leaves the public site (a publication still to
        come is cancelled), its history stays."""

    # What the steps read of the content under review (declared after the steps, so that the
    # conditions named in the decorators above are the rules', not these methods).

    def has_text(self) -> bool:
        raise NotImplementedError

    def unresolved_citation_keys(self) -> list[str]:
        raise NotImplementedError

    def malformed_citation_problems(self) -> list[str]:
        """Each ``[@…]`` that is no citation marker: where it is and the marker to write."""
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

    def working_copy_url(self) -> str:
        """The authors' page of the working copy, where they edit it and take their steps (a
        refusal that an author lifts links there)."""
        raise NotImplementedError

    def translation_problems(self) -> list[str]:
        """For a translation: why it cannot go to the board (its original is not published, or
        has a newer live revision than the one it translates). Empty for an original."""
        raise NotImplementedError


# The methods the reviewed model must provide (the system check in editorial.checks reads this).
REVIEWED_MODEL_METHODS = (
    "has_text",
    "unresolved_citation_keys",
    "malformed_citation_problems",
    "cited_references",
    "reference_list_problems",
    "retraction_blocks",
    "latest_revision",
    "take_snapshot",
    "review_specialty_ids",
    "working_copy_url",
    "translation_problems",
)
REVIEWED_MODEL_FIELDS = (
    "author",
    "coauthors",
    "live_revision",
    "review_interval_months",
    "language",
    "translation_of",
)
