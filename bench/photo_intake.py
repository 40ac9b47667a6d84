"""What a member's post with photos costs the request that receives it, and the task that cleans them.

    .venv/bin/python bench/photo_intake.py [--megapixels 12] [--photos 9] [--format jpeg] [--runs 5]

Makes phone-sized photos with noise (so they compress like real photos), with
EXIF orientation and GPS, then runs them, on the same photos in one run,
through what ``submitPost``'s request does (cms.photo_safety.check_photo: the
headers) and what the task queue's worker does (clean_photo: decode, turn,
re-encode), which the request did before. Prints the time per post of each,
their ratio and the peak resident memory, and writes bench/photo_intake.json.
No database is needed.
"""

import argparse
import io
import json
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

from cms.photo_safety import check_photo, clean_photo  # noqa: E402

OUT = Path(__file__).with_suffix(".json")


def phone_photo(megapixels: float, seed: int, image_format: str) -> bytes:
    width = int((megapixels * 1_000_000 * 4 / 3) ** 0.5)
    height = width * 3 // 4
    noise = Image.effect_noise((width, height), 40 + seed).convert("RGB")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (31.0, 13.0, 48.0)
    buffer = io.BytesIO()
    noise.save(buffer, image_format, exif=exif, **({"quality": 88} if image_format == "JPEG" else {}))
    return buffer.getvalue()


def per_post(work, photos: list[bytes], runs: int) -> list[float]:
    """Seconds ``work`` takes over all of a post's photos, once per run."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for photo in photos:
            work(photo)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, default=12)
    parser.add_argument("--photos", type=int, default=9)
    parser.add_argument("--format", choices=["jpeg", "png"], default="jpeg")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    photos = [phone_photo(args.megapixels, seed, args.format.upper()) for seed in range(args.photos)]
    limits = settings.MOMENTS_UGC
    size_limit = max(map(len, photos))  # the byte limit is not what is measured
    print(f"{args.photos} {args.format.upper()} photos of {args.megapixels:g} MP, {statistics.mean(map(len, photos)) / 1e6:.1f} MB each on average")
    request = per_post(lambda photo: check_photo(photo, size_limit, limits["max_photo_pixels"]), photos, args.runs)
    worker = per_post(lambda photo: clean_photo(photo, size_limit, limits["max_photo_pixels"], limits["max_photo_side"]), photos, args.runs)
    figures = {"photos": args.photos, "megapixels": args.megapixels, "format": args.format, "runs": args.runs}
    for name, times in (("request (check_photo)", request), ("worker (clean_photo)", worker)):
        print(f"{name:<22} per post  median {statistics.median(times) * 1000:8.1f} ms   max {max(times) * 1000:8.1f} ms")
        figures[name.split()[0]] = {"median_ms": statistics.median(times) * 1000, "max_ms": max(times) * 1000}
    figures["worker_over_request"] = statistics.median(worker) / statistics.median(request)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"the request does 1/{figures['worker_over_request']:.0f} of the work it did; peak resident memory {figures['peak_rss_mb']:.0f} MB")
    OUT.write_text(json.dumps(figures, indent=2))
    print(f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")


if __name__ == "__main__":
    main()
