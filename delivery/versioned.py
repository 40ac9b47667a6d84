"""What the moments of one content version read alike, kept once per process.

The taxonomy, the live campaigns, and a region's editions and seasons of a
year change only with content, and every change makes a new
content version (:mod:`delivery.cache`), or when a scheduled go-live or expiry
passes. So each process keeps them for the current version, each until the
next such time, and a moment the response cache has not seen reads only what
is its own. Without a version (the cache unreachable) nothing is kept.
"""

import dataclasses
import datetime
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from wagtail.models import Page

from calendars.models import TasteCalendarPage
from campaigns.models import CampaignPage
from cms import visibility

T = TypeVar("T")
_MISSING = object()
MOST_KEPT = 1024  # values per window: regions × years asked, in practice far fewer


class PerVersion(Generic[T]):
    """One object per process for the current content version, made anew when the version changes."""

    def __init__(self, make: Callable[[str | None], T]):
        self.make = make
        self._current: tuple[str, T] | None = None

    def at(self, version: str | None) -> T:
        if version is None:
            return self.make(None)
        current = self._current
        if current is None or current[0] != version:
            current = self._current = (version, self.make(version))
        return current[1]


@dataclasses.dataclass
class _Window:
    """Values read from ``since`` on, all good until ``until`` (None: until the content version changes)."""

    since: datetime.datetime
    until: datetime.datetime | None
    values: dict[Hashable, object] = dataclasses.field(default_factory=dict)

    def holds(self, now: datetime.datetime) -> bool:
        return self.since <= now and (self.until is None or now < self.until)


class Reads:
    """Values read at one content version, all valid from the first read until the next scheduled change.

    Only campaigns and taste calendars decide these values, so only their
    go-live and expiry times end them.
    """

    def __init__(self, version: str | None):
        self.version = version
        self._window: _Window | None = None

    def get(self, key: Hashable, now: datetime.datetime, read: Callable[[], T]) -> T:
        """The value kept under ``key`` while it holds at ``now``; else ``read()``, kept when there is a version.

        A value is stored in the window it was read for: one read before a
        go-live and stored after it lands in a window nobody uses any more.
        """
        if self.version is None:
            return read()
        window = self._window
        if window is None or not window.holds(now) or len(window.values) >= MOST_KEPT:
            window = self._window = _Window(now, _next_change(now))
        value = window.values.get(key, _MISSING)
        if value is _MISSING:
            value = window.values[key] = read()
        return value


def _next_change(now: datetime.datetime) -> datetime.datetime | None:
    return visibility.next_change(Page.objects.type(CampaignPage, TasteCalendarPage), now)


reads_at = PerVersion(Reads).at
# Who may see which page changes only with content: read once per version, not per window of scheduled changes.
private_paths_at = PerVersion(lambda _version: visibility.private_paths()).at
