"""How each content type is loaded for the API, so a list of fifty items
costs the same number of queries as a list of five.

Images come with all their renditions (the allow-list keeps that small), and
targeting with its ids; the taxonomy objects themselves come from the
API's per-request taxonomy. What a query does not show (:class:`Shown`) is
not loaded. A caller loading several kinds at once loads them without images
and then calls :func:`hold_images` once, for one image query whatever the mix.
"""

import dataclasses
import datetime
import functools
from collections.abc import Iterable, Iterator

from django.db.models import FilteredRelation, Model, Prefetch, Q, QuerySet, prefetch_related_objects

from calendars.models import SeasonalEntry
from campaigns.models import CampaignPage
from cms import renditions, visibility
from cms.models import MomentsImage, MomentsRendition, UGCPhoto, UGCPost
from cms.targeting import TARGETING
from delivery.matching import Candidate
from delivery.taxonomy import Taxonomy


@dataclasses.dataclass(frozen=True)
class Shown:
    """What a query shows of content besides its own fields; each part costs queries to load.

    ``targeting``: scenes, personas, regions and channels; ``body``: an article's
    blocks, the largest of its values to read; ``seasonal_items``: a
    campaign's seasonal entries, with their ``related_articles`` (hundreds for
    some); ``images``: off for a caller that holds them itself (:func:`hold_images`),
    nested ones too; ``renditions``: the filter specs of the renditions asked
    for (:func:`cms.renditions.spec`), the only ones :func:`hold_images` loads
    of an image that has them all; ``None`` for every rendition.
    """

    targeting: bool = True
    body: bool = True
    seasonal_items: bool = True
    related_articles: bool = True
    images: bool = True
    renditions: frozenset[str] | None = None


EVERYTHING = Shown()
ARTICLE_BODY = ("body", "body_hant")  # read only when the query shows the body


def images() -> QuerySet:
    """Images with all their renditions (a query that asks for some reads them through :func:`hold_images`)."""
    return MomentsImage.objects.prefetch_renditions()


def _image(name: str, shown: Shown) -> tuple:
    return (Prefetch(name, queryset=images()),) if shown.images else ()


def _targeting(shown: Shown, held: bool, names: tuple[str, ...] = TARGETING) -> tuple[str, ...]:
    return names if shown.targeting and not held else ()


def articles(queryset: QuerySet, shown: Shown = EVERYTHING, targeting_held: bool = False) -> QuerySet:
    """``targeting_held``: the caller gives the loaded objects their own targeting (:func:`hold_targeting`),
    not what they link to; so for :func:`campaigns` and :func:`ugc_posts` too.

    An article's body is read only when shown: turning it into blocks costs
    Wagtail as much as building the rest of the page.
    """
    queryset = queryset if shown.body else queryset.defer(*ARTICLE_BODY)
    return queryset.prefetch_related(*_targeting(shown, targeting_held), *_image("hero_image", shown))


def campaigns(queryset: QuerySet, now: datetime.datetime, shown: Shown = EVERYTHING, targeting_held: bool = False) -> QuerySet:
    queryset = queryset.prefetch_related(*_targeting(shown, targeting_held), *_image("hero_image", shown))
    if not shown.seasonal_items:
        return queryset
    entries = seasonal_entries(SeasonalEntry.objects.published(now), now, shown)
    return queryset.prefetch_related(Prefetch("seasonal_entries", queryset=entries))


def ugc_posts(
    queryset: QuerySet, now: datetime.datetime, shown: Shown = EVERYTHING, targeting_held: bool = False, campaign: bool = True,
) -> QuerySet:
    """Posts with photos, scenes, region, and their campaign only while it is live.

    ``campaign=False`` for a caller that gives each post its live campaign itself (:func:`hold_campaign`).
    """
    photos = UGCPhoto.objects.prefetch_related(*_image("image", shown))
    live_campaign = (Prefetch("campaign", queryset=CampaignPage.objects.live_at(now)),) if campaign else ()
    return queryset.prefetch_related(*_targeting(shown, targeting_held, ("scenes",)), Prefetch("photos", queryset=photos), *live_campaign)


def hold_campaign(post: UGCPost, live_campaigns: dict[int, CampaignPage]) -> None:
    """The post's campaign from campaigns loaded already, or none when it is not among the live ones."""
    UGCPost._meta.get_field("campaign").set_cached_value(post, live_campaigns.get(post.campaign_id))


