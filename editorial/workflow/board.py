"""The board's review within a round: who may invite, answer, declare, review, replace and
address. Each check returns why ``user`` may not do it now (empty when they may); the services in
``editorial.reviews`` and the admin's buttons ask the same check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models

from editorial.claims import Claim, claims_text, sentence
from editorial.languages import language_name
from editorial.models import (
    BoardMember,
    ChecklistAnswer,
    ClaimVerdict,
    ConflictAnswer,
    InvitationStatus,
    Recommendation,
    Review,
    ReviewInvitation,
)
from editorial.refusals import (
    EDITOR_NOT_AUTHOR,
    GUEST_ANCHOR,
    INVITE_ANCHOR,
    YOU,
    Refusal,
    article_page,
    board_members_page,
    invitation_anchor,
    invitation_page,
    reopen_anchor,
    review_form,
    step_anchor,
)
from editorial.roles import Someone, is_author_of, is_invitee
from editorial.workflow.rounds import open_round
from editorial.workflow.rules import may_assign_reviewers

# ``article`` below is the reviewed model (settings.EDITORIAL_REVIEWED_MODEL).
Article = Any

NO_OPEN_ROUND = "The article has no review round in progress: start the review first."
ROUND_CLOSED = "This review round is closed."
NOT_ACTIVE = "{name} is not an active board member."
OWN_ARTICLE = "{name} is an author of this article and cannot review it."
OTHER_LANGUAGE = "{name} does not review in {language}, the language of this article."
ONLY_EDITORS_INVITE = "Only an editor who is not an author of the article may invite reviewers."
ONLY_THE_INVITEE = "Only the invited board member may answer this invitation."
NOTHING_TO_DECLARE = "nothing to declare"
REVIEWED_ALREADY = "You have already reviewed this round; a review cannot be changed."
ACCEPT_FIRST = "Accept the invitation before reviewing."
DECLARE_FIRST = "Declare whether you have a conflict of interest before reviewing."
ONLY_EDITORS_DISCLOSE = (
    "Only an editor who is not an author of the article may publish a disclosure."
)
DISCLOSED_WITHOUT_CONFLICT = (
    "Only a member who declared no conflict of interest reviews, and is disclosed."
)
ONLY_EDITORS_REPLACE = "Only an editor who is not an author of the article may replace reviewers."
NOT_REPLACEABLE = "Only a declined, conflicted or overdue invitation can be replaced or released."
ONLY_EDITORS_ADDRESS = "Only an editor who is not an author of the article may do this."
ADDRESSED_ALREADY = "This recommendation has already been addressed."
ONLY_REJECTIONS_ADDRESSED = "Only a 'reject' recommendation needs to be addressed."


# Who lifts the refusals below, and where.
STARTING_REVIEW = f"{EDITOR_NOT_AUTHOR}, by starting the review"
NEXT_ROUND = (
    f"{EDITOR_NOT_AUTHOR}, by starting the next round once the author resubmits (its "
    "reviewers are invited again)"
)
REACTIVATING = "an editor, by reactivating the member (and their account) in Board members"
INVITING_OTHER = f"{EDITOR_NOT_AUTHOR}, by inviting another board member"
INVITING_IN_LANGUAGE = (
    f"{EDITOR_NOT_AUTHOR}, by inviting a board member who reviews in {{language}}"
)
INVITING_AGAIN = f"{EDITOR_NOT_AUTHOR}, by inviting you again"
THE_INVITEE = "{name}, the invited reviewer"
ACCEPTING = f"{YOU}, by accepting the invitation"
DECLARING = f"{YOU}, by declaring whether you have a conflict of interest"
ASKING_YOU = f"{EDITOR_NOT_AUTHOR}, by asking you to complete or revisit it"
MARKING = f"{YOU}, by marking each claim on this form (or changing your answers)"
GUEST_AGAIN = f"{EDITOR_NOT_AUTHOR}, by inviting them again as a guest to the next round"
AMENDING_IT = "{name}, by amending their review as asked"
REPLACEABLE_WHEN = (
    "{name}, by declining or declaring a conflict of interest; or time: it can be replaced "
    "once overdue (due {due})"
)


def no_open_round_refusal(article: Article) -> Refusal:
    return Refusal(
        NO_OPEN_ROUND,
        who=STARTING_REVIEW,
        url=article_page(article, step_anchor("start_review")),
        link_text="Start the review",
    )


def round_closed_refusal(article: Article) -> Refusal:
    return Refusal(ROUND_CLOSED, who=NEXT_ROUND, url=article_page(article), link_text="The article")


def editors_only(text: str, article: Article, anchor: str = "") -> Refusal:
    """A refusal for want of the right: an editor who is not an author does it, on the
    article's page."""
    return Refusal(
        text, who=EDITOR_NOT_AUTHOR, url=article_page(article, anchor), link_text="The article"
    )


