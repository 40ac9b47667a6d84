"""Requests per second over real HTTP, cached `moment` beside the bare view, and the server's memory over many requests.

    .venv/bin/python bench/http_throughput.py [--concurrency 16] [--seconds 15] [--memory-requests 10000] [--json PATH]

Serves the database bench/delivery.py built (bench/delivery.sqlite3, or
``DATABASE_URL``) with Django's ``runserver`` (threaded, no reloader, DEBUG
off): the production server comes with the serving issue, and until then this
is what one process does. Clients on ``--concurrency`` threads of this
process each open a connection per request, as a mobile app's requests from
many phones would arrive:

- ``moment_cached``: one moment, asked again and again, so the moment cache answers;
- ``bare_view``: the bench's plain Django view of 20 articles by primary key, the floor;

then ``--memory-requests`` `moment` requests over 200 different moments
(the first of each computed, the rest cached), with the server's resident
memory read from /proc before, during and after. Prints a table and writes JSON.
"""

import argparse
import http.client
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import delivery as side_by_side  # noqa: E402  (the benchmark's module, not the project's app)

PORT = 8765
DRAWS = 200
MEMORY_CHECKPOINTS = 5


def serve() -> subprocess.Popen:
    """``runserver`` on the bench database, once it answers."""
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "ALLOWED_HOSTS": "127.0.0.1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("runserver did not start")


def request(method: str, path: str, body: dict | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=payload, headers={"Content-Type": "application/json"} if payload else {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def moment(draw: side_by_side.Draw) -> int:
    return request("POST", "/graphql/", {"query": side_by_side.MOMENT, "variables": draw.moment})


def bare_view(draw: side_by_side.Draw) -> int:
    return request("GET", f"{side_by_side.BARE_VIEW}?ids={draw.article_ids}")


def load(send: Callable[[side_by_side.Draw], int], draws: list, concurrency: int, *, seconds: float = 0, count: int = 0,
         every: Callable[[int], None] = lambda sent: None) -> dict:
    """Send from ``concurrency`` threads for ``seconds``, or until ``count`` requests; latencies and failures."""
    deadline, cycle, lock = time.monotonic() + seconds, itertools.cycle(draws), threading.Lock()
    latencies, failures, sent = [], [0], [0]

    def client() -> None:
        while True:
            with lock:
                if (count and sent[0] >= count) or (seconds and time.monotonic() >= deadline):
                    return
                sent[0] += 1
                draw, number = next(cycle), sent[0]
            started = time.perf_counter()
            status = send(draw)
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                failures[0] += status != 200
            every(number)

    started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(client)
    elapsed = time.monotonic() - started
    quantiles = statistics.quantiles(latencies, n=20)
    return {"requests": len(latencies), "failed": failures[0], "rps": round(len(latencies) / elapsed, 1),
            "p50_ms": round(quantiles[9], 1), "p95_ms": round(quantiles[18], 1)}


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "http_throughput.json")
    arguments = parser.parse_args()
    side_by_side.setup_django()
    from bench.bulk_world import holds_generated_content

    if not holds_generated_content():
        sys.exit("No generated dataset: run bench/delivery.py first (this serves its database).")
    rng = random.Random(20261122)
    taxonomy = side_by_side.Taxonomy()
    draws = [taxonomy.draw(rng) for _ in range(DRAWS)]
    dataset = side_by_side.scale()
    server = serve()
    try:
        for draw in draws[:3]:
            moment(draw), bare_view(draw)
        results = {
            "moment_cached": load(moment, draws[:1], arguments.concurrency, seconds=arguments.seconds),
            "bare_view": load(bare_view, draws[:1], arguments.concurrency, seconds=arguments.seconds),
        }
        memory = [resident_kib(server.pid)]
        step = max(arguments.memory_requests // MEMORY_CHECKPOINTS, 1)
        checkpoint = lambda sent: memory.append(resident_kib(server.pid)) if sent % step == 0 else None  # noqa: E731
        results["moment_mixed"] = load(moment, draws, arguments.concurrency, count=arguments.memory_requests, every=checkpoint)
    finally:
        server.terminate()
        server.wait()
    print(f"Dataset: {dataset['articles']} articles, {dataset['ugc']} UGC posts on {dataset['database']}; runserver, 1 process;"
          f" {arguments.concurrency} concurrent clients\n")
    print(f"{'kind':<16}{'requests':>10}{'failed':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for kind, result in results.items():
        print(f"{kind:<16}{result['requests']:>10}{result['failed']:>8}{result['rps']:>9}{result['p50_ms']:>9}{result['p95_ms']:>9}")
    print(f"\nmoment_cached / bare_view, req/s: {results['moment_cached']['rps'] / results['bare_view']['rps']:.2f}×")
    print(f"server resident memory over {arguments.memory_requests} moment requests (MiB): "
          + " → ".join(f"{kib / 1024:.0f}" for kib in memory))
    report = {"scale": dataset, "server": "runserver", "concurrency": arguments.concurrency, "results": results,
              "resident_mib": [round(kib / 1024, 1) for kib in memory]}
    arguments.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {arguments.json}")


if __name__ == "__main__":
    main()
