"""The `moment` query at a brand's scale, side by side with what a user would pick instead.

    .venv/bin/python bench/delivery.py [--articles 100000] [--ugc 500000] [--campaigns 5000]
                                       [--rounds 40] [--keep] [--json bench/delivery.json] [--profile]

Builds bench/delivery.sqlite3 (never the project's database; ``DATABASE_URL``
measures PostgreSQL instead): the demo world plus the generated content, in
bulk (bench/bulk_world.py). ``--keep`` reuses it.

Then, in rounds, sends one request of each kind in a shuffled order, all
through Django's whole request stack on the same database, so drift in the
machine's load falls on every kind alike:

- ``moment_uncached``: `moment` for a random region, time (over the past
  year) and personas, with the answer cache bypassed
  (:func:`moment_cache_bypassed`). What a process keeps for the content
  version (taxonomy, live campaigns, each region's editions and seasons:
  delivery/versioned.py) and decoded index rows stay as earlier requests
  left them, as on a miss in production: a warm-up first asks one moment in
  every region, as a server has within its first minute;
- ``moment_cached``: the same request once more after an untimed first one,
  so a cache may answer it;
- ``moment_graphql_only``: the uncached request once more, with the items an
  untimed first one matched and loaded held (:func:`items_held`): executing
  the query through graphene and Django's stack, and nothing else. No
  uncached answer can be faster, so it is the floor the uncached figure is
  read against;
- ``articles``: the API's `articles` list for a random scene and persona;
- ``wagtail_api_v2``: Wagtail's REST API v2 listing articles;
- ``bare_view``: a plain Django view reading the rows the draw's moment shows
  (articles, posts and campaigns) by primary key with ``.values()``, once
  untimed first, as the moment's own reads find them warm.

Prints p50/p95 and SQL statements per request with ratios, and writes them as
JSON. A benchmark, not a test: nothing here judges the timings.
"""

import argparse
import contextlib
import cProfile
import dataclasses
import datetime
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_env import add_dataset_arguments, use_production_like_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # first, so `delivery` is the project's app and not this file
BENCH_DB = ROOT / "bench" / "delivery.sqlite3"
MEDIA_ROOT = Path(tempfile.gettempdir()) / "moments-bench-delivery-media"  # outlives the run, for --keep

MOMENT = """query($region: String, $at: DateTime, $personas: [String!], $first: Int) {
  moment(region: $region, at: $at, personas: $personas, first: $first) {
    items { score reasons content {
      __typename
      ... on Article { slug title heroImage { url rendition(width: 320) { url } } scenes { slug } }
      ... on UGCPost { id text photos { url } }
      ... on Campaign { slug hook }
    } }
  }
}"""
ARTICLES = """query($scene: String, $persona: String) {
  articles(first: 20, scene: $scene, persona: $persona) { edges { node { title slug intro heroImage { url } } } }
}"""
WAGTAIL_API = "/api/v2/pages/?type=cms.ArticlePage&fields=title,intro,hero_image,first_published_at&limit=20"
BARE_VIEW = "/bench/articles/"

KINDS = ("moment_uncached", "moment_cached", "moment_graphql_only", "articles", "wagtail_api_v2", "bare_view")
PRIMED = {"moment_cached", "moment_graphql_only", "bare_view"}  # sent once untimed first, so the timed request may reuse its work
PROJECT_CODE = rf"{ROOT}/(cms|campaigns|calendars|delivery|frontend_api)/"  # for pstats
PAGE_SIZE_SAMPLES = 5


def setup_django() -> None:
    """Production-like settings, plus Wagtail's API and the bench URLconf (bench/bench_settings.py)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_settings"
    use_production_like_settings(BENCH_DB, str(MEDIA_ROOT))
    import django

    django.setup()


def scale() -> dict:
    from django.db import connection

    from campaigns.models import CampaignPage
    from cms.models import ArticlePage, UGCPost

    return {
        "articles": ArticlePage.objects.count(), "ugc": UGCPost.objects.count(), "campaigns": CampaignPage.objects.count(),
        "database": connection.vendor,
    }


def moment_cache_bypassed():
    """Requests inside answer `moment` by computing it: MOMENTS_MOMENT_CACHE_SECONDS = 0 turns delivery/cache.py off."""
    from django.test import override_settings

    return override_settings(MOMENTS_MOMENT_CACHE_SECONDS=0)


@contextlib.contextmanager
def items_held(held: dict):
    """`moment` answers with the items held under ``"items"``, matching and loading them only when none are."""
    from delivery.moment import MomentQuery

    computed = MomentQuery.__dict__["items"]

    def items(query: MomentQuery) -> list:
        if "items" not in held:
            held["items"] = computed.func(query)
        return held["items"]

    MomentQuery.items = property(items)
    try:
        yield
    finally:
        MomentQuery.items = computed


class StatementLog:
    """Each SQL statement's time and text as it runs; Django's debug cursor would also format its parameters, inside the timing."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append(((time.perf_counter() - started) * 1000, sql))

    @property
    def ms(self) -> float:
        return sum(ms for ms, _sql in self.statements)


