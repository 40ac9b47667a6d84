import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from search import engine
from search.indexing import rebuild

BAR = 30


class Command(BaseCommand):
    help = (
        "Build the search engine's index for the app anew (MOMENTS_SEARCH_URL) and switch searches to it when it is "
        "whole, then Wagtail's own indexes on the engine for the admin. The database's index is `manage.py update_index`'s."
    )

    def handle(self, *args, **options):
        if not engine.configured():
            raise CommandError("MOMENTS_SEARCH_URL is not set: search runs on the database, which `manage.py update_index` rebuilds.")
        started = time.monotonic()
        engine.forget_failures()
        try:
            documents = rebuild(report=self._progress)
        except engine.EngineUnavailable as error:
            raise CommandError(f"The search engine at {engine.client().transport.hosts} did not answer: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {documents} documents in {time.monotonic() - started:.1f} s."))
        if "database" in settings.WAGTAILSEARCH_BACKENDS:  # the admin's default backend is the engine (moments/settings.py)
            self.stdout.write("The admin's indexes on the engine:")
            call_command("update_index", backend_name="default", stdout=self.stdout, verbosity=0)

    def _progress(self, kind: str, done: int, total: int) -> None:
        filled = BAR * done // total if total else BAR
        ending = "\n" if done == total else ""
        self.stdout.write(f"\r  {kind:<9} [{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}", ending=ending)
        self.stdout.flush()
