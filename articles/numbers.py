"""The board's numbers for the editors' admin page: review turnaround, approvals per month,
each member's open and overdue reviews, and articles due for their periodic re-review. Each
figure is a table (drawn as a chart, and downloadable as CSV)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from articles.charts import Chart, bar_chart, month_chart
from articles.models import Article
from editorial import metrics
from editorial.models import ReviewState


@dataclass(frozen=True)
class Figure:
    """One figure of the page: its title, its table, and its chart."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list[object]]
    chart: Chart | None

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()


def _first_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def turnaround_figure(since: datetime) -> Figure:
    stages = metrics.turnaround(since=since)
    return Figure(
        slug="turnaround",
        title="Turnaround per stage (days)",
        columns=["stage", "decisions", "median days", "90th percentile days"],
        rows=[[stage.label, stage.count, stage.median, stage.p90] for stage in stages],
        chart=bar_chart(
            "Median days per stage",
            [(stage.label, stage.median or 0) for stage in stages],
            unit="days",
            whole=False,
        ),
    )


def approvals_figure(months: int, today: date) -> Figure:
    counts = metrics.approvals_per_month(months=months, today=today)
    return Figure(
        slug="approvals",
        title="Approvals per month",
        columns=["month", "approvals"],
        rows=[[f"{entry.month:%Y-%m}", entry.count] for entry in counts],
        chart=month_chart("Approvals per month", [(entry.month, entry.count) for entry in counts]),
    )


def workload_figure(today: date) -> Figure:
    loads = metrics.workload(today=today)
    return Figure(
        slug="workload",
        title="Open and overdue reviews per board member",
        columns=[
            "board member",
            "open reviews",
            "overdue",
            "reviews in the last year",
            "days since last review",
        ],
        rows=[
            [
                load.member.display_name,
                load.open_reviews,
                load.overdue,
                load.reviewed_last_year,
                load.days_since_last_review,
            ]
            for load in loads
        ],
        chart=bar_chart(
            "Open reviews per board member",
            [(load.member.display_name, load.open_reviews) for load in loads],
        ),
    )


def rereviews_figure(months: int, today: date) -> Figure:
    """Published articles by the month their periodic re-review falls due: overdue ones first
    (not already in a re-review), then each of the next ``months`` months."""
    due = Article.objects.published().filter(
        status=ReviewState.APPROVED, next_review_due__isnull=False
    )
    overdue = due.filter(next_review_due__lt=today).count()
    upcoming = metrics.months_ahead(today, months)
    after = metrics.months_ahead(upcoming[-1], 2)[1]
    counted = (
        due.filter(next_review_due__gte=today, next_review_due__lt=after)
        .annotate(month=TruncMonth("next_review_due"))
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    by_month = {_first_of(month): count for month, count in counted}
    rows: list[list[object]] = [["overdue now", overdue]]
    rows += [[f"{first:%Y-%m}", by_month.get(first, 0)] for first in upcoming]
    return Figure(
        slug="rereviews",
        title="Articles due for periodic re-review",
        columns=["month due", "articles"],
        rows=rows,
        chart=month_chart(
            "Articles due for re-review",
            [(first, by_month.get(first, 0)) for first in upcoming],
            note=f"Overdue now: {overdue}",
        ),
    )


def outcomes_figure(since: datetime) -> Figure:
    outcomes = metrics.decisions_by_outcome(since=since)
    return Figure(
        slug="decisions",
        title="Decisions",
        columns=["decision", "count"],
        rows=[[label, count] for label, count in outcomes.items()],
        chart=None,
    )


def board_numbers(*, months: int = 12, today: date | None = None) -> list[Figure]:
    today = today or timezone.localdate()
    first = metrics.months_back(today, months)[0]
    since = timezone.make_aware(datetime.combine(first, time.min))
    return [
        turnaround_figure(since),
        outcomes_figure(since),
        approvals_figure(months, today),
        workload_figure(today),
        rereviews_figure(months, today),
    ]
