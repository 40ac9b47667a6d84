"""Serving in production: gunicorn workers from moments/gunicorn.conf.py, static files, media and the health check."""

import contextlib
import datetime
import gzip
import hashlib
import http.client
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.images import ImageFile
from django.db import OperationalError, connection
from django.test import override_settings
from django.utils import timezone

from cms import renditions
from cms.models import MomentsImage
from tests.conftest import jpeg_bytes, run_database_worker

ROOT = Path(__file__).resolve().parent.parent
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "moments.redis_cache.ForgivingRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_health_says_ok_when_the_database_and_cache_answer(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "tasks": "ok"}}
    assert "no-cache" in response["Cache-Control"]  # a proxy must never answer for the server
    assert client.head("/healthz/").status_code == 200
    assert client.post("/healthz/").status_code == 405


def test_health_stays_up_but_degraded_while_redis_is_unreachable(client, db):
    """Every server still answers without the shared cache, so none is taken out of the balancer."""
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "unreachable", "tasks": "ok"}}


def test_health_says_degraded_when_tasks_wait_and_no_worker_takes_them(client, db, database_queue, django_capture_on_commit_callbacks):
    image = MomentsImage.objects.create(title="waiting", file=ImageFile(io.BytesIO(jpeg_bytes()), name="waiting.jpg"))
    with django_capture_on_commit_callbacks(execute=True):
        renditions.queue(image.pk)
    assert client.get("/healthz/").json()["checks"]["tasks"] == "ok"  # just queued
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        response = client.get("/healthz/")
        assert response.status_code == 200
        assert response.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "ok", "tasks": "stalled"}}
        run_database_worker()
        assert client.get("/healthz/").json()["status"] == "ok"


def test_health_is_503_when_the_database_fails(client, db):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"


@pytest.mark.skipif(not settings.MOMENTS_SERVE_MEDIA, reason="media are served by the proxy in this configuration")
def test_media_are_served_with_a_cache_lifetime(client, db):
    image = MomentsImage.objects.create(title="served", file=ImageFile(io.BytesIO(jpeg_bytes()), name="served.jpg"))
    response = client.get(image.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == image.file.open("rb").read()
    assert f"max-age={settings.MOMENTS_MEDIA_CACHE_SECONDS}" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert client.get(image.file.url, headers={"If-Modified-Since": response["Last-Modified"]}).status_code == 304
    for private in ("documents/private.pdf", "incoming/ugc-as-sent"):  # Wagtail's view checks documents' privacy
        (Path(settings.MEDIA_ROOT) / private).parent.mkdir(exist_ok=True)
        (Path(settings.MEDIA_ROOT) / private).write_bytes(b"private")
        for way_round in ("", "/", "./", "images/../", "%2F"):
            assert client.get(f"{settings.MEDIA_URL}{way_round}{private}").status_code == 404, way_round


def test_gunicorn_refuses_to_serve_in_debug_mode():
    """`make serve` is the production way: with DEBUG on, static files would 404 and errors show tracebacks."""
    environment = {name: value for name, value in os.environ.items() if name != "DEBUG"}
    started = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "moments/gunicorn.conf.py", "--check-config"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )
    assert started.returncode != 0 and "DEBUG=false" in started.stdout + started.stderr


def test_media_go_to_an_s3_compatible_store_when_a_bucket_is_named():
    """Settings only (no store runs here): the storage django-storages builds, and the URLs it gives images."""
    environment = {**os.environ, "MOMENTS_S3_BUCKET": "moments-media", "MOMENTS_S3_ENDPOINT_URL": "https://oss-cn-shanghai.aliyuncs.com",
                   "MOMENTS_S3_CUSTOM_DOMAIN": "img.example.com", "DJANGO_SETTINGS_MODULE": "moments.settings"}
    shown = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "from django.core.files.storage import storages; s = storages['default']; "
         "print(type(s).__name__, s.url('images/crab.jpg'), s.object_parameters['CacheControl'], settings.WAGTAILDOCS_SERVE_METHOD)"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=True,
    ).stdout.split()
    assert shown == ["S3Storage", "https://img.example.com/images/crab.jpg", "public,", "max-age=3600", "serve_view"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


SERVING_SECRET = "serving-test-secret-long-enough-for-hs256"  # SECRET_KEY and the member token secret of the served site


@contextlib.contextmanager
def gunicorn_serving(tmp_path: Path, workers: int, migrated: bool = False, database_url: str | None = None, **environ: str):
    """``make serve``'s server as production runs it: DEBUG off, static files collected.

    On a SQLite file in ``tmp_path`` unless ``database_url`` names another; ``environ`` adds to its environment.
    """
    port = free_port()
    environment = {
        **os.environ, "DEBUG": "false", "SECRET_KEY": SERVING_SECRET, "MOMENTS_MEMBER_TOKEN_SECRET": SERVING_SECRET,
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'served.sqlite3'}", "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"), "PORT": str(port), "WEB_CONCURRENCY": str(workers), "ALLOWED_HOSTS": "127.0.0.1",
        **environ,
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"], cwd=ROOT, env=environment, check=True)
    if migrated:
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"], cwd=ROOT, env=environment, check=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "moments/gunicorn.conf.py"], cwd=ROOT, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                if get(port, "/healthz/").status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")
        yield server, port
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def gunicorn(tmp_path):
    with gunicorn_serving(tmp_path, workers=2) as served:
        yield served


def test_etags_and_persisted_queries_work_over_real_http(tmp_path):
    """One worker: without REDIS_URL each process keeps its own registered queries."""
    query = "{ channels { slug } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    by_hash = "/graphql/?" + urllib.parse.urlencode({"extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}})})
    with gunicorn_serving(tmp_path, workers=1, migrated=True) as (server, port):
        unknown = get(port, by_hash)
        assert unknown.status == 200 and json.loads(unknown.body)["errors"][0]["message"] == "PersistedQueryNotFound"
        body = json.dumps({"query": query, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}})
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("POST", "/graphql/", body=body, headers={"Content-Type": "application/json"})
        assert connection.getresponse().status == 200
        connection.close()
        answered = get(port, by_hash)
        assert answered.status == 200 and json.loads(answered.body) == {"data": {"channels": []}}
        assert "public" in answered.getheader("Cache-Control") and answered.getheader("ETag")
        unchanged = get(port, by_hash, {"If-None-Match": answered.getheader("ETag")})
        assert unchanged.status == 304 and unchanged.body == b""


def test_gunicorn_serves_the_site_with_its_static_files_compressed(gunicorn):
    server, port = gunicorn
    workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    assert len(workers) == 2  # WEB_CONCURRENCY

    health = get(port, "/healthz/")
    assert json.loads(health.body)["checks"]["database"] == "ok"

    plain = get(port, "/static/wagtailadmin/css/core.css")
    assert plain.status == 200 and b"{" in plain.body
    assert "max-age" in plain.getheader("Cache-Control")
    compressed = get(port, "/static/wagtailadmin/css/core.css", {"Accept-Encoding": "gzip"})
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(compressed.body) == plain.body

    assert get(port, "/static/no-such-file.css").status == 404
    assert get(port, "/media/anything.jpg").status == 404  # DEBUG off: media are the proxy's unless asked for
    assert get(port, "/healthz/", {"Host": "10.0.0.7"}).status == 400  # the balancer's probe sends an allowed Host
