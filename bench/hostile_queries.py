"""How fast hostile GraphQL documents are refused: our endpoint side by side with graphene-django's own view.

    .venv/bin/python bench/hostile_queries.py [--levels 21] [--stock-levels N] [--rounds 20]
                                              [--time-limit 60] [--json bench/hostile_queries.json]

The documents of the hardening issue, each sent through Django's whole request
stack (django.test.Client, no socket) on the demo world (bench/hostile_queries.sqlite3,
made by ``migrate`` and ``seed_demo`` the first time; ``DATABASE_URL`` uses another
database) to two sides on the same schema:

- ``ours``: ``/graphql/`` (frontend_api.views.MomentsGraphQLView);
- ``stock``: graphene-django's ``GraphQLView``, what a user would mount instead
  (``bench/graphql-stock/`` in bench/bench_urls.py).

The documents: fragments that each spread the next twice (``--levels`` deep
for ours, ``--stock-levels`` for stock, the same unless asked), 500 aliases of
an introspection query, 1,000 aliases of ``__typename``, and a small query as
the baseline. Each side answers in a process of its own, so a request still
running after ``--time-limit`` seconds is abandoned (the process is killed and
another forked), as gunicorn kills a worker past its timeout; that side sends
that document no more and counts at the limit.

For each document, one untimed request per side, then ``--rounds`` timed ones
with the sides in a shuffled order each round. Prints p50/p95, the HTTP
statuses, the answer's size and its first error, the ratio ours/stock, and
writes them as JSON. A benchmark, not a test: nothing here judges the timings.
"""

import argparse
import dataclasses
import io
import json
import logging
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

from bench_env import use_production_like_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # first, so `delivery` is the project's app and not bench/delivery.py
BENCH_DB = ROOT / "bench" / "hostile_queries.sqlite3"
MEDIA_ROOT = Path(tempfile.gettempdir()) / "moments-bench-hostile-media"  # the demo's images, kept with the database

SIDES = {"ours": "/graphql/", "stock": "/bench/graphql-stock/"}
ALIASES_OF_SCHEMA, ALIASES_OF_TYPENAME = 500, 1_000
ERROR_SHOWN = 72  # characters of the first error in the table; the JSON keeps 300


def doubling_fragments(levels: int) -> str:
    """Each fragment spreads the next twice: 2**levels selections of ``__typename`` once expanded, from under 1 KB."""
    fragments = " ".join(f"fragment F{level} on Query {{ ...F{level + 1} ...F{level + 1} }}" for level in range(levels))
    return f"query {{ ...F0 }} {fragments} fragment F{levels} on Query {{ __typename }}"


def aliased(count: int, selection: str) -> str:
    return "{ " + " ".join(f"a{number}: {selection}" for number in range(count)) + " }"


def documents(levels: int) -> dict[str, tuple[str, str]]:
    """Each document by name, with its size as printed; only the first depends on ``levels``."""
    return {
        "doubling_fragments": (f"{levels} levels", doubling_fragments(levels)),
        "aliased_introspection": (f"{ALIASES_OF_SCHEMA} aliases", aliased(ALIASES_OF_SCHEMA, "__schema { types { name fields { name } } }")),
        "aliased_typename": (f"{ALIASES_OF_TYPENAME} aliases", aliased(ALIASES_OF_TYPENAME, "__typename")),
        "baseline": ("small", "{ channels { slug } }"),
    }


def setup_django() -> None:
    """Production-like settings with the bench URLconf (bench/bench_settings.py), on the demo world."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_settings"
    use_production_like_settings(BENCH_DB, str(MEDIA_ROOT))
    import django

    django.setup()
    # Django logs every 400 as a warning; hundreds of them would bury the table.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())  # idempotent: a later run adds nothing


@dataclasses.dataclass
class Answer:
    ms: float
    status: int
    size: int  # bytes
    error: str  # the first error's message, "" when none


def serve(path: str, requests: Connection) -> None:
    """A side's process: times each document it receives, through the whole request stack, until it receives None."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    while (query := requests.recv()) is not None:
        started = time.perf_counter()
        response = client.post(path, json.dumps({"query": query}), content_type="application/json")
        elapsed = (time.perf_counter() - started) * 1000
        try:
            error = (response.json().get("errors") or [{}])[0].get("message", "")
        except ValueError:
            error = response.content[:300].decode(errors="replace")
        requests.send(Answer(elapsed, response.status_code, len(response.content), error[:300]))


class Side:
    """One endpoint, answering in a forked process so a runaway request can be abandoned."""

    def __init__(self, name: str, time_limit: float) -> None:
        self.name, self.time_limit = name, time_limit
        self._start()

    def _start(self) -> None:
        from django.db import connections

        connections.close_all()  # the child opens its own
        self.requests, child_end = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("fork").Process(target=serve, args=(SIDES[self.name], child_end), daemon=True)
        self.process.start()

    def send(self, query: str) -> Answer | None:
        """The answer, or None when it took longer than the time limit: the process is then replaced."""
        self.requests.send(query)
        if self.requests.poll(self.time_limit):
            return self.requests.recv()
        self.process.kill()
        self.process.join()
        self.requests.close()
        self._start()
        return None

    def close(self) -> None:
        self.requests.send(None)
        self.process.join()


