"""``manage.py prune_experiment_events``: delete raw experiment events past the retention period, daily from cron."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from campaigns import experiment_events


class Command(BaseCommand):
    help = "Delete raw experiment events received before the retention period (MOMENTS_EXPERIMENT_EVENTS); daily counts stay."

    def handle(self, *args, **options):
        before = timezone.now() - experiment_events.retention()
        total = 0
        for deleted in experiment_events.prune(before):
            total += deleted
            self.stdout.write(f"  deleted {total} …")
        self.stdout.write(self.style.SUCCESS(
            f"Deleted {total} raw experiment events received before {timezone.localtime(before):%Y-%m-%d %H:%M}; daily counts are kept."
        ))
