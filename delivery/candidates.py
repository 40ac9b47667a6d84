"""Pre-selection: from the delivery index (:mod:`delivery.models`) to :class:`~delivery.matching.Candidate` values.

Each signal of the moment (a scene, a persona, a region of the visitor's
chain, an in-season entry or item, a live campaign) is one range of an index
ordered by recency: its ``pool`` newest live items. One statement reads all
those ranges and the found items' traits, whatever the catalogue's size, and
the pure :mod:`~delivery.matching` module scores the union with every weight.

So an item is considered when it is among the ``pool`` newest of at least
one signal it shares with the moment; within the pool the ranking is the
scorer's own. Live campaigns are few and are all read.

The ranges' statement returns item ids only: each process keeps the items it
decoded at the current content version (:class:`DecodedItems`), and reads
the traits of those it has not seen yet in one more statement.
"""

import dataclasses
import datetime
import functools
import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping

from django.db import connection

from delivery.indexing import Row, signal_code
from delivery.matching import Candidate, Moment
from delivery.models import IndexedItem, IndexedSignal, ItemKind
from delivery.versioned import PerVersion

LIVE = "(live_from IS NULL OR live_from <= %s) AND (live_until IS NULL OR live_until > %s)"  # of an item or a signal
NOTHING = frozenset()
ITEMS_KEPT = 20_000  # decoded index items per process, about 15 MB
Decoded = tuple[Candidate, frozenset[str]]  # an item's candidate, and the seasonal items a post names


def _live_params(now: datetime.datetime) -> list:
    at = connection.ops.adapt_datetimefield_value(now)
    return [at, at]


def _ids(values: Iterable[int] | None) -> frozenset[int]:
    """One shared set for each list of ids: rows name the same few scenes, regions and campaigns over and over."""
    return _shared_set(tuple(values)) if values else NOTHING


@functools.lru_cache(maxsize=4096)
def _shared_set(values: tuple) -> frozenset:
    return frozenset(values)


def _decoded(kind: str, object_id: int, published_at: str, traits: str, priority: int) -> Decoded:
    """The candidate an index row describes, from its values as stored (see :func:`_items`)."""
    return _described(kind, object_id, _as_datetime(published_at), json.loads(traits), priority)


def _described(kind: str, object_id: int, published_at: datetime.datetime, traits: Mapping[str, list], priority: int) -> Decoded:
    candidate = Candidate(
        kind=kind, id=object_id, published_at=published_at, priority=priority,
        scenes=_ids(traits.get("scene")), personas=_ids(traits.get("persona")), regions=_ids(traits.get("region")),
        channels=_ids(traits.get("channel")), seasonal_entries=_ids(traits.get("entry")), campaigns=_ids(traits.get("campaign")),
        regions_restrict=kind != ItemKind.UGC,  # a post is not aimed at a region; where it was posted only makes it local
    )
    return candidate, _ids(traits.get("word"))


def of_row(row: Row) -> Candidate:
    """The candidate an index row not written to the index describes (a draft's, :mod:`delivery.drafts`), as if read from it."""
    candidate, _words = _described(row.kind, row.object_id, row.published_at, row.traits, row.priority)
    return candidate


class DecodedItems:
    """The index items one process decoded at one content version, by id, the most recently read kept.

    The newest items of each signal come back in moment after moment, and
    decoding their traits costs more than the statement that finds them. An
    item's row is never changed (a change deletes it and writes a new one)
    and every change makes a new content version, so what is kept is never stale.
    """

    def __init__(self, _version: str | None = None):
        self._items: OrderedDict[int, Decoded] = OrderedDict()
        self._lock = threading.Lock()  # a threaded server's requests share it

    def of(self, ids: list[int]) -> list[Decoded]:
        """These items, in order, reading those not kept in one statement; an id no longer indexed is left out."""
        with self._lock:
            kept = {item_id: self._items[item_id] for item_id in ids if item_id in self._items}
        missing = [item_id for item_id in ids if item_id not in kept]
        read = _items(f"id IN ({', '.join(['%s'] * len(missing))})", missing) if missing else []
        found = {**kept, **self._keep(read, kept)}
        return [found[item_id] for item_id in ids if item_id in found]

    def rows(self, rows: list[tuple]) -> list[Decoded]:
        """Index rows as :func:`_items` reads them, each decoded unless it is kept."""
        with self._lock:
            kept = {row[0]: self._items[row[0]] for row in rows if row[0] in self._items}
        return list(self._keep(rows, kept).values())

    def _keep(self, rows: list[tuple], kept: dict[int, Decoded]) -> dict[int, Decoded]:
        """The rows by id, decoded outside the lock, then kept as the most recently read."""
        found = {item_id: kept[item_id] if item_id in kept else _decoded(*row) for item_id, *row, _title in rows}
        with self._lock:
            for item_id, decoded in {**kept, **found}.items():
                self._items[item_id] = decoded
                self._items.move_to_end(item_id)
            while len(self._items) > ITEMS_KEPT:
                self._items.popitem(last=False)
        return found


