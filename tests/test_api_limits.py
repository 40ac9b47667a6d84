"""Oversized and malformed requests get clear 4xx answers, never a 500."""

import json

import pytest

pytestmark = pytest.mark.django_db


def _first_error(response) -> str:
    return response.json()["errors"][0]["message"]


def test_too_deep(graphql, settings):
    settings.MOMENTS_API_LIMITS = {**settings.MOMENTS_API_LIMITS, "max_depth": 3}
    response = graphql.post("{ campaigns { edges { node { slug } } } }")
    assert response.status_code == 400
    assert _first_error(response) == "Query is 4 levels deep; the limit is 3."
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"
    assert graphql.post("{ campaigns { totalCount } }").status_code == 200


def test_depth_counts_through_fragments(graphql, settings):
    settings.MOMENTS_API_LIMITS = {**settings.MOMENTS_API_LIMITS, "max_depth": 3}
    query = "{ campaigns { ...page } } fragment page on CampaignConnection { edges { node { slug } } }"
    assert _first_error(graphql.post(query)) == "Query is 4 levels deep; the limit is 3."


def test_too_many_aliases(graphql):
    aliases = " ".join(f"a{number}: channels {{ slug }}" for number in range(21))
    assert _first_error(graphql.post(f"{{ {aliases} }}")) == "Query uses 21 aliases; the limit is 20."


def test_too_many_fields(graphql, settings):
    settings.MOMENTS_API_LIMITS = {**settings.MOMENTS_API_LIMITS, "max_fields": 5}
    response = graphql.post("{ scenes { slug name description place journeyStage } }")
    assert _first_error(response) == "Query selects 6 fields; the limit is 5."


def test_too_costly(graphql, settings):
    settings.MOMENTS_API_LIMITS = {**settings.MOMENTS_API_LIMITS, "max_cost": 10_000}
    query = """{ articles(first: 100) { edges { node { scenes { timeWindows { start } }
                 personas { slug } regions { code } channels { slug }
                 body { id } heroImage { url } } } } }"""
    response = graphql.post(query)
    assert response.status_code == 400
    assert _first_error(response).startswith("Query could return up to ")
    assert "Ask for smaller pages." in _first_error(response)
    smaller = query.replace("first: 100", "first: 5")
    assert graphql.post(smaller).status_code == 200


def test_a_variable_page_size_counts_as_the_largest_page(graphql, settings):
    settings.MOMENTS_API_LIMITS = {**settings.MOMENTS_API_LIMITS, "max_cost": 300}
    query = "query($n: Int!) { articles(first: $n) { edges { node { slug title } } } }"
    assert graphql.post(query, {"n": 2}).status_code == 400
    assert graphql.post("{ articles(first: 2) { edges { node { slug title } } } }").status_code == 200


def test_request_body_size_is_capped(client, settings):
    settings.MOMENTS_API_LIMITS = {**settings.MOMENTS_API_LIMITS, "max_body_bytes": 1000}
    body = json.dumps({"query": "{ channels { slug } }", "variables": {"padding": "x" * 2000}})
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 413
    assert "accepts up to 1000" in _first_error(response)
    long_get = client.get("/graphql/", {"query": "{ channels { slug } }" + " " * 2000})
    assert long_get.status_code == 413


@pytest.mark.parametrize(
    "body, message",
    [
        ("{not json", "POST body sent invalid JSON."),
        ('["a list"]', "The received data is not a valid JSON query."),
        ('{"variables": {}}', "Must provide query string."),
        ('{"query": "{ channels { slug } }", "variables": "{oops"}', "Variables are invalid JSON."),
        ('{"query": "{ moment(first: \\"many\\") { at } }"}', 'Int cannot represent non-integer value: "many"'),
        ('{"query": "{ tasteCalendar(region: \\"CN-GD\\") { title } }"}', "argument 'year' of type 'Int!' is required"),
        ('{"query": "{ inSeason(region: \\"CN-GD\\", date: \\"June\\") { isPeak } }"}', "Date cannot represent value"),
        ('{"query": "mutation { nothing }"}', "Cannot query field 'nothing' on type 'Mutation'."),
        ('{"query": {"a": 1}}', "`query` must be a string of GraphQL, not dict."),
        ('{"query": 5}', "`query` must be a string of GraphQL, not int."),
    ],
)
def test_malformed_requests_are_client_errors(client, body, message):
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 400
    assert message in _first_error(response)


def test_mutations_are_refused_over_get(client):
    response = client.get("/graphql/", {"query": "mutation { nothing }"})
    assert response.status_code == 405


def test_bugs_are_logged_not_leaked(graphql, monkeypatch, caplog):
    """A resolver crash answers with a generic message; the traceback goes to the log only."""
    from delivery.taxonomy import Taxonomy

    def broken(taxonomy):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Taxonomy, "channels", property(broken))
    response = graphql.post("{ channels { name } }")
    assert "secret internals" not in response.content.decode()
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert "secret internals" in caplog.text
