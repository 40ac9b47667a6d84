import time

from django.core.management.base import BaseCommand

from cms import renditions
from cms.models import MomentsImage


class Command(BaseCommand):
    help = (
        "Make every offered rendition (each width in MOMENTS_IMAGE_WIDTHS and each crop at MOMENTS_IMAGE_CROP_WIDTHS, "
        "JPEG and WebP) and the placeholder colour of the images that lack them: after an upgrade, a new width, or "
        "images saved while no worker ran."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="queue one task per image for the workers instead of making them here")

    def handle(self, *args, queue: bool = False, **options):
        started, made = time.monotonic(), 0
        images = MomentsImage.objects.order_by("pk")
        images = images if queue else images.prefetch_renditions()  # queueing reads none of them
        total = images.count()
        for done, image in enumerate(images.iterator(chunk_size=200), start=1):
            if queue:
                renditions.queue(image.pk)
            else:
                made += renditions.make_all(image)
            if done % 50 == 0 or done == total:
                self.stdout.write(f"  {done}/{total} images, {made} renditions made, {time.monotonic() - started:.0f} s")
        verb = "queued" if queue else "done"
        self.stdout.write(self.style.SUCCESS(f"Renditions {verb} for {total} images in {time.monotonic() - started:.1f} s."))
