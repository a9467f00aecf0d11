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
from django.utils.translation import gettext_noop

from editorial.models import (
    InvitationStatus,
    Review,
    ReviewAmendment,
    ReviewInvitation,
    ReviewRound,
)
from editorial.refusals import (
    AN_AUTHOR,
    AN_EDITOR,
    EDITOR_NOT_AUTHOR,
    INVITE_ANCHOR,
    Refusal,
    article_page,
    invitation_anchor,
    names,
    review_form,
    step_anchor,
)
from editorial.roles import Someone, is_author_of, is_board_member, is_editor
from editorial.workflow.rounds import claim_signoff_problems

# The rule's description as the policy page shows it: one message for the catalogue (the page
# translates it), the two roles the policy names.
AUTHOR_OR_EDITOR = gettext_noop("an author of the article or an editor")

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
    """Who may take a step: ``test(user, article)``, described as the policy says it; such a
    person takes it in the authors' pages (``by_authors``) or on the article's admin page."""

    description: str
    test: Callable[[Someone, Article], bool]
    by_authors: bool = False

    def __call__(self, user: Someone, article: Article) -> bool:
        return bool(self.test(user, article))

    def page(self, article: Article, step: str = "") -> str:
        """Where the people this rule names take a step on the article."""
        if self.by_authors:
            return article.working_copy_url()
        return article_page(article, step_anchor(step) if step else "")

    def refusal(self, label: str, article: Article = None, step: str = "") -> str:
        """ "Only … may …", leading to where such a person takes the step on ``article``."""
        text = f"Only {self.description} may {label.lower()}."
        if article is None:
            return text
        return Refusal(
            text, who=self.description, url=self.page(article, step), link_text="The article"
        )


def rule(
    description: str, *, by_authors: bool = False
) -> Callable[[Callable[[Someone, Article], bool]], Rule]:
    return lambda test: Rule(description=description, test=test, by_authors=by_authors)


@rule(AN_AUTHOR, by_authors=True)
def author_of_article(user: Someone, article: Article) -> bool:
    return is_author_of(user, article)


@rule(AUTHOR_OR_EDITOR, by_authors=True)
def author_or_editor(user: Someone, article: Article) -> bool:
    return is_editor(user) or is_author_of(user, article)


@rule(EDITOR_NOT_AUTHOR)
def editor_not_author(user: Someone, article: Article) -> bool:
    return may_assign_reviewers(user, article)


@rule(
    gettext_noop(
        "an editor, or a board member where the board may decide (a setting, on by default), "
        "who is not an author of the article"
    )
)
def decider_not_author(user: Someone, article: Article) -> bool:
    return may_decide(user, article)


@rule(AN_EDITOR)
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

# Who lifts what the conditions find, and where.
AUTHORS_FIX = f"{AN_AUTHOR}, in the article's text"
INVITING_ANOTHER = f"{EDITOR_NOT_AUTHOR}, by inviting another board member"
STILL_TO_REVIEW = "{names}, who {verb} still to review"
AMENDING = "{name}, by amending their review as asked"
REPLACING = f"{EDITOR_NOT_AUTHOR}, by replacing or releasing that reviewer"
ADDRESSING = f"{EDITOR_NOT_AUTHOR}, by saying how the recommendation was addressed"
APPROVING = (
    "an editor, or a board member where the board may decide, by approving a revision after "
    "its review"
)


def for_authors(article: Article, problems: Sequence[str]) -> list[str]:
    """What the authors fix in the text, each sentence leading to their editor."""
    return [
        Refusal(
            problem,
            who=AUTHORS_FIX,
            url=article.working_copy_url(),
            link_text="Edit the article",
        )
        for problem in problems
    ]


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


@condition(gettext_noop("the article has a title and some text"))
def has_text(subject: Subject) -> list[str]:
    return [] if subject.article.has_text() else for_authors(subject.article, [NEEDS_TEXT])


@condition(
    gettext_noop("every [@…] is a well-formed citation marker, such as [@key] or [@key1; @key2]")
)
def citations_well_formed(subject: Subject) -> list[str]:
    return for_authors(subject.article, subject.article.malformed_citation_problems())


@condition(gettext_noop("every citation marker names one of the article's references"))
def citations_resolve(subject: Subject) -> list[str]:
    unresolved = subject.article.unresolved_citation_keys()
    if not unresolved:
        return []
    return for_authors(subject.article, [unresolved_markers_refusal(unresolved)])


@condition(gettext_noop("the article cites at least one reference"))
def cites_a_reference(subject: Subject) -> list[str]:
    if subject.article.cited_references():
        return []
    return for_authors(subject.article, [CITES_NOTHING])


@condition(
    gettext_noop("every listed reference is cited and no two listed references are the same work")
)
def reference_list_sound(subject: Subject) -> list[str]:
    problems = subject.article.reference_list_problems()
    return for_authors(subject.article, [" ".join(problems)]) if problems else []