@dataclasses.dataclass(frozen=True)
class Draw:
    """One round's random arguments, shared by the kinds that take them."""

    moment: dict
    articles: dict
    article_ids: str


class Taxonomy:
    """The demo world's names the app sends, and the live articles, to draw requests from."""

    def __init__(self) -> None:
        from cms import visibility
        from cms.models import Persona, PersonaSegmentCode, Region, Scene

        self.regions = list(Region.objects.values_list("code", flat=True))
        self.scenes = list(Scene.objects.values_list("slug", flat=True))
        self.personas = list(Persona.objects.values_list("slug", flat=True))
        self.persona_references = self.personas + list(PersonaSegmentCode.objects.values_list("code", flat=True))
        self.live_articles = list(visibility.live_articles().values_list("pk", flat=True))

    def draw(self, rng: random.Random, region: str | None = None) -> Draw:
        at = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
        return Draw(
            moment={"region": region or rng.choice(self.regions), "at": at.isoformat(), "first": 20,
                    "personas": rng.sample(self.persona_references, rng.randint(0, 2))},
            articles={"scene": rng.choice(self.scenes), "persona": rng.choice(self.personas)},
            article_ids=",".join(map(str, rng.sample(self.live_articles, 20))),
        )


class Requests:
    """Each kind's request for a draw, through django.test.Client: the whole middleware and URL stack, no socket."""

    def __init__(self) -> None:
        from django.test import Client

        self.client = Client()
        self.held: dict[str, dict] = {}  # each draw's matched items, for moment_graphql_only

    def moment_uncached(self, draw: Draw):
        with moment_cache_bypassed():
            return self.graphql(MOMENT, draw.moment)

    def moment_cached(self, draw: Draw):
        return self.graphql(MOMENT, draw.moment)

    def moment_graphql_only(self, draw: Draw):
        with moment_cache_bypassed(), items_held(self.held.setdefault(json.dumps(draw.moment), {})):
            return self.graphql(MOMENT, draw.moment)

    def articles(self, draw: Draw):
        return self.graphql(ARTICLES, draw.articles)

    def wagtail_api_v2(self, draw: Draw):
        return self.client.get(WAGTAIL_API)

    def bare_view(self, draw: Draw):
        return self.client.get(BARE_VIEW, self.rows_shown(draw))

    def rows_shown(self, draw: Draw) -> dict[str, str]:
        """The primary keys of the items the draw's moment shows, by kind: the bare view reads the same rows."""
        from bench.bench_urls import BARE_ROWS

        held = self.held.setdefault(json.dumps(draw.moment), {})
        if "items" not in held:
            answered(self.moment_graphql_only(draw))
        parameters = {model: parameter for parameter, (model, _columns) in BARE_ROWS.items()}
        ids = {}
        for item in held["items"]:
            ids.setdefault(parameters[type(item.content)], []).append(str(item.content.pk))
        return {parameter: ",".join(pks) for parameter, pks in ids.items()}

    def graphql(self, query: str, variables: dict):
        return self.client.post("/graphql/", json.dumps({"query": query, "variables": variables}), content_type="application/json")


def answered(response) -> dict:
    """The response's JSON; stops the run on an error, which would time the wrong thing."""
    body = response.json() if response.status_code == 200 else None
    if body is None or "errors" in body:
        sys.exit(f"{response.status_code} from {response.request['PATH_INFO']}: {response.content[:500]!r}")
    return body


@dataclasses.dataclass
class Sample:
    ms: float
    log: StatementLog

    @property
    def statements(self) -> int:
        return len(self.log.statements)


def timed(send: Callable, draw: Draw) -> Sample:
    from django.db import connection

    log = StatementLog()
    with connection.execute_wrapper(log):
        started = time.perf_counter()
        response = send(draw)
        elapsed = (time.perf_counter() - started) * 1000
    answered(response)
    return Sample(elapsed, log)


def measure(requests: Requests, draws: list[Draw], rng: random.Random) -> dict[str, list[Sample]]:
    """Per round, one request of each kind in a shuffled order."""
    samples = {kind: [] for kind in KINDS}
    for draw in draws:
        order = list(KINDS)
        rng.shuffle(order)
        for kind in order:
            send = getattr(requests, kind)
            if kind in PRIMED:
                answered(send(draw))
            samples[kind].append(timed(send, draw))
    return samples


