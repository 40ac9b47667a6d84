"""The moment cache: shared by every request for the same moment as matched, never older than what it shows."""

import datetime
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from cms.models import ArticleIndexPage, ArticlePage, Scene
from delivery import cache

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

MOMENT = """
query ($at: DateTime!, $region: String!) {
  moment(at: $at, region: $region, scenes: ["friday-drink"], personas: ["urban-white-collar-woman"], first: 10) {
    items { score reasons content { __typename ... on Article { slug } ... on UGCPost { id } ... on Campaign { slug } } }
  }
}
"""


def ask(graphql, at: datetime.datetime, region: str = "CN-SH", query: str = MOMENT) -> tuple[dict, int]:
    """The moment's data and how many SQL statements answering it took."""
    with CaptureQueriesContext(connection) as queries:
        data = graphql.data(query, {"at": at.isoformat(), "region": region})
    return data["moment"], len(queries)


def slugs(moment: dict) -> list[str]:
    return [item["content"].get("slug") for item in moment["items"]]


def friday_drink_article(slug: str, **fields) -> ArticlePage:
    page = ArticlePage(title=slug, slug=slug, intro="周五", author_name="测试", body=[("paragraph", RichText("<p>周五</p>"))], **fields)
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.scenes.set([Scene.objects.get(slug="friday-drink")])
    page.save_revision().publish()
    return page


@pytest.fixture
def now(settings, next_local_noon):
    """Half a minute into a slice of MOMENTS_MOMENT_CACHE_SECONDS: times asked in the next few minutes share answers."""
    settings.MOMENTS_MOMENT_CACHE_SECONDS = 300
    return next_local_noon


def test_requests_for_the_same_moment_share_one_answer_without_touching_the_database(graphql, now):
    first, first_queries = ask(graphql, now)
    again, again_queries = ask(graphql, now + datetime.timedelta(minutes=3))  # another minute, the same moment as matched
    assert first["items"] and again == first
    assert first_queries > 5 and again_queries == 0


def test_a_worker_answers_from_what_another_worker_kept(graphql, now, monkeypatch):
    """Each process keeps its recent answers in front of the shared cache; one that never saw an answer reads it there."""
    first, _ = ask(graphql, now)
    monkeypatch.setattr(cache, "_recent", cache._Recent())  # another worker: none of its own yet
    again, queries = ask(graphql, now)
    assert again == first and queries == 0


def test_another_region_is_another_moment(graphql, now):
    ask(graphql, now, "CN-SH")
    guangdong, queries = ask(graphql, now, "CN-GD-GZ")
    again, again_queries = ask(graphql, now, "CN-GD-GZ")
    assert queries > 0 and again_queries == 0 and again == guangdong


def test_a_publication_replaces_every_cached_answer(graphql, now):
    before, _ = ask(graphql, now)
    friday_drink_article("fresh-friday-drink")
    after, queries = ask(graphql, now)
    assert queries > 0
    assert "fresh-friday-drink" in slugs(after) and "fresh-friday-drink" not in slugs(before)


