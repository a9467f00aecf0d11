"""What the admin's board review panel shows a given user for one article.

Each button is offered exactly when its service would accept: the panel asks the same checks
(``editorial.workflow``) as the services in ``editorial.reviews``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from editorial.forms import InviteForm, ReplaceForm
from editorial.matching import reviewer_candidates
from editorial.models import ReviewInvitation, ReviewRound
from editorial.workflow import (
    ReviewWorkflow,
    Someone,
    invitation_replace_problems,
    invite_problems,
    review_address_problems,
)


def board_review_context(user: Someone, article: ReviewWorkflow) -> dict[str, Any]:
    rounds: list[ReviewRound] = list(
        article.review_rounds.select_related("revision", "decision__actor").order_by("-number")
    )
    invitations = (
        ReviewInvitation.objects.filter(round__article=article)
        .select_related("reviewer__user", "review__addressed_by", "replaced_by__reviewer")
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
    inviting = not invite_problems(user, article)
    replacing = current is not None and any(
        invitation.replaceable for invitation in current.invitation_list
    )
    return {
        "review_rounds": rounds,
        "current_round": current,
        "invite_form": InviteForm(article=article) if inviting else None,
        "candidates": reviewer_candidates(article) if inviting else [],
        "replace_form": ReplaceForm(article=article) if replacing else None,
        "invite_url": reverse("admin:articles_article_invite", args=[article.pk]),
        "timeline_url": reverse("admin:articles_article_timeline", args=[article.pk]),
        "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
    }
