"""Solar terms and festivals of any year, from lunar-python.

Dates of the 24 solar terms and of lunar festivals move every year, so they
are always computed, never typed in. Seasonal entries may be anchored to any
name returned by :func:`anchor_choices`, and :func:`anchor_date` resolves such
an anchor in a given year.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy
from lunar_python import Lunar, Solar
from lunar_python.util import LunarUtil, SolarUtil

SOLAR_TERM = "solar_term"
FESTIVAL = "festival"
RETAIL_DAY = "retail"
KIND_LABELS = {
    SOLAR_TERM: gettext_lazy("Solar term"),
    FESTIVAL: gettext_lazy("Festival"),
    RETAIL_DAY: gettext_lazy("Retail day"),
}

# Retail shopping days, found by the name lunar-python gives them among its
# "other festivals" and shown under the name retail marketing uses.
RETAIL_DAYS = {"网络情人节": "520", "光棍节": "双十一"}

NEW_YEARS_EVE = "除夕"


@dataclass(frozen=True)
class AlmanacDay:
    """A named day of the year: a solar term, a festival or a retail day."""

    name: str
    date: datetime.date
    kind: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _to_date(solar: Solar) -> datetime.date:
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def solar_term_names() -> tuple[str, ...]:
    """The 24 solar terms in calendar order, starting with 小寒 (early January)."""
    names = [name for name in Lunar.JIE_QI_IN_USE if not name.isascii()]
    start = names.index("小寒")
    return tuple(names[start:] + names[:start])[:24]


@lru_cache(maxsize=64)
def solar_terms(year: int) -> tuple[AlmanacDay, ...]:
    """The 24 solar terms that fall in the Gregorian ``year``, in date order."""
    days = {}
    # A lunar year's table runs from the previous December's 冬至 to its own
    # 大雪; this December's 冬至 is in the next lunar year's table.
    for lunar_year in (year, year + 1):
        table = Lunar.fromYmd(lunar_year, 1, 1).getJieQiTable()
        for name, solar in table.items():
            if not name.isascii() and solar.getYear() == year:
                days[name] = AlmanacDay(name, _to_date(solar), SOLAR_TERM)
    return tuple(sorted(days.values(), key=lambda day: day.date))


def _lunar_festival_dates(year: int) -> list[AlmanacDay]:
    """Lunar festivals around the Spring Festival that falls in ``year``.

    The 腊月 festivals (腊八, 除夕) are those of the run-up to that Spring
    Festival, so they fall in December of the year before or in January and
    February: each name occurs exactly once, although a Gregorian year may hold
    two 腊八 (2022) or none (2023).
    """
    days = []
    for month_day, name in LunarUtil.FESTIVAL.items():
        month, day = (int(part) for part in month_day.split("-"))
        lunar_year = year - 1 if month == 12 else year
        days.append(AlmanacDay(name, _to_date(Lunar.fromYmd(lunar_year, month, day).getSolar()), FESTIVAL))
    spring_festival = _to_date(Lunar.fromYmd(year, 1, 1).getSolar())
    days.append(AlmanacDay(NEW_YEARS_EVE, spring_festival - datetime.timedelta(days=1), FESTIVAL))
    return days


def _solar_festival_dates(year: int) -> list[AlmanacDay]:
    days = []
    for month_day, name in SolarUtil.FESTIVAL.items():
        month, day = (int(part) for part in month_day.split("-"))
        days.append(AlmanacDay(name, datetime.date(year, month, day), FESTIVAL))
    for month_day, names in SolarUtil.OTHER_FESTIVAL.items():
        month, day = (int(part) for part in month_day.split("-"))
        for library_name in names:
            if library_name in RETAIL_DAYS:
                date = datetime.date(year, month, day)
                days.append(AlmanacDay(RETAIL_DAYS[library_name], date, RETAIL_DAY))
    return days


@lru_cache(maxsize=64)
def festivals(year: int) -> tuple[AlmanacDay, ...]:
    """Public, traditional and retail festivals falling in ``year``, by date."""
    candidates = _solar_festival_dates(year)
    # The run-up to next year's Spring Festival (腊八) can fall in this December.
    for spring_festival_year in (year, year + 1):
        candidates += _lunar_festival_dates(spring_festival_year)
    in_year = {(day.name, day.date): day for day in candidates if day.date.year == year}
    return tuple(sorted(in_year.values(), key=lambda day: (day.date, day.name)))


def festival_names() -> tuple[str, ...]:
    """Every festival name :func:`festivals` can return, in calendar order."""
    return tuple(dict.fromkeys(day.name for day in festivals(2000)))


def anchor_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for anchoring a season to a solar term or festival."""
    return [
        (gettext_lazy("Solar terms"), [(name, name) for name in solar_term_names()]),
        (gettext_lazy("Festivals"), [(name, name) for name in festival_names()]),
    ]


def anchor_date(name: str, year: int) -> datetime.date:
    """The date of the solar term or festival called ``name`` for ``year``'s edition.

    Solar terms and solar festivals fall in ``year``; lunar festivals are those
    around the year's Spring Festival, so 腊八 may fall in the December before.
    Raises ``KeyError`` for a name the almanac does not know.
    """
    return _anchors(year)[name]


@lru_cache(maxsize=64)
def _anchors(year: int) -> dict[str, datetime.date]:
    days = solar_terms(year) + tuple(_solar_festival_dates(year)) + tuple(_lunar_festival_dates(year))
    return {day.name: day.date for day in days}


def days_between(start: datetime.date, end: datetime.date) -> list[AlmanacDay]:
    """Solar terms and festivals from ``start`` to ``end`` inclusive, by date."""
    found = []
    for year in range(start.year, end.year + 1):
        found += [
            day for day in solar_terms(year) + festivals(year) if start <= day.date <= end
        ]
    return sorted(found, key=lambda day: (day.date, day.name))
