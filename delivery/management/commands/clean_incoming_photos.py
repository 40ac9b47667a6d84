"""``manage.py clean_incoming_photos``: clean the photos of posts left processing (delivery/incoming_photos.py).

Their task was lost: the queue was away when the post was stored, or the
worker died while cleaning. Posts younger than the grace period are left to
the task queue, which may simply not have reached them yet.
"""

import datetime
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.models import ModerationState, UGCPost
from delivery.incoming_photos import clean_incoming_photos


class Command(BaseCommand):
    help = "Clean the photos of members' posts still processing after the grace period, here rather than in a worker."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=10, metavar="MINUTES", help="Leave younger posts to the task queue (default 10).")

    def handle(self, *args, older_than: int, **options):
        cutoff = timezone.now() - datetime.timedelta(minutes=older_than)
        stuck = list(UGCPost.objects.filter(moderation_state=ModerationState.PROCESSING, created_at__lte=cutoff).values_list("pk", flat=True))
        failed = []
        for pk in stuck:
            try:
                clean_incoming_photos(pk)
            except Exception as error:  # one post's failure (its storage away, say) must not keep the others waiting
                failed.append(pk)
                self.stderr.write(f"post {pk}: {error!r}")
        states = Counter(UGCPost.objects.filter(pk__in=stuck).values_list("moderation_state", flat=True))
        self.stderr.write(f"{len(stuck)} post(s): {states[ModerationState.PENDING]} pending, {states[ModerationState.REJECTED]} rejected, {len(failed)} failed.")
        if failed:
            raise CommandError(f"{len(failed)} post(s) could not be cleaned and are still processing; run again once the cause is fixed.")