@dataclasses.dataclass
class Run:
    """One side's requests of one document."""

    size: str
    answers: list[Answer] = dataclasses.field(default_factory=list)
    cut_off: bool = False

    def add(self, answer: Answer | None) -> None:
        self.cut_off = answer is None
        if answer:
            self.answers.append(answer)


def measure(sides: list[Side], levels: dict[str, int], rounds: int, rng: random.Random) -> dict[str, dict[str, Run]]:
    """Per document, one untimed request per side, then ``rounds`` with the sides in a shuffled order."""
    sent = {side.name: documents(levels[side.name]) for side in sides}
    runs, started = {}, time.perf_counter()
    for document in sent["ours"]:
        run = runs[document] = {side.name: Run(sent[side.name][document][0]) for side in sides}
        for side in sides:
            run[side.name].cut_off = side.send(sent[side.name][document][1]) is None
        for _ in range(rounds):
            for side in rng.sample(sides, len(sides)):
                if not run[side.name].cut_off:
                    run[side.name].add(side.send(sent[side.name][document][1]))
        print(f"  {document:<23}{time.perf_counter() - started:6.0f}s")
    return runs


def summary(run: Run, time_limit: float) -> dict:
    """p50 and p95, an abandoned request counted at the limit: a figure it reaches is a lower bound."""
    times = [answer.ms for answer in run.answers] + [time_limit * 1000] * run.cut_off
    if len(times) > 1:
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        p50, p95 = cuts[49], cuts[94]
    else:  # abandoned at once, or one round: statistics.quantiles needs two figures
        p50 = p95 = times[0]
    return {
        "size": run.size, "p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "timed": len(run.answers),
        "cut_off": run.cut_off, "statuses": sorted({answer.status for answer in run.answers}),
        "response_bytes": statistics.median_low(answer.size for answer in run.answers) if run.answers else None,
        "first_error": next((answer.error for answer in run.answers if answer.error), ""),
    }


def ratio(top: float, bottom: float, limit_ms: float) -> str:
    """``top / bottom``, as a bound when either was cut off."""
    if top >= limit_ms and bottom >= limit_ms:
        return "both ≥ limit"
    bound = "≥" if top >= limit_ms else "≤" if bottom >= limit_ms else ""
    return f"{bound}{top / bottom:.2f}×"


def print_table(results: dict, levels: dict[str, int], rounds: int, time_limit: float) -> None:
    limit_ms = time_limit * 1000

    def shown(ms: float) -> str:
        return f"≥ {ms:.0f}" if ms >= limit_ms else f"{ms:.1f}"

    differ = levels["ours"] != levels["stock"]
    print(f"\n{rounds} rounds per document, the sides in a shuffled order each round; requests abandoned after {time_limit:g}s")
    print(f"doubling_fragments: ours at {levels['ours']} levels, stock at {levels['stock']}")
    if differ:
        print(f"NOTE: THE SIDES WERE SENT DIFFERENT SIZES of doubling_fragments ({levels['ours']} vs {levels['stock']} levels);"
              " its ratio compares unlike documents.")
    print(f"\n{'document':<23}{'side':<7}{'size':<13}{'p50 ms':>10}{'p95 ms':>10}{'HTTP':>9}{'bytes':>10}  first error")
    for document, sides in results.items():
        for name, result in sides.items():
            statuses = "/".join(map(str, result["statuses"])) or "—"
            size = "—" if result["response_bytes"] is None else result["response_bytes"]
            error = f"abandoned after {time_limit:g}s" if result["cut_off"] else result["first_error"][:ERROR_SHOWN] or "—"
            print(f"{document if name == 'ours' else '':<23}{name:<7}{result['size']:<13}{shown(result['p50_ms']):>10}"
                  f"{shown(result['p95_ms']):>10}{statuses:>9}{size:>10}  {error}")
    print(f"\n{'ours / stock':<23}{'p50':>10}{'p95':>10}")
    for document, sides in results.items():
        ratios = [ratio(sides["ours"][percentile], sides["stock"][percentile], limit_ms) for percentile in ("p50_ms", "p95_ms")]
        note = f"   (unlike sizes: {levels['ours']} vs {levels['stock']} levels)" if differ and document == "doubling_fragments" else ""
        print(f"{document:<23}{ratios[0]:>10}{ratios[1]:>10}{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", type=int, default=21, help="levels of doubling fragments sent to ours")
    parser.add_argument("--stock-levels", type=int, help="levels sent to stock; --levels unless given")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=60, help="seconds before a request is abandoned")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "hostile_queries.json")
    arguments = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it happens, in a log file too
    levels = {"ours": arguments.levels, "stock": arguments.stock_levels or arguments.levels}
    setup_django()
    sides = [Side(name, arguments.time_limit) for name in SIDES]
    runs = measure(sides, levels, arguments.rounds, random.Random(20261122))
    for side in sides:
        side.close()
    results = {document: {name: summary(run, arguments.time_limit) for name, run in by_side.items()} for document, by_side in runs.items()}
    print_table(results, levels, arguments.rounds, arguments.time_limit)
    arguments.json.write_text(json.dumps({
        "levels": levels, "sizes_differ": levels["ours"] != levels["stock"], "rounds": arguments.rounds,
        "time_limit_s": arguments.time_limit, "results": results,
    }, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWrote {arguments.json}")


if __name__ == "__main__":
    main()
