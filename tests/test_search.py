"""Search as people type it, on the database and on a real OpenSearch node.

The relevance checks run the queries of ``tests/search_queries.py`` through
the API on both paths: recall of the first 20 hits and precision of the first
5. The engine's tests need a node (``make search-node``; CI starts one) and
each builds indexes of its own from the demo world.
"""

import io
import socket
import threading

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from opensearchpy import OpenSearch

from calendars.models import SeasonalEntry
from cms import chinese
from cms.models import ArticlePage, Channel, ModerationState, UGCPost
from cms.search import database_backend
from search import engine, indexing, site_search
from tests.conftest import search_engine_on
from tests.search_queries import QUERIES

SEARCH = """query($q: String!, $kinds: [SearchKind!], $region: String) {
  search(query: $q, first: 20, kinds: $kinds, region: $region) {
    totalCount
    edges { node {
      __typename
      ... on Article { slug }
      ... on Campaign { slug }
      ... on SeasonalEntry { item }
      ... on UGCPost { text }
    } }
  }
}"""
PREFIX = {"Article": "A:", "Campaign": "C:", "SeasonalEntry": "S:", "UGCPost": "U:"}


def keys(graphql, query: str, **variables) -> list[str]:
    nodes = [edge["node"] for edge in graphql.data(SEARCH, {"q": query, **variables})["search"]["edges"]]
    return [PREFIX[node["__typename"]] + (node.get("slug") or node.get("item") or node.get("text")) for node in nodes]


def relevance(graphql) -> tuple[float, float, dict]:
    """Mean recall of the first 20 hits, mean precision of the first 5, and each query's misses."""
    recalls, precisions, misses = [], [], {}
    for query, expected in QUERIES.items():
        found = keys(graphql, query)
        missed = [wanted for wanted in expected if not any(key.startswith(wanted) for key in found)]
        top = found[:5]
        recalls.append(1 - len(missed) / len(expected))
        precisions.append(sum(any(key.startswith(wanted) for wanted in expected) for key in top) / len(top) if top else 0)
        if missed:
            misses[query] = missed
    return sum(recalls) / len(recalls), sum(precisions) / len(precisions), misses


@pytest.fixture(scope="module")
def engine_index(search_engine_url, django_db_blocker):
    """An engine index of the demo world, built once for the module's read-only tests."""
    with django_db_blocker.unblock(), search_engine_on(search_engine_url):
        indexing.rebuild()
        yield


@pytest.fixture
def fresh_engine(search_engine_url, db):
    """The engine on an index of this test's own, for tests that change content."""
    with search_engine_on(search_engine_url):
        indexing.rebuild()
        yield


def refreshed() -> None:
    engine.client().indices.refresh(index=engine.alias())


# Normalisation ---------------------------------------------------------------


def test_one_form_for_what_people_type():
    assert chinese.normalise("大閘蟹 楊梅 臘味") == "大闸蟹 杨梅 腊味"
    assert chinese.normalise("５２０ Ｌｙｃｈｅｅ") == "520 lychee"
    assert chinese.pinyin_forms(["大闸蟹", "蟹", "520"]) == ["dazhaxie", "dzx", "xie"]
    assert chinese.query_words("大閘蟹 上海") == ["大闸蟹", "上海"]
    assert chinese.characters("阳澄湖 crab") == ["阳", "澄", "湖"]


def test_the_query_set_covers_what_the_issue_names():
    assert len(QUERIES) >= 30
    kinds = {"traditional": "大閘蟹", "pinyin": "dazhaxie", "initials": "dzx", "one character": "蟹", "mixed": "lychee 妃子笑", "region": "大闸蟹 上海"}
    assert all(query in QUERIES for query in kinds.values())


# The database path -----------------------------------------------------------


def test_database_search_finds_what_people_type(graphql):
    recall, precision, misses = relevance(graphql)
    print(f"database: recall@20 {recall:.3f}, precision@5 {precision:.3f}, misses {misses}")
    assert recall >= 0.9, misses
    assert precision >= 0.8


def test_copies_of_one_post_show_once_below_the_articles(graphql):
    found = keys(graphql, "大闸蟹")
    posts = [key for key in found if key.startswith("U:")]
    assert len(posts) == len(set(posts))
    assert found.index("A:hairy-crab-same-day") < min(found.index(post) for post in posts)


def test_results_filter_by_kind_and_region(graphql):
    assert {key[:2] for key in keys(graphql, "荔枝", kinds=["SEASONAL"])} == {"S:"}
    in_guangdong = keys(graphql, "大闸蟹", kinds=["ARTICLE"], region="CN-GD-GZ")
    assert "A:mid-autumn-gift-guide" in in_guangdong  # nationwide
    assert "A:hairy-crab-same-day" not in in_guangdong  # for Shanghai and Zhejiang
    assert "A:hairy-crab-same-day" in keys(graphql, "大闸蟹", kinds=["ARTICLE"], region="CN-SH-SH")
    bad = graphql.post(SEARCH, {"q": "蟹", "region": "XX"})
    assert bad.status_code == 400


