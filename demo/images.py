"""Demo pictures drawn with Pillow: a warm gradient, some produce-like shapes and a label.

Each picture is derived from its label, so re-running the seed draws the same
picture and nothing is downloaded.
"""

import hashlib
import io
import random

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont

from cms.models import MomentsImage

PALETTES = [
    ((255, 183, 77), (229, 57, 53)),  # crab orange to red
    ((255, 138, 128), (173, 20, 87)),  # lychee pink
    ((174, 213, 129), (46, 125, 50)),  # greens
    ((255, 241, 118), (255, 143, 0)),  # mango
    ((129, 212, 250), (21, 101, 192)),  # sea
    ((206, 147, 216), (106, 27, 154)),  # bayberry
]


def draw_picture(label: str, size: tuple[int, int]) -> bytes:
    """A JPEG of ``size`` for ``label``; the same label always gives the same picture."""
    seed = int(hashlib.sha256(label.encode()).hexdigest()[:8], 16)
    rng = random.Random(seed)
    top, bottom = PALETTES[seed % len(PALETTES)]
    width, height = size
    picture = Image.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / max(height - 1, 1)
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom)))
    for _ in range(rng.randint(4, 9)):
        radius = rng.randint(min(size) // 12, min(size) // 5)
        x, y = rng.randint(0, width), rng.randint(height // 4, height)
        shade = tuple(min(255, channel + rng.randint(20, 80)) for channel in bottom)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=shade, outline=(255, 255, 255), width=3)
    font = ImageFont.load_default(size=max(18, width // 18))
    draw.rectangle([0, 0, width, height // 6], fill=(0, 0, 0))
    draw.text((width // 30, height // 40), label, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def demo_image(title: str, label: str, size: tuple[int, int], collection, credit: str = "") -> MomentsImage:
    """The image called ``title``, drawing and storing it the first time."""
    existing = MomentsImage.objects.filter(title=title).first()
    if existing:
        return existing
    file = ImageFile(io.BytesIO(draw_picture(label, size)), name=f"demo-{hashlib.md5(title.encode()).hexdigest()[:12]}.jpg")
    image = MomentsImage(title=title, file=file, collection=collection, credit=credit, description=title)
    image.save()
    return image
