"""Who may take a step, and what a step needs: named rules, each with the sentence the policy
uses, so that the README, the editorial policy page, the admin and every refusal say the same.

A *rule* says who may act: ``rule(user, article)``. A *condition* says what the article needs
for a step; it reads the article through a ``Subject``, which reads each record once however
many conditions ask for it, and returns what is missing (nothing when the condition is met).
The state machine (``machine``) evaluates a step's conditions once, by ``action_problems``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef

from editorial.models import (
    InvitationStatus,
    Review,
    ReviewAmendment,
    ReviewInvitation,
    ReviewRound,
)
from editorial.roles import Someone, is_author_of, is_board_member, is_editor
from editorial.workflow.rounds import claim_signoff_problems

# ``article`` below is the reviewed model (settings.EDITORIAL_REVIEWED_MODEL), which inherits
# ``editorial.workflow.machine.ReviewWorkflow``.
Article = Any


# --------------------------------------------------------------------------------------------
# Who may act
# --------------------------------------------------------------------------------------------


def may_decide(user: Someone | None, article: Article) -> bool:
    """Editors decide; so do board members while EDITORIAL_BOARD_MEMBERS_MAY_DECIDE is on.
    Nobody decides on an article they wrote."""
    board_decides = settings.EDITORIAL_BOARD_MEMBERS_MAY_DECIDE and is_board_member(user)
    return (is_editor(user) or board_decides) and not is_author_of(user, article)


def may_assign_reviewers(user: Someone | None, article: Article) -> bool:
    """Editors invite, replace and release reviewers, and address rejections; never on an
    article they wrote."""
    return is_editor(user) and not is_author_of(user, article)


@dataclass(frozen=True)
class Rule:
    """Who may take a step: ``test(user, article)``, described as the policy says it."""

    description: str
    test: Callable[[Someone, Article], bool]

    def __call__(self, user: Someone, article: Article) -> bool:
        return bool(self.test(user, article))

    def refusal(self, label: str) -> str:
        return f"Only {self.description} may {label.lower()}."


def rule(description: str) -> Callable[[Callable[[Someone, Article], bool]], Rule]:
    return lambda test: Rule(description=description, test=test)


@rule("an author of the article")
def author_of_article(user: Someone, article: Article) -> bool:
    return is_author_of(user, article)


@rule("an author of the article or an editor")
def author_or_editor(user: Someone, article: Article) -> bool:
    return is_editor(user) or is_author_of(user, article)


@rule("an editor who is not an author of the article")
def editor_not_author(user: Someone, article: Article) -> bool:
    return may_assign_reviewers(user, article)


@rule(
    "an editor, or a board member where the board may decide (a setting, on by default), "
    "who is not an author of the article"
)
def decider_not_author(user: Someone, article: Article) -> bool:
    return may_decide(user, article)


@rule("an editor")
def editor(user: Someone, article: Article) -> bool:
    return is_editor(user)


# --------------------------------------------------------------------------------------------
# What a step needs
# --------------------------------------------------------------------------------------------


class Subject:
    """The article as one evaluation of a step reads it: each record of its round in progress is
    read once, on first use, whichever conditions ask; the step service then takes what it
    needs from here too (the round it closes, the revision it approves)."""

    def __init__(self, article: Article) -> None:
        self.article = article

    @cached_property
    def open_round(self) -> ReviewRound | None:
        return self.article.review_rounds.open().select_related("revision").first()

    @cached_property
    def invitations(self) -> list[ReviewInvitation]:
        """The invitations of the round in progress, with their members and reviews."""
        if self.open_round is None:
            return []
        asked = ReviewAmendment.objects.open().filter(review__invitation=OuterRef("pk"))
        invitations = list(
            self.open_round.invitations.select_related("reviewer", "review").annotate(
                amending=Exists(asked)
            )
        )
        for invitation in invitations:  # whether each review is being amended, read once
            if hasattr(invitation, "review"):
                invitation.review.open_amendments = [True] if invitation.amending else []
        return invitations

    @property
    def reviews(self) -> list[Review]:
        """The reviews of the round in progress."""
        return [
            invitation.review for invitation in self.invitations if hasattr(invitation, "review")
        ]

    @property
    def conflicts(self) -> list[ReviewInvitation]:
        """Invitations of the round in progress whose member declared a conflict of interest."""
        return [
            invitation
            for invitation in self.invitations
            if invitation.status == InvitationStatus.CONFLICTED
        ]


@dataclass(frozen=True)
class Condition:
    """What a step needs: ``check(subject)`` returns what is missing, in sentences for the
    person taking the step (empty when the condition is met)."""

    description: str
    check: Callable[[Subject], list[str]]

    def __call__(self, subject: Subject) -> list[str]:
        return self.check(subject)


def condition(description: str) -> Callable[[Callable[[Subject], list[str]]], Condition]:
    return lambda check: Condition(description=description, check=check)


NEEDS_TEXT = "The article needs a title and at least one section with text."
CITES_NOTHING = "The article cites no reference yet: cite one with [@key]."
NOT_PUBLISHED = "Only an article with an approved revision can be revised."


def unresolved_markers_refusal(keys: Sequence[str]) -> str:
    markers = ", ".join(f"[@{key}]" for key in keys)
    return f"These citation markers name no reference of the article: {markers}."


def quorum_refusal(needed: int, found: int) -> str:
    return f"Approval needs {needed} approving review(s) in the current round; it has {found}."


def conflict_refusal(names: Sequence[str]) -> str:
    return (
        f"A declared conflict of interest is unresolved ({', '.join(names)}): replace or "
        "release that reviewer first."
    )


def rejection_refusal(names: Sequence[str]) -> str:
    return (
        f"A reviewer recommends rejection ({', '.join(names)}); an editor must address it "
        "before the article can be approved."
    )


@condition("the article has a title and some text")
def has_text(subject: Subject) -> list[str]:
    return [] if subject.article.has_text() else [NEEDS_TEXT]


@condition("every [@…] is a well-formed citation marker, such as [@key] or [@key1; @key2]")
def citations_well_formed(subject: Subject) -> list[str]:
    return subject.article.malformed_citation_problems()


@condition("every citation marker names one of the article's references")
def citations_resolve(subject: Subject) -> list[str]:
    unresolved = subject.article.unresolved_citation_keys()
    return [unresolved_markers_refusal(unresolved)] if unresolved else []


@condition("the article cites at least one reference")
def cites_a_reference(subject: Subject) -> list[str]:
    return [] if subject.article.cited_references() else [CITES_NOTHING]


@condition("every listed reference is cited and no two listed references are the same work")
def reference_list_sound(subject: Subject) -> list[str]:
    problems = subject.article.reference_list_problems()
    return [" ".join(problems)] if problems else []


@condition("the article has an approved revision on the public site")
def has_live_revision(subject: Subject) -> list[str]:
    return [] if subject.article.live_revision_id is not None else [NOT_PUBLISHED]


@condition("no cited reference is retracted unless an editor has acknowledged it")
def retractions_acknowledged(subject: Subject) -> list[str]:
    blocks = subject.article.retraction_blocks()
    return [" ".join(blocks)] if blocks else []


def quorum() -> int:
    return settings.EDITORIAL_APPROVAL_QUORUM


def counts_toward_quorum(review: Review) -> bool:
    """An approving review counts, unless an editor asked its reviewer to amend it and they have
    not yet; a guest reviewer's only if EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM says so."""
    guest = review.invitation.reviewer.external
    counted = not guest or settings.EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM
    return review.approves and counted and not review.being_amended