@pytest.mark.parametrize("model", [ArticlePage, UGCPost, SeasonalEntry])
def test_the_best_matches_are_those_wagtail_ranks_first(db, model):
    """The fallback's bounded query scores as Wagtail's backend does, on SQLite and PostgreSQL alike."""
    backend = database_backend()
    for query in ("大閘蟹", "dazhaxie", "蟹", "荔枝 广东"):
        wagtails = {row.pk: row.score for row in backend.search(query, model.objects.all(), operator="and").annotate_score("score")}
        best = backend.best_matches(query, model, 3)
        assert len(best) == min(3, len(wagtails)), query
        assert all(score == pytest.approx(wagtails[pk]) for pk, score in best)
        assert sorted(map(abs, wagtails.values()), reverse=True)[: len(best)] == pytest.approx([abs(score) for _, score in best])


def test_the_fallback_pages_through_the_best_matches_it_checked(graphql, monkeypatch):
    """Past ``FALLBACK_MATCHES`` text matches of a kind, the database path stops: bounded at any catalogue's size."""
    everything = graphql.data(SEARCH, {"q": "蟹", "kinds": ["ARTICLE"]})["search"]["totalCount"]
    assert everything > 2
    monkeypatch.setattr(site_search, "FALLBACK_MATCHES", 2)
    found = graphql.data(SEARCH, {"q": "蟹", "kinds": ["ARTICLE"]})["search"]
    assert found["totalCount"] == len(found["edges"]) <= 2


# The engine ------------------------------------------------------------------


def test_engine_search_finds_what_people_type(graphql, engine_index):
    recall, precision, misses = relevance(graphql)
    print(f"engine: recall@20 {recall:.3f}, precision@5 {precision:.3f}, misses {misses}")
    assert recall >= 0.95, misses
    assert precision >= 0.8


def test_engine_answers_when_configured(graphql, engine_index, caplog):
    assert keys(graphql, "dzx")[:1] != []
    assert "using the database" not in caplog.text
    assert engine.client().count(index=engine.alias())["count"] > 0


def _closed_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers: an engine that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.mark.parametrize("down", ["refused", "hangs"])
def test_search_answers_from_the_database_when_the_engine_is_down(graphql, settings, silent_server, down, caplog):
    on_database = keys(graphql, "大閘蟹")
    settings.MOMENTS_SEARCH_URL = f"http://127.0.0.1:{_closed_port()}" if down == "refused" else silent_server
    settings.MOMENTS_SEARCH_TIMEOUT_SECONDS = 0.5
    engine.forget_failures()
    try:
        assert sorted(keys(graphql, "大閘蟹")) == sorted(on_database)
        assert "using the database" in caplog.text
        assert sorted(keys(graphql, "大閘蟹")) == sorted(on_database)  # the engine is left alone a while: no second wait
    finally:
        engine.forget_failures()


def test_engine_stopped_mid_run_still_answers(graphql, fresh_engine, settings):
    assert keys(graphql, "dazhaxie")[:1]
    settings.MOMENTS_SEARCH_URL = f"http://127.0.0.1:{_closed_port()}"  # the node goes away between two requests
    assert "A:hairy-crab-same-day" in keys(graphql, "dazhaxie")


def _article(slug: str) -> ArticlePage:
    return ArticlePage.objects.get(slug=slug)


def test_publishing_and_unpublishing_reach_the_engine(graphql, fresh_engine, django_capture_on_commit_callbacks):
    article = _article("oyster-season")
    article.title = "冬天的生蚝最肥：蒜蓉粉丝蒸扇贝"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    refreshed()
    assert keys(graphql, "扇贝") == ["A:oyster-season"]
    assert keys(graphql, "shanbei") == ["A:oyster-season"]
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    refreshed()
    assert keys(graphql, "扇贝") == []


