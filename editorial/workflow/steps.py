"""Taking a step: the one service every caller uses (the admin, the authors' forms, management
commands, the demo loader), and what each step entails besides its change of state.

``article_transition`` locks the article's row, takes the step through the state machine (which
checks it once and changes the status), does what the step entails (``EFFECTS``), saves with its
history entry, writes the audit entry and queues its emails and webhooks (``announced_events``),
in one transaction. A refused step changes nothing and says why; two people acting at once
cannot both succeed.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from editorial import notifications
from editorial.history import record_change
from editorial.models import (
    RETURNING_INVITATION,
    InvitationStatus,
    ReviewInvitation,
    ReviewRound,
    ReviewState,
    RoundKind,
    Step,
    TransitionLog,
    User,
    WebhookEvent,
)
from editorial.passages import comments_follow
from editorial.publishing import make_live, publication_changed, publication_schedule
from editorial.roles import Someone, drafts_translations_only, is_author_of
from editorial.webhooks import webhooks_queue
from editorial.workflow.board import reviewer_problems
from editorial.workflow.machine import ACTIONS, ReviewWorkflow, WorkflowError
from editorial.workflow.publication import publications_cancel
from editorial.workflow.rounds import review_due_date
from editorial.workflow.rules import Subject

CONCURRENT_CHANGE = "Someone else changed this article at the same moment. Reload it and try again."
NOT_A_STEP = "“{action}” is not a step of the review workflow."
ONLY_APPROVAL_SCHEDULED = "Only an approval can be given a publication time."
PUBLICATION_IN_PAST = "The publication time must be in the future."


@dataclass(frozen=True)
class Taken:
    """A step being taken: the locked article (its status already changed), what its check read
    of it, by whom, with what comment, and the time chosen for an approval's publication."""

    article: ReviewWorkflow
    subject: Subject
    step: Step
    by: User
    comment: str
    at: datetime
    publish_at: datetime | None


# What a step entails besides its change of state. An effect returns the round it closes, if any:
# the service saves it with the decision (the audit entry) that closed it.
Effect = Callable[[Taken], ReviewRound | None]


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


def close_review_round(taken: Taken) -> ReviewRound | None:
    """Close the round in progress with the step's outcome (the step service saves it, with the
    decision); invitations still pending lapse, and their reviewers are invited again to the
    next round, unlike released ones."""
    current = taken.subject.open_round
    if current is None:
        return None
    if any(invitation.is_pending for invitation in taken.subject.invitations):
        current.invitations.pending().update(status=InvitationStatus.LAPSED)
    current.closed_at = taken.at
    current.outcome = taken.step.round_outcome
    return current


def freeze_revision(taken: Taken) -> None:
    """The working copy becomes the next revision; the comments on the one before move to it
    (to the same passage, or marked as a passage that changed)."""
    previous = taken.article.latest_revision()
    revision = taken.article.take_snapshot(by=taken.by, note=taken.comment)
    if previous is not None:
        comments_follow(previous=previous, revision=revision, by=taken.by)


def start_submission_round(taken: Taken) -> None:
    open_review_round(taken.article, kind=RoundKind.SUBMISSION, by=taken.by)


def start_periodic_round(taken: Taken) -> None:
    freeze_revision(taken)
    open_review_round(taken.article, kind=RoundKind.PERIODIC, by=taken.by)


def publish_approved(taken: Taken) -> ReviewRound | None:
    """The revision the round reviewed goes live now, or is scheduled for ``publish_at`` (any
    publication still pending is superseded); the review is recorded and the next one
    scheduled. "Last reviewed" moves when the reviewed revision goes live: now, or with the
    scheduled publication (``publish_scheduled``); until then readers keep the live
    revision's."""
    article = taken.article
    revision = taken.subject.open_round.revision
    publications_cancel(article, by=taken.by, at=taken.at)
    if taken.publish_at is None:
        make_live(article, revision, by=taken.by, at=taken.at)
        article.last_reviewed_at = taken.at
    else:
        publication_schedule(article, revision, by=taken.by, at=taken.publish_at)
    months = article.review_interval_months or settings.EDITORIAL_REREVIEW_MONTHS
    article.next_review_due = add_months(timezone.localdate(taken.at), months)
    return close_review_round(taken)


def retire(taken: Taken) -> None:
    publications_cancel(taken.article, by=taken.by, at=taken.at)


EFFECTS: dict[Step, list[Effect]] = {
    Step.SUBMIT: [freeze_revision],
    Step.RESUBMIT: [freeze_revision],
    Step.WITHDRAW: [close_review_round],
    Step.START_REVIEW: [start_submission_round],
    Step.START_REREVIEW: [start_periodic_round],
    Step.REQUEST_CHANGES: [close_review_round],
    Step.REJECT: [close_review_round],
    Step.APPROVE: [publish_approved],
    Step.ARCHIVE: [retire],
}


def announced_events(
    step: Step, *, was_published: bool, is_published: bool, scheduled: bool
) -> list[WebhookEvent]:
    """What a step tells the webhook endpoints: an article readers could not see and now can
    is published; one they could and no longer can, unpublished; an approval that takes
    effect now on a published article renews it (updated; a scheduled one says so when it is
    carried out, ``editorial.publishing``); a periodic re-review starting is announced."""
    if was_published != is_published:
        return [WebhookEvent.PUBLISHED if is_published else WebhookEvent.UNPUBLISHED]
    if step == Step.APPROVE and is_published and not scheduled:
        return [WebhookEvent.UPDATED]
    if step == Step.START_REREVIEW:
        return [WebhookEvent.REREVIEW_STARTED]
    return []


