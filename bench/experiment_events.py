"""Experiment events: how fast they are taken in, and how fast a report reads them, beside what a user would write.

    .venv/bin/python bench/experiment_events.py [--events 1000000] [--ingest 20000] [--naive 2000]
                                                [--rounds 5] [--keep] [--json bench/experiment_events.json]

On bench/experiment_events.sqlite3 (made anew; ``DATABASE_URL`` measures
PostgreSQL instead, on a database holding nothing else of value: its
experiment tables are emptied). One campaign, one experiment with two
variants and a holdout.

- Ingestion: ``--ingest`` events through
  :func:`campaigns.experiment_events.record` in batches of 500, the
  whole batch checked, stored and counted per day, beside ``--naive`` events
  stored as a user would first write it: one ``ExperimentEvent.objects.create``
  per event and its day's count found or made and increased, each statement
  committed by itself (no checks at all, which only flatters it).
- The report's read at ``--events`` raw events (generated with bulk inserts,
  over 90 days, 7 personas and 10 regions, and their daily counts made from
  them): one experiment's totals per variant and kind, and per variant, day
  and kind, from the daily counts beside the same figures by GROUP BY over
  the raw events. Both answers are checked to agree.

Prints events/s and milliseconds with ratios, and writes them as JSON.
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
import uuid
from collections import Counter
from pathlib import Path

from bench_env import use_production_like_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = ROOT / "bench" / "experiment_events.sqlite3"
KEY, INGEST_KEY = "bench-hooks", "bench-ingest"  # read by the report, and written by the ingestion runs
VARIANTS = ["control", "fruit-bouquet", "plain-price"]
KINDS = {"impression": 0.9, "click": 0.07, "claim": 0.02, "conversion": 0.01}  # shares of the raw events
PERSONAS = [f"persona-{number}" for number in range(7)]
REGIONS = [f"CN-R{number}" for number in range(10)]
DAYS = 90
CHUNK = 10_000


def setup_django() -> None:
    use_production_like_settings(BENCH_DB, str(Path(tempfile.gettempdir()) / "moments-bench-events-media"))
    import django

    django.setup()


def fresh_database(keep: bool):
    """Migrated, with the bench's experiment: reused with ``--keep`` if it is there, else made anew."""
    from django.core.management import call_command
    from django.db import connection

    from campaigns.models import Experiment, ExperimentDailyCount, ExperimentEvent, ExperimentState

    if connection.vendor == "sqlite" and not keep:
        connection.close()
        for leftover in [BENCH_DB, *BENCH_DB.parent.glob(f"{BENCH_DB.name}-*")]:
            leftover.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    Experiment.objects.filter(key=INGEST_KEY).delete()  # with its events and counts
    ingest = make_experiment(INGEST_KEY, ExperimentState.STOPPED)  # one running per campaign; a stopped one takes late events
    if keep and Experiment.objects.filter(key=KEY).exists():
        return Experiment.objects.get(key=KEY), ingest, True
    ExperimentEvent.objects.all().delete()
    ExperimentDailyCount.objects.all().delete()
    Experiment.objects.filter(key=KEY).delete()
    return make_experiment(KEY), ingest, False


def make_experiment(key: str, state: str = "running"):
    
    from wagtail.models import Page

    from campaigns.models import CampaignIndexPage, CampaignPage, Experiment, Variant

    index = CampaignIndexPage.objects.first() or Page.get_first_root_node().add_child(instance=CampaignIndexPage(title="Campaigns", slug="bench-campaigns"))
    campaign = CampaignPage.objects.filter(slug="bench-520").first() or index.add_child(instance=CampaignPage(title="520", slug="bench-520", hook="520"))
    experiment = Experiment(
        campaign=campaign, key=key, name=key, holdout_weight=1, state=state,
        variants=[Variant(key=key, name=key, weight=1) for key in VARIANTS[1:]],
    )
    experiment.save()
    return experiment


def reported(rng: random.Random, count: int, prefix: str, now: datetime.datetime) -> list:
    from campaigns.experiment_events import ReportedEvent

    return [
        ReportedEvent(
            experiment=INGEST_KEY, variant=rng.choice(VARIANTS), kind=rng.choices(list(KINDS), list(KINDS.values()))[0],
            client_event_id=f"{prefix}-{number}", occurred_at=now - datetime.timedelta(seconds=rng.uniform(0, 86400 * 7)),
            subject=f"device-{rng.randrange(100_000)}",
        )
        for number in range(count)
    ]


def ingest_batched(events: list, now: datetime.datetime) -> float:
    from campaigns.experiment_events import max_batch, record

    started = time.perf_counter()
    for start in range(0, len(events), max_batch()):
        record(events[start:start + max_batch()], "bench app", now)
    return len(events) / (time.perf_counter() - started)


def ingest_naive(events: list, experiment, now: datetime.datetime) -> float:
    from django.db.models import F
    from django.utils import timezone

    from campaigns.experiment_events import subject_hash
    from campaigns.models import ExperimentDailyCount, ExperimentEvent

    started = time.perf_counter()
    for event in events:
        ExperimentEvent.objects.create(
            experiment=experiment, variant=event.variant, kind=event.kind, subject=subject_hash(event.subject), source="naive app",
            client_event_id=event.client_event_id, occurred_at=event.occurred_at, received_at=now, batch=uuid.uuid4(),
        )
        cell, _ = ExperimentDailyCount.objects.get_or_create(
            experiment=experiment, variant=event.variant, day=timezone.localdate(event.occurred_at), kind=event.kind, persona="", region="",
        )
        ExperimentDailyCount.objects.filter(pk=cell.pk).update(count=F("count") + 1)
    return len(events) / (time.perf_counter() - started)