def invitation_status_refusal(invitation: ReviewInvitation, consequence: str = "") -> str:
    """Why an invitation in its status cannot be answered: "This invitation is declined.", with
    what follows from it when there is more to say."""
    status = invitation.get_status_display().lower()
    said = f"{status}: {consequence}" if consequence else status
    text = f"This invitation is {said}."
    if invitation.status in (InvitationStatus.DECLINED, InvitationStatus.CANCELLED):
        return Refusal(
            text,
            who=INVITING_AGAIN,
            url=article_page(invitation.round.article, INVITE_ANCHOR),
            link_text="The article's invitations",
        )
    return text


def reviewer_problems(member: BoardMember, article: Article) -> list[str]:
    """Why this board member cannot review this article; empty when they can."""
    if not member.active or not member.user.is_active:
        return [
            Refusal(
                NOT_ACTIVE.format(name=member.display_name),
                who=REACTIVATING,
                url=board_members_page(member),
                link_text=f"{member.display_name} in Board members",
            )
        ]
    if is_author_of(member.user, article):
        return [
            Refusal(
                OWN_ARTICLE.format(name=member.display_name),
                who=INVITING_OTHER,
                url=article_page(article, INVITE_ANCHOR),
                link_text="Invite reviewers",
            )
        ]
    if not member.reviews_in(article.language):
        language = language_name(article.language)
        return [
            Refusal(
                OTHER_LANGUAGE.format(name=member.display_name, language=language),
                who=INVITING_IN_LANGUAGE.format(language=language),
                url=article_page(article, INVITE_ANCHOR),
                link_text="Invite reviewers",
            )
        ]
    return []


def eligible_reviewers(article: Article) -> models.QuerySet[BoardMember]:
    """The same rule as ``reviewer_problems``, for the whole board at once: active members with
    an active account who are not authors of the article and review in its language (guest
    reviewers are invited by name, ``editorial.guests``, never offered from the board)."""
    authors = [article.author_id, *article.coauthors.values_list("pk", flat=True)]
    return (
        BoardMember.objects.filter(active=True, external=False, user__is_active=True)
        .reviewing_in(article.language)
        .exclude(user_id__in=authors)
    )


NO_CANDIDATES = (
    "No eligible board member to invite: every active member is an author of the article or "
    "already invited to this round."
)
ADDING_MEMBERS = (
    "an editor, by adding a board member or reactivating one in Board members; or by inviting "
    "a guest reviewer below"
)


def no_candidates_refusal() -> Refusal:
    """The invitation form with nobody to offer: the board needs another member (or a guest)."""
    return Refusal(
        NO_CANDIDATES, who=ADDING_MEMBERS, url=board_members_page(), link_text="Board members"
    )


def invite_problems(user: Someone, article: Article) -> list[str]:
    """Why ``user`` may not invite reviewers to the article's round now."""
    if not may_assign_reviewers(user, article):
        return [editors_only(ONLY_EDITORS_INVITE, article, INVITE_ANCHOR)]
    if open_round(article) is None:
        return [no_open_round_refusal(article)]
    return []


def only_the_invitee_refusal(text: str, invitation: ReviewInvitation) -> Refusal:
    return Refusal(
        text,
        who=THE_INVITEE.format(name=invitation.reviewer.display_name),
        url=invitation_page(invitation),
        link_text="Their invitation",
    )


def _invitee_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    if not is_invitee(user, invitation):
        return [only_the_invitee_refusal(ONLY_THE_INVITEE, invitation)]
    if not invitation.round.is_open:
        return [round_closed_refusal(invitation.round.article)]
    return []


def invitation_accept_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    problems = _invitee_problems(user, invitation)
    if not problems and not invitation.awaiting_answer:
        problems = [invitation_status_refusal(invitation)]
    return problems


def invitation_decline_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    problems = _invitee_problems(user, invitation)
    if not problems and not invitation.is_pending:
        problems = [invitation_status_refusal(invitation)]
    return problems


def conflict_declaration_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    """Before reviewing, the member declares that there is no conflict of interest, or one."""
    problems = _invitee_problems(user, invitation)
    if not problems and not invitation.is_pending:
        problems = [invitation_status_refusal(invitation, NOTHING_TO_DECLARE)]
    return problems


