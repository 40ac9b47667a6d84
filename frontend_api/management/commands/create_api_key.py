"""``manage.py create_api_key <name>``: print a new API key for an app or a developer."""

from django.core.management.base import BaseCommand

from frontend_api.models import ApiKey, Scope


class Command(BaseCommand):
    help = "Create an API key and print it. Only its fingerprint is stored: keep the printed key."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Which app or developer uses it.")
        parser.add_argument(
            "--scope", action="append", choices=Scope.values, dest="scopes",
            help="What the key may do (repeatable); default: every scope.",
        )

    def handle(self, name, scopes, **options):
        api_key, key = ApiKey.issue(name, scopes or list(Scope.values))
        self.stderr.write(f"Created API key {api_key} with scopes: {api_key.scopes}")
        self.stdout.write(key)
