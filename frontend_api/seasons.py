"""Taste calendars as the app sees them: the edition for a region, and what is in season."""

import dataclasses
import datetime

from calendars.models import SeasonalEntry, TasteCalendarPage
from cms.models import Region
from frontend_api import prefetch, visibility


@dataclasses.dataclass(frozen=True)
class InSeasonEntry:
    entry: SeasonalEntry
    is_peak: bool
    days_left: int


def calendar_for(region_chain: list[Region], year: int, now: datetime.datetime) -> TasteCalendarPage | None:
    """The live edition nearest the region: a city without its own falls back to its province's."""
    calendars = visibility.live_calendars(now).filter(region__in=region_chain, year=year).select_related("region")
    by_region = {calendar.region_id: calendar for calendar in calendars}
    return next((by_region[region.pk] for region in region_chain if region.pk in by_region), None)


def entries(calendar: TasteCalendarPage, now: datetime.datetime) -> list[SeasonalEntry]:
    return list(prefetch.seasonal_entries(calendar.entries.all(), now))


def in_season(calendar: TasteCalendarPage | None, day: datetime.date, now: datetime.datetime) -> list[InSeasonEntry]:
    """Entries in season on ``day``, peaks first, then those ending soonest."""
    if calendar is None:
        return []
    current = prefetch.seasonal_entries(calendar.entries.filter(season_start__lte=day, season_end__gte=day), now)
    found = [InSeasonEntry(entry, entry.is_peak(day), entry.days_left(day)) for entry in current]
    return sorted(found, key=lambda found: (not found.is_peak, found.days_left, found.entry.sort_order or 0))
