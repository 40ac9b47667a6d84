"""The admin's app preview over HTTP: the ranked moment it shows, named days, comparison, the QR link, errors, access."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import segno
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from calendars import almanac
from campaigns.models import CampaignPage
from delivery.cache import content_version
from delivery.moment import MomentQuery, infer_scenes
from delivery.taxonomy import taxonomy_at

pytestmark = pytest.mark.date_sensitive

PREVIEW = "/admin/moment-preview/"
ITEM = re.compile(r'data-item="(\w+):(\d+)" data-rank="(\d+)"( data-differs)?')


def fields(at: datetime.datetime, prefix: str = "", **changes) -> dict:
    local = timezone.localtime(at)
    values = {
        "date": local.date().isoformat(), "day": "", "time": local.strftime("%H:%M"), "region": "CN-SH",
        "personas": ["urban-white-collar-woman"], "channel": "app-home", "first": 10, **changes,
    }
    return {f"{prefix}{name}": value for name, value in values.items()}


def shown_items(html: str) -> list[tuple[str, int]]:
    return [(kind, int(pk)) for kind, pk, _rank, _differs in ITEM.findall(html)]


def tomorrow_evening() -> datetime.datetime:
    return (timezone.localtime() + datetime.timedelta(days=1)).replace(hour=21, minute=0, second=0, microsecond=0)


@pytest.fixture
def reviewer_client(client, db):
    client.force_login(User.objects.get(username="reviewer"))
    return client


def test_the_preview_shows_what_moment_ranks_for_the_same_arguments(editor_client):
    at = tomorrow_evening()
    response = editor_client.get(PREVIEW, fields(at))

    assert response.status_code == 200
    moment = MomentQuery(
        taxonomy_at(content_version()), at, at=at, region="CN-SH", scenes=None, personas=["urban-white-collar-woman"],
        channel="app-home", first=10,
    )
    expected = [(type(item.content).__name__, item.content.pk) for item in moment.items]
    assert expected, "the demo world has something for a Shanghai evening"
    kinds = {"ArticlePage": "article", "CampaignPage": "campaign", "UGCPost": "ugc"}
    html = response.content.decode()
    assert shown_items(html) == [(kinds[kind], pk) for kind, pk in expected]
    assert f"{moment.items[0].score:.2f}" in html and moment.items[0].reasons[0] in unescape(html)
    assert all(scene.name in html for scene in moment.scenes)


def test_without_a_query_it_opens_on_the_moment_now(editor_client):
    html = editor_client.get(PREVIEW).content.decode()

    assert f'data-at="{timezone.localdate().isoformat()}T' in html
    assert shown_items(html)


def test_a_festival_sets_the_date(editor_client):
    today = timezone.localdate()
    day = next(day for day in almanac.days_between(today, today + datetime.timedelta(days=365)) if day.name == "520")

    response = editor_client.get(PREVIEW, fields(tomorrow_evening(), date="", day=day.date.isoformat()))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-at="{day.date.isoformat()}T21:00:00+08:00"' in html
    assert re.search(rf"{day.date.isoformat()} 21:00\s*· 520", html)


def in_its_scenes_before_expiry(campaign: CampaignPage) -> datetime.datetime:
    """The last hour before the campaign's expiry in which the time infers one of its scenes (they repeat weekly)."""
    scenes = list(campaign.scenes.all())
    hours = (campaign.expire_at - datetime.timedelta(hours=hour) for hour in range(1, 7 * 24 + 1))
    return next(at for at in hours if not scenes or infer_scenes(scenes, timezone.localtime(at)))


def test_a_campaign_is_shown_until_its_expiry_passes(editor_client):
    """The preview judges what is live at the chosen moment: the app, asked then, no longer sees an ended campaign."""
    now = timezone.now()
    campaign = CampaignPage.objects.live_at(now).filter(expire_at__gt=now + datetime.timedelta(hours=2)).order_by("expire_at").first()
    region, channel = campaign.regions.order_by("code").first(), campaign.channels.order_by("slug").first()
    arguments = {
        "region": region.code if region else "CN", "channel": channel.slug if channel else "app-home",
        "personas": [persona.slug for persona in campaign.personas.all()][:1], "first": 100,
    }
    before = in_its_scenes_before_expiry(campaign)  # judged now if that is already past: still before the expiry
    after = before + datetime.timedelta(days=7)  # the same hour of the week, past the expiry

    shown_before = shown_items(editor_client.get(PREVIEW, fields(before, **arguments)).content.decode())
    shown_after = shown_items(editor_client.get(PREVIEW, fields(after, **arguments)).content.decode())

    assert ("campaign", campaign.pk) in shown_before
    assert ("campaign", campaign.pk) not in shown_after


def test_two_moments_side_by_side_mark_what_differs(editor_client):
    at = tomorrow_evening()
    query = {**fields(at, first=3), **fields(at, prefix="b-", first=6), "compare": "1"}

    html = editor_client.get(PREVIEW, query).content.decode()

    first, second = html.split("data-moment-preview")[1:]
    assert len(shown_items(first)) == 3 and len(shown_items(second)) == 6
    assert shown_items(second)[:3] == shown_items(first)
    assert [differs for *_item, differs in ITEM.findall(first)] == ["", "", ""]
    assert [bool(differs) for *_item, differs in ITEM.findall(second)] == [False] * 3 + [True] * 3
    assert second.count("Not in the other moment") == 3


def test_the_qr_code_encodes_the_apps_link_to_the_same_moment(editor_client, settings):
    settings.MOMENTS_APP_MOMENT_URL = "moments-staging://moment?{query}"
    at = tomorrow_evening()

    html = editor_client.get(PREVIEW, fields(at)).content.decode()

    link = unescape(re.search(r'href="([^"]+)" data-app-url', html).group(1))
    assert link.startswith("moments-staging://moment?")
    assert parse_qs(urlsplit(link).query) == {
        "at": [at.isoformat()], "region": ["CN-SH"], "personas": ["urban-white-collar-woman"], "channel": ["app-home"],
        "first": ["10"],
    }
    assert segno.make(link, error="m").svg_inline(scale=4) in html  # the SVG drawn is the link's own QR code


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"region": "CN-XX"}, "Select a valid choice"),
        ({"date": "1850-01-01"}, "The app&#x27;s moments run from 1901 to 2099"),
        ({"date": "", "day": ""}, "Pick a date, or a festival or solar term"),
        ({"day": "2001-01-01"}, "Select a valid choice"),
        ({"first": "0"}, "greater than or equal to 1"),
    ],
)
def test_bad_fields_answer_a_form_error(editor_client, changes, message):
    response = editor_client.get(PREVIEW, fields(tomorrow_evening(), **changes))

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_second_moment_is_an_error_only_when_comparing(editor_client):
    query = {**fields(tomorrow_evening()), **fields(tomorrow_evening(), prefix="b-", region="CN-XX")}

    assert editor_client.get(PREVIEW, query).status_code == 200
    assert editor_client.get(PREVIEW, {**query, "compare": "1"}).status_code == 400


def test_reviewers_may_preview_and_see_the_menu_item(reviewer_client):
    assert reviewer_client.get(PREVIEW, fields(tomorrow_evening())).status_code == 200
    assert PREVIEW in reviewer_client.get("/admin/").content.decode()  # in the sidebar's menu data


def test_a_user_without_the_permission_is_refused(client, db):
    user = User.objects.create_user("outsider", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    assert client.get(f"{PREVIEW}?{urlencode(fields(tomorrow_evening()), doseq=True)}").status_code in (302, 403)
    assert PREVIEW not in client.get("/admin/").content.decode()
