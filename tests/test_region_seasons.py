"""A region's seasons, read once per year and content version, give each day the editions and in-season entries the
database gives."""

import datetime

import pytest
from django.utils import timezone

from calendars.models import TasteCalendarPage
from cms.models import Region
from delivery import seasons

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("city", ["CN-SH-SH", "CN-GD-GZ", "CN-ZJ-HZ"])
def test_every_day_of_two_years_reads_the_same_as_the_database(city):
    """Shanghai and Guangzhou have editions for two years, with winters running into the next; Hangzhou has none."""
    now = timezone.now()
    chain = Region.objects.get(code=city).fallback_chain()
    kept = {}
    years = sorted(TasteCalendarPage.objects.values_list("year", flat=True).distinct())
    day, last = datetime.date(years[0], 1, 1), datetime.date(years[-1] + 1, 12, 31)
    compared = 0
    while day <= last:
        editions = seasons.editions_on(chain, day, now)
        kept.setdefault(day.year, seasons.RegionSeasons.read(chain, day.year, now))
        assert kept[day.year].editions_on(day) == editions, day
        expected = {found.entry.pk: (found.entry.item, found.is_peak) for found in seasons.in_season(editions, day, now)}
        in_season = kept[day.year].in_season_on(day)
        assert [(pk, season.item, season.is_peak) for pk, season in in_season.items()] == [(pk, *found) for pk, found in expected.items()], day
        compared += bool(in_season)
        day += datetime.timedelta(days=3)  # every weekday in turn, and the turns of months and years
    assert compared > 100 or city == "CN-ZJ-HZ"