def being_amended_refusal(names: Sequence[str]) -> str:
    return (
        f"Asked to amend their review, {', '.join(names)} has not yet; it counts again once "
        "amended."
    )


@condition(
    "the current round has the quorum of approving reviews (EDITORIAL_APPROVAL_QUORUM, 2 by "
    "default; a guest reviewer's counts when EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM is on)"
)
def quorum_met(subject: Subject) -> list[str]:
    approving = sum(counts_toward_quorum(review) for review in subject.reviews)
    if approving >= quorum():
        return []
    amending = [
        review.invitation.reviewer.display_name
        for review in subject.reviews
        if review.being_amended
    ]
    return [quorum_refusal(quorum(), approving)] + (
        [being_amended_refusal(amending)] if amending else []
    )


@condition("no reviewer of the round has a declared conflict of interest left unresolved")
def no_open_conflict(subject: Subject) -> list[str]:
    names = [invitation.reviewer.display_name for invitation in subject.conflicts]
    return [conflict_refusal(names)] if names else []


@condition("every 'reject' recommendation of the round has been addressed by an editor")
def rejections_addressed(subject: Subject) -> list[str]:
    names = [
        review.invitation.reviewer.display_name
        for review in subject.reviews
        if review.needs_addressing
    ]
    return [rejection_refusal(names)] if names else []


@condition(
    "every cited claim of the revision is marked supported by a reviewer of the round (or was, "
    "unchanged, in an earlier round) and none is disputed (EDITORIAL_CLAIM_SIGNOFF, on by "
    "default)"
)
def claims_signed_off(subject: Subject) -> list[str]:
    return claim_signoff_problems(subject.open_round)


# What sending a working copy to the board needs, whether for the first time or again.
SUBMISSION_CONDITIONS = (
    has_text,
    citations_well_formed,
    citations_resolve,
    cites_a_reference,
    reference_list_sound,
)
# What approval needs.
APPROVAL_CONDITIONS = (
    quorum_met,
    no_open_conflict,
    rejections_addressed,
    retractions_acknowledged,
    claims_signed_off,
)
