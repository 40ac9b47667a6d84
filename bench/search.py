"""The `search` query on the search engine (OpenSearch) and on the database, side by side, at a brand's scale.

    .venv/bin/python bench/search.py [--articles 100000] [--ugc 500000] [--campaigns 5000]
                                     [--rounds 40] [--keep] [--json bench/search.json] [--time-limit 60]

Runs on the database bench/delivery.py generates (bench/delivery.sqlite3,
bench/bulk_world.py; ``DATABASE_URL`` measures PostgreSQL instead); ``--keep``
reuses it. The generated rows never went through ``save()``, so no search index
holds them: the build step adds what Wagtail's database index (SQLite FTS5,
filled with cms.search.SegmentedSearchField values) lacks for the models the
app searches, then builds the engine's index from the database
(search.indexing.rebuild, as ``manage.py rebuild_search_index``), each with
progress and its time. With ``--keep`` both are reused when whole. The engine
is the node at ``MOMENTS_SEARCH_URL`` (default http://127.0.0.1:9200,
scripts/search-node); its index names always start with ``moments-bench``, so
no other index is touched.

Then, in rounds, one of QUERIES per round (each as often as the others) is
sent once for each kind in a shuffled order, all through Django's whole
request stack to /graphql/ on the same database, so drift in the machine's
load falls on every kind alike:

- ``search_engine``: the engine finds the hits, the database loads them
  through the visibility rules;
- ``search_database``: ``MOMENTS_SEARCH_URL`` empty, so Wagtail's database
  backend finds them;
- ``search_engine_down``: ``MOMENTS_SEARCH_URL`` at a closed port, so each
  request finds the engine refusing and falls back to the database. The
  memory of the failure (search/engine.py, DOWN_SECONDS) is cleared before
  every request, so each pays for finding the engine down.

Two untimed rounds come first. Every response must be HTTP 200 with no
errors; failures are counted and printed with what the API logged. A request
still running after ``--time-limit`` seconds (gunicorn's timeout,
moments/gunicorn.conf.py, past which it kills the worker) has its SQL stopped
and fails: it is timed at the moment it stopped, so a figure it reaches is a
lower bound, shown with ≥. Prints p50/p95, SQL per request and the
engine/database ratios, and writes them as JSON. A benchmark, not a test:
nothing here judges the timings.
"""

import argparse
import contextlib
import dataclasses
import functools
import json
import logging
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import delivery as side_by_side  # noqa: E402  (the benchmark's module, not the project's app)
from bench_env import add_dataset_arguments  # noqa: E402

ENGINE_URL = os.environ.get("MOMENTS_SEARCH_URL") or "http://127.0.0.1:9200"
CLOSED_PORT = "http://127.0.0.1:9"  # discard: nothing listens, so a connection is refused at once
SEARCH = """query($q: String!) { search(query: $q, first: 20) { edges { node { __typename } } } }"""
KINDS = {
    "search_engine": ENGINE_URL,
    "search_database": "",
    "search_engine_down": CLOSED_PORT,
}
QUERIES = [
    # simplified, as the demo's articles, seasonal items and posts (copied by the thousand) write them
    "大闸蟹", "杨梅", "荔枝", "腌笃鲜", "小龙虾", "月饼",
    # traditional, as typed in Guangdong, Hong Kong and Taiwan
    "大閘蟹", "鮮肉月餅", "春筍",
    # pinyin, in full and as initials
    "dazhaxie", "lizhi", "dzx",
    # one character
    "蟹", "笋", "桃",
    # an item with a region, and scene and persona names
    "大闸蟹 上海", "荔枝 广东", "深夜宵夜", "头胎妈妈",
    # digits and English with Chinese
    "520 水果", "lychee 妃子笑",
    # the start of the generated members' handles (蟹老板 + a number)
    "蟹老板",
]
WARM_UP_ROUNDS = 2
GUNICORN_TIMEOUT = 60  # moments/gunicorn.conf.py: a worker busy longer is killed, and its request fails
BATCH = 2_000  # rows per write to the database's search index
Report = Callable[[str, int, int], None]