def test_moderation_and_consent_reach_the_engine(graphql, fresh_engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = UGCPost.objects.create(member_id="M1", member_handle="阿May", text="蚵仔煎配啤酒，老板再来一份")
        post.consent_channels.set(Channel.objects.filter(slug="app-home"))
        post.save()
    refreshed()
    assert keys(graphql, "蚵仔煎") == []  # not approved yet
    with django_capture_on_commit_callbacks(execute=True):
        post.moderation_state = ModerationState.APPROVED
        post.moderated_at = timezone.now()
        post.save()
    refreshed()
    assert keys(graphql, "蚵仔煎") == ["U:蚵仔煎配啤酒，老板再来一份"]
    with django_capture_on_commit_callbacks(execute=True):
        post.consent_channels.clear()
        post.save()
    refreshed()
    assert keys(graphql, "蚵仔煎") == []


def test_seasonal_items_reach_the_engine(graphql, fresh_engine, django_capture_on_commit_callbacks):
    entry = SeasonalEntry.objects.filter(item="生蚝").first()
    with django_capture_on_commit_callbacks(execute=True):
        entry.variety = "台山蚵仔"
        entry.save()
    refreshed()
    assert keys(graphql, "蚵仔", kinds=["SEASONAL"]) == ["S:生蚝"]


def test_an_engine_behind_the_database_never_shows_what_the_app_may_not_see(graphql, fresh_engine):
    ArticlePage.objects.filter(slug="hairy-crab-same-day").update(expire_at=timezone.now())  # no signal: the index is stale
    assert "A:hairy-crab-same-day" not in keys(graphql, "dazhaxie")


def test_rebuild_command_shows_progress(fresh_engine, capsys):
    call_command("rebuild_search_index")
    output = capsys.readouterr().out
    assert "article" in output and "ugc" in output and "Search index rebuilt" in output


def test_rebuild_command_needs_an_engine(settings):
    settings.MOMENTS_SEARCH_URL = ""
    with pytest.raises(CommandError, match="MOMENTS_SEARCH_URL"):
        call_command("rebuild_search_index")


# The admin -------------------------------------------------------------------


def _engine_backends(url: str) -> dict:
    return {
        "default": {"BACKEND": "search.admin_backend", "URLS": [url], "INDEX_PREFIX": "moments-test-admin-", "TIMEOUT": 10},
        "database": {"BACKEND": "cms.search"},
    }


def _admin_search(admin_client, query: str) -> str:
    """The admin's page search for ``query``, as an editor sees it."""
    response = admin_client.get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_admin_search_runs_on_the_engine(admin_client, search_engine_url, settings, caplog):
    settings.WAGTAILSEARCH_BACKENDS = _engine_backends(search_engine_url)
    try:
        call_command("update_index", backend_name="default", stdout=io.StringIO())
        assert "阳澄湖大闸蟹当日捞当日达" in _admin_search(admin_client, "大閘蟹")
        assert "runs on the database" not in caplog.text
    finally:
        OpenSearch(hosts=[search_engine_url]).indices.delete(index="moments-test-admin-*", ignore_unavailable=True)


def test_admin_search_answers_before_its_indexes_are_built(admin_client, search_engine_url, settings, caplog):
    settings.WAGTAILSEARCH_BACKENDS = _engine_backends(search_engine_url)
    settings.WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = "moments-test-never-built-"
    assert "阳澄湖大闸蟹当日捞当日达" in _admin_search(admin_client, "大閘蟹")
    assert "runs on the database" in caplog.text


def test_admin_search_answers_from_the_database_when_the_engine_is_down(admin_client, settings, caplog):
    settings.WAGTAILSEARCH_BACKENDS = _engine_backends(f"http://127.0.0.1:{_closed_port()}")
    assert "阳澄湖大闸蟹当日捞当日达" in _admin_search(admin_client, "大閘蟹")
    assert "runs on the database" in caplog.text


# A moment with a query -------------------------------------------------------

MOMENT = """query($q: String, $region: String) {
  moment(query: $q, region: $region, first: 10) {
    items { reasons content { __typename ... on Article { slug title } ... on UGCPost { text } ... on Campaign { slug title } } }
  }
}"""


def _moment_items(graphql, query: str | None, region: str = "CN-SH-SH") -> list[dict]:
    return graphql.data(MOMENT, {"q": query, "region": region})["moment"]["items"]


@pytest.mark.parametrize("on_engine", [False, True])
def test_a_moment_with_a_query_ranks_only_what_matches_it(graphql, on_engine, request, next_local_noon):
    """At noon: what fits a moment depends on the hour (late at night no crab article does).

    Which of the matches fit depends on the weekday too (at weekends an article
    selling 大闸蟹 in its product block fits the store-visit scene), so each
    item is checked against what search finds for the same words.
    """
    if on_engine:
        request.getfixturevalue("engine_index")
    items = _moment_items(graphql, "大閘蟹")
    assert items
    found = keys(graphql, "大閘蟹")
    for item in items:
        content = item["content"]
        assert PREFIX[content["__typename"]] + (content.get("slug") or content.get("text")) in found
        assert "搜索: 大闸蟹" in item["reasons"]  # the words as searched, whichever script was typed
    slugs = [item["content"].get("slug") for item in items]
    assert "hairy-crab-same-day" in slugs
    assert _moment_items(graphql, "大閘蟹", region="CN-GD-GZ") != items  # the moment still decides what fits


def test_a_moment_without_a_query_is_unchanged_and_an_empty_one_is_a_mistake(graphql, next_local_noon):
    plain = graphql.data(MOMENT, {"region": "CN-SH-SH"})["moment"]["items"]
    assert plain and not any(reason.startswith("搜索") for item in plain for reason in item["reasons"])
    assert graphql.post(MOMENT, {"q": "  "}).status_code == 400
