"""Review rounds as the workflow reads them: the round in progress, its reviews and conflicts, and
where the claims of its revision stand (the claim-by-claim sign-off).

Selectors only: nothing here writes. The conditions of the steps (``rules``) and the board's
checks (``board``) read these; so do the admin's panels and the public page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from editorial.claims import Claim, claims_text, sentence
from editorial.models import (
    ClaimCheck,
    ClaimVerdict,
    InvitationStatus,
    Review,
    ReviewAmendment,
    ReviewInvitation,
    ReviewRound,
)
from editorial.refusals import (
    EDITOR_NOT_AUTHOR,
    INVITE_ANCHOR,
    Refusal,
    article_page,
    invitation_anchor,
    names,
    reopen_anchor,
    review_form,
)

# ``article`` below is the reviewed model (settings.EDITORIAL_REVIEWED_MODEL).
Article = Any


def open_round(article: Article) -> ReviewRound | None:
    return article.review_rounds.open().first()


def round_reviews(article: Article) -> models.QuerySet[Review]:
    """The reviews of the article's round in progress (none when no round is open)."""
    return (
        Review.objects.in_open_round()
        .filter(invitation__round__article=article)
        .select_related("invitation__reviewer")
    )


def open_conflicts(article: Article) -> list[ReviewInvitation]:
    conflicted = ReviewInvitation.objects.in_open_round().filter(
        round__article=article, status=InvitationStatus.CONFLICTED
    )
    return list(conflicted.select_related("reviewer"))


def unaddressed_rejections(article: Article) -> list[Review]:
    rejections = round_reviews(article).recommending_rejection()
    return [review for review in rejections if review.needs_addressing]


def review_due_date() -> date:
    """When a reviewer invited today is due: EDITORIAL_REVIEW_DUE_DAYS from today."""
    return timezone.localdate() + timedelta(days=settings.EDITORIAL_REVIEW_DUE_DAYS)


# --------------------------------------------------------------------------------------------
# Claim-by-claim sign-off
# --------------------------------------------------------------------------------------------

CLAIMS_UNCHECKED = "These cited claims are not yet marked supported by a reviewer of this round: "
CLAIMS_DISPUTED = "A reviewer of this round marked these claims not supported or needing change: "


def unchecked_claims_refusal(claims: Sequence[Claim]) -> str:
    return sentence(CLAIMS_UNCHECKED + claims_text(claims))


def disputed_claims_refusal(claims: Sequence[Claim]) -> str:
    return sentence(CLAIMS_DISPUTED + claims_text(claims))


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
    claims = review_round.revision.claims()  # an editorial.models.ReviewedRevision
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
    return {
        fingerprint: max(number for number in rounds if number < review_round.number)
        for fingerprint, rounds in supported_in.items()
        if any(number < review_round.number for number in rounds)
    }


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


ASK_TO_AMEND = f"{EDITOR_NOT_AUTHOR}, by asking {{names}} to amend their review and mark them"
ASK_TO_REVISIT = f"{EDITOR_NOT_AUTHOR}, by asking {{names}} to revisit their review"
AMENDING_AS_ASKED = "{names}, by amending their review as asked"
YET_TO_REVIEW = "{names}, who {verb} still to review"
INVITING_A_REVIEWER = f"{EDITOR_NOT_AUTHOR}, by inviting a board member to review"
AUTHORS_ONCE_ASKED = "the authors, once the board requests changes"


def _round_reviews(review_round: ReviewRound) -> list[Review]:
    """The round's reviews, each knowing whether it is being amended (read once)."""
    asked = ReviewAmendment.objects.open().filter(review=models.OuterRef("pk"))
    reviews = list(
        Review.objects.filter(invitation__round=review_round)
        .select_related("invitation__reviewer")
        .annotate(amending=models.Exists(asked))
        .order_by("invitation__invited_at", "pk")
    )
    for review in reviews:
        review.open_amendments = [True] if review.amending else []
    return reviews


