"""Fixtures: the demo world, seeded once per test session into the test database.

Every test runs in a transaction that is rolled back, so tests may change the
demo world freely. Uploaded and generated files go to a temporary media root.
"""

import io
import json

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from PIL import Image


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, media_root):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())


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
