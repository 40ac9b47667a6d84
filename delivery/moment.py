"""The `moment` root field: what to show right now, here, to this person.

:class:`MomentQuery` resolves the app's arguments once and computes each part
(in-season items, campaigns, ranked items) only when the query asks for it.

Times: ``at`` (default: now) is read in the site's time zone; it decides the
scenes inferred from their time windows, the season and freshness. What is
*public* is always decided at request time: ``at`` in the future never
reveals a campaign that is not live yet.
"""

import dataclasses
import datetime
from collections.abc import Mapping
from functools import cached_property, partial
from typing import Protocol

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from campaigns.models import CampaignPage
from cms import time_windows
from cms.models import Persona, Scene
from cms import visibility
from delivery import candidates, matching, prefetch, seasons, variants
from delivery.drafts import Drafts
from delivery.models import ItemKind
from delivery.taxonomy import Taxonomy
from delivery.versioned import Reads, private_paths_at


class Found(Protocol):
    """What a text search found (``search.site_search.SiteSearch``): a moment with a query shows only these."""

    words: tuple[str, ...]  # the normalised words searched for, shown as the reason
    key: tuple  # what decides the items found, for the moment cache's key

    @property
    def ids(self) -> Mapping[str, frozenset[int]]: ...  # by kind


@dataclasses.dataclass(frozen=True)
class RankedItem:
    content: object  # ArticlePage, UGCPost or CampaignPage
    score: float
    reasons: tuple[str, ...]


def infer_scenes(scenes: list[Scene], local: datetime.datetime) -> list[Scene]:
    """Scenes with a time window containing the local time."""
    return [
        scene
        for scene in scenes
        if any(time_windows.window_contains(window.days, window.start, window.end, local) for window in scene.time_windows.all())
    ]


YEARS = range(1901, 2100)  # what the almanac (lunar dates, solar terms) can place


class TimeOutOfRange(ValueError):
    """A moment outside :data:`YEARS`: the client's mistake, not a failure."""


def local_time(at: datetime.datetime) -> datetime.datetime:
    """``at`` in the site's time zone; a time without a zone is taken to be local already."""
    try:
        local = timezone.localtime(timezone.make_aware(at) if timezone.is_naive(at) else at)
    except OverflowError:  # the first or last instants Python can hold, moved to the site's zone
        local = at
    if local.year not in YEARS:
        raise TimeOutOfRange(
            gettext("`at` must fall in the years %(first)s to %(last)s, got %(year)s.") % {"first": YEARS.start, "last": YEARS.stop - 1, "year": local.year}
        )
    return local


