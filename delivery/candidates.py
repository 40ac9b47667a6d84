"""From the database to :class:`~delivery.matching.Candidate` values.

SQL does the cheap part: it keeps only public content whose targeting allows
the moment (the same rules as :func:`matching.fits`) and that has at least one
reason to be shown (a shared scene or persona, an in-season item, a live
campaign, the visitor's region), best score first by the scorer's own weights
(:mod:`~delivery.score_sql`), up to a pool size per kind. The pure
:mod:`~delivery.matching` module then scores the pool. Queries per kind are
fixed, whatever the pool size.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Case, Exists, Expression, Model, OuterRef, Q, QuerySet, When

from calendars.models import SeasonalEntry
from campaigns.models import CampaignPage, CampaignSlot
from cms import targeting
from cms.models import ArticlePage, UGCPost
from cms.targeting import link_table
from delivery.matching import Candidate, Moment, Weights
from delivery.prefetch import TARGETING
from delivery.score_sql import best_scoring, count_linked, count_of, locality, weight

def allowed_by_targeting(queryset: QuerySet, moment: Moment) -> QuerySet:
    """Rows whose targeting allows the moment: :func:`cms.targeting.allowed_by_targeting` with its ids."""
    return targeting.allowed_by_targeting(
        queryset, region_ids=[region_id for region_id, _ in moment.region_chain],
        scene_ids=moment.scenes, persona_ids=moment.personas, channel_id=moment.channel,
    )


def _post_reasons(moment: Moment, in_season_items: dict[int, str], weights: Weights) -> list[Expression]:
    """The weighted parts of :func:`matching.score` for member posts, as SQL."""
    reasons = [locality([Q(region_id=region_id) for region_id, _ in moment.region_chain], moment, weights)]
    if moment.scenes:
        reasons.append(weight(weights.scene) * count_linked(UGCPost, "scenes", list(moment.scenes)))
    if moment.campaigns:
        reasons.append(Case(When(campaign_id__in=list(moment.campaigns), then=weight(weights.campaign)), default=weight(0.0)))
    for entry_id, item in in_season_items.items():
        value = weights.in_season + (weights.peak if moment.in_season[entry_id].is_peak else 0.0)
        reasons.append(Case(When(text__contains=item, then=weight(value)), default=weight(0.0)))
    return reasons


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


def articles(live: QuerySet, moment: Moment, weights: Weights, pool: int) -> list[Candidate]:
    entry_links, entry_column, article_column = link_table(SeasonalEntry, "related_articles")
    allowed = allowed_by_targeting(live, moment)
    ids = best_scoring(allowed, _article_reasons(moment, weights), "first_published_at", moment, weights, pool)
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


def _article_reasons(moment: Moment, weights: Weights) -> list[Expression]:
    """The weighted parts of :func:`matching.score` for articles, as SQL."""
    reasons = [
        weight(value) * count_linked(ArticlePage, name, list(wanted))
        for name, wanted, value in (("scenes", moment.scenes, weights.scene), ("personas", moment.personas, weights.persona))
        if wanted
    ]
    if moment.in_season:
        entry_links, entry_column, article_column = link_table(SeasonalEntry, "related_articles")
        peaks = [entry_id for entry_id, season in moment.in_season.items() if season.is_peak]
        for entry_ids, value in ((list(moment.in_season), weights.in_season), (peaks, weights.peak)):
            linked = entry_links.objects.filter(**{f"{entry_column}__in": entry_ids})
            reasons.append(weight(value) * count_of(linked, article_column, entry_column))
    if moment.campaigns:
        slots = CampaignSlot.objects.filter(campaign_id__in=list(moment.campaigns))
        reasons.append(weight(weights.campaign) * count_of(slots, "article_id", "campaign_id"))
    through, source, target = link_table(ArticlePage, "regions")
    in_region = [Exists(through.objects.filter(**{source: OuterRef("pk"), target: region_id})) for region_id, _ in moment.region_chain]
    return reasons + [locality(in_region, moment, weights)]


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


def ugc_posts(public: QuerySet, moment: Moment, in_season_items: dict[int, str], weights: Weights, pool: int) -> list[Candidate]:
    """Public UGC; a post is in season when its text names an in-season item."""
    if moment.scenes:
        public = targeting.allowed_for(public, "scenes", moment.scenes)
    ids = best_scoring(public, _post_reasons(moment, in_season_items, weights), "created_at", moment, weights, pool)
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
