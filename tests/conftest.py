"""Fixtures: the demo world, seeded once per test session into the test database.

Every test runs in a transaction that is rolled back, so tests may change the
demo world freely. Uploaded and generated files go to a temporary media root.

``MOMENTS_TEST_NOW`` (an ISO 8601 instant) runs the whole session, the demo
world's seeding included, from that instant on with the clock ticking:
``tests/test_any_date.py`` uses it to run the date-sensitive tests across a year.
"""

import contextlib
import datetime
import io
import json
import os

import django_rq
import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from PIL import Image
from wagtail.users.models import UserProfile


TEST_NOW = os.environ.get("MOMENTS_TEST_NOW")
needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: the embedded queue is in use (CI sets it)")
SEARCH_ENGINE_URL = ""
TEST_DATABASE = os.environ.get("MOMENTS_TEST_DATABASE")  # so sessions at other instants may run beside this one
_travel = pytest.StashKey[time_machine.travel]()


def tasks_on(queue: str) -> dict:
    """The TASKS setting MOMENTS_TASKS=``queue`` makes (moments/settings.py)."""
    return {"default": {"BACKEND": settings.TASK_BACKENDS[queue], "QUEUES": settings.TASK_QUEUES}}


def pytest_configure(config):
    # Tasks run where they are enqueued, on commit; tests/test_task_queue.py runs them through the real queues.
    override_settings(TASKS=tasks_on("immediate")).enable()
    # The search engine (MOMENTS_SEARCH_URL) answers only the tests that ask for it (search_engine_url), each on
    # indexes of its own; the rest of the suite searches the database, as with no engine.
    global SEARCH_ENGINE_URL
    SEARCH_ENGINE_URL = settings.MOMENTS_SEARCH_URL
    override_settings(MOMENTS_SEARCH_URL="", WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": "cms.search"}}).enable()
    if TEST_DATABASE:
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = TEST_DATABASE
    if TEST_NOW:
        config.stash[_travel] = time_machine.travel(datetime.datetime.fromisoformat(TEST_NOW), tick=True)
        config.stash[_travel].start()


def pytest_unconfigure(config):
    if _travel in config.stash:
        config.stash[_travel].stop()


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, media_root) -> datetime.datetime:
    """Seeds the demo world and returns when, for tests that must seed again on the same day.

    Without renditions: making every size of every demo image would treble the time; a test that shows one
    makes its image's renditions as the worker would (:func:`renditions_made`)."""
    with django_db_blocker.unblock(), _seeding_clock(), override_settings(MOMENTS_RENDITIONS_ON_SAVE=False):
        seeded_at = timezone.now()
        call_command("seed_demo", stdout=io.StringIO())
    return seeded_at


def _seeding_clock():
    """Under ``MOMENTS_TEST_NOW``, the demo world is seeded at that instant itself, the one test modules saw when
    they took this year at import, however long the test database took to build (a minute to midnight is a
    test instant, and a busy machine took longer than that)."""
    return time_machine.travel(datetime.datetime.fromisoformat(TEST_NOW), tick=False) if TEST_NOW else contextlib.nullcontext()


@pytest.fixture
def database_queue(settings):
    """Tasks wait in the database for :func:`run_database_worker`, as under ``make run``."""
    settings.TASKS = tasks_on("database")


@pytest.fixture
def rq_queue(settings):
    """Tasks wait in RQ on Redis, emptied, for :func:`run_rq_worker`; the default queue is returned."""
    settings.MOMENTS_TASKS = "rq"
    settings.TASKS = tasks_on("rq")
    for name in settings.TASK_QUEUES:
        django_rq.get_queue(name).empty()
    return django_rq.get_queue("default")


def run_rq_worker(max_jobs: int | None = None) -> None:
    """RQ's own worker in burst mode, in this process (no fork) so it sees the test's uncommitted rows."""
    worker = django_rq.get_worker(*settings.TASK_QUEUES, job_class="django_tasks_rq.Job", worker_class="rq.SimpleWorker")
    assert worker.work(burst=True, max_jobs=max_jobs)


def run_database_worker() -> int:
    """``manage.py db_worker --batch`` one task at a time (between tasks it would close the test's connection)."""
    ran = 0
    while DBTaskResult.objects.ready().exists():
        run_next_database_task()
        ran += 1
    return ran


def run_next_database_task() -> None:
    """The task ``manage.py db_worker`` would take next, run."""
    Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False, max_tasks=1, worker_id="tests").run()


def renditions_made(*images) -> None:
    """What the worker does once these images are saved (cms/tasks.py)."""
    from cms.tasks import make_renditions

    for image in images:
        assert make_renditions.enqueue(image.pk).return_value is not None


@pytest.fixture
def demo_seeded_at(django_db_setup) -> datetime.datetime:
    return django_db_setup


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached answers: a test's rolled-back changes must not linger in them."""
    cache.clear()


@pytest.fixture
def next_local_noon():
    """The clock running from the next local noon and half a minute.

    Cached answers live no longer than the local day, so tests that expect a
    cache hit must not run in a day's last seconds.
    """
    local = timezone.localtime()
    noon = local.replace(hour=12, minute=0, second=30, microsecond=0)
    if noon < local:
        noon += datetime.timedelta(days=1)
    with time_machine.travel(noon):
        yield noon


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.fixture
def editor(db):
    return User.objects.get(username="editor")


@pytest.fixture
def moderator(db):
    return User.objects.get(username="moderator")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def chinese_editor_client(editor_client, editor):
    """The editor's admin set to Simplified Chinese, as the brand's editors use it."""
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "zh-hans"
    profile.save()
    return editor_client


def jpeg_bytes(size=(32, 32), colour=(200, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


class GraphQLClient:
    """Posts queries to /graphql/ over real HTTP through Django's test client."""

    def __init__(self, client):
        self.client = client

    def post(self, query: str, variables: dict | None = None):
        body = json.dumps({"query": query, "variables": variables or {}})
        return self.client.post("/graphql/", body, content_type="application/json")

    def get(self, query: str, variables: dict | None = None):
        params = {"query": query, **({"variables": json.dumps(variables)} if variables else {})}
        return self.client.get("/graphql/", params)

    def data(self, query: str, variables: dict | None = None) -> dict:
        """The data of a query that must succeed."""
        response = self.post(query, variables)
        payload = response.json()
        assert response.status_code == 200 and "errors" not in payload, payload
        return payload["data"]


@pytest.fixture
def graphql(client, db):
    return GraphQLClient(client)


@pytest.fixture(scope="session")
def search_engine_url() -> str:
    """The OpenSearch node the search tests run against (MOMENTS_SEARCH_URL; `make search-node` starts one)."""
    if not SEARCH_ENGINE_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs the search tests against a real node: .ci/run starts one and sets MOMENTS_SEARCH_URL")
        pytest.skip("no search engine: `make search-node`, then MOMENTS_SEARCH_URL=http://127.0.0.1:9200")
    return SEARCH_ENGINE_URL


@contextlib.contextmanager
def search_engine_on(url: str, **more_settings):
    """The engine on fresh indexes of its own, removed afterwards, so tests and runs never see each other's."""
    from search import engine

    prefix = f"moments-test-{os.getpid()}-{next(_index_numbers)}"
    with override_settings(MOMENTS_SEARCH_URL=url, MOMENTS_SEARCH_INDEX=prefix, **more_settings):
        engine.forget_failures()
        try:
            yield prefix
        finally:
            engine.client().indices.delete(index=f"{prefix}-*", ignore_unavailable=True)
            engine.forget_failures()


_index_numbers = iter(range(1_000_000))
