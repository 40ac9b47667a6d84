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
    assert _first_error(response) == "Query selects at least 6 fields; the limit is 5."


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
        ('{"query": ["{ channels { slug } }"]}', "`query` must be a string of GraphQL, not list."),
        ('{"query": "{ channels { slug } }", "variables": 5}', "`variables` must be an object of names and values"),
        ('{"query": "{ channels { slug } }", "variables": [1, 2]}', "`variables` must be an object of names and values"),
        ('{"query": "{ channels { slug } }", "operationName": 5}', "`operationName` a string."),
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


# Queries built to stall a worker: refused by their shape, before anything runs -------------------------------


def _doubling_fragments(levels: int) -> str:
    """A query whose every fragment spreads the next twice: 2^levels `__typename` once expanded."""
    spreads = " ".join(f"fragment F{level} on Query {{ ...F{level + 1} ...F{level + 1} }}" for level in range(levels))
    return f"query {{ ...F0 }} {spreads} fragment F{levels} on Query {{ __typename }}"


def test_fragments_that_double_are_refused_before_they_run(graphql):
    response = graphql.post(_doubling_fragments(21))
    assert response.status_code == 400
    assert _first_error(response) == "Query selects at least 251 fields; the limit is 250."
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"
    assert "data" not in response.json()


@pytest.mark.parametrize(
    "selection, aliases, message",
    [
        ("__typename", 21, "Query uses 21 aliases; the limit is 20."),
        ("__schema { types { name } }", 21, "Query uses 21 aliases; the limit is 20."),
        ("__typename", 1000, "Syntax Error: Document contains more than 2000 tokens. Parsing aborted."),
        ("__schema { types { name fields { name } } }", 500, "Syntax Error: Document contains more than 2000 tokens. Parsing aborted."),
    ],
)
def test_aliased_typename_and_introspection_count(graphql, selection, aliases, message):
    response = graphql.post("{ " + " ".join(f"a{n}: {selection}" for n in range(aliases)) + " }")
    assert response.status_code == 400
    assert _first_error(response) == message
    assert "data" not in response.json()


def test_graphiql_can_still_introspect_the_whole_schema(graphql):
    from graphql import get_introspection_query

    query = get_introspection_query(
        descriptions=True, specified_by_url=True, directive_is_repeatable=True, schema_description=True, input_value_deprecation=True,
    )
    assert graphql.data(query)["__schema"]["queryType"]["name"] == "Query"


# Bad input is the client's mistake: 400 and BAD_USER_INPUT, never a failure of ours ---------------------------


@pytest.mark.parametrize(
    "query, message",
    [
        ("{ articles(first: null) { edges { node { slug } } } }", "`first` must be between 1 and 100, got null."),
        ("{ moment(first: null) { at } }", "`first` must be between 1 and 100, got null."),
        ('{ articles(after: "YXJyYXljb25uZWN0aW9uOjEwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw") { edges { node { slug } } } }',
         "`after` is not a cursor from this API."),  # the offset 10^26
        # A domain error, in the app's default language (tests/test_translations.py asks for English).
        ('{ moment(at: "0001-01-01T00:00:00-12:00") { at } }', "`at` 必须在 1901 年到 2099 年之间，收到的是 1 年。"),
        ('{ moment(at: "9999-12-31T23:59:59+14:00") { at } }', "`at` 必须在 1901 年到 2099 年之间，收到的是 9999 年。"),
    ],
)
def test_arguments_out_of_range_are_bad_input(graphql, query, message):
    response = graphql.post(query)
    assert response.status_code == 400
    assert _first_error(response) == message
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "body",
    [
        '{"query": "query($r: String) { moment(region: $r) { at } }", "variables": {"r": "\\ud800"}}',
        '{"query": "query Q { channels { slug } }", "operationName": "Q\\udfff"}',
        '{"query": "{ channels { slug } }", "variables": {"x": ["\\u0000"]}}',
    ],
    ids=["lone surrogate in a variable", "lone surrogate in the operation name", "NUL"],
)
def test_text_that_is_not_unicode_is_refused_in_utf8(client, body):
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 400
    assert "lone surrogates" in _first_error(response)
    response.content.decode("utf-8")


def test_a_multipart_batch_is_refused(client):
    operations = json.dumps([{"query": "{ channels { slug } }"}])
    response = client.post("/graphql/", {"operations": operations, "map": "{}"})
    assert response.status_code == 400
    assert "`operations` must be one operation" in _first_error(response)


def test_our_failures_answer_500(graphql, monkeypatch):
    from delivery.taxonomy import Taxonomy

    monkeypatch.setattr(Taxonomy, "channels", property(lambda taxonomy: 1 / 0))
    response = graphql.post("{ channels { name } }")
    assert response.status_code == 500
    assert response["Cache-Control"] == "no-store"


# What fuzzing found (tests/test_api_fuzz.py), each pinned down ------------------------------------------------

PERSISTED = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"query": 1, "extensions": PERSISTED}),
        '{"query": "\\ud800", "extensions": %s}' % json.dumps(PERSISTED),
        json.dumps({"query": "", "extensions": DEEP}),
        '{"query": "{ channels { slug } }", "variables": {"v": %s}}' % DEEP,
        '{"query": "{ channels { slug } }", "variables": {"v": %s}}' % ("[" * 600 + "]" * 600),
        '{"query": "mutation ($v: SubmitPostInput!) { submitPost(input: $v) { replayed } }", "variables": {"v": {"\\ud800": null}}}',
    ],
    ids=["persisted, query not text", "persisted, lone surrogate", "nested extensions", "nested body", "nested variables", "surrogate name"],
)
def test_requests_fuzzing_found_are_client_errors(client, body):
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 400
    response.content.decode("utf-8")
    assert response.json()["errors"]


def test_arguments_fuzzing_found_are_answered(graphql):
    active_at = graphql.post('{ campaigns(activeAt: "0001-01-01T00:00:00") { totalCount } }')
    assert active_at.status_code == 400 and "1901 年到 2099 年" in _first_error(active_at)
    late = graphql.post('{ moment(at: "2099-12-31T23:00:00-12:00") { at } }')  # already 2100 in Shanghai
    assert late.status_code == 400 and "收到的是 2100 年" in _first_error(late)
    graphql.data('{ articles(first: 1) { edges { node { heroImage { srcSet(format: null) } } } } }')
    graphql.data(
        '{ campaigns(first: 3) { edges { node { slots { content { ... on UGCPost { campaign { seasonalItems { relatedArticles { slug } } } } } } } } } }'
    )
