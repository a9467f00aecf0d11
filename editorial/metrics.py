"""The board's numbers: how long each stage of a review takes, who has how much open work, how
many articles are approved each month. Read from the audit trail and the invitations, in a fixed
number of queries whatever the size of the archive; the admin draws them as charts and offers
each as CSV (``articles.admin``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from editorial.models import (
    DECISIONS,
    PENDING_INVITATION,
    SUBMISSIONS,
    BoardMember,
    InvitationStatus,
    ReviewState,
    Step,
    TransitionLog,
)

STARTS = (Step.START_REVIEW,)


def months_back(today: date, count: int) -> list[date]:
    """The first days of the last ``count`` months, oldest first, this month last."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def months_ahead(today: date, count: int) -> list[date]:
    """The first days of this month and the ``count - 1`` months after it."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return firsts


# Turnaround ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    name: str
    label: str
    days: list[float]

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def median(self) -> float | None:
        return round(statistics.median(self.days), 1) if self.days else None

    @property
    def p90(self) -> float | None:
        if not self.days:
            return None
        ordered = sorted(self.days)
        return round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 1)


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def turnaround(*, since: datetime) -> list[Stage]:
    """Days from each submission to the start of its review, from the start to the decision,
    and from submission to decision, for submissions decided since ``since``."""
    logs = (
        TransitionLog.objects.filter(action__in=[*SUBMISSIONS, *STARTS, *DECISIONS])
        .filter(article__in=TransitionLog.objects.filter(created_at__gte=since).values("article"))
        .order_by("article_id", "created_at", "pk")
        .values_list("article_id", "action", "created_at")
    )
    waiting, reviewing, overall = [], [], []
    submitted: dict[int, datetime] = {}
    started: dict[int, datetime] = {}
    for article_id, action, at in logs.iterator(chunk_size=2000):
        if action in SUBMISSIONS:
            submitted[article_id] = at
            started.pop(article_id, None)
        elif action in STARTS and article_id in submitted:
            started[article_id] = at
        elif action in DECISIONS and article_id in submitted:
            if at >= since:
                begun = started.get(article_id)
                if begun is not None:
                    waiting.append(_days(submitted[article_id], begun))
                    reviewing.append(_days(begun, at))
                overall.append(_days(submitted[article_id], at))
            submitted.pop(article_id)
            started.pop(article_id, None)
    return [
        Stage("waiting", "Submitted → review started", waiting),
        Stage("reviewing", "Review started → decision", reviewing),
        Stage("overall", "Submitted → decision", overall),
    ]


# Approvals ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCount:
    month: date
    count: int


def approvals_per_month(*, months: int = 12, today: date | None = None) -> list[MonthCount]:
    today = today or timezone.localdate()
    firsts = months_back(today, months)
    counted = dict(
        TransitionLog.objects.filter(action=Step.APPROVE, created_at__date__gte=firsts[0])
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    by_month = {_as_date(month): count for month, count in counted.items()}
    return [MonthCount(month=first, count=by_month.get(first, 0)) for first in firsts]


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


# Workload ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberLoad:
    member: BoardMember
    open_reviews: int
    overdue: int
    reviewed_last_year: int
    last_reviewed: datetime | None

    @property
    def days_since_last_review(self) -> int | None:
        if self.last_reviewed is None:
            return None
        return (timezone.now() - self.last_reviewed).days


def workload(
    *, today: date | None = None, members: QuerySet[BoardMember] | None = None
) -> list[MemberLoad]:
    """Each board member's open reviews (invited or accepted, in rounds still open), how many of
    those are overdue, reviews in the last year and the last one's date: for ``members``, or
    every active member."""
    today = today or timezone.localdate()
    pending = Q(
        invitations__round__closed_at__isnull=True, invitations__status__in=PENDING_INVITATION
    )
    year_ago = timezone.now() - timedelta(days=365)
    members = (
        BoardMember.objects.filter(active=True, external=False) if members is None else members
    )
    annotated = members.annotate(
        open_reviews=Count("invitations", filter=pending, distinct=True),
        overdue=Count(
            "invitations", filter=pending & Q(invitations__due_date__lt=today), distinct=True
        ),
        reviewed_last_year=Count(
            "invitations",
            filter=Q(
                invitations__status=InvitationStatus.REVIEWED,
                invitations__review__submitted_at__gte=year_ago,
            ),
            distinct=True,
        ),
        last_reviewed=Max("invitations__review__submitted_at"),
    )
    return [
        MemberLoad(
            member=member,
            open_reviews=member.open_reviews,
            overdue=member.overdue,
            reviewed_last_year=member.reviewed_last_year,
            last_reviewed=member.last_reviewed,
        )
        for member in annotated.order_by("display_name")
    ]


def decisions_by_outcome(*, since: datetime) -> dict[str, int]:
    counted = dict(
        TransitionLog.objects.filter(action__in=DECISIONS, created_at__gte=since)
        .values("target")
        .annotate(count=Count("pk"))
        .values_list("target", "count")
    )
    outcomes = (ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED, ReviewState.REJECTED)
    return {state.label: counted.get(state.value, 0) for state in outcomes}