def setup_django() -> None:
    """delivery.py's settings, with the engine at ENGINE_URL under the bench's own index prefix."""
    os.environ["MOMENTS_SEARCH_URL"] = ENGINE_URL
    os.environ["MOMENTS_SEARCH_INDEX"] = "moments-bench"
    side_by_side.setup_django()
    # The fallback warns on every request, opensearch-py with a traceback; shown, they would bury the table.
    for name in ("search.engine", "opensearch"):
        logging.getLogger(name).setLevel(logging.ERROR)


def progress(label: str) -> Report:
    """A report like search.indexing.rebuild's: one line per kind every tenth of the way, with the time so far."""
    started, shown = time.perf_counter(), {}

    def report(kind: str, done: int, total: int) -> None:
        tenth = done * 10 // total if total else 10
        if shown.get(kind) != tenth:
            shown[kind] = tenth
            print(f"  {label}: {kind:<13}{done:>8}/{total}  {time.perf_counter() - started:6.0f}s")

    return report


def indexed_rows() -> dict[type, Callable]:
    """Each searched model's rows with what its search fields read (targeting_names, context_names,
    edition_region) loaded per batch rather than per row."""
    from calendars.models import SeasonalEntry
    from campaigns.models import CampaignPage
    from cms.models import ArticlePage, UGCPost

    def targeted(model):
        return lambda: model.get_indexed_objects().prefetch_related("scenes", "personas", "regions")

    return {
        ArticlePage: targeted(ArticlePage),
        CampaignPage: targeted(CampaignPage),
        SeasonalEntry: lambda: SeasonalEntry.get_indexed_objects().select_related("calendar__region"),
        UGCPost: lambda: UGCPost.get_indexed_objects().select_related("region", "campaign").prefetch_related("scenes"),
    }


@contextlib.contextmanager
def segmentation_remembered() -> Iterator[None]:
    """cms.chinese.searchable remembering its answers: the generated rows copy the demo's texts, and Wagtail's
    indexer asks each field's value three times (title, body, autocomplete), so most texts come again and again."""
    from cms import chinese

    searchable = chinese.searchable
    chinese.searchable = functools.lru_cache(maxsize=2**16)(searchable)
    try:
        yield
    finally:
        chinese.searchable = searchable


def fill_database_index(report: Report) -> int:
    """Add the rows Wagtail's database search index lacks, in batches; how many were added."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.search.models import IndexEntry

    from cms.search import database_backend

    backend, added = database_backend(), 0
    with segmentation_remembered():
        for model, rows in indexed_rows().items():
            entries = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
            indexed = set(entries.values_list("object_id", flat=True))
            missing = [pk for pk in rows().order_by("pk").values_list("pk", flat=True) if str(pk) not in indexed]
            report(model.__name__, 0, len(missing))
            for start in range(0, len(missing), BATCH):
                batch = missing[start:start + BATCH]
                with transaction.atomic():
                    backend.add_bulk(model, list(rows().filter(pk__in=batch)))
                added += len(batch)
                report(model.__name__, start + len(batch), len(missing))
    return added


def engine_documents() -> int:
    """Documents under the engine's alias; 0 when no rebuild made one."""
    from search import engine

    def count(client) -> int:
        return client.count(index=engine.alias())["count"] if client.indices.exists_alias(name=engine.alias()) else 0

    return engine.call(count)


def findable() -> int:
    """Documents a rebuild writes now."""
    from search.indexing import SOURCES

    return sum(source.findable().count() for source in SOURCES.values())


def build_search_indexes(keep: bool) -> None:
    """The database's search index completed, then the engine's rebuilt from it unless ``keep`` finds it whole."""
    from search import engine, indexing

    started = time.perf_counter()
    added = fill_database_index(progress("database index"))
    print(f"Database search index: {added} entries added in {time.perf_counter() - started:.0f}s")
    engine.forget_failures()
    try:
        if keep and not added and engine_documents() == findable():
            print("Reusing the engine's index")
            return
        started = time.perf_counter()
        documents = indexing.rebuild(progress("engine index"))
    except engine.EngineUnavailable as error:
        sys.exit(f"The search engine at {ENGINE_URL} did not answer ({error}): start it with scripts/search-node.")
    print(f"Engine index: {documents} documents in {time.perf_counter() - started:.0f}s")


