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
from django.utils.translation import gettext

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


FALLBACK_MATCHES = 1_000  # of each kind: the database ranks this many best text matches, then keeps those the app may see
TITLE_MATCH = 2.0
SHOWN_TEXT = {"article": "title", "campaign": "title", "seasonal": "item", "ugc": "text"}  # titles, except a post's text
TITLED = SHOWN_TEXT.keys() - {"ugc"}


@dataclasses.dataclass
class Match:
    """A database hit: what ranks it beside the other kinds' and what tells copies of a post apart."""

    kind: str
    pk: int
    rank: float
    text: str


def _ranked(kind: str, scores: list[tuple[int, float]], texts: dict[int, str], words: tuple[str, ...]) -> list[Match]:
    """The matches the app may see (``texts``), each given a ``rank`` comparable across kinds, as the engine's weights make them.

    SQLite's FTS5 scores (bm25) are negative with the best most negative,
    PostgreSQL's (ts_rank) positive with the best highest, and their scale
    differs from kind to kind (long articles score low): the magnitude,
    relative to the kind's best, times the kind's weight, times a bonus when
    the title holds every word, is what hits are sorted by.
    """
    scores = [(pk, abs(score)) for pk, score in scores if pk in texts]
    best = max((score for _, score in scores), default=0) or 1
    matches = []
    for pk, score in scores:
        title = chinese.normalise(texts[pk]) if kind in TITLED else ""
        bonus = TITLE_MATCH if title and all(word in title for word in words) else 1
        matches.append(Match(kind, pk, score / best * KIND_WEIGHTS[kind] * bonus, texts[pk]))
    return matches


def _once_per_text(matches: Iterable[Match]) -> Iterator[Match]:
    """Members' posts with the same words (copies, reposts) once, as the engine collapses them."""
    seen = set()
    for match in matches:
        if match.kind == "ugc":
            if (text := same_text(match.text)) in seen:
                continue
            seen.add(text)
        yield match


class SiteSearch:
    """The hits for one query, sliceable like a list, as the API's pagination needs."""

    def __init__(
        self, query: str, channel_slug: str, now: datetime.datetime,
        kinds: list[str] | None = None, region_chain: list[str] | None = None, shown: prefetch.Shown = prefetch.EVERYTHING,
    ):
        """``shown``: what the query shows of the hits, the only parts loaded (:mod:`delivery.prefetch`)."""
        query = query.strip()
        if not query:
            raise BadQuery(gettext("Give `query` some words to search for."))
        if len(query) > MAX_QUERY_LENGTH:
            raise BadQuery(gettext("`query` is longer than %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH})
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

    @cached_property
    def _database_hits(self) -> list[tuple[str, int]]:
        """The best text matches of each kind that the app may see, ranked together, each post's text once.

        Wagtail's backend would filter the visible rows first and score every
        one of them; at 500k posts that takes minutes. Scoring the index alone
        and checking only its best :data:`FALLBACK_MATCHES` keeps the fallback
        answering at that scale; the price is that hits beyond those are not found.
        """
        matches = []
        for kind in self.kinds:
            visible = self._visible(kind)
            scores = database_backend().best_matches(self.query, visible.model, FALLBACK_MATCHES)
            texts = dict(visible.filter(pk__in=[pk for pk, _ in scores]).values_list("pk", SHOWN_TEXT[kind]))
            matches += _ranked(kind, scores, texts, self.words)
        matches.sort(key=lambda match: -match.rank)
        return [(match.kind, match.pk) for match in _once_per_text(matches)]

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
            hits = self._database_hits
        return {kind: frozenset(itertools.islice((pk for hit_kind, pk in hits if hit_kind == kind), MOMENT_HITS)) for kind in self.kinds}

    # A list of hits ---------------------------------------------------

    def __len__(self) -> int:
        if not self.has_words:
            return 0
        try:
            return self._engine_count()
        except engine.EngineUnavailable:
            return len(self._database_hits)

    def __getitem__(self, page: slice) -> list:
        if not self.has_words:
            return []
        try:
            return self._loaded(self._engine_hits(page.stop))[page]
        except engine.EngineUnavailable:
            return self._loaded(self._database_hits[page])
