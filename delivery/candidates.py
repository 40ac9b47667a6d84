"""Pre-selection: from the delivery index (:mod:`delivery.models`) to :class:`~delivery.matching.Candidate` values.

Each signal of the moment (a scene, a persona, a region of the visitor's
chain, an in-season entry or item, a live campaign) is one range of an index
ordered by recency: its ``pool`` newest live items. One statement reads all
those ranges and the found items' traits, whatever the catalogue's size, and
the pure :mod:`~delivery.matching` module scores the union with every weight.

So an item is considered when it is among the ``pool`` newest of at least
one signal it shares with the moment; within the pool the ranking is the
scorer's own. Live campaigns are few and are all read.
"""

import datetime
from collections import defaultdict
from collections.abc import Mapping

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from delivery.indexing import signal_code
from delivery.matching import Candidate, Moment, fits
from delivery.models import IndexedItem, IndexedSignal, ItemKind


def _live(now: datetime.datetime) -> Q:
    return (Q(live_from__isnull=True) | Q(live_from__lte=now)) & (Q(live_until__isnull=True) | Q(live_until__gt=now))


def _page_candidate(kind: str, object_id: int, published_at: datetime.datetime, traits: dict, priority: int = 2) -> Candidate:
    return Candidate(
        kind=kind, id=object_id, published_at=published_at,
        scenes=frozenset(traits.get("scene", ())), personas=frozenset(traits.get("persona", ())),
        regions=frozenset(traits.get("region", ())), channels=frozenset(traits.get("channel", ())),
        seasonal_entries=frozenset(traits.get("entry", ())), campaigns=frozenset(traits.get("campaign", ())), priority=priority,
    )


def _post_candidate(object_id: int, published_at: datetime.datetime, traits: dict, entries_named_by: Mapping[str, list[int]]) -> Candidate:
    """A post is in season with an entry when its text names the entry's item."""
    return Candidate(
        kind=ItemKind.UGC, id=object_id, published_at=published_at, scenes=frozenset(traits.get("scene", ())),
        regions=frozenset(traits.get("region", ())), regions_restrict=False, campaigns=frozenset(traits.get("campaign", ())),
        seasonal_entries=frozenset(entry for word in traits.get("word", ()) for entry in entries_named_by.get(word, ())),
    )


def live_campaigns(moment: Moment, now: datetime.datetime) -> list[tuple[Candidate, str]]:
    """Every live campaign whose targeting allows the moment, with its title."""
    rows = IndexedItem.objects.filter(_live(now), kind=ItemKind.CAMPAIGN).values_list(
        "object_id", "published_at", "traits", "priority", "title"
    )
    found = [(_page_candidate(ItemKind.CAMPAIGN, pk, published, traits, priority), title) for pk, published, traits, priority, title in rows]
    return [(candidate, title) for candidate, title in found if fits(candidate, moment)]


def moment_codes(moment: Moment, words: Mapping[int, str]) -> list[list[str]]:
    """The index ranges the moment reads: one per signal, and one for all its live campaigns per kind."""
    article = [
        *(f"scene:{pk}" for pk in moment.scenes), *(f"persona:{pk}" for pk in moment.personas),
        *(f"region:{pk}" for pk, _ in moment.region_chain), *(f"entry:{pk}" for pk in moment.in_season),
    ]
    post = [*(f"scene:{pk}" for pk in moment.scenes), *(f"region:{pk}" for pk, _ in moment.region_chain)]
    post += [f"word:{word}" for word in sorted(set(words.values()))]
    campaigns = [f"campaign:{pk}" for pk in moment.campaigns]
    ranges = [[signal_code(ItemKind.ARTICLE, code)] for code in article]
    ranges += [[signal_code(ItemKind.UGC, code, moment.channel)] for code in post]
    if campaigns:
        ranges += [[signal_code(ItemKind.ARTICLE, code) for code in campaigns]]
        ranges += [[signal_code(ItemKind.UGC, code, moment.channel) for code in campaigns]]
    return ranges


def _newest_of_each(ranges: list[list[str]], now: datetime.datetime, pool: int) -> RawSQL:
    """The ids of each range's ``pool`` newest live items, as one subquery."""
    table = connection.ops.quote_name(IndexedSignal._meta.db_table)
    at = connection.ops.adapt_datetimefield_value(now)
    parts, params = [], []
    for number, codes in enumerate(ranges):
        marks = ", ".join(["%s"] * len(codes))
        parts.append(
            f"SELECT item_id FROM (SELECT item_id FROM {table} WHERE code IN ({marks})"
            " AND (live_from IS NULL OR live_from <= %s) AND (live_until IS NULL OR live_until > %s)"
            f" ORDER BY published_at DESC LIMIT %s) AS range_{number}"
        )
        params += [*codes, at, at, pool]
    return RawSQL(" UNION ".join(parts), params)


def articles_and_posts(moment: Moment, words: Mapping[int, str], now: datetime.datetime, pool: int) -> list[Candidate]:
    """Articles and posts found in the moment's index ranges (``words``: in-season entry id -> item)."""
    ranges = moment_codes(moment, words)
    if not ranges:
        return []
    rows = IndexedItem.objects.filter(pk__in=_newest_of_each(ranges, now, pool)).values_list("kind", "object_id", "published_at", "traits")
    entries_named_by = defaultdict(list)
    for entry, word in words.items():
        entries_named_by[word].append(entry)
    return [
        _post_candidate(pk, published, traits, entries_named_by) if kind == ItemKind.UGC else _page_candidate(kind, pk, published, traits)
        for kind, pk, published, traits in rows
    ]