def summary(samples: list[Sample]) -> dict:
    cuts = statistics.quantiles([sample.ms for sample in samples], n=100, method="inclusive")
    return {"p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1), "sql": statistics.median_low(s.statements for s in samples)}


def statements_by_page_size(requests: Requests, draws: list[Draw]) -> list[tuple[str, str]]:
    """Uncached `moment` statements at first: 5 and first: 50 for the same draws, each with the kinds of content
    in the answer: each kind present adds its own loading, whatever the number of items."""
    from django.db import connection

    counts = []
    for draw in draws:
        shown = []
        for first in (5, 50):
            log = StatementLog()
            with connection.execute_wrapper(log):
                body = answered(requests.moment_uncached(dataclasses.replace(draw, moment={**draw.moment, "first": first})))
            kinds = {item["content"]["__typename"] for item in body["data"]["moment"]["items"]}
            shown.append(f"{len(log.statements)} ({len(kinds)} kinds)")
        counts.append(tuple(shown))
    return counts


def check_through_the_app(requests: Requests) -> None:
    """The generated rows as the app sees them: `moment` has items and `articles` a full page."""
    moment = answered(requests.graphql(MOMENT, {"region": "CN-SH", "first": 20}))["data"]["moment"]["items"]
    edges = answered(requests.graphql(ARTICLES, {}))["data"]["articles"]["edges"]
    if not moment or len(edges) != 20:
        sys.exit(f"The app does not see the generated content: moment has {len(moment)} items, articles {len(edges)} edges.")
    print(f"Through the app: moment answered {len(moment)} items, articles(first: 20) {len(edges)} edges")


def print_table(results: dict, samples: dict[str, list[Sample]], rounds: int, by_page_size: list[tuple[str, str]]) -> None:
    print(f"\n{rounds} rounds, each kind once per round in a shuffled order\n")
    print(f"{'kind':<21}{'p50 ms':>9}{'p95 ms':>9}{'in SQL, p50':>13}   SQL statements/request (min–max)")
    for kind, result in results.items():
        statements = [sample.statements for sample in samples[kind]]
        in_sql = statistics.median(sample.log.ms for sample in samples[kind])
        print(f"{kind:<21}{result['p50_ms']:>9.1f}{result['p95_ms']:>9.1f}{in_sql:>10.1f} ms   {result['sql']} ({min(statements)}–{max(statements)})")
    print()
    for label, numerator, denominator, percentile in (
        ("moment_uncached / bare_view", "moment_uncached", "bare_view", "p95_ms"),
        ("moment_graphql_only / bare_view", "moment_graphql_only", "bare_view", "p95_ms"),
        ("articles / wagtail_api_v2", "articles", "wagtail_api_v2", "p95_ms"),
        ("articles / wagtail_api_v2", "articles", "wagtail_api_v2", "p50_ms"),
        ("moment_uncached / moment_cached", "moment_uncached", "moment_cached", "p50_ms"),
    ):
        ratio = results[numerator][percentile] / results[denominator][percentile]
        print(f"{label + ', ' + percentile[:3]:<44}{ratio:>7.2f}×")
    pairs = ", ".join(f"{five} vs {fifty}" for five, fifty in by_page_size)
    print(f"moment SQL statements, first: 5 vs first: 50: {pairs}")


def profile_moment(requests: Requests, draw: Draw) -> None:
    """Where one uncached `moment` request spends its time: the slowest statements, then the project's code under cProfile."""
    sample = timed(requests.moment_uncached, draw)
    print(f"\nOne uncached moment request {draw.moment}: {sample.ms:.0f} ms, {sample.log.ms:.0f} ms of it in {sample.statements} SQL statements")
    for ms, sql in sorted(sample.log.statements, reverse=True)[:5]:
        print(f"{ms:9.1f} ms  {sql[:150]}")
    profiler = cProfile.Profile()
    profiler.runcall(requests.moment_uncached, draw)
    print("\nThe same request under cProfile, the project's functions by cumulative time:")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(PROJECT_CODE, 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_dataset_arguments(parser, articles=100_000, ugc=500_000, campaigns=5_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "delivery.json")
    parser.add_argument("--profile", action="store_true", help="then profile the median uncached moment request again")
    arguments = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it happens, in a log file too
    rng = random.Random(20261122)
    setup_django()
    from bench.bulk_world import prepare

    prepare(arguments, rng)

    dataset = scale()
    print(f"Dataset: {dataset['articles']} articles, {dataset['ugc']} UGC posts, {dataset['campaigns']} campaigns"
          f" on {dataset['database']} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    requests, taxonomy = Requests(), Taxonomy()
    check_through_the_app(requests)
    measure(requests, [taxonomy.draw(rng, region) for region in taxonomy.regions], rng)  # as a server up for a minute
    draws = [taxonomy.draw(rng) for _ in range(arguments.rounds)]
    samples = measure(requests, draws, rng)
    results = {kind: summary(samples[kind]) for kind in KINDS}
    print_table(results, samples, arguments.rounds, statements_by_page_size(requests, draws[:PAGE_SIZE_SAMPLES]))
    arguments.json.write_text(json.dumps({"scale": dataset, "results": results}, indent=2) + "\n")
    print(f"\nWrote {arguments.json}")
    if arguments.profile:
        by_time = sorted(zip(samples["moment_uncached"], draws), key=lambda measured: measured[0].ms)
        profile_moment(requests, by_time[len(by_time) // 2][1])


if __name__ == "__main__":
    main()
