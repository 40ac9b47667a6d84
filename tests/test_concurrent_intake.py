"""Members posting at once, over real HTTP to gunicorn workers with threads.

Every post is stored once, a retry costs nothing, a task worker then cleans
every post's photos, and no photo file is left without its row. On a SQLite file, as ``make run`` keeps it, and, when the
suite runs on PostgreSQL, on a database of its own on that server.
"""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
import requests

from tests.conftest import jpeg_bytes
from tests.test_serving import SERVING_SECRET, gunicorn_serving
from tests.test_ugc_intake import SUBMIT

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = 100
AT_ONCE = 16  # one worker's threads, so the rate limits count in one process even without Redis
RETRIES = 20
PHOTO = jpeg_bytes(size=(3000, 2000))


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> Iterator[str]:
    """A SQLite file, or a new database beside the suite's when it runs on PostgreSQL."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith("postgres"):
        yield f"sqlite:///{tmp_path_factory.mktemp('served') / 'served.sqlite3'}"
        return
    name = f"moments_served_{os.getpid()}"
    with psycopg.connect(suite_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{suite_url.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(suite_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Site:
    """The served site: its port, an API key, and ``manage.py`` on its database and media."""

    def __init__(self, port: int, environment: dict):
        self.port, self.environment = port, environment
        self.api_key = self.manage("create_api_key", "load test").strip()

    def manage(self, *arguments: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *arguments], cwd=ROOT, env=self.environment, capture_output=True, text=True, check=True,
        )
        return done.stdout

    def tokens(self, count: int) -> list[str]:
        """Member tokens signed by the site's own clock (under faketime each process keeps its own)."""
        issue = "from frontend_api.auth import issue_member_token as t; print(*(t(f'm-{n}', f'会员{n}') for n in range(%d)))" % count
        return self.manage("shell", "--no-imports", "-c", issue).split()

    def posts(self, state: str = "") -> int:
        """How many posts there are, in ``state`` if given."""
        count = f"from cms.models import UGCPost; print(UGCPost.objects.filter(moderation_state__startswith={state!r}).count())"
        return int(self.manage("shell", "--no-imports", "-c", count))

    def submit(self, member: int, token: str, idempotency_key: str) -> requests.Response:
        """A post with one phone-sized photo (its upload takes a while, so requests overlap), from the member's
        own network address, as the GraphQL multipart spec sends it."""
        variables = {"input": {"text": f"第{member}位会员的下午茶", "idempotencyKey": idempotency_key, "photos": [None]}}
        return requests.post(
            f"http://127.0.0.1:{self.port}/graphql/",
            data={"operations": json.dumps({"query": SUBMIT, "variables": variables}), "map": json.dumps({"0": ["variables.input.photos.0"]})},
            files={"0": ("tea.jpg", PHOTO, "image/jpeg")},
            headers={"X-Api-Key": self.api_key, "Authorization": f"Bearer {token}", "X-Real-IP": f"10.0.{member // 200}.{member % 200}"},
            timeout=120,
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory, database_url) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("site")
    environ = {"GUNICORN_CMD_ARGS": f"--threads {AT_ONCE}", "MOMENTS_CLIENT_IP_HEADER": "X-Real-IP", "MOMENTS_TASKS": "database"}
    with gunicorn_serving(folder, workers=1, migrated=True, database_url=database_url, **environ) as (server, port):
        yield Site(port, {
            **os.environ, **environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(folder / "media"),
            "MOMENTS_MEMBER_TOKEN_SECRET": SERVING_SECRET,
        })


def test_members_posting_at_once_each_store_their_post(site):
    signed_in = site.tokens(MEMBERS)
    before = site.posts()
    with ThreadPoolExecutor(AT_ONCE) as pool:
        answers = list(pool.map(lambda member: site.submit(member, signed_in[member], f"first-{member}"), range(MEMBERS)))
    assert [answer.status_code for answer in answers] == [200] * MEMBERS
    assert all(answer.json()["data"]["submitPost"]["post"] and not answer.json().get("errors") for answer in answers)
    assert site.posts() == site.posts("processing") + before == before + MEMBERS
    assert site.manage("remove_orphan_files", "--older-than", "0", "--dry-run") == ""

    site.manage("task_worker", "--burst")  # the task queue's worker, as `make worker` runs it
    assert site.posts("pending") == site.posts() and site.posts("processing") == 0
    assert site.manage("remove_orphan_files", "--older-than", "0", "--dry-run") == ""  # the photos as sent are gone


def test_retries_sent_at_once_store_one_post_and_count_once(site):
    """The member's limit is 10 posts an hour: twenty copies of one post must not spend it."""
    token = site.tokens(1)[0]
    before = site.posts()
    with ThreadPoolExecutor(AT_ONCE) as pool:
        answers = list(pool.map(lambda _: site.submit(0, token, "retried"), range(RETRIES)))
    assert [answer.status_code for answer in answers] == [200] * RETRIES
    submitted = [answer.json()["data"]["submitPost"] for answer in answers]
    assert len({post["post"]["id"] for post in submitted}) == 1
    assert sum(not post["replayed"] for post in submitted) == 1
    assert site.posts() == before + 1
    assert site.manage("remove_orphan_files", "--older-than", "0", "--dry-run") == ""
