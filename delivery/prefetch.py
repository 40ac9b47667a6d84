"""How each content type is loaded for the API, so a list of fifty items
costs the same number of queries as a list of five.

Images come with all their renditions (the allow-list keeps that small), and
targeting with its ids; the taxonomy objects themselves come from the
API's per-request taxonomy.
"""

import datetime

from django.db.models import Model, Prefetch, QuerySet

from calendars.models import SeasonalEntry
from campaigns.models import CampaignPage
from cms import visibility
from cms.models import MomentsImage, UGCPhoto
from cms.targeting import TARGETING
from delivery.matching import Candidate
from delivery.taxonomy import Taxonomy



def images() -> QuerySet:
    return MomentsImage.objects.prefetch_renditions()


def articles(queryset: QuerySet, targeting: bool = True) -> QuerySet:
    """``targeting=False`` for a caller that holds it already (:func:`hold_targeting`)."""
    return queryset.prefetch_related(*(TARGETING if targeting else ()), Prefetch("hero_image", queryset=images()))


def campaigns(queryset: QuerySet, now: datetime.datetime, related_articles: bool = True, targeting: bool = True) -> QuerySet:
    entries = seasonal_entries(SeasonalEntry.objects.published(now), now, related_articles)
    return queryset.prefetch_related(
        *(TARGETING if targeting else ()), Prefetch("hero_image", queryset=images()), Prefetch("seasonal_entries", queryset=entries),
    )


def ugc_posts(queryset: QuerySet, now: datetime.datetime, targeting: bool = True) -> QuerySet:
    """Posts with photos, scenes, region, and their campaign only while it is live."""
    photos = UGCPhoto.objects.prefetch_related(Prefetch("image", queryset=images()))
    return queryset.prefetch_related(
        *(["scenes"] if targeting else []), Prefetch("photos", queryset=photos),
        Prefetch("campaign", queryset=CampaignPage.objects.live_at(now)),
    )


def hold_targeting(content: Model, candidate: Candidate, taxonomy: Taxonomy) -> None:
    """Give loaded content the targeting its candidate already carries, from the taxonomy, with no query.

    The values are held in memory as modelcluster holds a page preview's, so
    ``content.scenes.all()`` answers as if prefetched.
    """
    known = {"scenes": taxonomy.scenes_by_id, "personas": taxonomy.personas_by_id,
             "regions": taxonomy.regions_by_id, "channels": taxonomy.channels_by_id}
    for name in TARGETING if candidate.kind != "ugc" else ("scenes",):
        getattr(content, name).set([known[name][pk] for pk in getattr(candidate, name) if pk in known[name]])


def my_posts(queryset: QuerySet, now: datetime.datetime) -> QuerySet:
    """A member's own posts: as :func:`ugc_posts`, with the channels they consented to."""
    return ugc_posts(queryset, now).prefetch_related("consent_channels")


def seasonal_entries(queryset: QuerySet, now: datetime.datetime, related_articles: bool = True) -> QuerySet:
    """Entries with their live related articles in ``live_related_articles``.

    An entry may have hundreds of related articles; a caller that will not
    show them passes ``related_articles=False``.
    """
    queryset = queryset.select_related("calendar").prefetch_related(Prefetch("image", queryset=images()))
    if not related_articles:
        return queryset
    live = articles(visibility.live_articles(now))
    return queryset.prefetch_related(Prefetch("related_articles", queryset=live, to_attr="live_related_articles"))
