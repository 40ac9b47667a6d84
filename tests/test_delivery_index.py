"""The delivery index follows every change the app could see, and a rebuild finds nothing to correct.

Content is changed the way editors, moderators and Wagtail's scheduler change
it (publishing actions, moderation, consent, campaign slots, view
restrictions); the index is then compared with what a rebuild from the
database makes, and `moment` is asked whether the change shows.
"""

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from calendars.models import SeasonalEntry, TasteCalendarPage
from campaigns.models import CampaignPage, CampaignSlot
from cms.models import ArticleIndexPage, ArticlePage, Channel, ModerationState, Region, Scene, UGCPost
from delivery.models import IndexedItem, IndexedSignal

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

MOMENT = """query ($scenes: [String!], $at: DateTime) {
  moment(region: "CN-ZJ-HZ", scenes: $scenes, at: $at, first: 50) {
    items { content { __typename ... on Article { slug } ... on UGCPost { id } ... on Campaign { slug } } }
  }
}"""


def snapshot() -> set[tuple]:
    """The index as comparable values: each item with its window, traits and signal codes."""
    signals = {}
    for item_id, code in IndexedSignal.objects.values_list("item_id", "code"):
        signals.setdefault(item_id, set()).add(code)
    return {
        (item.kind, item.object_id, item.published_at, item.live_from, item.live_until, json.dumps(item.traits, sort_keys=True, ensure_ascii=False), item.title,
         item.priority, frozenset(signals.get(item.pk, ())))
        for item in IndexedItem.objects.all()
    }


def rebuilt() -> set[tuple]:
    call_command("rebuild_delivery_index", stdout=io.StringIO())
    return snapshot()


def shown(graphql, scene: Scene, at: datetime.datetime | None = None) -> set[str]:
    variables = {"scenes": [scene.slug], "at": at.isoformat() if at else None}
    items = graphql.data(MOMENT, variables)["moment"]["items"]
    return {item["content"].get("slug") or f"post-{item['content']['id']}" for item in items}


@pytest.fixture
def scene() -> Scene:
    """A scene no demo content names, so a moment in it shows only what a test makes."""
    return Scene.objects.create(name="测试场景", slug="index-test-scene")


def new_article(scene: Scene, slug: str, regions: tuple[str, ...] = (), **schedule) -> ArticlePage:
    page = ArticlePage(title=slug, slug=slug, intro=slug, author_name="测试", body=[], live=False, **schedule)
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.scenes.set([scene])
    page.regions.set(Region.objects.filter(code__in=regions))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def new_post(scene: Scene, state: str = ModerationState.APPROVED, consent: tuple[str, ...] = ("app-home",), **fields) -> UGCPost:
    post = UGCPost.objects.create(
        member_id="m-index", member_handle="索引", text=fields.pop("text", "今天的下午茶"), moderation_state=state,
        region=Region.objects.get(code="CN-ZJ-HZ"), **fields,
    )
    post.consent_channels.set(Channel.objects.filter(slug__in=consent))
    post.scenes.set([scene])
    post.save()
    return post


def test_the_seeded_demo_is_indexed_as_a_rebuild_would_index_it():
    """Every page and post the demo builder made went through the signals; a rebuild changes nothing."""
    kept_current = snapshot()
    assert {kind for kind, *_ in kept_current} == {"article", "campaign", "ugc"}
    assert kept_current == rebuilt()


def test_the_rebuild_command_shows_its_progress():
    out = io.StringIO()
    call_command("rebuild_delivery_index", stdout=out)
    report = out.getvalue()
    assert "article: " in report and "ugc: " in report and "Delivery index rebuilt:" in report
    out = io.StringIO()
    call_command("rebuild_delivery_index", "--if-empty", stdout=out)
    assert "already built" in out.getvalue()