def hold_images(contents: Iterable[Model], shown: Shown) -> None:
    """Every image the API shows of ``contents``, loaded as ``shown``, in one query for them all.

    An image has forty renditions, and building each as a model costs more
    than the rest of its loading: only the renditions the query asks for are
    loaded, joined to their images, unless an image lacks one of them (being
    made still), when all its renditions are, for :func:`cms.renditions.nearest`
    to pick from; one more query whatever the number of such images.
    """
    holders = [(holder, name) for content in contents for holder, name in _image_holders(content, shown)]
    wanted = {getattr(holder, f"{name}_id") for holder, name in holders} - {None}
    found = _images_by_id(wanted, shown.renditions)
    for holder, name in holders:
        holder._meta.get_field(name).set_cached_value(holder, found.get(getattr(holder, f"{name}_id")))


def _images_by_id(ids: set[int], specs: frozenset[str] | None) -> dict[int, MomentsImage]:
    if not ids:
        return {}
    if specs is None:
        return images().in_bulk(ids)
    if not specs:  # the query shows no rendition: none is loaded, as none will be looked for
        return MomentsImage.objects.in_bulk(ids)
    found = _with_renditions(ids, specs)
    filters = renditions.filters(specs)
    _hold_every_rendition([image for image in found.values() if len(image.find_existing_renditions(*filters)) < len(filters)])
    return found


IMAGE_COLUMNS = [field.attname for field in MomentsImage._meta.concrete_fields]
RENDITION_COLUMNS = [field.attname for field in MomentsRendition._meta.concrete_fields]
IMAGE_ID, RENDITION_ID = IMAGE_COLUMNS.index("id"), len(IMAGE_COLUMNS) + RENDITION_COLUMNS.index("id")


def _with_renditions(ids: set[int], specs: frozenset[str]) -> dict[int, MomentsImage]:
    """These images holding their renditions of ``specs``, as Wagtail's ``prefetch_renditions(*specs)`` holds them,
    but read with them in one statement (an outer join), not two."""
    rows = _images_joined_to(specs).filter(pk__in=ids)
    found: dict[int, MomentsImage] = {}
    for row in rows:
        image = found.get(row[IMAGE_ID])
        if image is None:
            image = MomentsImage.from_db(rows.db, IMAGE_COLUMNS, row[:len(IMAGE_COLUMNS)])
            image.prefetched_renditions = []
            found[image.pk] = image
        if row[RENDITION_ID] is not None:  # the image has this rendition
            rendition = MomentsRendition.from_db(rows.db, RENDITION_COLUMNS, row[len(IMAGE_COLUMNS):])
            MomentsRendition.image.field.set_cached_value(rendition, image)
            image.prefetched_renditions.append(rendition)
    return found


@functools.lru_cache(maxsize=64)
def _images_joined_to(specs: frozenset[str]) -> QuerySet:
    """Rows of images and their renditions of ``specs``, built once per process: naming thirty columns through
    a join costs Django more than filtering what it built. Never evaluated itself, only filtered."""
    asked = FilteredRelation("renditions", condition=Q(renditions__filter_spec__in=sorted(specs)))
    return MomentsImage.objects.annotate(asked=asked).values_list(
        *IMAGE_COLUMNS, *(f"asked__{field.name}" for field in MomentsRendition._meta.concrete_fields),
    )


def _hold_every_rendition(lacking: list[MomentsImage]) -> None:
    """Every rendition of these images, held as Wagtail's ``prefetch_renditions()`` holds them, in one query for them all."""
    for image in lacking:
        del image.prefetched_renditions  # the asked ones: Django's prefetch passes over an image that has its attribute
    prefetch_related_objects(lacking, Prefetch("renditions", to_attr="prefetched_renditions"))


def _image_holders(content: Model, shown: Shown) -> Iterator[tuple[Model, str]]:
    """Each (object, image field) the API shows of loaded content: hero images, photos, seasonal entries' images."""
    if isinstance(content, UGCPost):
        yield from ((photo, "image") for photo in content.photos.all())
        return
    yield content, "hero_image"
    if isinstance(content, CampaignPage) and shown.seasonal_items:
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


def seasonal_entries(queryset: QuerySet, now: datetime.datetime, shown: Shown = EVERYTHING) -> QuerySet:
    """Entries with their live related articles in ``live_related_articles`` when those are shown."""
    queryset = queryset.select_related("calendar").prefetch_related(*_image("image", shown))
    if not shown.related_articles:
        return queryset
    live = articles(visibility.live_articles(now), shown)
    return queryset.prefetch_related(Prefetch("related_articles", queryset=live, to_attr="live_related_articles"))
