"""Weekly time windows of scenes, including windows that cross midnight, and where a local day ends.

A window is a set of ISO weekdays (1 = Monday … 7 = Sunday) on which it
*starts*, and a local start and end time. When the end is not after the start
the window runs past midnight into the next day: "weekdays 21:00–02:00" covers
Friday 01:30 (the tail of Thursday's window) but not Saturday 01:30.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEEKDAY_CHOICES = [
    ("1", _("Mon")),
    ("2", _("Tue")),
    ("3", _("Wed")),
    ("4", _("Thu")),
    ("5", _("Fri")),
    ("6", _("Sat")),
    ("7", _("Sun")),
]
WEEKDAYS = "1234567"


def normalise_days(days: str) -> str:
    """Sorted, de-duplicated ISO weekday digits; raises ValueError on anything else."""
    if not days or any(day not in WEEKDAYS for day in days):
        raise ValueError(f"Days must be ISO weekday digits 1-7, got {days!r}.")
    return "".join(sorted(set(days)))


def crosses_midnight(start: datetime.time, end: datetime.time) -> bool:
    return end <= start


def window_contains(
    days: str, start: datetime.time, end: datetime.time, moment: datetime.datetime
) -> bool:
    """Whether the local ``moment`` falls inside the weekly window."""
    weekday = str(moment.isoweekday())
    clock = moment.time().replace(tzinfo=None)
    if not crosses_midnight(start, end):
        return weekday in days and start <= clock < end
    previous_day = str((moment - datetime.timedelta(days=1)).isoweekday())
    return (weekday in days and clock >= start) or (previous_day in days and clock < end)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The local midnight that ends ``day``: what lasts through a day (consent, a season) stops there."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
