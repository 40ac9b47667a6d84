"""Time the marketing calendar's pages and feed on the large generated dataset.

    .venv/bin/python bench/marketing_calendar.py [--scale 1.0] [--runs 5] [--keep]

Uses the dataset of bench/api_latency.py (bench/bench.sqlite3: at scale 1,
10,000 articles, 50,000 UGC posts and 500 campaigns) and requests the
timeline, coverage and report for a year in Shanghai, the Excel export and
the iCal feed through Django's full request stack, logged in as the editor.
Prints the median time and the SQL queries of each.
"""

import argparse
import random
import statistics
import time

from api_latency import generate, setup_django

PAGES = [
    ("timeline, year", "/admin/marketing-calendar/?region=CN-SH&zoom=year&date=2026-01-01"),
    ("coverage, year", "/admin/marketing-calendar/coverage/?region=CN-SH&zoom=year&date=2026-01-01"),
    ("report, year", "/admin/marketing-calendar/report/?region=CN-SH&zoom=year&date=2026-01-01"),
    ("report, quarter", "/admin/marketing-calendar/report/?region=CN-SH&zoom=quarter&date=2026-10-01"),
    ("Excel export", "/admin/marketing-calendar/export/?region=CN-SH&zoom=year&date=2026-01-01&format=xlsx"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="as for api_latency.py")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse bench/bench.sqlite3 from an earlier run")
    arguments = parser.parse_args()
    setup_django(arguments.keep)
    generate(arguments.scale, random.Random(20261122))

    from django.contrib.auth.models import User
    from django.db import connection, reset_queries
    from django.test import Client

    from calendars.models import CalendarFeed
    from campaigns.models import CampaignPage
    from cms.models import ArticlePage, UGCPost

    editor = User.objects.get(username="editor")
    client = Client()
    client.force_login(editor)
    feed = CalendarFeed.for_user(editor).url("region=CN-SH").split("://", 1)[1]
    pages = PAGES + [("iCal feed, 3 years", "/" + feed.split("/", 1)[1])]
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