def step_reason(step: Step, comment: str = "") -> str:
    """Why the article changed, as its history says: the step's label, then the comment (which
    simple-history shortens; the TransitionLog keeps it whole)."""
    return f"{step.label}: {comment}" if comment else step.label


def _locked(article: ReviewWorkflow) -> ReviewWorkflow:
    """The article's row, locked until the step's transaction ends, with its authors (every
    step asks who they are, and the emails go to them)."""
    return (
        type(article)
        .objects.select_for_update(of=("self",))
        .select_related("author")
        .prefetch_related("coauthors")
        .get(pk=article.pk)
    )


def _publication_time(step: Step, publish_at: datetime | None) -> datetime | None:
    if publish_at is None:
        return None
    if step != Step.APPROVE:
        raise WorkflowError(ONLY_APPROVAL_SCHEDULED)
    if publish_at <= timezone.now():
        raise WorkflowError(PUBLICATION_IN_PAST)
    return publish_at


# The sentence the drafted approval letter says about publication (the default letter's), and
# what it becomes when the approval schedules the revision for later.
PUBLISHED_NOW = "The approved revision is now what readers see."
PUBLISHED_LATER = (
    "The approved revision goes live on {when}; until then readers keep the version they read now."
)


def moment_shown(moment: datetime) -> str:
    """A time as the product shows it: in the publisher's zone, which it names."""
    local = timezone.localtime(moment)
    return f"{local:%B} {local.day}, {local.year} at {local:%H:%M} {local.tzname()}"


def letter_for_publication(comment: str, publish_at: datetime | None) -> str:
    """An approval letter true to when readers see the revision. Scheduled for later, the
    drafted sentence saying it is live now says when it goes live instead; a letter in the
    editor's own words without that sentence is given it, so that every letter states it."""
    if publish_at is None or not comment:
        return comment
    later = PUBLISHED_LATER.format(when=moment_shown(publish_at))
    if PUBLISHED_NOW in comment:
        return comment.replace(PUBLISHED_NOW, later)
    return f"{comment}\n\n{later}"


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
    if action not in ACTIONS:
        raise WorkflowError(NOT_A_STEP.format(action=action))
    step = Step(action)
    publish_at = _publication_time(step, publish_at)
    comment = letter_for_publication(comment.strip(), publish_at)
    try:
        with transaction.atomic():
            locked = _locked(article)
            source, was_published = locked.status, locked.is_published
            subject = getattr(locked, step.value)(by=by, comment=comment)  # checked, then moved
            taken = Taken(locked, subject, step, by, comment, timezone.now(), publish_at)
            closed = next(filter(None, [effect(taken) for effect in EFFECTS.get(step, [])]), None)
            record_change(locked, by=by, reason=step_reason(step, comment)).save()
            entry = TransitionLog.objects.create(
                article=locked,
                # The revision the step concerned: the closed round's, or the latest one.
                revision=closed.revision if closed else locked.latest_revision(),
                action=step,
                source=source,
                target=locked.status,
                actor=by,
                comment=comment,
                created_at=timezone.now(),
            )
            if closed is not None:
                closed.decision = entry
                closed.save(update_fields=["closed_at", "outcome", "decision"])
            # What readers are told of the review, rebuilt; the step's events are its own.
            publication_changed(locked, announce=False)
            notifications.transition_taken(entry)
            for event in announced_events(
                step,
                was_published=was_published,
                is_published=locked.is_published,
                scheduled=publish_at is not None,
            ):
                webhooks_queue(event=event, article=locked)
    except ConcurrentTransition as exc:
        raise WorkflowError(CONCURRENT_CHANGE) from exc
    return entry


# --------------------------------------------------------------------------------------------
# The working copy: who may edit it now, and which step sends it to the board
# --------------------------------------------------------------------------------------------

EDIT_AUTHORS_ONLY = "Only an author of the article may edit it."
TRANSLATIONS_ONLY = "Translators edit translations only, never an original article."
WITHDRAW_TO_EDIT = "To change the text now, withdraw the article first."


def locked_text_refusal(state: ReviewState) -> str:
    return (
        f"The article is {state.label.lower()}, so its text is locked; it can be edited again "
        "in draft or once the board has requested changes."
    )


def may_edit(user: Someone, article: ReviewWorkflow) -> bool:
    """Whether ``user`` may ever edit the article's working copy: its authors, but a translator
    who is not also an author edits translations only."""
    if article.translation_of_id is None and drafts_translations_only(user):
        return False
    return is_author_of(user, article)


def content_edit_problems(user: Someone, article: ReviewWorkflow) -> list[str]:
    """Why ``user`` may not change the article's working copy now; empty when they may."""
    if not is_author_of(user, article):
        return [EDIT_AUTHORS_ONLY]
    if not may_edit(user, article):
        return [TRANSLATIONS_ONLY]
    state = ReviewState(article.status)
    if not state.content_is_editable:
        problems = [locked_text_refusal(state)]
        if state in ACTIONS[Step.WITHDRAW].sources:
            problems.append(WITHDRAW_TO_EDIT)
        return problems
    return []


def submission_step(user: Someone, article: ReviewWorkflow) -> Step | None:
    """The step that sends this working copy to the board: submit, or resubmit after the board
    asked for changes; None when ``user`` can take neither from the current state."""
    state = ReviewState(article.status)
    for step in (Step.SUBMIT, Step.RESUBMIT):
        action = ACTIONS[step]
        if state in action.sources and action.permission(user, article):
            return step
    return None
