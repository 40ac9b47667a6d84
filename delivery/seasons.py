"""Taste calendars as the app sees them: the editions for a region, and what is in season."""

import dataclasses
import datetime
from collections.abc import Callable

from django.db.models import QuerySet

from calendars.editions import editions_covering, nearest
from calendars.models import SeasonalEntry, TasteCalendarPage
from cms.models import Region
from delivery import prefetch


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


def bare(entries: QuerySet, now: datetime.datetime) -> QuerySet:
    """Entries alone, for matching: their item and season are all it reads."""
    return entries


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
