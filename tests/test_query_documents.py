"""Documents are parsed and validated once per process, and a kept one is still held to today's limits."""

import pytest

from frontend_api import documents

pytestmark = pytest.mark.django_db

QUERY = "query($scene: String) { articles(first: 5, scene: $scene) { edges { node { slug } } } }"


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Each document the API parses, as it parses it."""
    seen = []

    def parse(source, *args, **kwargs):
        seen.append(source)
        return real_parse(source, *args, **kwargs)

    real_parse = documents.parse
    monkeypatch.setattr(documents, "parse", parse)
    documents._kept.cache_clear()
    return seen


def test_a_document_sent_again_with_other_variables_is_parsed_once(graphql, parses):
    for scene in ("friday-drink", "overtime-snacking", None):
        assert "errors" not in graphql.post(QUERY, {"scene": scene}).json()
    assert parses == [QUERY]


def test_a_kept_document_is_refused_once_the_limits_shrink(graphql, settings, parses):
    assert graphql.post(QUERY).status_code == 200
    settings.MOMENTS_API_LIMITS = {**settings.MOMENTS_API_LIMITS, "max_depth": 3}
    refused = graphql.post(QUERY)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


def test_failing_and_very_long_documents_are_not_kept(graphql, parses):
    broken = "{ articles(first: 5) { edges { node { nothing } } } }"
    long = "{ channels { slug } }" + " " * documents.LONGEST_KEPT
    for query in (broken, broken, long, long):
        graphql.post(query)
    assert parses == [broken, broken, long, long]
