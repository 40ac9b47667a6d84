"""Requests per second over real HTTP through the production server and through runserver, and the server's memory.

    .venv/bin/python bench/http_throughput.py [--concurrency 16] [--seconds 15] [--workers N] [--memory-requests 10000]
                                              [--servers gunicorn,runserver] [--json PATH]

Serves the database bench/delivery.py built (bench/delivery.sqlite3, or
``DATABASE_URL``), DEBUG off, with gunicorn as ``make serve`` runs it
(moments/gunicorn.conf.py: one worker per core unless ``--workers``), then the
same way with Django's threaded ``runserver`` for comparison. Load comes from
wrk (``make bench-tools`` installs Debian's package), which keeps
``--concurrency`` connections busy from 2 threads on the same machine, so the
server has the cores minus what wrk takes. For each server:

- ``moment_cached``: one moment, asked again and again, so the moment cache answers;
- ``bare_view``: the bench's plain Django view of 20 articles by primary key, the floor;
- ``moment_uncached``: 200 different moments, with the server started anew with
  its moment cache off (``MOMENTS_MOMENT_CACHE_SECONDS=0``);

and, through gunicorn, at least ``--memory-requests`` `moment` requests over
the 200 moments (the first of each in each worker computed, the rest cached),
with the server's resident memory (the master and its workers) read from /proc
before and between rounds; its latencies are the last round's. Prints a table
and writes JSON.
"""

import argparse
import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import delivery as side_by_side  # noqa: E402  (the benchmark's module, not the project's app)

PORT = 8765
DRAWS = 200
WRK_SCRIPT = ROOT / "bench" / "wrk_requests.lua"
MEMORY_ROUND_SECONDS = 3


SERVERS = {
    "gunicorn": [str(Path(sys.executable).parent / "gunicorn"), "-c", "moments/gunicorn.conf.py"],
    "runserver": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
}


@contextlib.contextmanager
def serving(server_kind: str, worker_count: int | None, moment_cache: bool = True):
    """The server on the bench database while the block runs, once it answers."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "ALLOWED_HOSTS": "127.0.0.1,localhost", "PORT": str(PORT)}
    if worker_count:
        environment["WEB_CONCURRENCY"] = str(worker_count)
    if not moment_cache:
        environment["MOMENTS_MOMENT_CACHE_SECONDS"] = "0"
    server = subprocess.Popen(SERVERS[server_kind], cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            time.sleep(0.1)
        else:
            sys.exit(f"{server_kind} did not start")
        yield server
    finally:
        server.terminate()
        server.wait()


def moment(draw: side_by_side.Draw) -> str:
    return f"POST\t/graphql/\t{json.dumps({'query': side_by_side.MOMENT, 'variables': draw.moment}, ensure_ascii=False)}"


def bare_view(draw: side_by_side.Draw) -> str:
    return f"GET\t{side_by_side.BARE_VIEW}?ids={draw.article_ids}"


def load(requests: list[str], concurrency: int, seconds: int) -> dict:
    """wrk sending ``requests`` in turn for ``seconds``: throughput, latencies and failures."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", encoding="utf-8") as listed:
        listed.write("\n".join(requests) + "\n")
        listed.flush()
        finished = subprocess.run(
            ["wrk", f"-t{min(2, concurrency)}", f"-c{concurrency}", f"-d{seconds}s", "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{PORT}"],
            env={**os.environ, "WRK_REQUESTS": listed.name}, capture_output=True, text=True, check=True,
        )
    summary = json.loads(finished.stdout.strip().splitlines()[-1])
    answered = summary["requests"] - summary["non_2xx"]  # socket errors are not requests; error statuses are
    return {"requests": summary["requests"], "failed": summary["failed"], "non_2xx": summary["non_2xx"],
            "rps": round(answered / summary["seconds"], 1),
            "p50_ms": round(summary["p50_ms"], 1), "p95_ms": round(summary["p95_ms"], 1)}


