"""The report's charts as coordinates for inline SVG, drawn by the admin template: no JavaScript, nothing from a CDN.

Two charts of the goal's rate: per day for each variant, its interval a band
around the line; and in total, a bar per variant with its interval as a
whisker. Coordinates are in the SVG's own units (``WIDTH`` × ``HEIGHT``).
"""

import math
from dataclasses import dataclass

from django.utils import formats

from campaigns.experiment_report import Report

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 12, 28  # margins for the axes' labels
COLOURS = ["#6b7280", "#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2"]  # the control grey


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Line:
    key: str
    name: str
    colour: str
    points: str  # the polyline's "x,y x,y …"
    band: str  # the interval's polygon
    dots: tuple[tuple[float, float, str], ...]  # x, y and a tooltip per day


@dataclass(frozen=True)
class Bar:
    key: str
    name: str
    colour: str
    x: float
    y: float
    width: float
    height: float
    low: float  # the whisker's ends, as y
    high: float
    label: str

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Chart:
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...] = ()
    bars: tuple[Bar, ...] = ()
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: float = HEIGHT - BOTTOM
    right: float = WIDTH - RIGHT


def rates_over_time(report: Report) -> Chart | None:
    """The goal's rate per day and variant, with its 95% interval as a band; None before the first impression."""
    if not report.days:
        return None
    top = _nice_top(max(point.rate.high for result in report.results for point in result.series))
    x_of = _day_scale(report.days)
    lines = []
    for index, result in enumerate(report.results):
        if not result.series:
            continue
        xs = [x_of[point.day] for point in result.series]
        line = [(x, _y(point.rate.value, top)) for x, point in zip(xs, result.series)]
        upper = [(x, _y(point.rate.high, top)) for x, point in zip(xs, result.series)]
        lower = [(x, _y(point.rate.low, top)) for x, point in zip(xs, result.series)]
        tips = [f"{result.name} · {point.day:%Y-%m-%d} · {_percent(point.rate.value)} ({_percent(point.rate.low)}–{_percent(point.rate.high)})"
                for point in result.series]
        lines.append(Line(
            result.key, result.name, COLOURS[index % len(COLOURS)], _points(line), _points(upper + lower[::-1]),
            tuple((x, y, tip) for (x, y), tip in zip(line, tips)),
        ))
    labelled = report.days[:: max(1, math.ceil(len(report.days) / 8))]
    return Chart(_y_ticks(top), tuple(Tick(x_of[day], formats.date_format(day, "m-d")) for day in labelled), lines=tuple(lines))


def goal_rates(report: Report) -> Chart | None:
    """A bar per variant at its overall goal rate, its 95% interval as a whisker; None before the first impression."""
    measured = [(index, result) for index, result in enumerate(report.results) if result.goal_rate]
    if not measured:
        return None
    top = _nice_top(max(result.goal_rate.high for _, result in measured))
    slot = (WIDTH - LEFT - RIGHT) / len(measured)
    bars = []
    for position, (index, result) in enumerate(measured):
        rate = result.goal_rate
        y = _y(rate.value, top)
        bars.append(Bar(
            result.key, result.name, COLOURS[index % len(COLOURS)], round(LEFT + slot * (position + 0.2), 1), y,
            round(slot * 0.6, 1), round(HEIGHT - BOTTOM - y, 1), _y(rate.low, top), _y(rate.high, top), _percent(rate.value),
        ))
    x_ticks = tuple(Tick(bar.centre, bar.key) for bar in bars)
    return Chart(_y_ticks(top), x_ticks, bars=tuple(bars))


def _nice_top(value: float) -> float:
    """The axis's top: the next 1, 2 or 5 times a power of ten above ``value``, so ticks are round percentages."""
    if value <= 0:
        return 0.01
    magnitude = 10 ** math.floor(math.log10(value))
    return next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= value)


def _y_ticks(top: float) -> tuple[Tick, ...]:
    return tuple(Tick(_y(top * i / 4, top), _percent(top * i / 4)) for i in range(5))


def _y(rate: float, top: float) -> float:
    return round(HEIGHT - BOTTOM - rate / top * (HEIGHT - TOP - BOTTOM), 1)


def _day_scale(days) -> dict:
    """Days to x by their distance in time, so a day without impressions leaves its gap."""
    first, span = days[0], (days[-1] - days[0]).days
    if not span:
        return {first: (LEFT + WIDTH - RIGHT) / 2}
    return {day: round(LEFT + (day - first).days / span * (WIDTH - LEFT - RIGHT), 1) for day in days}


def _points(pairs) -> str:
    return " ".join(f"{x},{y}" for x, y in pairs)


def _percent(rate: float) -> str:
    return f"{rate * 100:.1f}%" if rate >= 0.001 or rate == 0 else f"{rate * 100:.2f}%"