def test_publishing_and_unpublishing_move_an_article_in_and_out(graphql, scene):
    article = new_article(scene, "index-published")
    assert IndexedItem.objects.get(kind="article", object_id=article.pk).traits["scene"] == [scene.pk]
    assert shown(graphql, scene) == {"index-published"}
    article.unpublish()
    assert not IndexedItem.objects.filter(kind="article", object_id=article.pk).exists()
    assert shown(graphql, scene) == set()
    assert snapshot() == rebuilt()


def test_go_live_and_expiry_take_effect_with_no_event(graphql, scene):
    """The index keeps the live window; what is live is decided when the app asks."""
    now = timezone.now()
    new_article(scene, "index-window", go_live_at=now + datetime.timedelta(days=1), expire_at=now + datetime.timedelta(days=3))
    ArticlePage.objects.filter(slug="index-window").update(live=True)  # as publish_scheduled leaves it, with no signal of ours
    call_command("rebuild_delivery_index", stdout=io.StringIO())
    assert shown(graphql, scene) == set()
    with time_machine.travel(now + datetime.timedelta(days=2)):
        assert shown(graphql, scene) == {"index-window"}
    with time_machine.travel(now + datetime.timedelta(days=4)):
        assert shown(graphql, scene) == set()


def test_moderation_and_consent_decide_which_posts_are_indexed(graphql, scene):
    pending = new_post(scene, state=ModerationState.PENDING)
    assert not IndexedItem.objects.filter(kind="ugc", object_id=pending.pk).exists()
    pending.moderation_state = ModerationState.APPROVED
    pending.save()
    assert shown(graphql, scene) == {f"post-{pending.pk}"}

    pending.consent_channels.set(Channel.objects.filter(slug="push"))
    pending.save()  # parental many-to-many values are written on save
    assert not IndexedSignal.objects.filter(item__object_id=pending.pk, code__startswith=f"ugc@{Channel.objects.get(slug='app-home').pk}:").exists()
    assert shown(graphql, scene) == set()
    assert snapshot() == rebuilt()


def test_consent_ends_with_its_last_day(graphql, scene):
    today = timezone.localdate()
    post = new_post(scene, consent_until=today + datetime.timedelta(days=1))
    assert shown(graphql, scene) == {f"post-{post.pk}"}
    noon_after = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=2), datetime.time(12)))
    with time_machine.travel(noon_after):
        assert shown(graphql, scene) == set()


def test_a_campaign_slot_gives_its_article_the_campaign(scene):
    article = new_article(scene, "index-slotted")
    campaign = CampaignPage.objects.live().first()
    CampaignSlot.objects.create(campaign=campaign, article=article)
    assert campaign.pk in IndexedItem.objects.get(kind="article", object_id=article.pk).traits["campaign"]
    assert snapshot() == rebuilt()


def test_a_view_restriction_takes_everything_below_it_out(graphql, scene):
    new_article(scene, "index-restricted")
    restriction = PageViewRestriction.objects.create(page=ArticleIndexPage.objects.get(), restriction_type=PageViewRestriction.LOGIN)
    assert not IndexedItem.objects.filter(kind="article").exists()
    assert shown(graphql, scene) == set()
    restriction.delete()
    assert shown(graphql, scene) == {"index-restricted"}
    assert snapshot() == rebuilt()


def test_a_page_made_private_around_the_models_is_not_shown_once_the_content_changes(graphql, scene):
    """The index still holds it, but ranked items are loaded through cms/visibility.py with the private pages of the
    content version: the database has the last word."""
    article = new_article(scene, "index-private-around")
    assert shown(graphql, scene) == {"index-private-around"}
    PageViewRestriction.objects.bulk_create([
        PageViewRestriction(page=ArticleIndexPage.objects.get(), restriction_type=PageViewRestriction.LOGIN),
    ])  # no signal: nothing is reindexed
    assert IndexedItem.objects.filter(kind="article", object_id=article.pk).exists()
    Scene.objects.create(name="另一个场景", slug="index-other-scene")  # any change the app could see: a new content version
    assert shown(graphql, scene) == set()


