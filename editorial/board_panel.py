"""What the admin's board review panel shows a given user for one article."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from editorial.forms import AddressForm, InviteForm, ReplaceForm
from editorial.models import InvitationStatus, ReviewInvitation
from editorial.workflow import is_editor, may_assign_reviewers


def board_review_context(article: Any, user: Any) -> dict[str, Any]:
    rounds = list(
        article.review_rounds.select_related("revision", "decision__actor").order_by("-number")
    )
    invitations = (
        ReviewInvitation.objects.filter(round__article=article)
        .select_related("reviewer__user", "review__addressed_by", "replaced_by__reviewer")
        .order_by("invited_at", "pk")
    )
    by_round: dict[int, list] = {}
    for invitation in invitations:
        by_round.setdefault(invitation.round_id, []).append(invitation)
    current = rounds[0] if rounds and rounds[0].is_open else None
    assigning = current is not None and may_assign_reviewers(user, article)
    today = timezone.localdate()
    for review_round in rounds:
        review_round.invitation_list = by_round.get(review_round.pk, [])
        for invitation in review_round.invitation_list:
            invitation.overdue = invitation.is_overdue(today)
            invitation.replaceable = (
                assigning
                and review_round is current
                and (
                    invitation.status in (InvitationStatus.DECLINED, InvitationStatus.CONFLICTED)
                    or invitation.overdue
                )
            )
            review = getattr(invitation, "review", None)
            invitation.addressable = bool(
                assigning
                and is_editor(user)
                and review_round is current
                and review
                and review.recommendation == "reject"
                and not review.addressed_at
            )
    return {
        "review_rounds": rounds,
        "current_round": current,
        "invite_form": InviteForm(article=article) if assigning else None,
        "replace_form": ReplaceForm(article=article) if assigning else None,
        "address_form": AddressForm() if assigning else None,
        "invite_url": reverse("admin:articles_article_invite", args=[article.pk]),
        "timeline_url": reverse("admin:articles_article_timeline", args=[article.pk]),
        "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
    }
