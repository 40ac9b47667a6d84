"""Writing the delivery index (:mod:`delivery.models`): an item's rows from its content.

:func:`reindex` replaces the rows of some items in one transaction, reading
what the app may see with the same rules as :mod:`cms.visibility`: it runs
on every change (:mod:`delivery.index_sync`) and, in batches, in
:func:`rebuild` (``manage.py rebuild_delivery_index``).

Traits, by name: ``scene``, ``persona``, ``region``, ``entry`` (seasonal
entries an article or campaign is linked to), ``campaign`` (campaigns whose
slots hold the article, or that the post answers) and ``word`` (seasonal
items a post's text names) are reasons to show an item, and each value gets
an :class:`~delivery.models.IndexedSignal` coded ``<name>:<value>``;
``channel`` is a page's channel restriction and only rides along.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping

from django.db import transaction
from django.db.models import Model
from django.dispatch import Signal
from django.utils import timezone

from calendars.models import SeasonalEntry
from campaigns.models import CampaignPage, CampaignSlot
from cms import visibility
from cms.models import ArticlePage, UGCPost
from cms.targeting import TARGETING, link_table
from cms.time_windows import end_of_day
from delivery.cache import bump_content_version
from delivery.models import IndexedItem, IndexedSignal, ItemKind

# Sent with ``kind`` and ``ids`` after :func:`reindex` rewrites items: whatever
# else mirrors what the app may see (the search engine) follows it.
items_changed = Signal()

REASONS = ("scene", "persona", "region", "entry", "campaign", "word")
BATCH = 2000
REPORT_EVERY = 10  # batches


@dataclasses.dataclass
class Row:
    kind: str
    object_id: int
    published_at: datetime.datetime
    live_from: datetime.datetime | None
    live_until: datetime.datetime | None
    traits: dict[str, list]
    consent_channels: Iterable[int] = ()
    title: str = ""
    priority: int = 2

    def signal_codes(self) -> list[str]:
        """The codes a moment's signals ask for: a post's once per channel its member consented to."""
        reasons = [f"{name}:{value}" for name in REASONS for value in self.traits.get(name, ())]
        if self.kind == ItemKind.UGC:
            return [signal_code(self.kind, code, channel) for channel in self.consent_channels for code in reasons]
        return [signal_code(self.kind, code) for code in reasons]

    def live_at(self, now: datetime.datetime) -> bool:
        """Whether the app may see the item at ``now``: what a read of the index asks of its rows."""
        return (self.live_from is None or self.live_from <= now) and (self.live_until is None or self.live_until > now)


def signal_code(kind: str, code: str, channel: int | None = None) -> str:
    return f"{kind}@{channel}:{code}" if kind == ItemKind.UGC else f"{kind}:{code}"


def _grouped(pairs: Iterable[tuple[int, object]]) -> dict[int, list]:
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def _linked(model: type[Model], name: str, ids: list[int]) -> dict[int, list[int]]:
    through, source, target = link_table(model, name)
    return _grouped(through.objects.filter(**{f"{source}__in": ids}).values_list(source, target))


def targeting_traits(linked: Mapping[str, Iterable[int]]) -> dict[str, list[int]]:
    """A page's targeting by trait name (``scene``, ...) from the ids of its fields (``scenes``, ...)."""
    return {name[:-1]: sorted(linked[name]) for name in TARGETING if linked.get(name)}


