"""Bar charts drawn on the server as SVG: geometry here, markup in
templates/admin/includes/bar_chart.html. No script and no external request; each chart comes
with its figures as a table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 240
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 40, 36, 12


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    value: float
    y: float


@dataclass(frozen=True)
class BarChart:
    title: str
    unit: str
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - MARGIN_BOTTOM
    left: float = MARGIN_LEFT


def nice_maximum(value: float) -> float:
    """A round axis maximum at or above ``value``: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def bar_chart(title: str, values: Sequence[tuple[str, float]], *, unit: str = "") -> BarChart:
    top = nice_maximum(max((value for _, value in values), default=0))
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = (WIDTH - MARGIN_LEFT) / max(len(values), 1)
    bars = []
    for index, (label, value) in enumerate(values):
        height = plot_height * value / top
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(MARGIN_LEFT + index * slot + slot * 0.15, 1),
                y=round(HEIGHT - MARGIN_BOTTOM - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
            )
        )
    ticks = [
        Tick(
            value=round(top * step / 4, 2),
            y=round(HEIGHT - MARGIN_BOTTOM - plot_height * step / 4, 1),
        )
        for step in range(5)
    ]
    return BarChart(title=title, unit=unit, bars=bars, ticks=ticks)
