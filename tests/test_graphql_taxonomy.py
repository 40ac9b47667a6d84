"""The first slice of the delivery API: the taxonomy, over real HTTP."""

import json
from pathlib import Path

import pytest
from django.utils.module_loading import import_string

pytestmark = pytest.mark.django_db

API_DIR = Path(__file__).resolve().parent.parent / "frontend_api"


@pytest.mark.parametrize(
    "schema_path, sdl_file",
    [("frontend_api.schema.schema", "schema.graphql"), ("frontend_api.preview_schema.preview_schema", "preview_schema.graphql")],
)
def test_exported_sdl_is_current(schema_path, sdl_file):
    current = str(import_string(schema_path)).strip()
    assert (API_DIR / sdl_file).read_text().strip() == current, "Run: make schema"


def test_taxonomy_over_post(client):
    query = "{ scenes { slug name timeWindows { days start end crossesMidnight } } personas { slug segmentCodes } regions { code parentCode } }"
    response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json")
    assert response.status_code == 200
    data = response.json()["data"]
    overtime = next(scene for scene in data["scenes"] if scene["slug"] == "overtime-snacking")
    assert overtime["timeWindows"] == [{"days": [1, 2, 3, 4, 5], "start": "21:00:00", "end": "02:00:00", "crossesMidnight": True}]
    genz = next(persona for persona in data["personas"] if persona["slug"] == "genz-foodie")
    assert "CDP-GENZ-FOODIE" in genz["segmentCodes"]
    assert {"code": "CN-GD-SZ", "parentCode": "CN-GD"} in data["regions"]


def test_taxonomy_over_get(client):
    response = client.get("/graphql/", {"query": "{ channels { slug } }"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert {"slug": "app-home"} in response.json()["data"]["channels"]


@pytest.mark.parametrize(
    "body",
    ['{"query": "{ scenes { noSuchField } }"}', '{"query": "{ scenes { slug "}', "not json at all"],
)
def test_bad_queries_are_client_errors(client, body):
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]
