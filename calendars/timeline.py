"""Lays the plan out on a timeline: bars, markers and ticks placed in percent of the period.

The admin template draws them with plain CSS, so the timeline needs no
JavaScript and prints as it looks.
"""

import dataclasses
import datetime

from django.utils import formats

from calendars import almanac, label_layout
from calendars.plan import OPEN_END, Plan, Span
from calendars.selection import Period, Zoom
from campaigns.models import PlanningStatus


@dataclasses.dataclass(frozen=True)
class Placement:
    left: float
    width: float

    @property
    def end(self) -> float:
        return round(self.left + self.width, 3)

    @property
    def start_from_right(self) -> float:
        """Its start, counted from the track's right end: where a label before it ends."""
        return round(100 - self.left, 3)


@dataclasses.dataclass(frozen=True)
class Bar:
    kind: str  # "campaign" or "season"
    id: int
    page_id: int  # the page to edit: the campaign, or the season's calendar
    label: str
    span: Span
    place: Placement
    status: str = ""
    peak: Placement | None = None  # in percent of the bar itself
    continues_before: bool = False
    continues_after: bool = False
    experiment: int | None = None  # a campaign's running experiment
    text: str = label_layout.INSIDE  # where its label fits: label_layout.bar_text

    @property
    def status_label(self) -> str:
        return PlanningStatus(self.status).label if self.status else ""

    @property
    def open_ended(self) -> bool:
        return self.span.end == OPEN_END


@dataclasses.dataclass(frozen=True)
class Marker:
    name: str
    kind: str  # almanac.SOLAR_TERM, FESTIVAL or RETAIL_DAY
    date: datetime.date
    left: float
    lane: int | None = None  # its label's lane; None: the name is only its tooltip
    flipped: bool = False  # its label ends at the line, near the track's end


@dataclasses.dataclass(frozen=True)
class Tick:
    label: str
    place: Placement


@dataclasses.dataclass(frozen=True)
class Timeline:
    period: Period
    ticks: tuple[Tick, ...]
    today: float | None
    campaigns: tuple[Bar, ...]
    seasons: tuple[Bar, ...]
    markers: tuple[Marker, ...]

    @property
    def marker_lanes(self) -> int:
        return max((marker.lane + 1 for marker in self.markers if marker.lane is not None), default=0)

    @property
    def track_rem(self) -> int:
        return label_layout.TRACK_REM

    @property
    def solar_terms(self) -> tuple[Marker, ...]:
        return tuple(m for m in self.markers if m.kind == almanac.SOLAR_TERM)


class Scale:
    """Days of a period to percent of its width."""

    def __init__(self, period: Period):
        self.period = period

    def at(self, day: datetime.date) -> float:
        return round((day - self.period.start).days / self.period.days * 100, 3)

    def middle_of(self, day: datetime.date) -> float:
        return round(self.at(day) + 50 / self.period.days, 3)

    def place(self, span: Span) -> Placement:
        start = max(span.start, self.period.start)
        end = min(span.end, self.period.end) + datetime.timedelta(days=1)
        return Placement(self.at(start), round(self.at(end) - self.at(start), 3))

    def bar(self, kind: str, id: int, page_id: int, label: str, span: Span, **extra) -> Bar:
        place = self.place(span)
        return Bar(
            kind, id, page_id, label, span, place,
            continues_before=span.start < self.period.start, continues_after=span.end > self.period.end,
            text=label_layout.bar_text(place.left, place.width, label), **extra,
        )


def peak_within(bar: Placement, peak: Placement) -> Placement:
    """The peak placed in percent of its bar, for drawing it inside the bar."""
    return Placement(round((peak.left - bar.left) / bar.width * 100, 3), round(peak.width / bar.width * 100, 3))


def _ticks(scale: Scale) -> tuple[Tick, ...]:
    period = scale.period
    ticks, day = [], period.start
    while day <= period.end:
        if period.zoom == Zoom.MONTH:
            following, label = day + datetime.timedelta(days=1), str(day.day)
        else:
            following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            label = formats.date_format(day, "M")
        ticks.append(Tick(label, scale.place(Span(day, following - datetime.timedelta(days=1)))))
        day = following
    return tuple(ticks)


def _markers(scale: Scale, days: list[almanac.AlmanacDay]) -> tuple[Marker, ...]:
    """Markers in date order, their labels laid out in lanes. Solar terms and retail days get theirs first:
    seasons are anchored to them, and they are few and spread out, where festivals crowd together."""
    markers = [Marker(day.name, day.kind, day.date, scale.middle_of(day.date)) for day in days]
    order = sorted(range(len(markers)), key=lambda i: (markers[i].kind == almanac.FESTIVAL, markers[i].date))
    places = label_layout.lanes([(markers[i].left, markers[i].name) for i in order])
    for i, place in zip(order, places):
        markers[i] = dataclasses.replace(markers[i], lane=place.lane, flipped=place.flipped)
    return tuple(markers)


def timeline(plan: Plan, today: datetime.date) -> Timeline:
    period = plan.selection.period
    scale = Scale(period)
    campaigns = sorted(plan.campaigns, key=lambda c: (c.span.start, c.span.end, c.title))
    seasons = []
    for season in plan.seasons:
        bar = scale.bar("season", season.id, season.calendar_id, season.name, season.span)
        peak = season.peak.overlap(Span.of(period)) if season.peak else None
        if peak:
            bar = dataclasses.replace(bar, peak=peak_within(bar.place, scale.place(peak)))
        seasons.append(bar)
    return Timeline(
        period=period,
        ticks=_ticks(scale),
        today=scale.middle_of(today) if today in period else None,
        campaigns=tuple(scale.bar("campaign", c.id, c.id, c.title, c.span, status=c.status, experiment=c.experiment) for c in campaigns),
        seasons=tuple(seasons),
        markers=_markers(scale, plan.almanac_days),
    )
