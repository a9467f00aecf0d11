"""What the admin's board review panels show a given user: the panel of one article, and a
board member's queue at the top of the admin's home.

Each button is offered exactly when its service would accept: the panel asks the same checks
(``editorial.workflow``) as the services in ``editorial.reviews``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from editorial.comments import (
    comment_add_problems,
    comment_threads,
    comments_visible_to,
    threads_by_section,
)
from editorial.forms import (
    CommentReplyForm,
    GuestInviteForm,
    InviteForm,
    PassageCommentForm,
    ReplaceForm,
)
from editorial.guests import guest_link_problems
from editorial.matching import reviewer_candidates
from editorial.models import InvitationStatus, PassageComment, ReviewInvitation, ReviewRound
from editorial.workflow import (
    ReviewWorkflow,
    Someone,
    claim_signoff,
    disclosure_problems,
    invitation_replace_problems,
    invite_problems,
    is_board_member,
    may_read_confidential,
    no_candidates_refusal,
    open_round,
    review_address_problems,
    review_reopen_problems,
)


def board_review_context(user: Someone, article: ReviewWorkflow) -> dict[str, Any]:
    rounds: list[ReviewRound] = list(
        article.review_rounds.select_related("revision", "decision__actor").order_by("-number")
    )
    invitations = (
        ReviewInvitation.objects.filter(round__article=article)
        .select_related("reviewer__user", "review__addressed_by", "replaced_by__reviewer")
        .prefetch_related("review__claim_checks", "review__amendments__requested_by")
        .order_by("invited_at", "pk")
    )
    by_round: dict[int, list[ReviewInvitation]] = {}
    for invitation in invitations:
        by_round.setdefault(invitation.round_id, []).append(invitation)
    current = rounds[0] if rounds and rounds[0].is_open else None
    today = timezone.localdate()
    for review_round in rounds:
        review_round.article = article
        review_round.invitation_list = by_round.get(review_round.pk, [])
        for invitation in review_round.invitation_list:
            invitation.round = review_round
            invitation.overdue = invitation.is_overdue(today)
            invitation.replaceable = not invitation_replace_problems(user, invitation, today)
            review = getattr(invitation, "review", None)
            invitation.addressable = review is not None and not review_address_problems(
                user, review
            )
            invitation.reopenable = review is not None and not review_reopen_problems(user, review)
            invitation.disclosable = review is not None and not disclosure_problems(
                user, invitation
            )
            invitation.guest_link = not guest_link_problems(user, invitation)
    inviting = not invite_problems(user, article)
    replacing = current is not None and any(
        invitation.replaceable for invitation in current.invitation_list
    )
    return {
        "review_rounds": rounds,
        "current_round": current,
        "invite_form": InviteForm(article=article) if inviting else None,
        "guest_form": GuestInviteForm(prefix="guest") if inviting else None,
        "guest_url": reverse("admin:articles_article_guest", args=[article.pk]),
        "guests_count": settings.EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM,
        "candidates": reviewer_candidates(article) if inviting else [],
        "no_candidates": no_candidates_refusal(),
        # The verdicts on each claim are the board's: never shown to an author of the article.
        "claim_signoff": claim_signoff(current)
        if current is not None and may_read_confidential(user, article)
        else None,
        "replace_form": ReplaceForm(article=article) if replacing else None,
        "invite_url": reverse("admin:articles_article_invite", args=[article.pk]),
        "timeline_url": reverse("admin:articles_article_timeline", args=[article.pk]),
        "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
        **_comment_counts(user, article),
    }


PANEL_COMMENTS = 5  # the open comments the panel lists; the comments screen has them all


def _comment_counts(user: Someone, article: ReviewWorkflow) -> dict[str, Any]:
    visible = comments_visible_to(user, article)
    counts = visible.aggregate(
        open=Count("pk", filter=Q(resolved_at__isnull=True)),
        resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
    )
    return {
        "open_comments": counts["open"],
        "resolved_comments": counts["resolved"],
        "open_comment_list": list(visible.open().order_by("created_at", "pk")[:PANEL_COMMENTS]),
        "comments_url": reverse("admin:articles_article_comments", args=[article.pk]),
    }


def passage_comments_context(user: Someone, article: ReviewWorkflow) -> dict[str, Any]:
    """The comments screen: the revision under review (or, between rounds, the latest), the
    threads the user may read under its sections, and the form to comment when
    ``comment_add`` would accept (else why not)."""
    current = open_round(article)
    revision = current.revision if current is not None else article.latest_revision()
    page = revision.rendered if revision is not None else None
    headings = [section.heading for section in page.sections] if page is not None else []
    threads = comment_threads(user, article)
    problems = comment_add_problems(user, article)
    return {
        "comment_round": current,
        "comment_revision": revision,
        "comment_page": page,
        "comment_groups": threads_by_section(threads, headings),
        "comment_form": PassageCommentForm(sections=headings) if not problems else None,
        "comment_add_problems": problems,
        "reply_form": CommentReplyForm(),
        "open_comments": sum(1 for thread in threads if not thread.comment.is_resolved),
        "resolved_comments": sum(1 for thread in threads if thread.comment.is_resolved),
    }


@dataclass(frozen=True)
class AwaitingItem:
    """One invitation in a board member's queue, with the next thing to do and where."""

    invitation: ReviewInvitation
    overdue: bool
    step: str
    url: str
    open_comments: int = 0


# What each item of the queue asks of the member next.
ANSWER_THE_INVITATION = "Answer the invitation"
WRITE_YOUR_REVIEW = "Write your review"
DECLARE_ANY_CONFLICT = "Declare any conflict of interest"
AMEND_YOUR_REVIEW = "Complete or revisit your review, as an editor asked"


@dataclass(frozen=True)
class ReviewQueue:
    """What awaits a board member: invitations to answer and reviews due, overdue first."""

    items: list[AwaitingItem]
    to_answer: int
    to_review: int
    overdue: int


def review_queue(user: Someone) -> ReviewQueue | None:
    """The signed-in board member's queue for the admin's home; None for anyone else."""
    if not is_board_member(user):
        return None
    mine = ReviewInvitation.objects.of_user(user)
    pending = list(
        mine.to_do().select_related("round__article", "round__revision", "reviewer__user")
    )
    overdue = set(mine.overdue().values_list("pk", flat=True))
    open_comments = dict(
        PassageComment.objects.open()
        .filter(revision__article__in={invitation.round.article_id for invitation in pending})
        .values_list("revision__article")
        .annotate(count=Count("pk"))
    )
    items = []
    for invitation in sorted(pending, key=lambda i: (i.pk not in overdue, i.due_date, i.pk)):
        if invitation.is_reviewed:
            step, view = AMEND_YOUR_REVIEW, "review"
        elif invitation.awaiting_answer:
            step, view = ANSWER_THE_INVITATION, "change"
        elif invitation.ready_for_review:
            step, view = WRITE_YOUR_REVIEW, "review"
        else:
            step, view = DECLARE_ANY_CONFLICT, "change"
        url = reverse(f"admin:editorial_awaitingmyreview_{view}", args=[invitation.pk])
        items.append(
            AwaitingItem(
                invitation,
                invitation.pk in overdue,
                step,
                url,
                open_comments.get(invitation.round.article_id, 0),
            )
        )
    return ReviewQueue(
        items=items,
        to_answer=sum(1 for i in pending if i.status == InvitationStatus.INVITED),
        to_review=sum(
            1 for i in pending if i.status in (InvitationStatus.ACCEPTED, InvitationStatus.REVIEWED)
        ),
        overdue=len(overdue),
    )
