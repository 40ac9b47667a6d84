"""``manage.py member_token <member-id> <handle>``: print a member token, as the member system would sign it."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from frontend_api.auth import issue_member_token


class Command(BaseCommand):
    help = "Print a member token signed with MOMENTS_MEMBER_TOKEN_SECRET, for trying the API."

    def add_arguments(self, parser):
        parser.add_argument("member_id")
        parser.add_argument("handle")
        parser.add_argument(
            "--minutes", type=int, default=settings.MOMENTS_MEMBER_TOKEN_TTL_SECONDS // 60, help="How long the token lasts.",
        )

    def handle(self, member_id, handle, minutes, **options):
        self.stdout.write(issue_member_token(member_id, handle, datetime.timedelta(minutes=minutes)))