def generate_raw(experiment, count: int, rng: random.Random, now: datetime.datetime) -> None:
    """``count`` raw events in bulk (one executemany per chunk), and the daily counts made from the same rows."""
    from django.db import connection, transaction
    from django.utils import timezone

    from campaigns.models import ExperimentDailyCount, ExperimentEvent

    fields = ["experiment_id", "variant", "kind", "subject", "source", "client_event_id", "occurred_at", "received_at", "persona", "region", "batch"]
    table = connection.ops.quote_name(ExperimentEvent._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(fields)}) VALUES ({', '.join(['%s'] * len(fields))})"
    cells = Counter()
    adapt = ExperimentEvent._meta.get_field("occurred_at").get_db_prep_value
    batch = ExperimentEvent._meta.get_field("batch").get_db_prep_value(uuid.uuid4(), connection)
    started = time.perf_counter()
    kinds, kind_weights = list(KINDS), list(KINDS.values())
    for start in range(0, count, CHUNK):
        rows = []
        for number in range(start, min(start + CHUNK, count)):
            variant, kind = rng.choice(VARIANTS), rng.choices(kinds, kind_weights)[0]
            persona, region = rng.choice(PERSONAS), rng.choice(REGIONS)
            at = now - datetime.timedelta(seconds=rng.uniform(0, 86400 * DAYS))
            cells[variant, timezone.localdate(at), kind, persona, region] += 1
            rows.append((experiment.pk, variant, kind, f"{number:064x}", "bulk", f"raw-{number}", adapt(at, connection), adapt(now, connection), persona, region, batch))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        print(f"\r  {min(start + CHUNK, count):,} raw events", end="", flush=True)
    ExperimentDailyCount.objects.bulk_create(
        [ExperimentDailyCount(experiment=experiment, variant=variant, day=day, kind=kind, persona=persona, region=region, count=number)
         for (variant, day, kind, persona, region), number in cells.items()],
        batch_size=CHUNK,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"\n  generated in {time.perf_counter() - started:.0f}s: {len(cells):,} daily count cells")


def report_read(model, experiment) -> tuple[dict, dict]:
    """An experiment's totals per variant and kind, and per variant, day and kind, as a report reads them."""
    import zoneinfo

    from django.conf import settings
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncDate

    rows = model.objects.filter(experiment=experiment)
    if model.__name__ == "ExperimentDailyCount":
        total = Sum("count")
        by_day = rows.values("variant", "day", "kind").annotate(n=total)
    else:
        total = Count("pk")
        by_day = rows.values("variant", "kind", day=TruncDate("occurred_at", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))).annotate(n=total)
    totals = {(row["variant"], row["kind"]): row["n"] for row in rows.values("variant", "kind").annotate(n=total).order_by()}
    days = {(row["variant"], row["day"], row["kind"]): row["n"] for row in by_day.order_by()}
    return totals, days


def timed_reads(model, experiment, rounds: int) -> tuple[list[float], tuple]:
    times, answer = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        answer = report_read(model, experiment)
        times.append((time.perf_counter() - started) * 1000)
    return times, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="raw events the report reads over")
    parser.add_argument("--ingest", type=int, default=20_000, help="events ingested through record(), in batches of 500")
    parser.add_argument("--naive", type=int, default=2_000, help="events ingested one create at a time")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the raw events of an earlier run")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "experiment_events.json")
    arguments = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import ExperimentDailyCount, ExperimentEvent

    rng, now = random.Random(520), timezone.now()
    experiment, ingest, kept = fresh_database(arguments.keep)
    database = f"{connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})"
    print(f"On {database}")
    if not kept:
        print(f"Generating {arguments.events:,} raw events over {DAYS} days …")
        generate_raw(experiment, arguments.events, rng, now)
    raw_before = ExperimentEvent.objects.filter(experiment=experiment).count()

    batched = ingest_batched(reported(rng, arguments.ingest, f"batched-{now.timestamp()}", now), now)
    naive = ingest_naive(reported(rng, arguments.naive, f"naive-{now.timestamp()}", now), ingest, now)
    print(f"\nIngestion: record(), batches of 500 {batched:10,.0f} events/s ({arguments.ingest:,} events)")
    print(f"           one create per event     {naive:10,.0f} events/s ({arguments.naive:,} events)")
    print(f"           batched / naive          {batched / naive:10.1f}×")

    counts_ms, from_counts = timed_reads(ExperimentDailyCount, experiment, arguments.rounds)
    raw_ms, from_raw = timed_reads(ExperimentEvent, experiment, arguments.rounds)
    assert from_counts == from_raw, "the daily counts and the raw events disagree"
    cells = ExperimentDailyCount.objects.filter(experiment=experiment).count()
    print(f"\nReport read at {raw_before:,} raw events ({cells:,} daily count cells), median of {arguments.rounds}:")
    print(f"           from daily counts        {statistics.median(counts_ms):10.1f} ms")
    print(f"           GROUP BY raw events      {statistics.median(raw_ms):10.1f} ms")
    print(f"           raw / counts             {statistics.median(raw_ms) / statistics.median(counts_ms):10.0f}×")
    figures = {
        "database": database, "raw_events": raw_before, "daily_count_cells": cells,
        "ingest_events_per_second": {"record_batches_of_500": batched, "one_create_per_event": naive, "ratio": batched / naive},
        "report_ms": {"daily_counts": statistics.median(counts_ms), "raw_group_by": statistics.median(raw_ms),
                      "ratio": statistics.median(raw_ms) / statistics.median(counts_ms)},
    }
    arguments.json.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nWrote {arguments.json}")


if __name__ == "__main__":
    main()
