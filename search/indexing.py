"""Writing the engine's index (:mod:`search.documents`) from the content, in bulk.

:func:`update` rewrites some items of one kind: those the app may see get a
document, the rest are deleted. It runs in the task queue after every change
the delivery index sees (:mod:`search.sync`), so no request waits on the
engine. :func:`rebuild` fills a new index and then moves the alias to it, so
searches never read a half-built index (``manage.py rebuild_search_index``).
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Model, QuerySet
from opensearchpy import OpenSearch, helpers

from calendars.models import SeasonalEntry, TasteCalendarPage
from campaigns.models import CampaignPage
from cms import visibility
from cms.models import ArticlePage, UGCPost
from search import engine
from search.documents import KIND_WEIGHTS, SearchItem, same_text

BATCH = 500


def _codes(regions: Iterable) -> list[str]:
    return [region.code for region in regions]


def _page_fields(page) -> dict:
    return {"live_from": page.go_live_at, "live_until": page.expire_at, "published_at": page.first_published_at}


def _article(article: ArticlePage) -> SearchItem:
    body = ArticlePage._meta.get_field("body").get_searchable_content(article.body)
    return SearchItem.of(
        "article", article.pk, article.title, " ".join([article.intro, *body]),
        f"{article.targeting_names()} {article.author_name}",
        regions=_codes(article.regions.all()), weight=KIND_WEIGHTS["article"], **_page_fields(article),
    )


def _campaign(campaign: CampaignPage) -> SearchItem:
    return SearchItem.of(
        "campaign", campaign.pk, f"{campaign.title} {campaign.hook}", f"{campaign.summary} {campaign.hot_topic}",
        campaign.targeting_names(),
        regions=_codes(campaign.regions.all()), weight=KIND_WEIGHTS["campaign"] + campaign.priority / 10, **_page_fields(campaign),
    )


def _entry(entry: SeasonalEntry) -> SearchItem:
    calendar = entry.calendar
    return SearchItem.of(
        "seasonal", entry.pk, f"{entry.item} {entry.variety}", entry.tasting_notes,
        f"{entry.item_en} {entry.origin} {entry.edition_region()}",
        regions=[calendar.region.code], weight=KIND_WEIGHTS["seasonal"], **_page_fields(calendar),
    )


def _post(post: UGCPost) -> SearchItem:
    """A member's post; posts with the same words (copies, reposts) share ``same_text`` and show once."""
    return SearchItem.of(
        "ugc", post.pk, "", post.text, f"{post.member_handle} {post.context_names()}",
        regions=[post.region.code] if post.region_id else [], channels=[channel.slug for channel in post.consent_channels.all()],
        consent_until=post.consent_until, weight=KIND_WEIGHTS["ugc"], published_at=post.moderated_at or post.created_at,
        same_text=same_text(post.text),
    )


@dataclasses.dataclass(frozen=True)
class Source:
    """Rows of one kind the app may see at some time (the query checks the time), and how each becomes a document."""

    findable: Callable[[], QuerySet]
    document: Callable[[Model], SearchItem]


def _pages(model: type) -> QuerySet:
    return visibility.unrestricted(model.objects.live()).prefetch_related("scenes", "personas", "regions")


SOURCES = {
    "article": Source(lambda: _pages(ArticlePage), _article),
    "campaign": Source(lambda: _pages(CampaignPage), _campaign),
    "seasonal": Source(
        lambda: SeasonalEntry.objects.filter(calendar__in=visibility.unrestricted(TasteCalendarPage.objects.live()))
        .select_related("calendar__region"),
        _entry,
    ),
    "ugc": Source(
        lambda: UGCPost.objects.approved().filter(consent_channels__isnull=False).distinct()
        .select_related("region", "campaign").prefetch_related("consent_channels", "scenes"),
        _post,
    ),
}


def _action(document: SearchItem, index: str) -> dict:
    return {"_index": index, "_id": document.meta.id, "_source": document.to_dict()}


def _actions(kind: str, ids: list[int], index: str) -> Iterator[dict]:
    source = SOURCES[kind]
    found = set()
    for row in source.findable().filter(pk__in=ids):
        found.add(row.pk)
        yield _action(source.document(row), index)
    for gone in set(ids) - found:
        yield {"_op_type": "delete", "_index": index, "_id": f"{kind}-{gone}"}


def _send(client: OpenSearch, actions: Iterable[dict]) -> int:
    sent, _ = helpers.bulk(client, actions, chunk_size=BATCH, raise_on_error=True, ignore_status=(404,))
    return sent


def ensure_index(client: OpenSearch) -> None:
    """Create the index under its alias if no rebuild has made one yet."""
    if not client.indices.exists_alias(name=engine.alias()):
        client.indices.put_alias(index=_create(client), name=engine.alias())


def _create(client: OpenSearch) -> str:
    """A new empty index, named by the time: the alias moves between them."""
    name = f"{engine.alias()}-{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S%f}"
    client.indices.create(index=name, body=SearchItem._index.clone(name=name).to_dict())
    return name


def update(kind: str, ids: Iterable[int]) -> int:
    """Index what of these items the app may see and delete the rest; how many were written or deleted."""
    ids = sorted(set(ids))

    def send(client: OpenSearch) -> int:
        ensure_index(client)
        return _send(client, _actions(kind, ids, engine.alias()))

    return engine.call(send, indexing=True) if ids else 0


def _batches(queryset: QuerySet) -> Iterator[list[int]]:
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def rebuild(report: Callable[[str, int, int], None] = lambda kind, done, total: None) -> int:
    """A new index with every findable item, then the alias moved to it; how many documents it holds."""

    def build(client: OpenSearch) -> int:
        alias = engine.alias()
        name = _create(client)
        written = 0
        for kind, source in SOURCES.items():
            batches = list(_batches(source.findable()))
            total = sum(map(len, batches))
            done = 0
            report(kind, done, total)
            for ids in batches:
                written += _send(client, (_action(source.document(row), name) for row in source.findable().filter(pk__in=ids)))
                done += len(ids)
                report(kind, done, total)
        client.indices.refresh(index=name)
        old = list(client.indices.get_alias(name=alias, ignore_unavailable=True)) if client.indices.exists_alias(name=alias) else []
        client.indices.update_aliases(body={"actions": [{"add": {"index": name, "alias": alias}}]
                                            + [{"remove_index": {"index": index}} for index in old]})
        return written

    return engine.call(build, indexing=True)
