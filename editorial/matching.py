"""Reviewer matching: which board members to invite to review an article, best first.

Eligible members are the active ones who may review it (never an author: ``reviewer_problems``)
and are not already on its open round. They are ranked by how many of the specialties of the
article's topics they share, then by their current open reviews (fewest first), then by the
days since their last review (longest first, never reviewed before all). A conflict of interest
a member declared before, on this article or on another article by one of its authors, is
flagged for the editor (it does not exclude: the editor decides).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from editorial.metrics import MemberLoad, workload
from editorial.models import BoardMember, InvitationStatus, ReviewInvitation, Specialty
from editorial.workflow import ReviewWorkflow, eligible_reviewers


@dataclass(frozen=True)
class Candidate:
    member: BoardMember
    matched: list[str]
    load: MemberLoad
    past_conflicts: list[str] = field(default_factory=list)

    def rank(self) -> tuple:
        days = self.load.days_since_last_review
        return (
            -len(self.matched),
            self.load.open_reviews,
            -(days if days is not None else 10**6),
            self.member.display_name,
        )


def eligible_members(article: ReviewWorkflow) -> QuerySet[BoardMember]:
    """Board members who may review the article and are not already on its open round."""
    busy = (
        ReviewInvitation.objects.active()
        .in_open_round()
        .filter(round__article=article)
        .values("reviewer_id")
    )
    return eligible_reviewers(article).exclude(pk__in=busy).select_related("user")


def past_conflicts(article: ReviewWorkflow, members: QuerySet[BoardMember]) -> dict[int, list[str]]:
    """Conflicts of interest these members declared on this article or on another article by
    one of its authors, as sentences for the editor, by member."""
    authors = [article.author_id, *article.coauthors.values_list("pk", flat=True)]
    declared = (
        ReviewInvitation.objects.filter(reviewer__in=members, status=InvitationStatus.CONFLICTED)
        .filter(
            Q(round__article=article)
            | Q(round__article__author__in=authors)
            | Q(round__article__coauthors__in=authors)
        )
        .select_related("round__article")
        .order_by("-conflict_declared_at")
        .distinct()
    )
    flags: dict[int, list[str]] = {}
    for invitation in declared:
        where = (
            "this article"
            if invitation.round.article_id == article.pk
            else f"“{invitation.round.article.title}”, by an author of this one"
        )
        when = invitation.conflict_declared_at or invitation.invited_at
        flags.setdefault(invitation.reviewer_id, []).append(
            f"Declared a conflict of interest on {where} ({when:%B %Y})."
        )
    return flags


def reviewer_candidates(article: ReviewWorkflow, *, today: date | None = None) -> list[Candidate]:
    """The eligible members, best match first, with why (specialties, workload, past conflicts)."""
    members = eligible_members(article)
    wanted = set(article.review_specialty_ids())
    specialties: dict[int, list[str]] = {}
    for member_id, name, pk in Specialty.objects.filter(members__in=members).values_list(
        "members", "name", "pk"
    ):
        if pk in wanted:
            specialties.setdefault(member_id, []).append(name)
    conflicts = past_conflicts(article, members)
    candidates = [
        Candidate(
            member=load.member,
            matched=sorted(specialties.get(load.member.pk, [])),
            load=load,
            past_conflicts=conflicts.get(load.member.pk, []),
        )
        for load in workload(today=today, members=members)
    ]
    return sorted(candidates, key=Candidate.rank)