def review_submit_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    """A member reviews once, after accepting and declaring no conflict of interest."""
    problems = _invitee_problems(user, invitation)
    if problems:
        return problems
    article = invitation.round.article
    if invitation.is_reviewed or hasattr(invitation, "review"):
        review = getattr(invitation, "review", None)
        anchor = reopen_anchor(review) if review else invitation_anchor(invitation)
        return [
            Refusal(
                REVIEWED_ALREADY,
                who=ASKING_YOU,
                url=article_page(article, anchor),
                link_text="Ask to amend the review",
            )
        ]
    if invitation.status != InvitationStatus.ACCEPTED:
        return [Refusal(ACCEPT_FIRST, who=ACCEPTING, url=invitation_page(invitation))]
    if invitation.conflict != ConflictAnswer.NONE:
        return [Refusal(DECLARE_FIRST, who=DECLARING, url=invitation_page(invitation))]
    return []


SIGNOFF_CLAIMS_UNMARKED = (
    "You recommend approval and answer that the claims are supported by their sources, but "
    "you have not marked these claims: "
)
SIGNOFF_CLAIMS_DISPUTED = (
    "You recommend approval and answer that the claims are supported by their sources, but "
    "you marked these claims not supported or needing change: "
)
SIGNOFF_WAY_OUT = (
    "Mark each claim “Supported by its sources”, or recommend changes and answer “No”."
)


def signoff_claims_refusal(opening: str, claims: Sequence[Claim], form_url: str = "") -> str:
    text = f"{sentence(opening + claims_text(claims))} {SIGNOFF_WAY_OUT}"
    if not form_url:
        return text
    return Refusal(text, who=MARKING, url=f"{form_url}#claims", link_text="The cited claims")


def open_claims(
    claims: Sequence[Claim], verdicts: Mapping[str, str], carried: Mapping[str, int]
) -> tuple[list[Claim], list[Claim]]:
    """The claims a review leaves open: those it does not mark (under EDITORIAL_CLAIM_SIGNOFF,
    and unless a reviewer of an earlier round marked them supported while they read the same:
    ``carried``), and those it marks anything but supported (``verdicts``, by fingerprint)."""
    unmarked = [
        claim
        for claim in claims
        if settings.EDITORIAL_CLAIM_SIGNOFF
        and claim.fingerprint not in verdicts
        and claim.fingerprint not in carried
    ]
    disputed = [
        claim
        for claim in claims
        if verdicts.get(claim.fingerprint, ClaimVerdict.SUPPORTED) != ClaimVerdict.SUPPORTED
    ]
    return unmarked, disputed


def review_signoff_problems(
    *,
    recommendation: str,
    claims_supported: str,
    claims: Sequence[Claim],
    verdicts: Mapping[str, str],
    carried: Mapping[str, int],
    form_url: str = "",
) -> list[str]:
    """An approval that says the claims are supported must sign them off: no claim left open
    (``open_claims``). Empty when the review says what it marks. ``form_url``: the review form,
    where the reviewer marks them."""
    if recommendation != Recommendation.APPROVE or claims_supported != ChecklistAnswer.YES:
        return []
    unmarked, disputed = open_claims(claims, verdicts, carried)
    problems = []
    if unmarked:
        problems.append(signoff_claims_refusal(SIGNOFF_CLAIMS_UNMARKED, unmarked, form_url))
    if disputed:
        problems.append(signoff_claims_refusal(SIGNOFF_CLAIMS_DISPUTED, disputed, form_url))
    return problems


APPROVAL_WITH_OPEN_CLAIMS = (
    "You recommend approval but leave these claims open: {claims}. The board approves an article "
    "only once every claim is marked supported, so your approval will not let it be published "
    "as it stands. Confirm below that you recommend approval with them open, or mark them."
)


def approval_open_claims_question(
    *,
    recommendation: str,
    claims_supported: str,
    claims: Sequence[Claim],
    verdicts: Mapping[str, str],
    carried: Mapping[str, int],
) -> str:
    """What the review form asks a reviewer to confirm before submitting an approval that does
    not claim full support (an approval that does is refused instead:
    ``review_signoff_problems``) while claims are open; empty when there is nothing to ask."""
    if recommendation != Recommendation.APPROVE or claims_supported == ChecklistAnswer.YES:
        return ""
    unmarked, disputed = open_claims(claims, verdicts, carried)
    if not unmarked and not disputed:
        return ""
    listed = [f"{claims_text(unmarked)} (not marked)"] if unmarked else []
    if disputed:
        listed.append(f"{claims_text(disputed)} (marked not supported or needing change)")
    return APPROVAL_WITH_OPEN_CLAIMS.format(claims="; ".join(listed))


