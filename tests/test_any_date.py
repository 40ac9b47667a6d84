"""The date-sensitive tests hold on any date.

Each instant gets a session of its own, in a subprocess that seeds the demo
world at that instant and runs every test marked ``date_sensitive`` with the
clock moving on from there (see ``MOMENTS_TEST_NOW`` in conftest.py). The
instants are the ones that broke things before: the turn of the year in
Shanghai, Spring Festival, the day after the hairy-crab season and the day
before it.
"""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
INSTANTS = [
    "2026-12-01T09:30:00+08:00",
    "2026-12-31T23:59:00+08:00",
    "2027-01-01T00:00:00+08:00",
    "2027-02-06T10:00:00+08:00",  # Spring Festival
    "2027-06-15T14:00:00+08:00",
    "2027-09-19T20:00:00+08:00",
]

pytestmark = pytest.mark.skipif("MOMENTS_TEST_NOW" in os.environ, reason="already a session at a chosen instant")


def run_at(instant: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "MOMENTS_TEST_NOW": instant}
    if connection.vendor != "sqlite":  # SQLite test databases live in memory, one per process
        environment["MOMENTS_TEST_DATABASE"] = f"test_moments_at_{instant[:10].replace('-', '')}"
    if os.environ.get("REDIS_URL"):  # each session empties its cache between tests: one Redis database each
        environment["REDIS_URL"] = f"{os.environ['REDIS_URL'].rsplit('/', 1)[0]}/{INSTANTS.index(instant) + 1}"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "date_sensitive and not browser"]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=1800)


@pytest.fixture(scope="module")
def runs() -> dict[str, subprocess.CompletedProcess]:
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(zip(INSTANTS, pool.map(run_at, INSTANTS)))


@pytest.mark.parametrize("instant", INSTANTS)
def test_the_date_sensitive_tests_pass_at(runs, instant):
    run = runs[instant]
    assert run.returncode == 0, f"at {instant}:\n{run.stdout[-6000:]}\n{run.stderr[-3000:]}"
    assert " passed" in run.stdout.splitlines()[-1]
