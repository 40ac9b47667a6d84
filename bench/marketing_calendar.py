"""Time the marketing calendar's pages and feed on a generated dataset.

    .venv/bin/python bench/marketing_calendar.py [--articles 10000] [--ugc 50000] [--campaigns 500] [--runs 5] [--keep]

Builds bench/marketing_calendar.sqlite3 (``DATABASE_URL`` measures another
database) with the demo world plus the generated content, in bulk
(bench/bulk_world.py); ``--keep`` reuses it. Then requests the timeline,
coverage and report for a year in Shanghai, the Excel export and the iCal
feed through Django's full request stack, logged in as the editor, and prints
the median time and the SQL queries of each.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_env import add_dataset_arguments, use_production_like_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = ROOT / "bench" / "marketing_calendar.sqlite3"

PAGES = [
    ("timeline, year", "/admin/marketing-calendar/?region=CN-SH&zoom=year&date={year}-01-01"),
    ("coverage, year", "/admin/marketing-calendar/coverage/?region=CN-SH&zoom=year&date={year}-01-01"),
    ("report, year", "/admin/marketing-calendar/report/?region=CN-SH&zoom=year&date={year}-01-01"),
    ("report, quarter", "/admin/marketing-calendar/report/?region=CN-SH&zoom=quarter&date={year}-10-01"),
    ("Excel export", "/admin/marketing-calendar/export/?region=CN-SH&zoom=year&date={year}-01-01&format=xlsx"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_dataset_arguments(parser, articles=10_000, ugc=50_000, campaigns=500)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    use_production_like_settings(BENCH_DB, tempfile.mkdtemp(prefix="moments-bench-media-"))
    import django

    django.setup()
    from bench.bulk_world import prepare

    prepare(arguments, random.Random(20261122))

    from django.contrib.auth.models import User
    from django.db import connection, reset_queries
    from django.test import Client
    from django.utils import timezone

    from calendars.models import CalendarFeed
    from campaigns.models import CampaignPage
    from cms.models import ArticlePage, UGCPost

    editor = User.objects.get(username="editor")
    client = Client()
    client.force_login(editor)
    feed = CalendarFeed.for_user(editor).url("region=CN-SH").split("://", 1)[1]
    year = timezone.localdate().year
    pages = [(label, url.format(year=year)) for label, url in PAGES] + [("iCal feed, 3 years", "/" + feed.split("/", 1)[1])]
    print(f"Dataset: {ArticlePage.objects.count()} articles, {UGCPost.objects.count()} UGC posts, {CampaignPage.objects.count()} campaigns")
    connection.force_debug_cursor = True
    for label, url in pages:
        timings = []
        for _ in range(arguments.runs):
            reset_queries()
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label:<20} median {statistics.median(timings):8.1f} ms   SQL queries {len(connection.queries)}")


if __name__ == "__main__":
    main()