_decoded_at = PerVersion(DecodedItems).at  # without a version (the cache unreachable), nothing is kept


def _in_season(decoded: Decoded, entries_named_by: Mapping[str, list[int]]) -> Candidate:
    """A post is in season with an entry when its text names the entry's item."""
    candidate, words = decoded
    entries = [entry for word in words for entry in entries_named_by.get(word, ())]
    return dataclasses.replace(candidate, seasonal_entries=frozenset(entries)) if entries else candidate


def live_campaigns(now: datetime.datetime) -> list[tuple[Candidate, str]]:
    """Every live campaign, with its title: a moment shows those whose targeting it fits."""
    rows = _items(f"kind = %s AND {LIVE}", [ItemKind.CAMPAIGN, *_live_params(now)])
    return [(_decoded(*row)[0], title) for _id, *row, title in rows]


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


def _newest_of_each(ranges: list[list[str]], now: datetime.datetime, pool: int) -> tuple[str, list]:
    """The ids of each range's ``pool`` newest live items, as one subquery and its parameters."""
    table = connection.ops.quote_name(IndexedSignal._meta.db_table)
    live, parts, params = _live_params(now), [], []
    for number, codes in enumerate(ranges):
        marks = ", ".join(["%s"] * len(codes))
        parts.append(
            f"SELECT item_id FROM (SELECT item_id FROM {table} WHERE code IN ({marks}) AND {LIVE}"
            f" ORDER BY published_at DESC LIMIT %s) AS range_{number}"
        )
        params += [*codes, *live, pool]
    return " UNION ".join(parts), params


def _items(where: str, params: list) -> list[tuple]:
    """Index rows as stored (id, kind, object_id, published_at and traits as text, priority, title): see :func:`_decoded`.

    The time comes as text too: a driver would build a datetime for each of
    hundreds of rows, where only the rows not decoded before need one.
    """
    table = connection.ops.quote_name(IndexedItem._meta.db_table)
    columns = "id, kind, object_id, CAST(published_at AS TEXT), traits, priority, title"
    return _fetched(f"SELECT {columns} FROM {table} WHERE {where}", params)


def _fetched(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_datetime(text: str) -> datetime.datetime:
    """PostgreSQL writes a time with its zone; SQLite the UTC time Django stored, without it."""
    value = datetime.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


def _entries_named_by(words: Mapping[int, str]) -> dict[str, list[int]]:
    entries_named_by = defaultdict(list)
    for entry, word in words.items():
        entries_named_by[word].append(entry)
    return entries_named_by


def articles_and_posts(
    moment: Moment, words: Mapping[int, str], now: datetime.datetime, pool: int, version: str | None,
) -> list[Candidate]:
    """Articles and posts found in the moment's index ranges (``words``: in-season entry id -> item), at the content ``version``."""
    ranges = moment_codes(moment, words)
    if not ranges:
        return []
    newest, params = _newest_of_each(ranges, now, pool)
    ids = [item_id for (item_id,) in _fetched(newest, params)]
    entries_named_by = _entries_named_by(words)
    return [_in_season(decoded, entries_named_by) for decoded in _decoded_at(version).of(ids)]


def these(ids: Mapping[str, Iterable[int]], words: Mapping[int, str], now: datetime.datetime, version: str | None) -> list[Candidate]:
    """The live ones of these articles and posts (a text search's hits), whatever signals they share with the moment."""
    parts, params = [], []
    for kind, object_ids in ids.items():
        if object_ids := list(object_ids):
            parts.append(f"(kind = %s AND object_id IN ({', '.join(['%s'] * len(object_ids))}))")
            params += [kind, *object_ids]
    if not parts:
        return []
    rows = _items(f"({' OR '.join(parts)}) AND {LIVE}", [*params, *_live_params(now)])
    entries_named_by = _entries_named_by(words)
    return [_in_season(decoded, entries_named_by) for decoded in _decoded_at(version).rows(rows)]