class TimeLimit:
    """Past ``seconds`` into a request, its SQL is stopped (SQLite's interrupted, PostgreSQL's cancelled) and no more
    runs, so the request fails soon after, as it would when gunicorn kills a worker past its timeout."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.reached, self.database = seconds, False, None
        self.timer = threading.Timer(seconds, self._stop)

    def __enter__(self) -> "TimeLimit":
        self.timer.start()
        return self

    def __exit__(self, *exception) -> None:
        self.timer.cancel()

    def __call__(self, execute, sql, params, many, context):
        from django.db import OperationalError

        if self.reached:
            raise OperationalError(f"cut off after {self.seconds:g}s")
        self.database = context["connection"].connection
        return execute(sql, params, many, context)

    def _stop(self) -> None:
        self.reached = True
        if self.database is not None:
            (getattr(self.database, "interrupt", None) or self.database.cancel)()


class LoggedErrors(logging.Handler):
    """What the API logs when a resolver fails (frontend_api/views.py), kept to explain the failure it causes."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        self.errors.append(f"{type(error).__name__}: {error}" if error else record.getMessage())


@dataclasses.dataclass
class Sample:
    ms: float
    log: side_by_side.StatementLog
    edges: int
    cut_off: bool = False


class Requests:
    """The `search` query as each kind sends it, through django.test.Client: the whole middleware and URL stack, no socket."""

    def __init__(self, time_limit: float) -> None:
        from django.test import Client

        self.client = Client(raise_request_exception=False)
        self.time_limit = time_limit
        self.failures: dict[str, list[str]] = {kind: [] for kind in KINDS}
        self.logged = LoggedErrors()
        api_log = logging.getLogger("frontend_api.views")
        api_log.addHandler(self.logged)
        api_log.propagate = False  # failures are printed once, at the end

    def send(self, kind: str, query: str) -> Sample | None:
        """The request timed, or None when it failed other than by running out of time (recorded in ``failures``)."""
        from django.db import connection
        from django.test import override_settings

        from search import engine

        engine.forget_failures()  # each request finds the engine as its kind configures it
        self.logged.errors.clear()
        log = side_by_side.StatementLog()
        with (override_settings(MOMENTS_SEARCH_URL=KINDS[kind]), connection.execute_wrapper(log),
              TimeLimit(self.time_limit) as limit, connection.execute_wrapper(limit)):
            started = time.perf_counter()
            response = self.client.post("/graphql/", json.dumps({"query": SEARCH, "variables": {"q": query}}),
                                        content_type="application/json")
            elapsed = (time.perf_counter() - started) * 1000
        body = response.json() if response.status_code == 200 else None
        if body is None or "errors" in body:
            reason = "; ".join(self.logged.errors) or response.content[:300].decode(errors="replace")
            self.failures[kind].append(f"{query!r}: HTTP {response.status_code}, {reason}")
            return Sample(elapsed, log, 0, cut_off=True) if limit.reached else None
        return Sample(elapsed, log, len(body["data"]["search"]["edges"]))


def measure(requests: Requests, queries: list[str], rng: random.Random) -> dict[str, list[Sample]]:
    """Per query, one request of each kind in a shuffled order."""
    samples = {kind: [] for kind in KINDS}
    for query in queries:
        order = list(KINDS)
        rng.shuffle(order)
        for kind in order:
            if sample := requests.send(kind, query):
                samples[kind].append(sample)
    return samples


def summary(samples: list[Sample], failures: list[str]) -> dict:
    """p50 and p95 over the timed requests, those cut off at the time they ran: a figure they reach is a lower bound."""
    cuts = statistics.quantiles([sample.ms for sample in samples], n=100, method="inclusive")
    return {"p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1),
            "failures": len(failures), "cut_off": sum(sample.cut_off for sample in samples)}


