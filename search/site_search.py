"""Search across articles, campaigns, seasonal items and members' posts: on the engine when there is one, else the database.

Both paths normalise the query the same way (:mod:`cms.chinese`) and load the
hits through the same visibility rules (:mod:`cms.visibility`), so an
engine that is behind never shows what the app may not see. When the engine
is not configured, down or slow, the database answers
(:class:`search.engine.EngineUnavailable`) and the request never fails for it.
"""

import dataclasses
import datetime
import itertools
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property

from django.db.models import Q, QuerySet
from django.utils import timezone

from calendars.models import SeasonalEntry
from campaigns.models import CampaignPage
from cms import chinese, visibility
from cms.search import database_backend
from delivery import prefetch
from search import engine, queries
from search.documents import KIND_WEIGHTS, same_text

MAX_QUERY_LENGTH = 100
MOMENT_HITS = 200  # of each kind, for a moment with a query: the moment then ranks those that fit it
KINDS = ("article", "campaign", "seasonal", "ugc")


class BadQuery(ValueError):
    """A query no search can answer (empty, too long); the message says why."""


@dataclasses.dataclass(frozen=True)
class Kind:
    visible: Callable[[str, datetime.datetime], QuerySet]
    loaded: Callable[[QuerySet, datetime.datetime, prefetch.Shown], QuerySet]
    in_regions: Callable[[list[str]], Q]


def _targeted(codes: list[str]) -> Q:
    return Q(regions__code__in=codes) | Q(regions__isnull=True)


SOURCES = {
    "article": Kind(lambda channel, now: visibility.live_articles(now), lambda rows, now, shown: prefetch.articles(rows, shown), _targeted),
    "campaign": Kind(lambda channel, now: CampaignPage.objects.live_at(now), prefetch.campaigns, _targeted),
    "seasonal": Kind(
        lambda channel, now: SeasonalEntry.objects.published(now), prefetch.seasonal_entries,
        lambda codes: Q(calendar__region__code__in=codes),
    ),
    "ugc": Kind(
        visibility.public_ugc, prefetch.ugc_posts, lambda codes: Q(region__code__in=codes) | Q(region__isnull=True),
    ),
}


TITLE_MATCH = 2.0
TITLES = {"article": "title", "campaign": "title", "seasonal": "item"}


def _ranked(kind: str, hits: list, words: tuple[str, ...]) -> list:
    """Hits of one kind, each given a ``rank`` comparable across kinds, as the engine's weights make them.

    SQLite's FTS5 scores (bm25) are negative with the best most negative,
    PostgreSQL's (ts_rank) positive with the best highest, and their scale
    differs from kind to kind (long articles score low): the magnitude,
    relative to the kind's best, times the kind's weight, times a bonus when
    the title holds every word, is what hits are sorted by.
    """
    best = max((abs(hit.search_score) for hit in hits), default=0) or 1
    for hit in hits:
        title = chinese.normalise(getattr(hit, TITLES.get(kind, ""), ""))
        bonus = TITLE_MATCH if title and all(word in title for word in words) else 1
        hit.search_kind = kind
        hit.rank = abs(hit.search_score) / best * KIND_WEIGHTS[kind] * bonus
    return hits


def _once_per_text(hits: Iterable) -> Iterator:
    """Members' posts with the same words (copies, reposts) once, as the engine collapses them."""
    seen = set()
    for hit in hits:
        if hit.search_kind == "ugc":
            if (text := same_text(hit.text)) in seen:
                continue
            seen.add(text)
        yield hit


