"""The endpoint speaks the GraphQL-over-HTTP specification: media types, methods and statuses.

Through Django's request stack for each rule, and over real HTTP with a real
client library (sgqlc) against gunicorn.
"""

import json

import pytest
from sgqlc.endpoint.http import HTTPEndpoint

from tests.test_serving import gunicorn_serving

pytestmark = pytest.mark.django_db

GRAPHQL_RESPONSE = "application/graphql-response+json"
PREFERRED = f"{GRAPHQL_RESPONSE}, application/json;q=0.9"  # what the specification tells clients to send
PARTIAL = '{ channels { slug } tasteCalendar(region: "XX", year: 2026) { title } }'  # data, and an unknown region


def post(client, query: str, accept: str | None = None, **extra):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    return client.post("/graphql/", json.dumps({"query": query}), content_type="application/json", **headers, **extra)


@pytest.mark.parametrize(
    "accept, answered",
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("application/json; charset=utf-8", "application/json"),
        ("text/html, application/*;q=0.5", "application/json"),
        (GRAPHQL_RESPONSE, f"{GRAPHQL_RESPONSE}; charset=utf-8"),
        (PREFERRED, f"{GRAPHQL_RESPONSE}; charset=utf-8"),
        ("application/json, application/graphql-response+json;q=0.5", "application/json"),
    ],
)
def test_the_answer_is_in_the_media_type_the_client_prefers(client, accept, answered):
    response = post(client, "{ channels { slug } }", accept)
    assert response.status_code == 200
    assert response["Content-Type"] == answered
    assert "Accept" in response["Vary"]


def test_a_client_that_accepts_neither_type_gets_406(client):
    response = post(client, "{ channels { slug } }", "text/html")
    assert response.status_code == 406
    assert GRAPHQL_RESPONSE in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/xml", "application/json; charset=latin1", ""],
)
def test_a_body_in_a_media_type_we_cannot_read_is_415(client, content_type):
    response = client.generic("POST", "/graphql/", json.dumps({"query": "{ channels { slug } }"}), content_type=content_type)
    assert response.status_code == 415


def test_other_methods_and_mutations_over_get_are_405_with_allow(client):
    put = client.put("/graphql/", json.dumps({"query": "{ channels { slug } }"}), content_type="application/json")
    assert put.status_code == 405 and set(put["Allow"].split(", ")) == {"GET", "POST"}
    mutation = client.get("/graphql/", {"query": "mutation { submitPost(input: {}) { ok } }"}, HTTP_ACCEPT=PREFERRED)
    assert mutation.status_code == 405 and mutation["Allow"] == "POST"


@pytest.mark.parametrize("accept", ["application/json", PREFERRED])
def test_documents_that_fail_to_parse_or_validate_are_400_without_data(client, accept):
    for query in ("{ channels { slug }", "{ nothing }"):
        response = post(client, query, accept)
        assert response.status_code == 400
        assert "data" not in response.json() and response.json()["errors"]


def test_an_answer_with_data_is_200_for_clients_of_the_specification(client):
    """An unknown region in one field: application/json keeps the API's 400, graphql-response+json must be 2xx."""
    legacy = post(client, PARTIAL)
    assert legacy.status_code == 400
    current = post(client, PARTIAL, PREFERRED)
    assert current.status_code == 200
    body = current.json()
    assert body["data"]["channels"] and body["data"]["tasteCalendar"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_real_client_over_real_http(tmp_path):
    with gunicorn_serving(tmp_path, workers=1, migrated=True) as (server, port):
        url = f"http://127.0.0.1:{port}/graphql/"
        legacy, current = HTTPEndpoint(url), HTTPEndpoint(url, base_headers={"Accept": PREFERRED})
        for endpoint, answered in ((legacy, "application/json"), (current, f"{GRAPHQL_RESPONSE}; charset=utf-8")):
            found = endpoint("{ channels { slug } }")
            assert found["data"] == {"channels": []} and found["headers"]["Content-Type"] == answered
        assert "Cannot query field 'nothing'" in legacy("{ nothing }")["errors"][0]["message"]
        refused = current("{ nothing }")["errors"][0]  # sgqlc reads only application/json error bodies itself
        assert refused["status"] == 400 and "Cannot query field 'nothing'" in json.loads(refused["body"])["errors"][0]["message"]
        partial = current(PARTIAL)
        assert partial["data"] == {"channels": [], "tasteCalendar": None}
        assert partial["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
