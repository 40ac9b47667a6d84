"""``manage.py remove_orphan_files``: delete files that no image, rendition or incoming photo names (cms/orphan_files.py)."""

import datetime

from django.core.management.base import BaseCommand

from cms.orphan_files import orphan_files


class Command(BaseCommand):
    help = "Delete image, rendition and incoming photo files that no row names, older than the grace period."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=60, metavar="MINUTES", help="Leave younger files alone (default 60).")
        parser.add_argument("--dry-run", action="store_true", help="List them; delete nothing.")

    def handle(self, *args, older_than: int, dry_run: bool, **options):
        found = list(orphan_files(datetime.timedelta(minutes=older_than)))
        for storage, name in found:
            self.stdout.write(name)
            if not dry_run:
                storage.delete(name)
        self.stderr.write(f"{len(found)} orphan file(s) {'found' if dry_run else 'removed'}.")