class SiteSearch:
    """The hits for one query, sliceable like a list, as the API's pagination needs."""

    def __init__(
        self, query: str, channel_slug: str, now: datetime.datetime,
        kinds: list[str] | None = None, region_chain: list[str] | None = None, shown: prefetch.Shown = prefetch.EVERYTHING,
    ):
        """``shown``: what the query shows of the hits, the only parts loaded (:mod:`delivery.prefetch`)."""
        query = query.strip()
        if not query:
            raise BadQuery("Give `query` some words to search for.")
        if len(query) > MAX_QUERY_LENGTH:
            raise BadQuery(f"`query` is longer than {MAX_QUERY_LENGTH} characters.")
        self.query, self.channel, self.now, self.shown = query, channel_slug, now, shown
        self.kinds = [kind for kind in KINDS if kind in (kinds or KINDS)]
        self.region_codes = region_chain  # a region's code and its ancestors': items for any of them, or for everywhere

    @property
    def has_words(self) -> bool:
        return bool(self.words)

    def _visible(self, kind: str) -> QuerySet:
        source = SOURCES[kind]
        rows = source.visible(self.channel, self.now)
        if self.region_codes:
            rows = rows.filter(pk__in=rows.filter(source.in_regions(self.region_codes)).values("pk"))
        return rows

    def _search(self):
        return queries.item_search(
            self.query, now=self.now, day=timezone.localdate(self.now), channel=self.channel,
            kinds=self.kinds, regions=self.region_codes,
        )

    # The engine -------------------------------------------------------

    def _engine_hits(self, stop: int) -> list[tuple[str, int]]:
        body = self._search()[:stop].to_dict()
        answer = engine.call(lambda client: client.search(index=engine.alias(), body=body))
        return [(hit["_source"]["kind"], hit["_source"]["object_id"]) for hit in answer["hits"]["hits"]]

    def _engine_count(self) -> int:
        body = self._search().extra(size=0, aggs={"shown": {"cardinality": {"field": "same_text", "precision_threshold": 40000}}})
        answer = engine.call(lambda client: client.search(index=engine.alias(), body=body.to_dict()))
        return answer["aggregations"]["shown"]["value"]

    def _loaded(self, hits: list[tuple[str, int]]) -> list:
        """The hits as objects, in the engine's order, read through the visibility rules (a stale hit is dropped)."""
        found = {}
        for kind in {kind for kind, _ in hits}:
            ids = [object_id for hit_kind, object_id in hits if hit_kind == kind]
            rows = SOURCES[kind].loaded(self._visible(kind).filter(pk__in=ids), self.now, self.shown)
            found.update(((kind, row.pk), row) for row in rows)
        return [found[hit] for hit in hits if hit in found]

    # The database -----------------------------------------------------

    def _database_results(self, kind: str, loaded: bool = True):
        # Search backends filter only on indexed fields, so the visibility
        # rules (joins, dates, paths) go in as a subquery of ids.
        visible = self._visible(kind)
        candidates = visible.model.objects.filter(pk__in=visible.values("pk"))
        candidates = SOURCES[kind].loaded(candidates, self.now, self.shown) if loaded else candidates.only("pk")
        return database_backend().search(self.query, candidates, operator="and").annotate_score("search_score")

    # What a moment with a query shows --------------------------------

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(chinese.query_words(self.query))

    @property
    def key(self) -> tuple:
        """What decides the hits besides the content: the normalised words and the filters."""
        return self.words, self.channel, tuple(self.kinds), tuple(self.region_codes or ())

    @cached_property
    def ids(self) -> dict[str, frozenset[int]]:
        """The ids of the best ``MOMENT_HITS`` hits of each kind (:class:`delivery.moment.Found`)."""
        if not self.has_words:
            return {}
        try:
            hits = self._engine_hits(MOMENT_HITS * len(self.kinds))
        except engine.EngineUnavailable:
            hits = [(kind, row.pk) for kind in self.kinds for row in self._database_results(kind, loaded=False)[:MOMENT_HITS]]
        return {kind: frozenset(object_id for hit_kind, object_id in hits if hit_kind == kind) for kind in self.kinds}

    # A list of hits ---------------------------------------------------

    def __len__(self) -> int:
        if not self.has_words:
            return 0
        try:
            return self._engine_count()
        except engine.EngineUnavailable:
            return sum(self._database_results(kind).count() for kind in self.kinds)

    def __getitem__(self, page: slice) -> list:
        if not self.has_words:
            return []
        try:
            return self._loaded(self._engine_hits(page.stop))[page]
        except engine.EngineUnavailable:
            tops = [_ranked(kind, list(self._database_results(kind)[: page.stop * 2]), self.words) for kind in self.kinds]
            merged = sorted(itertools.chain(*tops), key=lambda hit: -hit.rank)
            return list(_once_per_text(merged))[page]
