"""Images, with renditions limited to an allow-list of widths and formats.

No client can make the server render anything: widths come from
``MOMENTS_IMAGE_WIDTHS`` and formats from :class:`ImageFormat`, and all of
them are made when an image is saved (:mod:`cms.renditions`); one not made yet
is answered with the nearest made size. Renditions of listed images are
prefetched (see :mod:`delivery.prefetch`).
"""

import graphene
from django.conf import settings
from graphene_django import DjangoObjectType

from cms import renditions
from cms.models import MomentsImage
from frontend_api.errors import BadInput


class ImageFormat(graphene.Enum):
    JPEG = "jpeg"
    WEBP = "webp"


ImageCrop = graphene.Enum(
    "ImageCrop", [(name.upper(), name) for name in settings.MOMENTS_IMAGE_CROPS],
    description="A shape filled around the image's focal point (MOMENTS_IMAGE_CROPS), offered at MOMENTS_IMAGE_CROP_WIDTHS.",
)


class ShownFormat(graphene.Enum):
    """A rendition's format: one asked for, or the original's while its renditions are being made."""

    JPEG = "jpeg"
    WEBP = "webp"
    PNG = "png"
    GIF = "gif"
    AVIF = "avif"


class FocalPoint(graphene.ObjectType):
    """The part of the image to keep in view when cropping, in pixels of the original."""

    x = graphene.Int(required=True)
    y = graphene.Int(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)


class Rendition(graphene.ObjectType):
    """The size asked for, or the nearest one made while it is being made: its own width and height."""

    url = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    format = graphene.Field(ShownFormat, required=True)


def _allowed_width(width: int, crop: str | None) -> int:
    if width not in renditions.offered_widths(crop):
        allowed = ", ".join(map(str, renditions.offered_widths(crop)))
        raise BadInput(f"Image width {width} is not offered{' cropped' if crop else ''}; use one of {allowed}.")
    return width


def _plain(image_format, crop) -> tuple[str, str | None]:
    """The format and crop as values: graphene passes enum members, and an explicit null format means the default."""
    image_format, crop = getattr(image_format, "value", image_format), getattr(crop, "value", crop)
    return image_format or renditions.DEFAULT_FORMAT, crop


def _widths(widths: list[int] | None, crop: str | None) -> list[int]:
    return widths or renditions.offered_widths(crop)


def specs_asked(field: str, arguments: dict) -> list[str]:
    """The filter specs an Image's ``rendition`` or ``srcSet`` field reads with these arguments (for the lookahead)."""
    image_format, crop = _plain(arguments.get("format"), arguments.get("crop"))
    widths = [arguments["width"]] if field == "rendition" else _widths(arguments.get("widths"), crop)
    return [renditions.spec(width, image_format, crop) for width in widths]


def rendition(image: MomentsImage, width: int, image_format, request, crop=None) -> Rendition:
    """A rendition no wider than ``width`` (small originals are never upscaled), or the nearest made one."""
    image_format, crop = _plain(image_format, crop)
    made = renditions.nearest(image, _allowed_width(width, crop), image_format, crop)
    return Rendition(url=request.build_absolute_uri(made.url), width=made.width, height=made.height, format=made.format)


class Image(DjangoObjectType):
    url = graphene.String(required=True, description="The original file.")
    alt = graphene.String(required=True, description="Alternative text: the image's description, else its title.")
    focal_point = graphene.Field(FocalPoint)
    placeholder_color = graphene.String(
        description='The average colour ("#a0c4e8"), to fill the space while the picture loads; null until it is worked out.',
    )
    rendition = graphene.Field(
        Rendition, required=True, width=graphene.Int(required=True), format=ImageFormat(default_value=renditions.DEFAULT_FORMAT),
        crop=ImageCrop(description="Fill this shape, cropped around the focal point; default: the image's own shape."),
    )
    src_set = graphene.String(
        required=True,
        widths=graphene.List(graphene.NonNull(graphene.Int), description="Default: every offered width."),
        format=ImageFormat(default_value=renditions.DEFAULT_FORMAT),
        crop=ImageCrop(),
        description='For an <img srcset>: "url 320w, url 640w".',
    )

    class Meta:
        model = MomentsImage
        fields = ["width", "height", "credit"]

    def resolve_url(image, info):
        return info.context.build_absolute_uri(image.file.url)

    def resolve_alt(image, info):
        return image.default_alt_text

    def resolve_placeholder_color(image, info):
        return image.placeholder_color or None

    def resolve_focal_point(image, info):
        if image.focal_point_x is None:
            return None
        return FocalPoint(
            x=image.focal_point_x, y=image.focal_point_y, width=image.focal_point_width, height=image.focal_point_height,
        )

    def resolve_rendition(image, info, width, format, crop=None):
        return rendition(image, width, format, info.context, crop)

    def resolve_src_set(image, info, format, widths=None, crop=None):
        image_format, crop = _plain(format, crop)
        made = [rendition(image, width, image_format, info.context, crop) for width in _widths(widths, crop)]
        by_width = {made_one.width: made_one.url for made_one in made}
        return ", ".join(f"{url} {width}w" for width, url in sorted(by_width.items()))
