"""Automatic persisted queries (Apollo's protocol): the hash first, the text only when the server asks for it."""

import hashlib
import json

import pytest

pytestmark = pytest.mark.django_db

QUERY = "query Channels { channels { slug } }"
HASH = hashlib.sha256(QUERY.encode()).hexdigest()


def extensions(digest: str = HASH) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def post(client, body: dict):
    return client.post("/graphql/", json.dumps(body), content_type="application/json")


def get(client, query: str | None = None, **params):
    """A GET as Apollo's clients send it: JSON-encoded parameters beside the query's own text."""
    return client.get("/graphql/", {**({"query": query} if query else {}), **{name: json.dumps(value) for name, value in params.items()}})


def test_an_unknown_hash_asks_for_the_text_then_the_hash_alone_is_answered(client):
    unknown = get(client, extensions=extensions())
    assert unknown.status_code == 200  # Apollo's clients stop persisting after a 400 or 500
    assert unknown.json()["errors"] == [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
    assert "no-store" in unknown["Cache-Control"]  # a CDN must not keep the miss

    registered = post(client, {"query": QUERY, "extensions": extensions()})
    assert registered.status_code == 200 and registered.json()["data"]["channels"]

    answered = get(client, extensions=extensions())
    assert answered.status_code == 200 and answered.json() == registered.json()
    assert "public" in answered["Cache-Control"] and answered["ETag"]


def test_a_text_that_is_not_the_hashs_is_refused_and_not_kept(client):
    wrong = post(client, {"query": "{ regions { code } }", "extensions": extensions()})
    assert wrong.status_code == 400 and "SHA-256" in wrong.json()["errors"][0]["message"]
    assert get(client, extensions=extensions()).json()["errors"][0]["message"] == "PersistedQueryNotFound"


def test_a_text_that_fails_validation_is_not_kept(client):
    invalid = "{ nope }"
    digest = hashlib.sha256(invalid.encode()).hexdigest()
    assert post(client, {"query": invalid, "extensions": extensions(digest)}).status_code == 400
    assert get(client, extensions=extensions(digest)).json()["errors"][0]["message"] == "PersistedQueryNotFound"


@pytest.mark.parametrize("malformed", [
    "not json", {"persistedQuery": {"version": 2, "sha256Hash": HASH}},
    {"persistedQuery": {"version": 1, "sha256Hash": "../../etc"}}, {"persistedQuery": "yes"},
])
def test_malformed_extensions_are_a_clear_400(client, malformed):
    response = client.get("/graphql/", {"extensions": malformed if isinstance(malformed, str) else json.dumps(malformed)})
    assert response.status_code == 400 and response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_persisted_query_still_may_not_mutate_over_get(client):
    mutation = 'mutation { submitPost(input: {text: "x"}) { ok } }'
    digest = hashlib.sha256(mutation.encode()).hexdigest()
    response = get(client, query=mutation, extensions=extensions(digest))
    assert response.status_code == 405
