"""How each content type is loaded for the API, so a list of fifty items
costs the same number of queries as a list of five.

Images come with all their renditions (the allow-list keeps that small), and
targeting with its ids; the taxonomy objects themselves come from the
API's per-request taxonomy. A caller loading several kinds at once passes
``images=False`` to each and then :func:`hold_images` once, for one image
query whatever the mix.
"""

import datetime
from collections.abc import Iterable, Iterator

from django.db.models import Model, Prefetch, QuerySet

from calendars.models import SeasonalEntry
from campaigns.models import CampaignPage
from cms import visibility
from cms.models import MomentsImage, UGCPhoto, UGCPost
from cms.targeting import TARGETING
from delivery.matching import Candidate
from delivery.taxonomy import Taxonomy


def images() -> QuerySet:
    return MomentsImage.objects.prefetch_renditions()


def _image(name: str, images_too: bool) -> tuple:
    return (Prefetch(name, queryset=images()),) if images_too else ()


def articles(queryset: QuerySet, targeting: bool = True, images: bool = True) -> QuerySet:
    """``targeting=False`` for a caller that holds it already (:func:`hold_targeting`)."""
    return queryset.prefetch_related(*(TARGETING if targeting else ()), *_image("hero_image", images))


def campaigns(
    queryset: QuerySet, now: datetime.datetime, related_articles: bool = True, targeting: bool = True, images: bool = True,
) -> QuerySet:
    entries = seasonal_entries(SeasonalEntry.objects.published(now), now, related_articles, images)
    return queryset.prefetch_related(
        *(TARGETING if targeting else ()), *_image("hero_image", images), Prefetch("seasonal_entries", queryset=entries),
    )


def ugc_posts(
    queryset: QuerySet, now: datetime.datetime, targeting: bool = True, images: bool = True, campaign: bool = True,
) -> QuerySet:
    """Posts with photos, scenes, region, and their campaign only while it is live.

    ``campaign=False`` for a caller that gives each post its live campaign itself (:func:`hold_campaign`).
    """
    photos = UGCPhoto.objects.prefetch_related(*_image("image", images))
    live_campaign = (Prefetch("campaign", queryset=CampaignPage.objects.live_at(now)),) if campaign else ()
    return queryset.prefetch_related(*(["scenes"] if targeting else []), Prefetch("photos", queryset=photos), *live_campaign)


def hold_campaign(post: UGCPost, live_campaigns: dict[int, CampaignPage]) -> None:
    """The post's campaign from campaigns loaded already, or none when it is not among the live ones."""
    UGCPost._meta.get_field("campaign").set_cached_value(post, live_campaigns.get(post.campaign_id))


def hold_images(contents: Iterable[Model]) -> None:
    """Every image the API shows of ``contents``, with its renditions, in two queries for them all."""
    holders = [(holder, name) for content in contents for holder, name in _image_holders(content)]
    wanted = {getattr(holder, f"{name}_id") for holder, name in holders} - {None}
    found = images().in_bulk(wanted) if wanted else {}
    for holder, name in holders:
        holder._meta.get_field(name).set_cached_value(holder, found.get(getattr(holder, f"{name}_id")))


def _image_holders(content: Model) -> Iterator[tuple[Model, str]]:
    """Each (object, image field) the API shows of loaded content: hero images, photos, seasonal entries' images."""
    if isinstance(content, UGCPost):
        yield from ((photo, "image") for photo in content.photos.all())
        return
    yield content, "hero_image"
    if isinstance(content, CampaignPage):
        for entry in content.seasonal_entries.all():
            yield entry, "image"
            yield from ((article, "hero_image") for article in getattr(entry, "live_related_articles", ()))


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


def seasonal_entries(queryset: QuerySet, now: datetime.datetime, related_articles: bool = True, images: bool = True) -> QuerySet:
    """Entries with their live related articles in ``live_related_articles``.

    An entry may have hundreds of related articles; a caller that will not
    show them passes ``related_articles=False``.
    """
    queryset = queryset.select_related("calendar").prefetch_related(*_image("image", images))
    if not related_articles:
        return queryset
    live = articles(visibility.live_articles(now), images=images)
    return queryset.prefetch_related(Prefetch("related_articles", queryset=live, to_attr="live_related_articles"))