class MomentQuery:
    def __init__(
        self,
        taxonomy: Taxonomy,
        now: datetime.datetime,
        *,
        at: datetime.datetime | None,
        region: str | None,
        scenes: list[str] | None,
        personas: list[str] | None,
        channel: str | None,
        first: int,
        shown: prefetch.Shown = prefetch.EVERYTHING,
        reads: Reads | None = None,
        found: Found | None = None,
        subject: str | None = None,
        drafts: Drafts | None = None,
    ):
        """``first`` comes already checked against the API's page size limit.

        ``shown``: what the query shows of content, the only parts loaded.
        ``reads``: what moments of the content version share (live campaigns, each region's seasons of a year).
        ``found``: a text search's hits; the moment then ranks only those of them that fit it.
        ``subject``: the member or device whose experiments' variants are shown (:mod:`delivery.variants`).
        ``drafts``: the admin preview's revised pages, ranked in place of their live versions (:mod:`delivery.drafts`);
        they are loaded with their own fields, targeting and hero image only, for a ``shown`` without seasonal items,
        and are ranked in ``items`` (``campaigns`` lists the live ones).
        """
        self.drafts = drafts
        self.found = found
        self.subject = subject
        self.now = now
        self.taxonomy = taxonomy
        self.reads = reads or Reads(None)
        self.shown = shown
        self.first = first
        self.at = local_time(at or now)
        self.region = taxonomy.region(region or settings.MOMENTS_DEFAULT_REGION)
        self.region_chain = taxonomy.region_chain(self.region)
        self.channel = taxonomy.channel(channel or settings.MOMENTS_DEFAULT_CHANNEL)
        self.scenes_inferred = scenes is None
        self.scenes = infer_scenes(list(taxonomy.scenes.values()), self.at) if scenes is None else taxonomy.scenes_named(scenes)
        references = taxonomy.personas_by_reference
        self.personas: list[Persona] = list({references[ref].pk: references[ref] for ref in personas or [] if ref in references}.values())
        self.unknown_personas = [ref for ref in personas or [] if ref not in references]

    def matched(self) -> tuple:
        """What decides the answer besides the day and the content: the moment cache's key (:mod:`delivery.cache`)."""
        return (
            self.region.pk, self.channel.pk, sorted(scene.pk for scene in self.scenes), self.scenes_inferred,
            sorted(persona.pk for persona in self.personas), sorted(self.unknown_personas), self.first,
            self.found.key if self.found else None, variants.cache_part(self.served),
        )

    @cached_property
    def served(self) -> dict[int, variants.Served]:
        """The variant of each running experiment shown to the subject, by campaign id."""
        return variants.served_to(self.subject, self.reads, self.now)

    @cached_property
    def editions(self):
        return self._region_seasons.editions_on(self.at.date())

    @cached_property
    def _region_seasons(self) -> seasons.RegionSeasons:
        year = self.at.date().year
        read = partial(seasons.RegionSeasons.read, self.region_chain, year, self.now)
        return self.reads.get(("seasons", year, *(region.pk for region in self.region_chain)), self.now, read)

    @cached_property
    def calendar(self):
        """The edition shown as the moment's calendar: the day's own year's, else the one whose winter runs into it."""
        return next(iter(self.editions), None)

    @cached_property
    def in_season(self) -> list[seasons.InSeasonEntry]:
        return seasons.in_season(self.editions, self.at.date(), self.now, prepare=self._entries)

    def _entries(self, entries: QuerySet, now: datetime.datetime) -> QuerySet:
        return prefetch.seasonal_entries(entries, now, self.shown)

    def _targeting(self, in_season: dict | None = None, campaigns: dict | None = None) -> matching.Moment:
        return matching.Moment(
            at=self.at,
            scenes={scene.pk: scene.name for scene in self.scenes},
            personas={persona.pk: persona.name for persona in self.personas},
            region_chain=[(region.pk, region.name) for region in self.region_chain],
            channel=self.channel.pk,
            in_season=in_season or {},
            campaigns=campaigns or {},
            query=" ".join(self.found.words) if self.found else None,
        )

    @cached_property
    def campaigns(self) -> list[CampaignPage]:
        """Live campaigns whose targeting fits, highest priority first."""
        fitting = self._campaigns_loaded([campaign.id for campaign, _ in self._live_campaigns], self.shown)
        ordered = list(fitting.order_by("-priority", "-go_live_at", "pk"))
        variants.show(ordered, self.served)
        return ordered

    def _campaigns_loaded(self, pks: list[int], shown: prefetch.Shown, targeting_held: bool = False) -> QuerySet:
        """These campaigns while they are live, with what the query shows of them."""
        live = CampaignPage.objects.live_at(self.now, self._private_paths).filter(pk__in=pks).order_by()
        return prefetch.campaigns(live, self.now, shown, targeting_held)

    @cached_property
    def _private_paths(self) -> list[str] | None:
        """Read once per content version (a new restriction makes a new one); without a version, each query checks."""
        return private_paths_at(self.reads.version) if self.reads.version else None

    @cached_property
    def _live_campaigns(self) -> list[tuple[matching.Candidate, str]]:
        live = self.reads.get("live campaigns", self.now, partial(candidates.live_campaigns, self.now))
        if self.found:
            live = [(candidate, title) for candidate, title in live if candidate.id in self.found.ids.get(ItemKind.CAMPAIGN, ())]
        if self.drafts:
            live = self.drafts.over_campaigns(live)
        moment = self._targeting()
        return [(candidate, title) for candidate, title in live if matching.fits(candidate, moment)]

    @cached_property
    def items(self) -> list[RankedItem]:
        in_season = self._region_seasons.in_season_on(self.at.date())
        moment = self._targeting(in_season=in_season, campaigns={campaign.id: title for campaign, title in self._live_campaigns})
        weights, pool = matching.Weights(**settings.MOMENTS_MATCHING_WEIGHTS), max(settings.MOMENTS_MATCHING_POOL, self.first)
        words = {entry: season.item for entry, season in in_season.items()}
        if self.found:
            hits = {kind: self.found.ids.get(kind, ()) for kind in (ItemKind.ARTICLE, ItemKind.UGC)}
            found = candidates.these(hits, words, self.now, self.reads.version)
        else:
            found = candidates.articles_and_posts(moment, words, self.now, pool, self.reads.version)
        if self.drafts:
            found = self.drafts.over(found)
        pooled = found + [campaign for campaign, _ in self._live_campaigns]
        matches = matching.rank(pooled, moment, weights, self.first)
        contents = self._load([match.candidate for match in matches])
        return [
            RankedItem(contents[match.candidate.kind, match.candidate.id], match.score, match.reasons)
            for match in matches
            if (match.candidate.kind, match.candidate.id) in contents
        ]

    def _load(self, ranked: list[matching.Candidate]) -> dict[tuple[str, int], object]:
        """The ranked content, loaded with everything the API shows of it in a fixed number of queries.

        Posts come first, so their live campaigns load with the ranked ones,
        and the images of every kind load together at the end. The database
        has the last word: an item the index still holds but that is no
        longer public is left out rather than shown.
        """
        drafts = self.drafts.contents([(candidate.kind, candidate.id) for candidate in ranked]) if self.drafts else {}
        from_database = [candidate for candidate in ranked if (candidate.kind, candidate.id) not in drafts]
        ids = {kind: [candidate.id for candidate in from_database if candidate.kind == kind] for kind in ItemKind}
        shown = dataclasses.replace(self.shown, images=False)  # held below with the targeting, for all kinds at once
        public_posts = visibility.public_ugc(self.channel.slug, self.now).filter(pk__in=ids[ItemKind.UGC]).order_by()
        posts = list(prefetch.ugc_posts(public_posts, self.now, shown, targeting_held=True, campaign=False)) if ids[ItemKind.UGC] else []
        wanted = {*ids[ItemKind.CAMPAIGN], *(post.campaign_id for post in posts if post.campaign_id)}
        loaded_campaigns = self._campaigns_loaded(list(wanted), shown, targeting_held=True) if wanted else []
        campaigns = {campaign.pk: campaign for campaign in loaded_campaigns}
        variants.show(list(campaigns.values()), self.served)
        for post in posts:
            prefetch.hold_campaign(post, campaigns)
        live_articles = visibility.live_articles(self.now, self._private_paths).filter(pk__in=ids[ItemKind.ARTICLE]).order_by()
        articles = prefetch.articles(live_articles, shown, targeting_held=True) if ids[ItemKind.ARTICLE] else []
        loaded = {
            **{(ItemKind.UGC, post.pk): post for post in posts}, **{(ItemKind.ARTICLE, article.pk): article for article in articles},
            **{(ItemKind.CAMPAIGN, pk): campaigns[pk] for pk in ids[ItemKind.CAMPAIGN] if pk in campaigns}, **drafts,
        }
        prefetch.hold_images([*loaded.values(), *campaigns.values()], self.shown)
        for candidate in ranked:
            if (candidate.kind, candidate.id) in loaded:
                prefetch.hold_targeting(loaded[candidate.kind, candidate.id], candidate, self.taxonomy)
        return loaded
