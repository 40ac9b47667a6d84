"""Taste calendars as the app sees them: the editions for a region, and what is in season."""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence

from django.db.models import QuerySet

from calendars.editions import covering, editions_covering, nearest, nearest_first
from calendars.models import SeasonalEntry, TasteCalendarPage
from cms.models import Region
from delivery import prefetch
from delivery.matching import InSeason


@dataclasses.dataclass(frozen=True)
class InSeasonEntry:
    entry: SeasonalEntry
    is_peak: bool
    days_left: int


def calendar_for(region_chain: list[Region], year: int, now: datetime.datetime) -> TasteCalendarPage | None:
    """The live edition for ``year`` nearest the region: a city without its own falls back to its province's."""
    calendars = TasteCalendarPage.objects.live_at(now).filter(region__in=region_chain, year=year).select_related("region")
    return next(iter(nearest(list(calendars), region_chain)), None)


def editions_on(region_chain: list[Region], day: datetime.date, now: datetime.datetime) -> list[TasteCalendarPage]:
    """The live editions a visitor in the region reads on ``day``, the day's own year first."""
    return editions_covering(TasteCalendarPage.objects.live_at(now), region_chain, day, day)


def entries(calendar: TasteCalendarPage, now: datetime.datetime) -> list[SeasonalEntry]:
    return list(prefetch.seasonal_entries(calendar.entries.all(), now))


def in_season(
    editions: list[TasteCalendarPage], day: datetime.date, now: datetime.datetime,
    prepare: Callable[[QuerySet, datetime.datetime], QuerySet] = prefetch.seasonal_entries,
) -> list[InSeasonEntry]:
    """Entries of the editions in season on ``day``, peaks first, then those ending soonest.

    ``prepare`` loads what the caller shows of them: by default everything the
    API shows, their live related articles included.
    """
    if not editions:
        return []
    current = SeasonalEntry.objects.filter(calendar__in=editions, season_start__lte=day, season_end__gte=day)
    found = [InSeasonEntry(entry, entry.is_peak(day), entry.days_left(day)) for entry in prepare(current, now)]
    return sorted(found, key=lambda found: (not found.is_peak, found.days_left, found.entry.sort_order or 0))


@dataclasses.dataclass(frozen=True)
class Season:
    """One entry's season, as matching reads it."""

    entry_id: int
    item: str
    sort_order: int | None
    start: datetime.date
    end: datetime.date
    peak_start: datetime.date | None
    peak_end: datetime.date | None

    def is_peak(self, day: datetime.date) -> bool:
        return self.peak_start is not None and self.peak_start <= day <= self.peak_end


@dataclasses.dataclass(frozen=True)
class RegionSeasons:
    """The live editions a region's chain reads in one year, with their entries' seasons.

    Any day's editions and in-season entries follow from it with no query, so
    a moment reads it once per region, year and content version; read per
    day, each new day cost two queries.
    """

    chain: tuple[Region, ...]
    editions: tuple[tuple[TasteCalendarPage, tuple[Season, ...]], ...]

    @classmethod
    def read(cls, region_chain: Sequence[Region], year: int, now: datetime.datetime) -> "RegionSeasons":
        """The chain's live editions of ``year``, and those with a season in it (last year's winter)."""
        year_long = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        calendars = list(covering(TasteCalendarPage.objects.live_at(now), region_chain, *year_long).select_related("region"))
        found = defaultdict(list)
        fields = ("pk", "item", "sort_order", "season_start", "season_end", "peak_start", "peak_end")
        dated = SeasonalEntry.objects.filter(calendar__in=calendars, season_start__isnull=False, season_end__isnull=False)
        for calendar_id, *season in dated.values_list("calendar_id", *fields):
            found[calendar_id].append(Season(*season))
        return cls(tuple(region_chain), tuple((calendar, tuple(found[calendar.pk])) for calendar in calendars))

    def editions_on(self, day: datetime.date) -> list[TasteCalendarPage]:
        """As :func:`editions_on` reads them from the database."""
        on_the_day = [
            calendar for calendar, seasons in self.editions
            if calendar.year == day.year or any(season.start <= day <= season.end for season in seasons)
        ]
        return nearest_first(on_the_day, self.chain, day.year)

    def in_season_on(self, day: datetime.date) -> dict[int, InSeason]:
        """Entry id -> item and peak, in :func:`in_season`'s order: peaks first, then those ending soonest."""
        shown = {calendar.pk for calendar in self.editions_on(day)}
        current = [season for calendar, seasons in self.editions if calendar.pk in shown for season in seasons if season.start <= day <= season.end]
        current.sort(key=lambda season: (not season.is_peak(day), (season.end - day).days, season.sort_order or 0))
        return {season.entry_id: InSeason(season.item, season.is_peak(day)) for season in current}
