"""From the database to :class:`~delivery.matching.Candidate` values.

SQL does the cheap part: it keeps only public content whose targeting allows
the moment (the same rules as :func:`matching.fits`) and that has at least one
signal (a shared scene or persona, an in-season item, a live campaign, the
visitor's region), most signals first, up to a pool size per kind. The pure
:mod:`~delivery.matching` module then scores the pool. Queries per kind
are fixed, whatever the pool size.
"""

import operator
from collections import defaultdict
from collections.abc import Iterable
from functools import reduce

from django.db.models import Case, Exists, F, Model, OuterRef, Q, QuerySet, When

from calendars.models import SeasonalEntry
from campaigns.models import CampaignPage, CampaignSlot
from cms import targeting
from cms.models import ArticlePage, UGCPost
from cms.targeting import link_table, shares
from delivery.matching import Candidate, Moment
from delivery.prefetch import TARGETING

def allowed_by_targeting(queryset: QuerySet, moment: Moment) -> QuerySet:
    """Rows whose targeting allows the moment: :func:`cms.targeting.allowed_by_targeting` with its ids."""
    return targeting.allowed_by_targeting(
        queryset, region_ids=[region_id for region_id, _ in moment.region_chain],
        scene_ids=moment.scenes, persona_ids=moment.personas, channel_id=moment.channel,
    )


def _grouped(pairs: Iterable[tuple[int, int]]) -> dict[int, frozenset[int]]:
    """``(key, value)`` rows as each key's set of values."""
    groups = defaultdict(set)
    for key, value in pairs:
        groups[key].add(value)
    return {key: frozenset(values) for key, values in groups.items()}


def _links(model: type[Model], name: str, ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """For each of ``ids``, the ids it links to through the many-to-many field ``name``."""
    through, source, target = link_table(model, name)
    return _grouped(through.objects.filter(**{f"{source}__in": list(ids)}).values_list(source, target))


def _by_signals(queryset: QuerySet, signals: list, newest_first: str, pool: int) -> list[int]:
    """Ids of rows with at least one signal, most signals first, then newest.

    A falsy entry in ``signals`` is a signal this moment does not have (no
    in-season items, say) and is left out.
    """
    as_int = [Case(When(signal, then=1), default=0) for signal in signals if signal]
    if not as_int:
        return []
    strength = sum(as_int[1:], as_int[0])
    queryset = queryset.alias(signal_strength=strength).filter(signal_strength__gt=0)
    return list(queryset.order_by(F("signal_strength").desc(), newest_first).values_list("pk", flat=True)[:pool])


def articles(live: QuerySet, moment: Moment, pool: int) -> list[Candidate]:
    entry_links, entry_column, article_column = link_table(SeasonalEntry, "related_articles")
    signals = [
        shares(ArticlePage, "scenes", moment.scenes),
        shares(ArticlePage, "personas", moment.personas),
        shares(ArticlePage, "regions", [region_id for region_id, _ in moment.region_chain]),
        moment.in_season and Exists(entry_links.objects.filter(**{article_column: OuterRef("pk"), f"{entry_column}__in": list(moment.in_season)})),
        moment.campaigns and Exists(CampaignSlot.objects.filter(article=OuterRef("pk"), campaign_id__in=list(moment.campaigns))),
    ]
    ids = _by_signals(allowed_by_targeting(live, moment), signals, "-first_published_at", pool)
    published = dict(ArticlePage.objects.filter(pk__in=ids).values_list("pk", "first_published_at"))
    links = {name: _links(ArticlePage, name, ids) for name in TARGETING}
    seasons = _grouped(
        entry_links.objects.filter(**{f"{article_column}__in": ids, f"{entry_column}__in": list(moment.in_season)})
        .values_list(article_column, entry_column)
    )
    slots = _grouped(
        CampaignSlot.objects.filter(article_id__in=ids, campaign_id__in=list(moment.campaigns)).values_list("article_id", "campaign_id")
    )
    return [
        Candidate(
            kind="article", id=pk, published_at=published[pk],
            **{name: links[name].get(pk, frozenset()) for name in TARGETING},
            seasonal_entries=seasons.get(pk, frozenset()), campaigns=slots.get(pk, frozenset()),
        )
        for pk in ids
    ]


def campaigns(fitting: list[CampaignPage], moment: Moment) -> list[Candidate]:
    """The live campaigns that fit the moment, as candidates; their targeting is already prefetched."""
    return [
        Candidate(
            kind="campaign", id=campaign.pk, published_at=campaign.go_live_at or campaign.first_published_at,
            **{name: frozenset(item.pk for item in getattr(campaign, name).all()) for name in TARGETING},
            seasonal_entries=frozenset(entry.pk for entry in campaign.seasonal_entries.all()),
            campaigns=frozenset([campaign.pk]), priority=campaign.priority,
        )
        for campaign in fitting
    ]


def ugc_posts(public: QuerySet, moment: Moment, in_season_items: dict[int, str], pool: int) -> list[Candidate]:
    """Public UGC; a post is in season when its text names an in-season item."""
    if moment.scenes:
        public = targeting.allowed_for(public, "scenes", moment.scenes)
    mentions = [Q(text__contains=item) for item in set(in_season_items.values())]
    region_ids = [region_id for region_id, _ in moment.region_chain]
    signals = [
        shares(UGCPost, "scenes", moment.scenes),
        moment.campaigns and Q(campaign_id__in=list(moment.campaigns)),
        region_ids and Q(region_id__in=region_ids),
        mentions and reduce(operator.or_, mentions),
    ]
    ids = _by_signals(public, signals, "-created_at", pool)
    rows = UGCPost.objects.filter(pk__in=ids).values_list("pk", "created_at", "region_id", "campaign_id", "text")
    scenes = _links(UGCPost, "scenes", ids)
    return [
        Candidate(
            kind="ugc", id=pk, published_at=created_at, scenes=scenes.get(pk, frozenset()),
            regions=frozenset([region_id]) if region_id else frozenset(), regions_restrict=False,
            campaigns=frozenset([campaign_id]) if campaign_id else frozenset(),
            seasonal_entries=frozenset(entry_id for entry_id, item in in_season_items.items() if item in text),
        )
        for pk, created_at, region_id, campaign_id, text in rows
    ]