@pytest.fixture
def local_memory_cache(settings):
    """Time travel moves Python's clock, which local memory keeps time by; Redis keeps its own."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "moment-expiry"}}


def test_an_answer_expires_when_something_in_it_expires_with_no_publish_event(graphql, local_memory_cache):
    started = timezone.now()
    ending = friday_drink_article("ends-soon", expire_at=started + datetime.timedelta(minutes=2))
    assert ending.live
    shown, _ = ask(graphql, started)
    assert "ends-soon" in slugs(shown)
    assert cache.lifetime(cache.content_version(), timezone.now()) <= 120
    with time_machine.travel(started + datetime.timedelta(minutes=2, seconds=5)):
        later, queries = ask(graphql, started)
    assert queries > 0 and "ends-soon" not in slugs(later)


def test_unpublishing_through_wagtails_base_page_replaces_the_answers_too(graphql, now):
    """Bulk unpublish and publish_scheduled save the base Page, not the ArticlePage."""
    article = friday_drink_article("unpublished-in-bulk")
    assert "unpublished-in-bulk" in slugs(ask(graphql, now)[0])
    Page.objects.get(pk=article.pk).unpublish()
    assert "unpublished-in-bulk" not in slugs(ask(graphql, now)[0])


def test_answers_are_kept_per_host_and_scheme_since_their_image_links_are_absolute(client, now):
    query = MOMENT.replace("... on Article { slug }", "... on Article { slug heroImage { url } }")
    urls = {}
    for host, secure in (("localhost", False), ("127.0.0.1", False), ("127.0.0.1", True)):
        response = client.post(
            "/graphql/", json.dumps({"query": query, "variables": {"at": now.isoformat(), "region": "CN-SH"}}),
            content_type="application/json", HTTP_HOST=host, secure=secure,
        )
        items = response.json()["data"]["moment"]["items"]
        urls[host, secure] = {item["content"]["heroImage"]["url"] for item in items if item["content"].get("heroImage")}
    assert all(url.startswith("http://localhost/") for url in urls["localhost", False])
    assert all(url.startswith("http://127.0.0.1/") for url in urls["127.0.0.1", False])
    assert all(url.startswith("https://127.0.0.1/") for url in urls["127.0.0.1", True])
    assert urls["localhost", False]


def test_a_time_the_moment_cannot_take_is_never_a_server_error(graphql):
    response = graphql.post(MOMENT, {"at": "9999-12-31T23:00:00+00:00", "region": "CN-SH"})
    assert response.status_code < 500


def test_an_answer_lasts_no_longer_than_the_day_or_the_setting(settings, now):
    settings.MOMENTS_MOMENT_CACHE_SECONDS = 300
    late = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time(23, 59)))
    with time_machine.travel(late):
        assert cache.lifetime(cache.content_version(), timezone.now()) <= 60
    noon = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time(12)))
    assert cache.lifetime(cache.content_version(), noon) <= 300


def test_a_query_that_shows_the_time_keys_on_the_time(graphql, now):
    with_time = MOMENT.replace("items {", "at items {", 1)
    first, _ = ask(graphql, now, query=with_time)
    later, queries = ask(graphql, now + datetime.timedelta(minutes=3), query=with_time)
    assert queries > 0 and first["at"] != later["at"]


LOCALISED = """
query ($at: DateTime!, $locale: ContentLocale) {
  moment(at: $at, region: "CN-SH", scenes: ["weekend-home-cooking"], first: 10, locale: $locale) {
    scenes { name } items { reasons content { ... on Article { slug title } ... on Campaign { slug hook } } }
  }
}
"""


def test_each_locale_keeps_its_own_answer_and_is_never_served_anothers(graphql, now):
    """The locale comes as a variable, which the key leaves out as an argument of the moment: it must key by itself."""

    def ask_in(locale: str | None) -> tuple[dict, int]:
        with CaptureQueriesContext(connection) as queries:
            data = graphql.data(LOCALISED, {"at": now.isoformat(), "locale": locale})
        return data["moment"], len(queries)

    simplified, _ = ask_in("ZH_HANS")
    traditional, traditional_queries = ask_in("ZH_HANT")
    assert traditional_queries > 0
    assert (simplified["scenes"], traditional["scenes"]) == ([{"name": "周末下厨"}], [{"name": "週末下廚"}])
    assert simplified["items"] and traditional["items"] != simplified["items"]
    hong_kong, hong_kong_queries = ask_in("ZH_HANT_HK")
    assert hong_kong_queries > 0
    for locale, expected in ((None, simplified), ("ZH_HANS", simplified), ("ZH_HANT", traditional), ("ZH_HANT_HK", hong_kong)):
        assert ask_in(locale) == (expected, 0)


def test_mistakes_are_never_cached(graphql, now):
    for _ in range(2):
        response = graphql.post(MOMENT, {"at": now.isoformat(), "region": "XX"})
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_the_cache_can_be_turned_off(graphql, settings, now):
    settings.MOMENTS_MOMENT_CACHE_SECONDS = 0
    ask(graphql, now)
    assert ask(graphql, now)[1] > 0
