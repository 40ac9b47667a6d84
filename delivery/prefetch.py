"""How each content type is loaded for the API, so a list of fifty items
costs the same number of queries as a list of five.

Images come with all their renditions (the allow-list keeps that small), and
targeting with its ids; the taxonomy objects themselves come from the
API's per-request taxonomy.
"""

import datetime

from django.db.models import Prefetch, QuerySet

from calendars.models import SeasonalEntry
from campaigns.models import CampaignPage
from cms import visibility
from cms.models import MomentsImage, UGCPhoto

TARGETING = ("scenes", "personas", "regions", "channels")


def images() -> QuerySet:
    return MomentsImage.objects.prefetch_renditions()


def articles(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(*TARGETING, Prefetch("hero_image", queryset=images()))


def campaigns(queryset: QuerySet, now: datetime.datetime, related_articles: bool = True) -> QuerySet:
    entries = seasonal_entries(SeasonalEntry.objects.published(now), now, related_articles)
    return queryset.prefetch_related(*TARGETING, Prefetch("hero_image", queryset=images()), Prefetch("seasonal_entries", queryset=entries))


def ugc_posts(queryset: QuerySet, now: datetime.datetime) -> QuerySet:
    """Posts with photos, scenes, region, and their campaign only while it is live."""
    photos = UGCPhoto.objects.prefetch_related(Prefetch("image", queryset=images()))
    return queryset.prefetch_related(
        "scenes", Prefetch("photos", queryset=photos), Prefetch("campaign", queryset=CampaignPage.objects.live_at(now)),
    )


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
