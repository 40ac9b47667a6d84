"""A taste calendar edition read month by month: each entry's season and peak as a bar over the edition's year.

The edition's editor draws it above the entries, and heads each entry with
what and when in words ("大闸蟹 · 9月中旬–12月中旬 · 江苏苏州阳澄湖"), so an
edition reads without opening an entry (calendars/edition_editor.py).
calendars/static/calendars/taste_calendar_editor.js redraws a bar and its
heading as the entry's dates change, from the words and anchor dates of
:func:`client_data`.
"""

import calendar
import dataclasses
import datetime
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _, pgettext_lazy

from calendars import almanac
from calendars.plan import Span
from calendars.selection import Period, Zoom
from calendars.timeline import Placement, Scale, peak_within

MONTHS = (
    pgettext_lazy("month of a season", "Jan"), pgettext_lazy("month of a season", "Feb"),
    pgettext_lazy("month of a season", "Mar"), pgettext_lazy("month of a season", "Apr"),
    pgettext_lazy("month of a season", "May"), pgettext_lazy("month of a season", "Jun"),
    pgettext_lazy("month of a season", "Jul"), pgettext_lazy("month of a season", "Aug"),
    pgettext_lazy("month of a season", "Sep"), pgettext_lazy("month of a season", "Oct"),
    pgettext_lazy("month of a season", "Nov"), pgettext_lazy("month of a season", "Dec"),
)
# The thirds of a month (旬) a season starts or ends in; a season from the 1st or to the last day reads as the month.
THIRDS = (_("early %(month)s"), _("mid %(month)s"), _("late %(month)s"))
RANGE = pgettext_lazy("months of a season", "%(start)s – %(end)s")
RANGE_INTO_NEXT_YEAR = _("%(start)s – %(end)s next year")
VARIETY = pgettext_lazy("an item and its variety", "%(item)s (%(variety)s)")
DAY = pgettext_lazy("a day of a month", "%(month)s %(day)s")
SEASON_AND_PEAK = _("%(season)s, peak %(peak)s")


def words() -> dict[str, object]:
    """The phrases a heading is made of, in the active language, for the script to make the same."""
    return {
        "months": [str(month) for month in MONTHS], "thirds": [str(third) for third in THIRDS],
        "range": str(RANGE), "range_into_next_year": str(RANGE_INTO_NEXT_YEAR), "variety": str(VARIETY),
    }


def month_part(day: datetime.date, *, end: bool) -> str:
    """"9月" for a season that starts on the 1st (or ends on the last day), else the third of the month: "9月中旬"."""
    month = str(MONTHS[day.month - 1])
    if day.day == (calendar.monthrange(day.year, day.month)[1] if end else 1):
        return month
    return THIRDS[min((day.day - 1) // 10, 2)] % {"month": month}


def season_words(season: Span) -> str:
    """"9月中旬 – 12月中旬", "12月 – 4月 next year" (12月–次年4月), or one part for a season within one."""
    start, end = month_part(season.start, end=False), month_part(season.end, end=True)
    if season.end.year > season.start.year:
        return RANGE_INTO_NEXT_YEAR % {"start": start, "end": end}
    return start if start == end else RANGE % {"start": start, "end": end}


def day_words(day: datetime.date) -> str:
    return DAY % {"month": MONTHS[day.month - 1], "day": day.day}


def days_words(span: Span) -> str:
    return RANGE % {"start": day_words(span.start), "end": day_words(span.end)}


@dataclasses.dataclass(frozen=True)
class Row:
    """One entry of the edition; ``prefix`` is its form's ("entries-3"), which its bar opens."""

    prefix: str
    item: str
    variety: str
    origin: str
    season: Span | None
    peak: Span | None
    bar: Placement | None = None
    peak_bar: Placement | None = None  # in percent of the bar
    continues_before: bool = False
    continues_after: bool = False

    @property
    def name(self) -> str:
        if not self.variety:
            return self.item
        return VARIETY % {"item": self.item, "variety": self.variety}

    @property
    def heading(self) -> str:
        """What, when and from where: "大闸蟹（阳澄湖） · 9月中旬 – 12月中旬 · 江苏苏州阳澄湖"."""
        return " · ".join(filter(None, [self.name, season_words(self.season) if self.season else "", self.origin]))

    @property
    def dates(self) -> str:
        """The season and its peak in days, for the bar's tooltip: "9月20日–12月15日，盛产期 10月15日–11月20日"."""
        if not self.season:
            return ""
        season = days_words(self.season)
        return SEASON_AND_PEAK % {"season": season, "peak": days_words(self.peak)} if self.peak else season


def _span(start, end) -> Span | None:
    return Span(start, end) if start and end and start <= end else None


def row_of(entry, prefix: str) -> Row:
    """A seasonal entry as its form holds it (as stored, or as last submitted where that was valid)."""
    return Row(
        prefix, entry.item, entry.variety, entry.origin,
        _span(entry.season_start, entry.season_end), _span(entry.peak_start, entry.peak_end),
    )


@dataclasses.dataclass(frozen=True)
class Month:
    label: str
    days: int


@dataclasses.dataclass(frozen=True)
class MonthGrid:
    year: int
    months: tuple[Month, ...]
    rows: tuple[Row, ...]

    @property
    def columns(self) -> str:
        """CSS grid columns as wide as their months, so month cells line up with bars placed by day."""
        return " ".join(f"{month.days}fr" for month in self.months)


def placed(row: Row, scale: Scale) -> Row:
    """``row`` with its bars placed on the year, if its season falls in it at all."""
    year = Span.of(scale.period)
    if row.season is None or not row.season.overlaps(year):
        return row
    bar = scale.place(row.season)
    peak = row.peak.overlap(year) if row.peak else None
    return dataclasses.replace(
        row, bar=bar, peak_bar=peak_within(bar, scale.place(peak)) if peak else None,
        continues_before=row.season.start < year.start, continues_after=row.season.end > year.end,
    )


def month_grid(year: int, rows: Iterable[Row]) -> MonthGrid:
    period = Period.around(Zoom.YEAR, datetime.date(year, 1, 1))
    months = tuple(Month(str(MONTHS[month - 1]), calendar.monthrange(year, month)[1]) for month in range(1, 13))
    return MonthGrid(year, months, tuple(placed(row, Scale(period)) for row in rows))


def anchor_dates(year: int) -> dict[str, str]:
    """Every anchor's date for ``year``'s edition, as the script reads them (ISO dates by name)."""
    found = {}
    for _group, choices in almanac.anchor_choices():
        for name, _label in choices:
            try:
                found[name] = almanac.anchor_date(name, year).isoformat()
            except KeyError:
                continue
    return found


def anchor_options(year: int | None) -> list[tuple[str, str]]:
    """(name, "Solar terms · Aug 7") for every anchor: its kind, and its day in ``year``'s edition if it has one."""
    options = []
    for group, choices in almanac.anchor_choices():
        for name, _label in choices:
            try:
                day = f" · {day_words(almanac.anchor_date(name, year))}" if year else ""
            except KeyError:
                day = ""
            options.append((name, f"{group}{day}"))
    return options


def client_data(year: int) -> dict:
    """What the editor's script needs to redraw a bar and a heading: the year, its anchors and the next year's, and the words."""
    return {"year": year, "anchors": {year: anchor_dates(year), year + 1: anchor_dates(year + 1)}, "words": words()}
