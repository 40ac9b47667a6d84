"""Renditions are made before anyone asks for them.

Saving an image queues a task that makes every offered width in every offered
format, the offered crops (a shape filled around the focal point, at the
smaller widths cards and thumbnails use), and its placeholder colour. A
request never renders: it is given the rendition asked for when it exists,
else the nearest size already made (with its own width and height) or, for an
image nothing is made of yet, the original; and the missing ones are queued. ``manage.py make_renditions`` makes
what older images lack.
"""

import functools
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from PIL import Image as PillowImage
from wagtail.images.models import Filter

from cms import task_queue
from cms.models import MomentsImage

OFFERED_FORMATS = ("jpeg", "webp")
DEFAULT_FORMAT = "jpeg"  # when a query names none
QUEUED_SECONDS = 10 * 60  # one queued task per image at a time, however many requests find it lacking


class Sized(NamedTuple):
    """What a request is given of an image at a width: a rendition, or the original."""

    url: str
    width: int
    height: int
    format: str


def spec(width: int, image_format: str, crop: str | None = None) -> str:
    """Wagtail's filter spec: ``width-`` keeps the shape, ``fill-`` crops to the crop's shape around the focal point."""
    if crop is None:
        return f"width-{width}|format-{image_format}"
    across, down = settings.MOMENTS_IMAGE_CROPS[crop]
    return f"fill-{width}x{round(width * down / across)}|format-{image_format}"


def offered_widths(crop: str | None) -> list[int]:
    return settings.MOMENTS_IMAGE_CROP_WIDTHS if crop else settings.MOMENTS_IMAGE_WIDTHS


def offered_specs() -> list[str]:
    return [
        spec(width, image_format, crop)
        for crop in (None, *settings.MOMENTS_IMAGE_CROPS) for width in offered_widths(crop) for image_format in OFFERED_FORMATS
    ]


@functools.cache
def _filter(filter_spec: str) -> Filter:
    """One filter per spec for the process: parsing its operations costs more than finding a made rendition."""
    return Filter(spec=filter_spec)


def filters(specs: Iterable[str]) -> list[Filter]:
    return [_filter(filter_spec) for filter_spec in specs]


def missing_specs(image: MomentsImage) -> list[str]:
    offered = offered_specs()
    found = image.find_existing_renditions(*filters(offered))
    return [filter_spec for filter_spec in offered if _filter(filter_spec) not in found]


def make_all(image: MomentsImage) -> int:
    """Makes every offered rendition ``image`` lacks, and its placeholder colour; returns how many renditions were made."""
    missing = missing_specs(image)
    if missing:
        image.get_renditions(*filters(missing))
    colour = placeholder_color(image)  # anew each time: the file may have been replaced
    if colour != image.placeholder_color:
        MomentsImage.objects.filter(pk=image.pk).update(placeholder_color=colour)
    return len(missing)


def placeholder_color(image: MomentsImage) -> str:
    """The image's average colour as ``#rrggbb``, for the app to fill the space while the picture loads."""
    with image.open_file() as file, PillowImage.open(file) as pixels:
        pixels.draft("RGB", (64, 64))  # JPEG decodes at a fraction of its size
        red, green, blue = pixels.convert("RGB").resize((1, 1), PillowImage.Resampling.BOX).getpixel((0, 0))
    return f"#{red:02x}{green:02x}{blue:02x}"


def queue(image_pk: int) -> None:
    from cms.tasks import make_renditions  # tasks import this module

    task_queue.after_commit(make_renditions, image_pk)


def queue_on_save(sender, instance: MomentsImage, raw: bool = False, **kwargs) -> None:
    if settings.MOMENTS_RENDITIONS_ON_SAVE and not raw:  # not while loading fixtures
        queue(instance.pk)


def nearest(image: MomentsImage, width: int, image_format: str, crop: str | None = None) -> Sized:
    """The rendition asked for, else the nearest made one: the narrowest wider one, else the widest; the asked
    format first, and a crop's own shape before the uncropped image. Never renders; queues the missing renditions."""
    asked = spec(width, image_format, crop)
    if made := image.find_existing_renditions(_filter(asked)):  # nearly always: looking among all forty costs more
        return _sized(next(iter(made.values())), image_format)
    formats = (image_format, *(other for other in OFFERED_FORMATS if other != image_format))
    shapes = [crop, None] if crop else [None]
    candidates = [_filter(spec(w, f, shape)) for shape in shapes for f in formats for w in offered_widths(shape)]
    made = {filter.spec: rendition for filter, rendition in image.find_existing_renditions(*candidates).items()}
    if task_queue.runs_elsewhere() and cache.add(f"moments:renditions-queued:{image.pk}", True, QUEUED_SECONDS):
        queue(image.pk)  # never in the request itself: a request renders nothing
    for shape in shapes:
        for candidate_format in formats:
            widths = sorted(w for w in offered_widths(shape) if spec(w, candidate_format, shape) in made)
            if widths:
                chosen = next((w for w in widths if w >= width), widths[-1])
                return _sized(made[spec(chosen, candidate_format, shape)], candidate_format)
    return Sized(image.file.url, image.width, image.height, _original_format(image))


def _sized(rendition, image_format: str) -> Sized:
    return Sized(rendition.url, rendition.width, rendition.height, image_format)


def _original_format(image: MomentsImage) -> str:
    extension = image.file.name.rsplit(".", 1)[-1].lower()
    return {"jpg": "jpeg"}.get(extension, extension)
