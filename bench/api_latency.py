"""Latency of the delivery API on a large generated dataset.

    .venv/bin/python bench/api_latency.py [--scale 1.0] [--requests 300] [--keep]

Builds a separate SQLite database (bench/bench.sqlite3, never the project's)
holding the demo world plus, at scale 1, 10,000 articles, 50,000 UGC posts
and 500 campaigns targeted at random scenes, personas and regions. Then sends
`moment` queries (random region, scenes, personas and time) and `articles`
listings (random pages) through Django's full request stack and prints the
p50/p95/p99 latency and the SQL queries per request. Pass ``DATABASE_URL``
to measure on PostgreSQL instead.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_env import use_production_like_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = ROOT / "bench" / "bench.sqlite3"

MOMENT = """query($region: String, $scenes: [String!], $personas: [String!], $at: DateTime) {
  moment(region: $region, scenes: $scenes, personas: $personas, at: $at, first: 20) {
    inSeason { entry { item } isPeak daysLeft }
    items { score reasons content {
      ... on Article { slug title heroImage { rendition(width: 640, format: WEBP) { url } } scenes { slug } personas { slug } }
      ... on UGCPost { id text photos { rendition(width: 320) { url } } }
      ... on Campaign { slug hook heroImage { rendition(width: 640, format: WEBP) { url } } }
    } }
  }
}"""
ARTICLES = """query($after: String) {
  articles(first: 20, after: $after) { totalCount edges { cursor node { slug title intro heroImage { rendition(width: 320) { url } } } } }
}"""


def setup_django(keep: bool) -> None:
    use_production_like_settings(BENCH_DB, tempfile.mkdtemp(prefix="moments-bench-media-"))
    if not keep and BENCH_DB.exists() and os.environ["DATABASE_URL"].startswith("sqlite"):
        BENCH_DB.unlink()
    import django
    from django.conf import settings

    django.setup()
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False  # search is not measured here


def generate(scale: float, rng: random.Random) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.models import ArticleIndexPage, ArticlePage, Channel, MomentsImage, Persona, Region, Scene, UGCPhoto, UGCPost

    call_command("migrate", verbosity=0)
    if UGCPost.objects.count() > 1000:
        print("Reusing the generated dataset in", BENCH_DB)
        return
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    scenes, personas = list(Scene.objects.all()), list(Persona.objects.all())
    regions, channels = list(Region.objects.all()), list(Channel.objects.all())
    images = list(MomentsImage.objects.all()[:40])
    now = timezone.now()

    def some(items, most):
        return rng.sample(items, rng.randint(0, most))

    def pages(model, parent, count, make):
        started = time.perf_counter()
        with transaction.atomic():
            for number in range(count):
                page = make(number)
                for name, values in (("scenes", some(scenes, 2)), ("personas", some(personas, 2)), ("regions", some(regions, 1)), ("channels", some(channels, 1))):
                    getattr(page, name).set(values)
                page.first_published_at = page.last_published_at = now - datetime.timedelta(hours=rng.randint(1, 24 * 365))
                parent.add_child(instance=page)
        print(f"  {count} {model._meta.verbose_name_plural} in {time.perf_counter() - started:.0f}s")

    print("Generating the dataset …")
    article_index, campaign_index = ArticleIndexPage.objects.get(), CampaignIndexPage.objects.get()
    pages(ArticlePage, article_index, int(10_000 * scale), lambda n: ArticlePage(
        title=f"压测文章 {n}", slug=f"bench-article-{n}", intro="应季好物，一口入魂。", author_name="压测", body=[],
        hero_image=rng.choice(images), live=True,
    ))
    def campaign(number: int) -> CampaignPage:
        go_live_at = now - datetime.timedelta(days=rng.randint(1, 30))
        return CampaignPage(
            title=f"压测活动 {number}", slug=f"bench-campaign-{number}", hook="限时上新", hero_image=rng.choice(images),
            live=True, priority=rng.randint(1, 3), go_live_at=go_live_at,
            expire_at=go_live_at + datetime.timedelta(days=rng.randint(3, 45)),  # some have ended
        )

    pages(CampaignPage, campaign_index, int(500 * scale), campaign)
    started = time.perf_counter()
    count = int(50_000 * scale)
    with transaction.atomic():
        posts = UGCPost.objects.bulk_create(
            UGCPost(
                member_id=f"bench-{n % 5000}", member_handle=f"会员{n % 5000}", text=rng.choice(["杨梅好甜", "大闸蟹肥了", "加班来点零食", "周末下厨"]),
                region=rng.choice(regions), moderation_state=rng.choice(["approved"] * 8 + ["pending", "rejected"]),
                created_at=now - datetime.timedelta(minutes=rng.randint(1, 60 * 24 * 180)),
            )
            for n in range(count)
        )
        UGCPhoto.objects.bulk_create(UGCPhoto(post=post, image=rng.choice(images), sort_order=0) for post in posts)
        UGCPost.scenes.through.objects.bulk_create(
            UGCPost.scenes.through(ugcpost=post, scene=scene) for post in posts for scene in some(scenes, 2)
        )
        UGCPost.consent_channels.through.objects.bulk_create(
            UGCPost.consent_channels.through(ugcpost=post, channel=channel) for post in posts for channel in some(channels, 3)
        )
    print(f"  {count} UGC posts in {time.perf_counter() - started:.0f}s")
    for image in MomentsImage.objects.all():  # a live site has made its renditions long ago
        image.get_renditions("width-320|format-jpeg", "width-640|format-webp")


def measure(label: str, requests: list[tuple[str, dict]]) -> None:
    from django.db import connection, reset_queries
    from django.test import Client

    client = Client()
    timings, query_counts = [], []
    connection.force_debug_cursor = True
    for query, variables in requests:
        reset_queries()
        started = time.perf_counter()
        response = client.post("/graphql/", json.dumps({"query": query, "variables": variables}), content_type="application/json")
        timings.append((time.perf_counter() - started) * 1000)
        query_counts.append(len(connection.queries))
        assert response.status_code == 200 and "errors" not in response.json(), response.content[:500]
    cuts = statistics.quantiles(timings, n=100)
    print(
        f"{label:<10} n={len(timings):<5} p50 {cuts[49]:7.1f} ms   p95 {cuts[94]:7.1f} ms   p99 {cuts[98]:7.1f} ms"
        f"   SQL queries/request {min(query_counts)}–{max(query_counts)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 10k articles, 50k UGC posts, 500 campaigns")
    parser.add_argument("--requests", type=int, default=300, help="requests per query kind")
    parser.add_argument("--keep", action="store_true", help="reuse bench/bench.sqlite3 from an earlier run")
    arguments = parser.parse_args()
    rng = random.Random(20261122)
    setup_django(arguments.keep)
    generate(arguments.scale, rng)

    from cms.models import ArticlePage, Persona, Region, Scene

    scenes = list(Scene.objects.values_list("slug", flat=True))
    personas = list(Persona.objects.values_list("slug", flat=True))
    regions = list(Region.objects.values_list("code", flat=True))
    print(f"Dataset: {ArticlePage.objects.count()} articles; database {os.environ['DATABASE_URL'].split('@')[-1]}")
    moments = [
        (MOMENT, {
            "region": rng.choice(regions), "personas": rng.sample(personas, rng.randint(0, 2)),
            "scenes": rng.sample(scenes, rng.randint(1, 2)) if rng.random() < 0.5 else None,
            "at": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:30:00+08:00",
        })
        for _ in range(arguments.requests)
    ]
    listings = [(ARTICLES, {"after": None if rng.random() < 0.3 else _cursor(rng.randint(0, 2000))}) for _ in range(arguments.requests)]
    measure("warm-up", moments[:20] + listings[:20])
    measure("moment", moments)
    measure("articles", listings)


def _cursor(offset: int) -> str:
    from graphql_relay import offset_to_cursor

    return offset_to_cursor(offset)


if __name__ == "__main__":
    main()
