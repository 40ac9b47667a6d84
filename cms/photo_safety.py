"""Check a photo a member uploads before it is stored, and clean it after.

A photo is sniffed by its content (never its name), and its size and pixel
count are checked from the header: :func:`check_photo`, in the request that
receives it. It is then fully decoded: :func:`clean_photo`, in a task. What is
kept is only its pixels: turned upright by its EXIF orientation, converted to
sRGB when it carries a colour profile, no larger than ``max_side`` on its long
side, and encoded afresh, so no EXIF, GPS, XMP, ICC profile or comment survives.

Decoding is what costs, so it is bounded: a pixel limit suited to phone
photos, JPEGs decoded at a reduced scale when far larger than what is kept,
and a JPEG too small to hold its pixels (a header with its data cut off,
which the decoder would fill with grey) refused before decoding.
"""

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Pillow format name -> (file extension, save options).
ACCEPTED_FORMATS = {
    "JPEG": ("jpg", {"quality": 90, "optimize": True}),
    "PNG": ("png", {}),  # optimize=True takes seconds on a large photo, for a few percent
    "WEBP": ("webp", {"quality": 90}),
}
# A JPEG with a Multi-Picture Format segment, as phones write (a depth map, a preview after the photo):
# Pillow opens it with more than one frame, of which the first is the photo.
MULTI_PICTURE = {"MPO": "JPEG"}
# Modes each format can store as they are; others are converted first.
STORABLE_MODES = {"JPEG": {"L", "RGB"}, "PNG": {"1", "L", "LA", "RGB", "RGBA", "I;16"}, "WEBP": {"RGB", "RGBA"}}
SRGB = ImageCms.createProfile("sRGB")
# Each 8 × 8 block of a JPEG takes at least one bit, so a whole one has at least
# a byte per 512 pixels; one with fewer than half that lost its data.
JPEG_PIXELS_PER_BYTE = 1024


class PhotoRejected(ValueError):
    """The photo cannot be accepted; the message says why, in words a member understands."""


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    extension: str
    width: int
    height: int


def about_photo(index: int, name: str, error: PhotoRejected) -> str:
    """The problem with the photo at ``index`` (from 0), as the member is told it: by number and file name."""
    return _("Photo %(number)d (%(name)s): %(reason)s") % {"number": index + 1, "name": name, "reason": error}


def check_photo(data: bytes, max_bytes: int, max_pixels: int) -> Image.Image:
    """What can be told without decoding: a JPEG, PNG or WebP still photo within the limits, its data not cut off.

    Milliseconds, so the request that receives a photo can answer at once; the
    image is returned opened, not decoded. Raises :class:`PhotoRejected`.
    """
    if not data:
        raise PhotoRejected(_("The file is empty."))
    if len(data) > max_bytes:
        raise PhotoRejected(
            _("The file is %(size)s; photos may be up to %(limit)s.") % {"size": _readable_size(len(data)), "limit": _readable_size(max_bytes)}
        )
    with _unreadable_refused():
        # Pillow refuses over twice its own limit when opening; below that, our limit applies.
        image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
        _check_pixels(image, max_pixels)
        if getattr(image, "n_frames", 1) > 1 and image.format not in MULTI_PICTURE:
            raise PhotoRejected(_("Animated images are not accepted; send a still photo."))
        if image.format in ("JPEG", *MULTI_PICTURE) and len(data) * JPEG_PIXELS_PER_BYTE < image.width * image.height:
            raise OSError("JPEG data cut off")
    return image


def clean_photo(data: bytes, max_bytes: int, max_pixels: int, max_side: int) -> CleanPhoto:
    """The photo's pixels, upright, at most ``max_side`` long and re-encoded without metadata; raises :class:`PhotoRejected`.

    Decoding takes up to seconds a photo: the task queue does it, not the request.
    """
    image = check_photo(data, max_bytes, max_pixels)
    with _unreadable_refused():  # the EXIF block, the palette and the profile are read on the way too
        if image.format in ("JPEG", *MULTI_PICTURE):
            image.draft(image.mode, (max_side, max_side))  # decodes at 1/2, 1/4 or 1/8 when that still covers max_side
        image.load()
        upright = _to_srgb(ImageOps.exif_transpose(image))
        upright.thumbnail((max_side, max_side))
        if upright.mode == "P":  # a palette may carry transparency in its metadata
            upright = upright.convert("RGBA")
        pixels_only = Image.frombytes(upright.mode, upright.size, upright.tobytes())
        return _encode(pixels_only, MULTI_PICTURE.get(image.format, image.format))


@contextlib.contextmanager
def _unreadable_refused() -> Iterator[None]:
    """Whatever Pillow raises for a file it cannot read, as a :class:`PhotoRejected` a member understands."""
    try:
        yield
    except PhotoRejected:  # a ValueError, said already
        raise
    except Image.DecompressionBombError:
        raise PhotoRejected(_("The image has too many pixels to be a photo.")) from None
    except UnidentifiedImageError:
        raise PhotoRejected(_("The file is not a JPEG, PNG or WebP image.")) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise PhotoRejected(_("The image is damaged or incomplete and cannot be read.")) from None


def _check_pixels(image: Image.Image, max_pixels: int) -> None:
    width, height = image.size
    if width * height > max_pixels:
        raise PhotoRejected(
            _("The image is %(width)d × %(height)d pixels; photos may have up to %(limit)d megapixels.")
            % {"width": width, "height": height, "limit": max_pixels // 1_000_000}
        )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert pixels described by an embedded colour profile to sRGB, so dropping the profile keeps the colours."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB")
    except (ImageCms.PyCMSError, OSError):
        return image  # a broken profile: keep the pixels as they are


def _encode(image: Image.Image, image_format: str) -> CleanPhoto:
    if image.mode not in STORABLE_MODES[image_format]:
        image = image.convert("RGBA" if "A" in image.getbands() and image_format != "JPEG" else "RGB")
    extension, options = ACCEPTED_FORMATS[image_format]
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return CleanPhoto(buffer.getvalue(), extension, image.width, image.height)


def _readable_size(size: int) -> str:
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"
