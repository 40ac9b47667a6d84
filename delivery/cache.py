"""The moment cache: one answer for every request that matches the same moment.

The app asks ``moment`` on every screen, with ``at`` to the minute, so answers
are keyed by the moment *as matched*: the day, the region, the channel, the
scenes (given, or inferred from the time), the personas and ``first``, not by
the raw time; and by the locale, Simplified or a Traditional one, the answer's
text is in. The in-season items follow from the region and the day.

Entries never outlive what they show:

- a content version, a random token that every change the app could see
  replaces (:func:`bump_content_version`, wired to signals in ``apps.py``), is
  part of every key, so a change invalidates everything at once;
- an entry expires no later than the next go-live or expiry among live pages
  (they change what is live with no publish event), the end of the local day
  (seasons, consent and the taste calendar move by the day) and
  ``MOMENTS_MOMENT_CACHE_SECONDS`` (scores drift with freshness).

The cache is Django's ``default`` cache: local memory per process, or Redis
when ``REDIS_URL`` is set, so every worker shares the entries.
"""

import datetime
import hashlib
import json
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from cms import visibility
from cms.time_windows import end_of_day

VERSION_KEY = "moments:delivery:version"
BOUNDARY_KEY = "moments:delivery:next-change:{version}"
# Answers are kept as (expiry, answer); a new layout takes a new prefix, so no
# server reads what an older release left in Redis.
ANSWER_KEY = "moments:moment:2:"


def content_version() -> str | None:
    """The current version; None while the cache cannot be reached, and then nothing is cached."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version(**_signal_arguments) -> None:
    """A new version now, and again once the change is committed, so no answer read mid-transaction survives it."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def moment_key(version: str, document: Sequence, at: datetime.datetime, matched: Sequence, locale: str) -> str:
    """The key of one moment as matched, at ``version``, in ``locale``'s script; ``document`` names what the answer
    holds (the query, its other variables, the host its links point to).

    ``at`` counts by its local day and by its slice of ``MOMENTS_MOMENT_CACHE_SECONDS``, so an answer's scores,
    which drift with freshness, are as old as that at most for any time asked.
    """
    time_slice = int(at.timestamp() // max(settings.MOMENTS_MOMENT_CACHE_SECONDS, 1))
    parts = json.dumps([version, document, at.date().isoformat(), time_slice, matched, locale], sort_keys=True, default=str)
    return ANSWER_KEY + hashlib.sha256(parts.encode()).hexdigest()


class _Recent:
    """The answers this process made or read lately, in front of the shared cache.

    Keys carry the content version, read from the shared cache on every
    request, so a local answer is stale exactly when the shared one is, and
    each keeps the shared entry's expiry. A hit then costs no round trip to
    Redis and no unpickling: that was a quarter of a cached answer's time.
    """

    MOST_KEPT = 256  # answers are a few kB to a few tens of kB

    def __init__(self):
        self.entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> object | None:
        with self.lock:
            expires, value = self.entries.get(key, (0.0, None))
            if expires <= time.time():
                return None
            self.entries.move_to_end(key)
            return value

    def put(self, key: str, expires: float, value: object) -> None:
        with self.lock:
            self.entries[key] = (expires, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.MOST_KEPT:
                self.entries.popitem(last=False)


_recent = _Recent()


def answer(key: str) -> object | None:
    value = _recent.get(key)
    if value is None and (shared := cache.get(key)) is not None:
        expires, value = shared
        _recent.put(key, expires, value)
    return value


def keep(key: str, value: object, version: str, now: datetime.datetime) -> None:
    seconds = lifetime(version, now)
    expires = time.time() + seconds
    cache.set(key, (expires, value), timeout=seconds)
    _recent.put(key, expires, value)


def lifetime(version: str, now: datetime.datetime) -> int:
    """Seconds an entry made now may live: see the module docstring."""
    ends = [end_of_day(timezone.localdate(now)), now + datetime.timedelta(seconds=settings.MOMENTS_MOMENT_CACHE_SECONDS)]
    change = next_scheduled_change(version, now)
    if change:
        ends.append(change)
    return max(0, int((min(ends) - now).total_seconds()))


def next_scheduled_change(version: str, now: datetime.datetime) -> datetime.datetime | None:
    """The next go-live or expiry among live pages, read once per content version until it passes."""
    key = BOUNDARY_KEY.format(version=version)
    known = cache.get(key)
    if known is not None and (known == "none" or known > now):
        return None if known == "none" else known
    change = visibility.next_change(Page.objects.all(), now)
    cache.set(key, change or "none", timeout=settings.MOMENTS_MOMENT_CACHE_SECONDS)
    return change