def test_a_rebuild_replaces_answers_read_before_it(graphql, scene):
    """Rows written around the models change no content version; the rebuild that follows them does."""
    with time_machine.travel(timezone.now(), tick=False):  # the same moment's answer throughout
        article = new_article(scene, "index-unpublished-around")
        assert shown(graphql, scene) == {"index-unpublished-around"}
        ArticlePage.objects.filter(pk=article.pk).update(live=False)
        assert shown(graphql, scene) == {"index-unpublished-around"}  # the cached answer
        rebuilt()
        assert shown(graphql, scene) == set()


def test_deleting_a_scene_lifts_it_from_everything_that_named_it(graphql, scene):
    """An article aimed only at a scene that is deleted is no longer restricted to it, as the database now says."""
    new_article(scene, "index-orphaned", regions=("CN-ZJ-HZ",))  # local to the moment asked: a reason once it fits
    other = Scene.objects.exclude(pk=scene.pk).first()
    assert "index-orphaned" not in shown(graphql, other)
    demo_scene = Scene.objects.exclude(pk__in=[scene.pk, other.pk]).first()
    scene.delete()
    demo_scene.delete()  # named by demo articles, campaigns and posts
    assert "index-orphaned" in shown(graphql, other)
    assert snapshot() == rebuilt()


def test_a_new_seasonal_item_puts_the_posts_naming_it_in_season(scene):
    post = new_post(scene, text="第一次吃到释迦果")
    calendar = TasteCalendarPage.objects.live().first()
    SeasonalEntry.objects.create(
        calendar=calendar, item="释迦果", category="fruit", origin="台湾",
        season_start=datetime.date(2026, 1, 1), season_end=datetime.date(2026, 2, 1),
    )
    assert "释迦果" in IndexedItem.objects.get(kind="ugc", object_id=post.pk).traits["word"]
    assert snapshot() == rebuilt()


def test_pre_selection_reads_only_the_index(graphql, settings):
    """Content tables are read only for the items already ranked, by primary key."""
    settings.MOMENTS_MOMENT_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        graphql.data('{ moment(region: "CN-SH-SH", first: 20) { items { score } } }')
    reading_content = [query["sql"] for query in queries if 'FROM "cms_ugcpost"' in query["sql"] or 'FROM "cms_articlepage"' in query["sql"]]
    assert reading_content, "the ranked items are loaded"
    assert all(" IN (" in sql and "LIKE" not in sql for sql in reading_content)
    assert any('"delivery_indexedsignal"' in query["sql"] for query in queries)


def test_moment_items_show_the_targeting_the_database_holds(graphql):
    """Ranked content takes its scenes, personas, regions and channels from the index: they match the pages'."""
    targeting = "scenes { slug } personas { slug } regions { code } channels { slug }"
    query = f"""{{ moment(region: "CN-SH-SH", scenes: ["weekend-family-store", "festival-gifting", "weekend-home-cooking"], first: 50) {{
      items {{ content {{ __typename ... on Article {{ slug {targeting} }} ... on Campaign {{ slug {targeting} }} ... on UGCPost {{ id scenes {{ slug }} }} }} }}
    }} }}"""
    items = [item["content"] for item in graphql.data(query)["moment"]["items"]]
    assert {item["__typename"] for item in items} == {"Article", "Campaign", "UGCPost"}
    for item in items:
        if item["__typename"] == "UGCPost":
            scenes = UGCPost.objects.get(pk=item["id"]).scenes.order_by("name")
            fetched = {"id": item["id"], "scenes": [{"slug": scene.slug} for scene in scenes]}
        else:
            field = item["__typename"].lower()
            fetched = graphql.data(f'query($slug: String!) {{ {field}(slug: $slug) {{ slug {targeting} }} }}', {"slug": item["slug"]})[field]
        assert {**fetched, "__typename": item["__typename"]} == item