def workers(pid: int) -> list[int]:
    """gunicorn's workers: the master's children."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def resident_kib(pid: int) -> int:
    """The process's resident memory and its workers'."""
    return sum(_own_resident_kib(process) for process in [pid, *workers(pid)])


def _own_resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def mixed_rounds(requests: list[str], concurrency: int, at_least: int, server: subprocess.Popen) -> tuple[dict, list[int]]:
    """Rounds of the mixed moments until ``at_least`` are answered, the server's memory read before and after each."""
    memory, rounds = [resident_kib(server.pid)], []
    while sum(result["requests"] for result in rounds) < at_least:
        rounds.append(load(requests, concurrency, MEMORY_ROUND_SECONDS))
        memory.append(resident_kib(server.pid))
    total, non_2xx = sum(result["requests"] for result in rounds), sum(result["non_2xx"] for result in rounds)
    last = rounds[-1]  # by then each worker has met most moments: latencies as a warm server has them
    summary = {"requests": total, "failed": sum(result["failed"] for result in rounds), "non_2xx": non_2xx,
               "rps": round((total - non_2xx) / (MEMORY_ROUND_SECONDS * len(rounds)), 1), "p50_ms": last["p50_ms"], "p95_ms": last["p95_ms"]}
    return summary, memory


def measure(server_kind: str, draws: list, arguments: argparse.Namespace) -> tuple[dict, list[int], int]:
    """One server's figures; through gunicorn also its memory over many moments, and its worker count."""
    moments, memory, started = [moment(draw) for draw in draws], [], 0
    with serving(server_kind, arguments.workers) as server:
        load([moment(draws[0]), bare_view(draws[0])], arguments.concurrency, 2)  # each worker's first answer is a miss
        results = {
            "moment_cached": load([moment(draws[0])], arguments.concurrency, arguments.seconds),
            "bare_view": load([bare_view(draws[0])], arguments.concurrency, arguments.seconds),
        }
        if server_kind == "gunicorn":
            started = len(workers(server.pid))  # all started by now
            results["moment_mixed"], memory = mixed_rounds(moments, arguments.concurrency, arguments.memory_requests, server)
    with serving(server_kind, arguments.workers, moment_cache=False):
        load(moments, arguments.concurrency, 2)  # what each process keeps per content version, read once
        results["moment_uncached"] = load(moments, arguments.concurrency, arguments.seconds)
    return results, memory, started


def print_table(dataset: dict, results: dict, memory: list[int], started: int, concurrency: int) -> None:
    print(f"Dataset: {dataset['articles']} articles, {dataset['ugc']} UGC posts on {dataset['database']};"
          f" gunicorn with {started} workers, runserver threaded; wrk, {concurrency} connections\n")
    print("failed: socket errors and answers other than 2xx (non-2xx); req/s: 2xx answers a second\n")
    print(f"{'server':<11}{'kind':<17}{'requests':>10}{'failed':>8}{'non-2xx':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for server_kind, kinds in results.items():
        for kind, result in kinds.items():
            print(f"{server_kind:<11}{kind:<17}{result['requests']:>10}{result['failed']:>8}{result['non_2xx']:>9}{result['rps']:>9}{result['p50_ms']:>9}{result['p95_ms']:>9}")
    for server_kind, kinds in results.items():
        print(f"\n{server_kind}: moment_cached / bare_view, req/s: {kinds['moment_cached']['rps'] / kinds['bare_view']['rps']:.2f}×")
    if "runserver" in results and "gunicorn" in results:
        ratio = results["gunicorn"]["moment_cached"]["rps"] / results["runserver"]["moment_cached"]["rps"]
        print(f"moment_cached, gunicorn / runserver, req/s: {ratio:.2f}×")
    if memory:
        print(f"gunicorn resident memory over {results['gunicorn']['moment_mixed']['requests']} moment requests (MiB): "
              + " → ".join(f"{kib / 1024:.0f}" for kib in memory))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: moments/gunicorn.conf.py's, one per core)")
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--servers", default="gunicorn,runserver", help="which servers, in order, comma-separated")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "http_throughput.json")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: `make bench-tools` installs Debian's package.")
    side_by_side.setup_django()
    from bench.bulk_world import holds_generated_content

    if not holds_generated_content():
        sys.exit("No generated dataset: run bench/delivery.py first (this serves its database).")
    rng = random.Random(20261122)
    taxonomy = side_by_side.Taxonomy()
    draws = [taxonomy.draw(rng) for _ in range(DRAWS)]
    dataset = side_by_side.scale()
    results, memory, started = {}, [], 0
    for server_kind in arguments.servers.split(","):
        results[server_kind], server_memory, server_workers = measure(server_kind, draws, arguments)
        memory, started = memory or server_memory, started or server_workers
    print_table(dataset, results, memory, started, arguments.concurrency)
    report = {"scale": dataset, "servers": {"gunicorn": f"{started} workers", "runserver": "threaded"}, "client": "wrk",
              "concurrency": arguments.concurrency, "results": results, "resident_mib": [round(kib / 1024, 1) for kib in memory]}
    arguments.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {arguments.json}")


if __name__ == "__main__":
    main()
