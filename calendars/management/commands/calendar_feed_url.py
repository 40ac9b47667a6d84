"""Print a user's secret iCal feed address, optionally filtered to a region."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from calendars.models import CalendarFeed
from calendars.views import VIEW_PERMISSION
from cms.models import Region


class Command(BaseCommand):
    help = "Print the user's iCal feed URL of the marketing calendar (created on first use)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--region", help="A region code such as CN-GD: the feed then has that region's campaigns and taste calendar.")
        parser.add_argument("--reset", action="store_true", help="Give the user a new address first; the old one stops working.")

    def handle(self, username, region=None, reset=False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        if not user.is_active or not user.has_perm(VIEW_PERMISSION):
            raise CommandError(f"{username} may not view the marketing calendar; add them to the Reviewers, Editors or Moderators group.")
        if region and not Region.objects.filter(code=region).exists():
            raise CommandError(f"No region with the code {region!r}.")
        feed = CalendarFeed.for_user(user)
        if reset:
            feed.reset()
        self.stdout.write(feed.url(f"region={region}" if region else ""))