def _targeting(model: type[Model], ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """Each page's scenes, personas, regions and channels, by trait name."""
    links = {name: _linked(model, name, ids) for name in TARGETING}
    return {pk: targeting_traits({name: linked.get(pk, ()) for name, linked in links.items()}) for pk in ids}


def _shown_pages(model: type[Model], ids: list[int]):
    """Published pages not behind a view restriction; their go-live and expiry become the live window.

    A page saved as live before its first publish has no publishing time yet;
    it counts as new until the publish that follows reindexes it.
    """
    return visibility.unrestricted(model.objects.live()).filter(pk__in=ids)


def article_rows(ids: list[int]) -> list[Row]:
    pages = _shown_pages(ArticlePage, ids).values_list("pk", "first_published_at", "go_live_at", "expire_at")
    return articles_as_rows(list(pages), _targeting(ArticlePage, ids))


def articles_as_rows(pages: list[tuple], targeting: Mapping[int, dict[str, list[int]]]) -> list[Row]:
    """Rows of articles given as (id, first published, go-live, expiry), with their targeting by trait name.

    The index's rows come from published pages; the app preview's from drafts
    (:mod:`delivery.drafts`). The seasonal entries and campaign slots that
    name an article are read from the database either way: they belong to
    the calendar's and the campaign's pages, not to the article's.
    """
    ids = [pk for pk, *_ in pages]
    entry_links, entry_column, article_column = link_table(SeasonalEntry, "related_articles")
    entries = _grouped(entry_links.objects.filter(**{f"{article_column}__in": ids}).values_list(article_column, entry_column))
    slots = _grouped(CampaignSlot.objects.filter(article_id__in=ids).values_list("article_id", "campaign_id"))
    return [
        Row(
            ItemKind.ARTICLE, pk, published or timezone.now(), go_live, expiry,
            {**targeting.get(pk, {}), "entry": sorted(entries[pk]), "campaign": sorted(set(slots[pk]))},
        )
        for pk, published, go_live, expiry in pages
    ]


def campaign_rows(ids: list[int]) -> list[Row]:
    entries = _linked(CampaignPage, "seasonal_entries", ids)
    pages = _shown_pages(CampaignPage, ids).values_list("pk", "title", "priority", "first_published_at", "go_live_at", "expire_at")
    return campaigns_as_rows(pages, _targeting(CampaignPage, ids), entries)


def campaigns_as_rows(
    pages: Iterable[tuple], targeting: Mapping[int, dict[str, list[int]]], entries: Mapping[int, Iterable[int]],
) -> list[Row]:
    """Rows of campaigns given as (id, title, priority, first published, go-live, expiry), with their targeting by
    trait name and their seasonal entries: a campaign counts as new from its go-live."""
    return [
        Row(
            ItemKind.CAMPAIGN, pk, go_live or published or timezone.now(), go_live, expiry,
            {**targeting.get(pk, {}), "entry": sorted(entries.get(pk, ())), "campaign": [pk]},
            title=title, priority=priority,
        )
        for pk, title, priority, published, go_live, expiry in pages
    ]


def seasonal_words() -> list[str]:
    """Every item a taste calendar names: a post naming one is in season with it."""
    return sorted(set(SeasonalEntry.objects.values_list("item", flat=True)))


def post_rows(ids: list[int], words: list[str] | None = None) -> list[Row]:
    """Approved posts whose member consented to some channel, public until their consent's last day ends."""
    words = seasonal_words() if words is None else words
    scenes = _linked(UGCPost, "scenes", ids)
    channels = _linked(UGCPost, "consent_channels", ids)
    posts = UGCPost.objects.approved().filter(pk__in=ids).values_list("pk", "created_at", "consent_until", "region_id", "campaign_id", "text")
    return [
        Row(
            ItemKind.UGC, pk, created, None, end_of_day(consent_until) if consent_until else None,
            {
                "scene": sorted(scenes[pk]), "region": [region] if region else [], "campaign": [campaign] if campaign else [],
                "word": [word for word in words if word in text],
            },
            consent_channels=sorted(channels[pk]),
        )
        for pk, created, consent_until, region, campaign, text in posts
        if channels[pk]
    ]


ROWS: dict[str, Callable[[list[int]], list[Row]]] = {
    ItemKind.ARTICLE: article_rows, ItemKind.CAMPAIGN: campaign_rows, ItemKind.UGC: post_rows,
}
SOURCES: dict[str, type[Model]] = {ItemKind.ARTICLE: ArticlePage, ItemKind.CAMPAIGN: CampaignPage, ItemKind.UGC: UGCPost}


def write(rows: list[Row]) -> None:
    items = IndexedItem.objects.bulk_create(
        IndexedItem(
            kind=row.kind, object_id=row.object_id, published_at=row.published_at, live_from=row.live_from,
            live_until=row.live_until, traits={name: values for name, values in row.traits.items() if values},
            title=row.title[:255], priority=row.priority,
        )
        for row in rows
    )
    IndexedSignal.objects.bulk_create(
        (
            IndexedSignal(item=item, code=code, published_at=row.published_at, live_from=row.live_from, live_until=row.live_until)
            for item, row in zip(items, rows)
            for code in row.signal_codes()
        ),
        batch_size=BATCH,
    )


def reindex(kind: str, ids: Iterable[int]) -> None:
    """Replace the rows of these items with what their content says now (none for what the app may not see)."""
    ids = sorted(set(ids))
    if not ids:
        return
    with transaction.atomic():
        IndexedSignal.objects.filter(item__kind=kind, item__object_id__in=ids).delete()
        IndexedItem.objects.filter(kind=kind, object_id__in=ids).delete()
        write(ROWS[kind](ids))
    items_changed.send(sender=reindex, kind=kind, ids=ids)


def _id_batches(model: type[Model]) -> Iterator[list[int]]:
    ids = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def rebuild(report: Callable[[str], None] = lambda line: None) -> int:
    """Build the whole index anew, in one transaction, so the app never reads a half-built one; returns the items.

    It makes a new content version, as any change the app could see does, so
    no answer or decoded item read before it is used after it.
    """
    words = seasonal_words()
    written = 0
    with transaction.atomic():
        bump_content_version()
        IndexedSignal.objects.all().delete()
        IndexedItem.objects.all().delete()
        for kind, model in SOURCES.items():
            total, done = model._base_manager.count(), 0
            for number, ids in enumerate(_id_batches(model), start=1):
                rows = post_rows(ids, words) if kind == ItemKind.UGC else ROWS[kind](ids)
                write(rows)
                written, done = written + len(rows), done + len(ids)
                if done == total or number % REPORT_EVERY == 0:
                    report(f"{kind}: {done}/{total} read, {written} items indexed")
    return written
