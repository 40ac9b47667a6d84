"""Which taste-calendar editions a region reads over some days.

An edition is named by the year its seasons start in, but a winter season runs
into the next year (strawberries from December to April). So the editions for
a span of days are the nearest region's editions of those years together with
any earlier edition whose seasons run into the span: in January, last year's
edition still has its winter.
"""

import datetime
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, Q, QuerySet

from calendars.models import SeasonalEntry, TasteCalendarPage
from cms.models import Region


def nearest(calendars: Sequence[TasteCalendarPage], region_chain: Sequence[Region]) -> list[TasteCalendarPage]:
    """The calendars of the first region in the chain that has any: a city without its own reads its province's."""
    for region in region_chain:
        own = [calendar for calendar in calendars if calendar.region_id == region.pk]
        if own:
            return own
    return []


def editions_covering(
    calendars: QuerySet, region_chain: Sequence[Region], start: datetime.date, end: datetime.date
) -> list[TasteCalendarPage]:
    """Of ``calendars``, the nearest region's editions for the days from ``start`` to ``end``, the start's year first."""
    found = covering(calendars, region_chain, start, end).select_related("region")
    return nearest_first(list(found), region_chain, start.year)


def covering(calendars: QuerySet, region_chain: Sequence[Region], start: datetime.date, end: datetime.date) -> QuerySet:
    """The chain's calendars of the days' years, or with a season running into the days, every region's."""
    running_into = SeasonalEntry.objects.filter(calendar=OuterRef("pk"), season_start__lte=end, season_end__gte=start)
    return calendars.filter(region__in=region_chain).filter(Q(year__range=(start.year, end.year)) | Exists(running_into))


def nearest_first(calendars: Sequence[TasteCalendarPage], region_chain: Sequence[Region], year: int) -> list[TasteCalendarPage]:
    """Of calendars covering some days, the nearest region's, ``year``'s own first."""
    return sorted(nearest(calendars, region_chain), key=lambda calendar: (calendar.year != year, calendar.year))
