"""Time and memory to check and clean the photos of one member post.

    .venv/bin/python bench/photo_intake.py [--megapixels 12] [--photos 9] [--runs 5]

Makes phone-sized JPEGs with noise (so they compress like real photos), with
EXIF orientation and GPS, then runs them through cms.photo_safety.clean_photo
as submitPost does and prints the time per photo and per post, and the peak
resident memory of the process. No database is needed.
"""

import argparse
import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moments.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from PIL import ExifTags, Image  # noqa: E402

from cms.photo_safety import clean_photo  # noqa: E402


def phone_photo(megapixels: float, seed: int) -> bytes:
    width = int((megapixels * 1_000_000 * 4 / 3) ** 0.5)
    height = width * 3 // 4
    noise = Image.effect_noise((width, height), 40 + seed).convert("RGB")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (31.0, 13.0, 48.0)
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=88, exif=exif)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, default=12)
    parser.add_argument("--photos", type=int, default=9)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    photos = [phone_photo(args.megapixels, seed) for seed in range(args.photos)]
    limits = settings.MOMENTS_UGC
    print(f"{args.photos} photos of {args.megapixels:g} MP, {statistics.mean(map(len, photos)) / 1e6:.1f} MB each on average")
    per_post = []
    for _ in range(args.runs):
        started = time.perf_counter()
        cleaned = [clean_photo(photo, limits["max_photo_bytes"] * 10, limits["max_photo_pixels"], limits["max_photo_side"]) for photo in photos]
        per_post.append(time.perf_counter() - started)
    print(f"cleaned size {statistics.mean(len(photo.content) for photo in cleaned) / 1e6:.1f} MB each, {cleaned[0].width}×{cleaned[0].height}")
    print(f"per post   median {statistics.median(per_post) * 1000:7.0f} ms   max {max(per_post) * 1000:7.0f} ms   (runs={args.runs})")
    print(f"per photo  median {statistics.median(per_post) / args.photos * 1000:7.0f} ms")
    print(f"peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
