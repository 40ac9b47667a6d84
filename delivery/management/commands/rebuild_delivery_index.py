import time

from django.core.management.base import BaseCommand

from delivery.indexing import rebuild
from delivery.models import IndexedItem


class Command(BaseCommand):
    help = "Build the delivery index anew from the content: after an upgrade, or after rows were written around the models."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="only when the index holds nothing yet (a database made before it)")

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and IndexedItem.objects.exists():
            self.stdout.write("Delivery index already built.")
            return
        started = time.monotonic()
        items = rebuild(report=lambda line: self.stdout.write(f"  {line}"))
        self.stdout.write(self.style.SUCCESS(f"Delivery index rebuilt: {items} items in {time.monotonic() - started:.1f} s."))
