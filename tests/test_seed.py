"""The demo world: big enough, believable, and idempotent."""

import datetime
import io
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from calendars.models import SeasonalEntry, TasteCalendarPage
from campaigns.models import CampaignPage, PlanningStatus
from cms.models import ArticlePage, Channel, FlagKind, ModerationState, MomentsImage, Persona, Region, Scene, UGCPost

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

COUNTED = [Scene, Persona, Region, Channel, ArticlePage, TasteCalendarPage, SeasonalEntry, CampaignPage, UGCPost, MomentsImage, Page]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seed_twice_gives_the_same_counts(demo_seeded_at):
    before = counts()
    output = io.StringIO()
    with time_machine.travel(demo_seeded_at):  # in a new year it would rightly add that year's editions
        call_command("seed_demo", stdout=output)
    assert counts() == before
    assert "[9/9] experiments" in output.getvalue()  # it reports progress


def test_demo_world_is_big_enough():
    assert Scene.objects.count() >= 8
    assert Persona.objects.count() >= 6
    assert ArticlePage.objects.live().count() >= 30
    assert CampaignPage.objects.count() >= 6
    assert UGCPost.objects.approved().count() >= 60
    assert UGCPost.objects.filter(moderation_state=ModerationState.PENDING).exists()
    assert UGCPost.objects.filter(moderation_state=ModerationState.REJECTED).exclude(rejection_reason="").exists()
    assert UGCPost.objects.filter(moderation_state=ModerationState.PENDING, flags__kind=FlagKind.SENSITIVE_WORDS).exists()
    for province in ("CN-GD", "CN-SH", "CN-ZJ"):
        assert Region.objects.get(code=province).parent.code == "CN"
    calendars = TasteCalendarPage.objects.live()
    assert calendars.count() == 4  # Guangdong and Shanghai, last year's editions and this year's
    for calendar in calendars:
        assert calendar.entries.count() >= 25


def test_every_scene_has_a_time_window_and_every_persona_a_segment_code():
    assert not Scene.objects.filter(time_windows=None).exists()
    assert not Persona.objects.filter(segment_codes=None).exists()


def entries(item: str, region: str):
    """The item in the region's newest edition."""
    newest = TasteCalendarPage.objects.filter(region__code=region).latest("year")
    return SeasonalEntry.objects.filter(item=item, calendar=newest)


def test_seasons_follow_real_produce():
    crab = entries("大闸蟹", "CN-SH").get()
    year = crab.calendar.year
    assert crab.is_in_season(datetime.date(year, 10, 20)) and crab.is_peak(datetime.date(year, 10, 20))
    assert not crab.is_in_season(datetime.date(year, 6, 1))
    # Bayberry ripens in Guangdong first and moves north to Zhejiang's varieties.
    guangdong = entries("杨梅", "CN-GD").get()
    shanghai = entries("杨梅", "CN-SH").order_by("season_start")
    assert guangdong.season_start < shanghai.first().season_start < shanghai.last().season_start
    assert (shanghai.last().season_end - guangdong.season_start).days >= 80
    # Spring bamboo shoots are anchored to solar terms, not typed-in dates.
    shoots = entries("春笋", "CN-SH").get()
    assert (shoots.season_start_anchor, shoots.season_end_anchor) == ("惊蛰", "立夏")


def test_demo_articles_render_their_body():
    article = ArticlePage.objects.get(slug="hairy-crab-same-day")
    assert "阳澄湖大闸蟹当日捞当日达" in str(article.body)
    assert {block.block_type for block in article.body} >= {"paragraph", "image", "steps", "product", "quote"}


def test_demo_images_are_real_jpegs():
    image = MomentsImage.objects.first()
    assert (image.width, image.height) in {(960, 640), (640, 640)}
    with image.open_file() as file:
        assert file.read(3) == b"\xff\xd8\xff"


def test_the_demo_keeps_its_promise_on_the_day_it_is_seeded():
    """Whatever the date: campaigns ended, live, ahead and in review, and seasons that cover today."""
    statuses = Counter(CampaignPage.objects.with_planning_status().values_list("planning_status", flat=True))
    assert statuses[PlanningStatus.LIVE] >= 2
    assert statuses[PlanningStatus.ENDED] >= 1 and statuses[PlanningStatus.APPROVED] >= 1
    assert statuses[PlanningStatus.IN_REVIEW] == 1
    today = timezone.localdate()
    for region in ("CN-GD", "CN-SH"):
        covering = SeasonalEntry.objects.filter(calendar__live=True, calendar__region__code=region, season_start__lte=today, season_end__gte=today)
        assert covering.count() >= 3, region


def test_the_hairy_crab_campaign_follows_the_current_or_next_season():
    crab = CampaignPage.objects.get(slug="hairy-crab-season")
    starts, ends = timezone.localtime(crab.go_live_at), timezone.localtime(crab.expire_at)
    assert (starts.month, starts.day, ends.month, ends.day) == (9, 20, 12, 1)
    assert ends > timezone.now() and starts.year in (timezone.localdate().year, timezone.localdate().year + 1)


def arms(experiment_key: str, outcome: str) -> dict:
    """Each variant's outcome out of its impressions, from the demo's daily counts."""
    from campaigns.experiment_statistics import Arm
    from campaigns.models import ExperimentDailyCount

    totals = Counter()
    for variant, kind, count in ExperimentDailyCount.objects.filter(experiment__key=experiment_key).values_list("variant", "kind", "count"):
        totals[variant, kind] += count
    variants = {variant for variant, _kind in totals}
    return {variant: Arm(successes=totals[variant, outcome], trials=totals[variant, "impression"]) for variant in variants}


def test_the_demo_experiments_tell_their_story_from_their_events():
    from campaigns.experiment_statistics import probability_to_beat
    from campaigns.models import ExperimentDailyCount, ExperimentEvent

    coupon = arms("first-order-targeted-coupon", "claim")
    assert coupon["member-targeted"].rate > 3 * coupon["control"].rate  # the targeted coupon clearly ahead
    assert probability_to_beat(coupon["control"], coupon["member-targeted"]) > 0.999
    hook = arms("520-bouquet-hook", "click")
    assert hook["plain-price"].rate < hook["fruit-bouquet"].rate < 1.5 * hook["plain-price"].rate  # modestly ahead
    assert min(arm.trials for arm in hook.values()) > 2000
    counted = sum(ExperimentDailyCount.objects.filter(experiment__key__in=["520-bouquet-hook", "first-order-targeted-coupon"]).values_list("count", flat=True))
    assert counted == ExperimentEvent.objects.filter(source="demo app").count()