@condition(gettext_noop("the article has an approved revision on the public site"))
def has_live_revision(subject: Subject) -> list[str]:
    if subject.article.live_revision_id is not None:
        return []
    return [
        Refusal(
            NOT_PUBLISHED,
            who=APPROVING,
            url=article_page(subject.article),
            link_text="The article's page",
        )
    ]


@condition(gettext_noop("no cited reference is retracted unless an editor has acknowledged it"))
def retractions_acknowledged(subject: Subject) -> list[str]:
    """Each retracted work: the reviewed model's refusal leads to where editors acknowledge it."""
    return list(subject.article.retraction_blocks())


def quorum() -> int:
    return settings.EDITORIAL_APPROVAL_QUORUM


def counts_toward_quorum(review: Review, *, language: str) -> bool:
    """An approving review counts, unless an editor asked its reviewer to amend it and they have
    not yet; only a reviewer's who reviews in the article's ``language``; a guest reviewer's
    only if EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM says so."""
    reviewer = review.invitation.reviewer
    counted = not reviewer.external or settings.EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM
    in_language = reviewer.reviews_in(language)
    return review.approves and counted and in_language and not review.being_amended


def being_amended_refusal(names: Sequence[str]) -> str:
    return (
        f"Asked to amend their review, {', '.join(names)} has not yet; it counts again once "
        "amended."
    )


def _quorum_refusal(subject: Subject, approving: int) -> Refusal:
    """Who can bring the quorum: the reviewers still to review, by name, and an editor who
    invites another member (on the article's page)."""
    waiting = [
        invitation.reviewer.display_name
        for invitation in subject.invitations
        if invitation.is_pending
    ]
    who = [INVITING_ANOTHER]
    if waiting:
        verb = "is" if len(waiting) == 1 else "are"
        who.insert(0, STILL_TO_REVIEW.format(names=names(waiting), verb=verb))
    return Refusal(
        quorum_refusal(quorum(), approving),
        who="; or ".join(who),
        url=article_page(subject.article, INVITE_ANCHOR),
        link_text="The round's reviewers and invitations",
    )


@condition(
    gettext_noop(
        "the current round has the quorum of approving reviews (EDITORIAL_APPROVAL_QUORUM, 2 by "
        "default) by reviewers who review in the article's language (a guest reviewer's counts "
        "when EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM is on)"
    )
)
def quorum_met(subject: Subject) -> list[str]:
    language = subject.article.language
    approving = sum(counts_toward_quorum(review, language=language) for review in subject.reviews)
    if approving >= quorum():
        return []
    amending = [review for review in subject.reviews if review.being_amended]
    return [_quorum_refusal(subject, approving)] + [
        Refusal(
            being_amended_refusal([review.invitation.reviewer.display_name]),
            who=AMENDING.format(name=review.invitation.reviewer.display_name),
            url=review_form(review.invitation),
            link_text="Their review form",
        )
        for review in amending
    ]


@condition(
    gettext_noop("no reviewer of the round has a declared conflict of interest left unresolved")
)
def no_open_conflict(subject: Subject) -> list[str]:
    conflicts = subject.conflicts
    if not conflicts:
        return []
    return [
        Refusal(
            conflict_refusal([invitation.reviewer.display_name for invitation in conflicts]),
            who=REPLACING,
            url=article_page(subject.article, invitation_anchor(conflicts[0])),
            link_text="Replace or release the reviewer",
        )
    ]


@condition(
    gettext_noop("every 'reject' recommendation of the round has been addressed by an editor")
)
def rejections_addressed(subject: Subject) -> list[str]:
    rejections = [review for review in subject.reviews if review.needs_addressing]
    if not rejections:
        return []
    return [
        Refusal(
            rejection_refusal([review.invitation.reviewer.display_name for review in rejections]),
            who=ADDRESSING,
            url=article_page(subject.article, invitation_anchor(rejections[0].invitation)),
            link_text="Mark the recommendation as addressed",
        )
    ]


@condition(
    gettext_noop(
        "every cited claim of the revision is marked supported by a reviewer of the round (or was, "
        "unchanged, in an earlier round) and none is disputed (EDITORIAL_CLAIM_SIGNOFF, on by "
        "default)"
    )
)
def claims_signed_off(subject: Subject) -> list[str]:
    return claim_signoff_problems(subject.open_round)


@condition(
    gettext_noop(
        "a translation translates the live revision of its original, which is published (once "
        "the original has a newer one, the translation follows it first)"
    )
)
def translates_live_original(subject: Subject) -> list[str]:
    return subject.article.translation_problems()


# What sending a working copy to the board needs, whether for the first time or again.
SUBMISSION_CONDITIONS = (
    has_text,
    citations_well_formed,
    citations_resolve,
    cites_a_reference,
    reference_list_sound,
    translates_live_original,
)
# What approval needs.
APPROVAL_CONDITIONS = (
    quorum_met,
    no_open_conflict,
    rejections_addressed,
    retractions_acknowledged,
    claims_signed_off,
)
