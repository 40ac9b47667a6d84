"""The project's settings plus Wagtail's REST API v2 and the bench URLconf (bench/bench_urls.py), for benchmarks only."""

from moments.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2", "rest_framework"]  # noqa: F405
ROOT_URLCONF = "bench.bench_urls"
