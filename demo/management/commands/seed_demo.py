from django.core.management.base import BaseCommand

from demo.builder import DEMO_USERS, DemoWorld


class Command(BaseCommand):
    help = "Build the demo world (idempotent: running it again adds nothing)."

    def handle(self, *args, **options):
        DemoWorld(report=self.stdout.write).build()
        self.stdout.write(self.style.SUCCESS("Demo world ready. Admin logins:"))
        for username, password, _superuser, group in DEMO_USERS:
            self.stdout.write(f"  {username} / {password}  ({group or 'superuser'})")