def print_failures(when: str, failures: dict[str, list[str]]) -> None:
    for kind, messages in failures.items():
        for message in messages:
            print(f"FAILED ({when}) {kind} {message}")


def print_table(results: dict, samples: dict[str, list[Sample]], rounds: int, time_limit: float) -> None:
    def shown(ms: float) -> str:  # a figure a request cut off reaches is a lower bound
        return f"≥{ms:.0f}" if ms >= time_limit * 1000 else f"{ms:.1f}"

    print(f"\n{rounds} rounds, each kind once per round in a shuffled order, one query per round;"
          f" requests cut off after {time_limit:g}s\n")
    print(f"{'kind':<20}{'p50 ms':>9}{'p95 ms':>9}{'in SQL, p50':>14}{'SQL/request':>13}{'edges':>8}{'failed':>8}{'cut off':>9}")
    for kind, result in results.items():
        in_sql = statistics.median(sample.log.ms for sample in samples[kind])
        statements = statistics.median_low(len(sample.log.statements) for sample in samples[kind])
        edges = [sample.edges for sample in samples[kind] if not sample.cut_off] or [0]
        print(f"{kind:<20}{shown(result['p50_ms']):>9}{shown(result['p95_ms']):>9}{in_sql:>11.1f} ms{statements:>13}"
              f"{min(edges):>4}–{max(edges):<3}{result['failures']:>8}{result['cut_off']:>9}")
    print()
    for numerator, denominator in (("search_engine", "search_database"), ("search_engine_down", "search_database")):
        for percentile in ("p50_ms", "p95_ms"):
            label = f"{numerator} / {denominator}, {percentile[:3]}"
            print(f"{label:<46}{ratio(results[numerator][percentile], results[denominator][percentile], time_limit * 1000):>13}")


def ratio(top: float, bottom: float, limit_ms: float) -> str:
    """``top / bottom``, as a bound when either was cut off."""
    if top >= limit_ms and bottom >= limit_ms:
        return "both cut off"
    bound = "≥" if top >= limit_ms else "≤" if bottom >= limit_ms else ""
    return f"{bound}{top / bottom:.2f}×"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_dataset_arguments(parser, articles=100_000, ugc=500_000, campaigns=5_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "search.json")
    parser.add_argument("--time-limit", type=float, default=GUNICORN_TIMEOUT, help="seconds before a request is cut off")
    arguments = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it happens, in a log file too
    rng = random.Random(20261122)  # delivery.py's, so either builds the same dataset
    setup_django()
    from bench.bulk_world import prepare

    prepare(arguments, rng)
    build_search_indexes(arguments.keep)

    dataset = {**side_by_side.scale(), "engine_documents": engine_documents()}
    print(f"Dataset: {dataset['articles']} articles, {dataset['ugc']} UGC posts, {dataset['campaigns']} campaigns"
          f" on {dataset['database']}; {dataset['engine_documents']} documents on the engine")
    requests = Requests(arguments.time_limit)
    measure(requests, QUERIES[:WARM_UP_ROUNDS], rng)  # jieba's dictionary, OpenCC, the engine's and SQLite's caches
    print_failures("warm-up", requests.failures)
    requests.failures = {kind: [] for kind in KINDS}
    queries = [QUERIES[number % len(QUERIES)] for number in range(arguments.rounds)]
    rng.shuffle(queries)
    samples = measure(requests, queries, rng)
    if min(map(len, samples.values())) < 2:
        print_failures("timed", requests.failures)
        sys.exit("Some kind has fewer than 2 requests to time.")
    results = {kind: summary(samples[kind], requests.failures[kind]) for kind in KINDS}
    print_table(results, samples, arguments.rounds, arguments.time_limit)
    print_failures("timed", requests.failures)
    arguments.json.write_text(json.dumps({"scale": dataset, "results": results}, indent=2) + "\n")
    print(f"\nWrote {arguments.json}")


if __name__ == "__main__":
    main()
