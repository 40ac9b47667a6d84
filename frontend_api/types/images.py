"""Images, with renditions limited to an allow-list of widths and formats.

No client can make the server render an arbitrary size: widths come from
``MOMENTS_IMAGE_WIDTHS`` and formats from :class:`ImageFormat`. Renditions of
listed images are prefetched (see :mod:`delivery.prefetch`).
"""

import functools

import graphene
from django.conf import settings
from graphene_django import DjangoObjectType
from wagtail.images.models import Filter

from cms.models import MomentsImage
from frontend_api.errors import BadInput


class ImageFormat(graphene.Enum):
    JPEG = "jpeg"
    WEBP = "webp"


class FocalPoint(graphene.ObjectType):
    """The part of the image to keep in view when cropping, in pixels of the original."""

    x = graphene.Int(required=True)
    y = graphene.Int(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)


class Rendition(graphene.ObjectType):
    url = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    format = graphene.Field(ImageFormat, required=True)


def _allowed_width(width: int) -> int:
    if width not in settings.MOMENTS_IMAGE_WIDTHS:
        allowed = ", ".join(map(str, settings.MOMENTS_IMAGE_WIDTHS))
        raise BadInput(f"Image width {width} is not offered; use one of {allowed}.")
    return width


@functools.cache
def _filter(spec: str) -> Filter:
    """One filter per spec for the process: parsing its operations costs more than finding a prefetched rendition."""
    return Filter(spec=spec)


def rendition(image: MomentsImage, width: int, image_format, request) -> Rendition:
    """A rendition no wider than ``width`` (small originals are never upscaled)."""
    image_format = getattr(image_format, "value", image_format)  # graphene passes enum members
    spec = f"width-{_allowed_width(width)}|format-{image_format}"
    made = image.get_renditions(_filter(spec))[spec]  # unlike get_rendition, writes no prefetched rendition back to the cache
    return Rendition(url=request.build_absolute_uri(made.url), width=made.width, height=made.height, format=image_format)


class Image(DjangoObjectType):
    url = graphene.String(required=True, description="The original file.")
    alt = graphene.String(required=True, description="Alternative text: the image's description, else its title.")
    focal_point = graphene.Field(FocalPoint)
    rendition = graphene.Field(
        Rendition, required=True, width=graphene.Int(required=True), format=ImageFormat(default_value=ImageFormat.JPEG.value),
    )
    src_set = graphene.String(
        required=True,
        widths=graphene.List(graphene.NonNull(graphene.Int), description="Default: every offered width."),
        format=ImageFormat(default_value=ImageFormat.JPEG.value),
        description='For an <img srcset>: "url 320w, url 640w".',
    )

    class Meta:
        model = MomentsImage
        fields = ["width", "height", "credit"]

    def resolve_url(image, info):
        return info.context.build_absolute_uri(image.file.url)

    def resolve_alt(image, info):
        return image.default_alt_text

    def resolve_focal_point(image, info):
        if image.focal_point_x is None:
            return None
        return FocalPoint(
            x=image.focal_point_x, y=image.focal_point_y, width=image.focal_point_width, height=image.focal_point_height,
        )

    def resolve_rendition(image, info, width, format):
        return rendition(image, width, format, info.context)

    def resolve_src_set(image, info, format, widths=None):
        made = [rendition(image, width, format, info.context) for width in widths or settings.MOMENTS_IMAGE_WIDTHS]
        by_width = {made_one.width: made_one.url for made_one in made}
        return ", ".join(f"{url} {width}w" for width, url in sorted(by_width.items()))
