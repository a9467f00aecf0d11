"""Charts drawn on the server as HTML and CSS: geometry here, markup in
templates/admin/includes/bar_chart.html. No script and no external request; each chart comes
with its figures as a table.

The charts are text laid out by the browser, not a picture scaled to the screen, so their labels
keep the page's font size on a phone. Two kinds:

- **bars**, one row per category (a stage, a board member): the full label beside its bar,
  however long, wrapping on a narrow screen;
- **columns**, one per month: a short month name under each column, and the year under the
  first label shown of each year; with more months than a screen has room for, only every
  ``stride``-th label is shown (``Column.wide``, ``Column.narrow``).

The value axis has round ticks; counts get whole-number ticks only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

# How many columns' labels fit side by side: on a 1280 px screen the chart is 48rem wide, on a
# 360 px phone about 300 px; a month's label ("Sep") takes about 2rem.
WIDE_LABELS = 16
NARROW_LABELS = 6
MAX_INTERVALS = 5


@dataclass(frozen=True)
class Tick:
    value: float
    share: float  # percent of the axis

    @property
    def edge(self) -> str:
        """Where the tick's number sits against its mark: the first and last stay inside."""
        return "start" if self.share == 0 else "end" if self.share == 100 else "middle"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    share: float  # percent of the axis


@dataclass(frozen=True)
class Column:
    label: str  # "Jun"
    full: str  # "Jun 2025", for the column's tooltip
    value: float
    share: float
    wide: bool  # its label is shown on a wide screen
    narrow: bool  # and on a narrow one
    wide_year: str = ""  # "2025" under the first label shown of each year, at that width
    narrow_year: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    kind: str  # "bars" or "columns"
    ticks: list[Tick]
    bars: list[Bar]
    columns: list[Column]
    note: str = ""  # a figure said beside the chart rather than drawn in it


def axis(maximum: float, *, whole: bool) -> tuple[float, float]:
    """The axis top and tick step for values up to ``maximum``: a step of 1, 2 or 5 times a
    power of ten, at most ``MAX_INTERVALS`` intervals, and a whole step when ``whole``."""
    if maximum <= 0:
        return 1, 1
    raw = maximum / MAX_INTERVALS
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if whole:
        step = max(1, round(step))
    return math.ceil(maximum / step - 1e-9) * step, step


def _ticks(top: float, step: float) -> list[Tick]:
    count = round(top / step)
    return [
        Tick(value=round(i * step, 6), share=round(100 * i / count, 2)) for i in range(count + 1)
    ]


def _share(value: float, top: float) -> float:
    return round(100 * max(value, 0) / top, 2)


def bar_chart(
    title: str, values: Sequence[tuple[str, float]], *, unit: str = "", whole: bool = True
) -> Chart:
    """One row per category."""
    top, step = axis(max((value for _, value in values), default=0), whole=whole)
    bars = [Bar(label=label, value=value, share=_share(value, top)) for label, value in values]
    return Chart(
        title=title, unit=unit, kind="bars", ticks=_ticks(top, step), bars=bars, columns=[]
    )


def stride(count: int, room: int) -> int:
    """Show every n-th of ``count`` labels so that at most ``room`` are shown: 1, 2, 3, 4, 6 or
    12 (whole parts of a year, so the labels shown are the same months each year)."""
    return next((n for n in (1, 2, 3, 4, 6) if math.ceil(count / n) <= room), 12)


def month_chart(
    title: str,
    values: Sequence[tuple[date, float]],
    *,
    unit: str = "",
    note: str = "",
) -> Chart:
    """One column per month (the first day of each)."""
    top, step = axis(max((value for _, value in values), default=0), whole=True)
    wide, narrow = stride(len(values), WIDE_LABELS), stride(len(values), NARROW_LABELS)
    columns = []
    shown_year = {"wide": "", "narrow": ""}

    def year(first: date, shown: bool, width: str) -> str:
        if not shown or shown_year[width] == f"{first:%Y}":
            return ""
        shown_year[width] = f"{first:%Y}"
        return shown_year[width]

    for index, (first, value) in enumerate(values):
        on_wide, on_narrow = index % wide == 0, index % narrow == 0
        columns.append(
            Column(
                label=f"{first:%b}",
                full=f"{first:%b %Y}",
                value=value,
                share=_share(value, top),
                wide=on_wide,
                narrow=on_narrow,
                wide_year=year(first, on_wide, "wide"),
                narrow_year=year(first, on_narrow, "narrow"),
            )
        )
    return Chart(
        title=title,
        unit=unit,
        kind="columns",
        ticks=_ticks(top, step),
        bars=[],
        columns=columns,
        note=note,
    )
