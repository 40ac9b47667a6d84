"""The demo world: big enough, believable, and idempotent."""

import datetime
import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from calendars.models import SeasonalEntry, TasteCalendarPage
from campaigns.models import CampaignPage
from cms.models import ArticlePage, Channel, FlagKind, ModerationState, MomentsImage, Persona, Region, Scene, UGCPost

pytestmark = pytest.mark.django_db

COUNTED = [Scene, Persona, Region, Channel, ArticlePage, TasteCalendarPage, SeasonalEntry, CampaignPage, UGCPost, MomentsImage, Page]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seed_twice_gives_the_same_counts():
    before = counts()
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert counts() == before
    assert "[8/8] posts sent from the app" in output.getvalue()  # it reports progress


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
    assert calendars.count() == 2
    for calendar in calendars:
        assert calendar.entries.count() >= 25


def test_every_scene_has_a_time_window_and_every_persona_a_segment_code():
    assert not Scene.objects.filter(time_windows=None).exists()
    assert not Persona.objects.filter(segment_codes=None).exists()


def entries(item: str, region: str):
    return SeasonalEntry.objects.filter(item=item, calendar__region__code=region)


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