@dataclass(frozen=True)
class Lifting:
    """Who can lift a refusal of the sign-off (each a phrase), and the page where it is done."""

    who: list[str]
    url: str = ""
    link_text: str = ""


def _asked_of(review_round: ReviewRound, reviews: Sequence[Review], ask: str) -> Lifting:
    """Who can mark the claims among ``reviews``: those asked already amend; an editor asks the
    others (a guest's review is final). The link: the first "Ask to amend the review", else the
    form of the first reviewer asked."""
    amending = [review for review in reviews if review.being_amended]
    askable = [
        review
        for review in reviews
        if not review.being_amended and not review.invitation.reviewer.external
    ]
    lifting = Lifting(who=[])
    if askable:
        reviewers = names([review.invitation.reviewer.display_name for review in askable])
        lifting = Lifting(
            [ask.format(names=reviewers)],
            article_page(review_round.article, reopen_anchor(askable[0])),
            "Ask to amend the review",
        )
    if amending:
        reviewers = names([review.invitation.reviewer.display_name for review in amending])
        lifting.who.append(AMENDING_AS_ASKED.format(names=reviewers))
        if not lifting.url:
            lifting = Lifting(lifting.who, review_form(amending[0].invitation), "Their review form")
    return lifting


def _unchecked_refusal(review_round: ReviewRound, claims: Sequence[Claim]) -> Refusal:
    lifting = _asked_of(review_round, _round_reviews(review_round), ASK_TO_AMEND)
    waiting = list(review_round.invitations.pending().select_related("reviewer"))
    if waiting:
        verb = "is" if len(waiting) == 1 else "are"
        reviewers = names([invitation.reviewer.display_name for invitation in waiting])
        lifting.who.append(YET_TO_REVIEW.format(names=reviewers, verb=verb))
        if not lifting.url:
            url = article_page(review_round.article, invitation_anchor(waiting[0]))
            lifting = Lifting(lifting.who, url, "The round's reviewers")
    if not lifting.who:
        url = article_page(review_round.article, INVITE_ANCHOR)
        lifting = Lifting([INVITING_A_REVIEWER], url, "Invite reviewers")
    return Refusal(
        unchecked_claims_refusal(claims),
        who="; or ".join(lifting.who),
        url=lifting.url,
        link_text=lifting.link_text,
    )


def _disputed_refusal(review_round: ReviewRound, claims: Sequence[Claim]) -> Refusal:
    """The reviewers who disputed the claims revisit them when asked, or the authors change
    the text once changes are requested."""
    disputing = set(
        ClaimCheck.objects.filter(
            review__invitation__round=review_round,
            fingerprint__in=[claim.fingerprint for claim in claims],
        )
        .exclude(verdict=ClaimVerdict.SUPPORTED)
        .values_list("review_id", flat=True)
    )
    reviews = [review for review in _round_reviews(review_round) if review.pk in disputing]
    lifting = _asked_of(review_round, reviews, ASK_TO_REVISIT)
    if not lifting.url:
        lifting = Lifting(lifting.who, article_page(review_round.article), "The article's page")
    return Refusal(
        disputed_claims_refusal(claims),
        who="; or ".join([*lifting.who, AUTHORS_ONCE_ASKED]),
        url=lifting.url,
        link_text=lifting.link_text,
    )


def claim_signoff_problems(review_round: ReviewRound | None) -> list[str]:
    """What stops approval under EDITORIAL_CLAIM_SIGNOFF: claims no reviewer of the round has
    marked supported, and claims a reviewer of the round disputes, each saying who can mark
    them (the round's reviewers by name, asked by an editor) and linking to where. Empty when
    the setting is off."""
    if not settings.EDITORIAL_CLAIM_SIGNOFF or review_round is None:
        return []
    signoff = claim_signoff(review_round)
    problems = []
    if signoff.unchecked:
        problems.append(_unchecked_refusal(review_round, signoff.unchecked))
    if signoff.disputed:
        problems.append(_disputed_refusal(review_round, signoff.disputed))
    return problems
