"""`search`: one ranked list across articles, campaigns, seasonal items and UGC.

Each kind is searched on its own public queryset with Wagtail search (words
segmented by :mod:`cms.search`) and the hits are merged by score. A page of
results needs only the top ``offset + first`` hits of each kind.
"""

import datetime
import heapq
from collections.abc import Callable
from functools import cached_property

from django.db.models import QuerySet
from wagtail.search.backends import get_search_backend

from calendars.models import SeasonalEntry
from campaigns.models import CampaignPage
from cms import visibility
from cms.search import segment_query
from delivery import prefetch
from frontend_api.errors import BadInput

MAX_QUERY_LENGTH = 100


def _best_first(hit) -> float:
    """Sort key across kinds. SQLite's FTS5 scores (bm25) are negative with
    the best most negative, PostgreSQL's (ts_rank) positive with the best
    highest: on both, a bigger magnitude is a better match."""
    return -abs(hit.search_score)


class SiteSearch:
    """The hits for one query, sliceable like a list, as :func:`pagination.paginate` needs."""

    def __init__(self, query: str, channel_slug: str, now: datetime.datetime):
        query = query.strip()
        if not query:
            raise BadInput("Give `query` some words to search for.")
        if len(query) > MAX_QUERY_LENGTH:
            raise BadInput(f"`query` is longer than {MAX_QUERY_LENGTH} characters.")
        self.query = query
        self.sources: list[tuple[QuerySet, Callable[[QuerySet], QuerySet]]] = [
            (visibility.live_articles(now), prefetch.articles),
            (CampaignPage.objects.live_at(now), lambda queryset: prefetch.campaigns(queryset, now)),
            (SeasonalEntry.objects.published(now), lambda queryset: prefetch.seasonal_entries(queryset, now)),
            (visibility.public_ugc(channel_slug, now), lambda queryset: prefetch.ugc_posts(queryset, now)),
        ]

    @cached_property
    def has_words(self) -> bool:
        return bool(segment_query(self.query))

    def _results(self, visible: QuerySet, prefetching: Callable[[QuerySet], QuerySet]):
        # Search backends filter only on indexed fields, so the visibility
        # rules (joins, dates, paths) go in as a subquery of ids.
        candidates = prefetching(visible.model.objects.filter(pk__in=visible.values("pk")))
        return get_search_backend().search(self.query, candidates, operator="and").annotate_score("search_score")

    def __len__(self) -> int:
        if not self.has_words:
            return 0
        return sum(self._results(*source).count() for source in self.sources)

    def __getitem__(self, page: slice) -> list:
        if not self.has_words:
            return []
        tops = [list(self._results(*source)[: page.stop]) for source in self.sources]
        merged = heapq.merge(*tops, key=_best_first)
        return list(merged)[page]