ONLY_EDITORS_REOPEN = (
    "Only an editor who is not an author of the article may ask a reviewer to amend their review."
)
GUEST_NOT_REOPENED = (
    "A guest reviewer's link ends with their review: invite them again to the next round instead."
)
AMENDMENT_PENDING = "{name} has already been asked to amend this review and has not yet."
CLOSED_ROUND_AMENDED = (
    "This review belongs to a round that is closed, so it can no longer be amended; the next "
    "round's review is the place for it."
)
ONLY_THE_REVIEWER_AMENDS = "Only the reviewer who wrote this review may amend it."
NOT_ASKED_TO_AMEND = (
    "Nobody has asked you to amend this review; it is final unless an editor asks you to "
    "complete or revisit it."
)


def review_reopen_problems(user: Someone, review: Review) -> list[str]:
    """An editor who is not an author asks the reviewer of the round in progress to complete or
    revisit their review (a board member's: a guest's link ends with their review)."""
    invitation = review.invitation
    article = invitation.round.article
    if not may_assign_reviewers(user, article):
        return [editors_only(ONLY_EDITORS_REOPEN, article, invitation_anchor(invitation))]
    if not invitation.round.is_open:
        return [closed_round_refusal(article)]
    if invitation.reviewer.external:
        return [
            Refusal(
                GUEST_NOT_REOPENED,
                who=GUEST_AGAIN,
                url=article_page(article, GUEST_ANCHOR),
                link_text="Invite a guest reviewer",
            )
        ]
    if review.being_amended:
        name = invitation.reviewer.display_name
        return [
            Refusal(
                AMENDMENT_PENDING.format(name=name),
                who=AMENDING_IT.format(name=name),
                url=review_form(invitation),
                link_text="Their review form",
            )
        ]
    return []


def closed_round_refusal(article: Article) -> Refusal:
    return Refusal(
        CLOSED_ROUND_AMENDED, who=NEXT_ROUND, url=article_page(article), link_text="The article"
    )


def review_amend_problems(user: Someone, review: Review) -> list[str]:
    """The reviewer amends their review while an editor's request is open, in the round still
    in progress."""
    invitation = review.invitation
    article = invitation.round.article
    if not is_invitee(user, invitation):
        return [only_the_invitee_refusal(ONLY_THE_REVIEWER_AMENDS, invitation)]
    if not invitation.round.is_open:
        return [closed_round_refusal(article)]
    if not review.being_amended:
        return [
            Refusal(
                NOT_ASKED_TO_AMEND,
                who=ASKING_YOU,
                url=article_page(article, reopen_anchor(review)),
                link_text="Ask to amend the review",
            )
        ]
    return []


def disclosure_problems(user: Someone, invitation: ReviewInvitation) -> list[str]:
    """What readers see of a reviewer's interests is the board's to decide: an editor who is
    not an author publishes it, for a member who declared no conflict and reviewed (or will)."""
    article = invitation.round.article
    if not may_assign_reviewers(user, article):
        return [editors_only(ONLY_EDITORS_DISCLOSE, article, invitation_anchor(invitation))]
    if invitation.conflict != ConflictAnswer.NONE:
        return [DISCLOSED_WITHOUT_CONFLICT]
    return []


def invitation_replace_problems(
    user: Someone, invitation: ReviewInvitation, today: date | None = None
) -> list[str]:
    """A declined, conflicted or overdue reviewer is replaced or released by an editor."""
    article = invitation.round.article
    if not may_assign_reviewers(user, article):
        return [editors_only(ONLY_EDITORS_REPLACE, article, invitation_anchor(invitation))]
    if not invitation.round.is_open:
        return [round_closed_refusal(article)]
    if not (invitation.is_replaceable or invitation.is_overdue(today)):
        who = REPLACEABLE_WHEN.format(
            name=invitation.reviewer.display_name,
            due=f"{invitation.due_date:%B} {invitation.due_date.day}, {invitation.due_date.year}",
        )
        return [
            Refusal(
                NOT_REPLACEABLE,
                who=who,
                url=invitation_page(invitation),
                link_text="Their invitation",
            )
        ]
    return []


def review_address_problems(user: Someone, review: Review) -> list[str]:
    """An editor records how a 'reject' recommendation was addressed, so approval may proceed."""
    article = review.invitation.round.article
    if not may_assign_reviewers(user, article):
        return [editors_only(ONLY_EDITORS_ADDRESS, article, invitation_anchor(review.invitation))]
    if not review.needs_addressing:  # nothing to lift: there is nothing to address
        if review.addressed_at:
            return [ADDRESSED_ALREADY]
        return [ONLY_REJECTIONS_ADDRESSED]
    if not review.invitation.round.is_open:
        return [round_closed_refusal(article)]
    return []
