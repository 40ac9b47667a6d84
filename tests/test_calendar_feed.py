"""The iCal feed, parsed back with icalendar: events, dates, time zone, secrets and revocation."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.users.models import UserProfile
from icalendar import Calendar

from calendars import almanac
from calendars.models import CalendarFeed
from campaigns.models import CampaignPage

pytestmark = pytest.mark.date_sensitive

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def reviewer(db):
    return User.objects.get(username="reviewer")


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def feed_path(user, query: str = "") -> str:
    return path_of(CalendarFeed.for_user(user).url(query))


def fetch(client, user, query: str = "") -> Calendar:
    response = client.get(feed_path(user, query))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_has_campaigns_with_times_in_shanghai_status_and_link(client, reviewer):
    calendar = fetch(client, reviewer, "region=CN-SH")
    crab = CampaignPage.objects.get(slug="crab-by-high-speed-rail")  # live whenever the demo was seeded
    event = events(calendar)[f"campaign-{crab.pk}@moments-cms"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == crab.go_live_at and end == crab.expire_at
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert start.astimezone(SHANGHAI).time() == datetime.time(0, 0)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Live" in str(event["SUMMARY"]) and "Live" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(f"/admin/pages/{crab.pk}/edit/")
    timezones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert timezones == ["Asia/Shanghai"]
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"


def test_the_feed_has_all_24_solar_terms_and_the_festivals_as_all_day_events(client, reviewer):
    calendar = fetch(client, reviewer)
    year = timezone.localdate().year
    by_uid = events(calendar)
    terms = [e for e in by_uid.values() if "Solar term" in e["CATEGORIES"].cats]
    assert len(terms) == 3 * 24  # last year, this year and next year
    for day in almanac.solar_terms(year):
        matches = [e for e in terms if e.decoded("DTSTART") == day.date]
        assert [str(e["SUMMARY"]) for e in matches] == [day.name]
        assert matches[0].decoded("DTEND") == day.date + datetime.timedelta(days=1)
    mid_autumn = almanac.anchor_date("中秋节", year)
    assert any(str(e["SUMMARY"]) == "中秋节" and e.decoded("DTSTART") == mid_autumn for e in by_uid.values())


def test_peaks_come_from_the_chosen_regions_calendar(client, reviewer):
    shanghai = [e for e in events(fetch(client, reviewer, "region=CN-SH-SH")).values() if str(e["SUMMARY"]).startswith("Peak:")]
    assert shanghai and all("上海版" in str(e["SUMMARY"]) for e in shanghai)
    assert not [e for e in events(fetch(client, reviewer)).values() if str(e["SUMMARY"]).startswith("Peak:")]


def test_filters_apply_to_the_feed(client, reviewer):
    uids = events(fetch(client, reviewer, "persona=first-time-mum"))
    campaigns = {uid for uid in uids if uid.startswith("campaign-")}
    expected = {f"campaign-{pk}@moments-cms" for pk in CampaignPage.objects.filter(personas__slug="first-time-mum").values_list("pk", flat=True)}
    assert campaigns and campaigns <= expected


def test_resetting_revokes_the_old_address(client, reviewer):
    old = feed_path(reviewer)
    assert client.get(old).status_code == 200
    client.force_login(reviewer)
    response = client.post("/admin/marketing-calendar/feed/reset/", {"next": "/admin/marketing-calendar/"})
    assert response.status_code == 302
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(feed_path(reviewer)).status_code == 200


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_resetting_never_sends_the_user_off_the_site(client, reviewer, elsewhere):
    client.force_login(reviewer)
    response = client.post("/admin/marketing-calendar/feed/reset/", {"next": elsewhere})
    assert response.status_code == 302 and response["Location"] == "/admin/marketing-calendar/"


def test_the_feed_stops_when_the_user_loses_access(client, reviewer):
    path = feed_path(reviewer)
    reviewer.groups.remove(Group.objects.get(name="Reviewers"))
    assert client.get(path).status_code == 404
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    reviewer.is_active = False
    reviewer.save()
    assert client.get(path).status_code == 404


def test_unknown_tokens_and_bad_filters_are_refused(client, reviewer):
    assert client.get("/calendar-feeds/not-a-token.ics").status_code == 404
    assert client.get("/calendar-feeds/%00abc.ics").status_code == 404
    response = client.get(feed_path(reviewer, "region=XX"))
    assert response.status_code == 400 and b"region" in response.content


def test_the_admin_shows_the_users_feed_address(client, reviewer):
    client.force_login(reviewer)
    html = client.get("/admin/marketing-calendar/?region=CN-GD").content.decode()
    assert f"{CalendarFeed.for_user(reviewer).token}.ics?region=CN-GD" in html


def test_the_command_prints_a_working_feed_url(client, reviewer):
    out = io.StringIO()
    call_command("calendar_feed_url", "reviewer", "--region", "CN-GD", stdout=out)
    url = out.getvalue().strip()
    assert url.endswith("?region=CN-GD") and CalendarFeed.for_user(reviewer).token in url
    assert client.get(path_of(url)).status_code == 200
    User.objects.create_user("no-calendar", password="x")
    with pytest.raises(CommandError, match="may not view"):
        call_command("calendar_feed_url", "no-calendar", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No region"):
        call_command("calendar_feed_url", "reviewer", "--region", "XX", stdout=io.StringIO())


def test_an_open_ended_campaign_is_an_all_day_event_on_its_first_day(client, reviewer):
    index = CampaignPage.objects.first().get_parent()
    starts = timezone.make_aware(datetime.datetime(timezone.localdate().year, 3, 8, 10, 0))
    page = index.add_child(instance=CampaignPage(title="常驻活动", slug="evergreen", hook="hook", live=False, go_live_at=starts))
    event = events(fetch(client, reviewer))[f"campaign-{page.pk}@moments-cms"]
    assert event.decoded("DTSTART") == starts.date() and "DTEND" not in event
    assert str(event["DESCRIPTION"]).startswith("Status: Idea (no end date)")
    assert str(event["STATUS"]) == "TENTATIVE"


def test_the_feed_is_written_in_its_owners_admin_language(client, reviewer):
    """Calendar apps send no Accept-Language: the owner's choice in the admin decides."""
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "zh-hans"
    profile.save()
    calendar = fetch(client, reviewer, "region=CN-SH-SH")
    assert str(calendar["X-WR-CALNAME"]).startswith("Moments 营销日历")
    by_uid = events(calendar)
    campaigns = [e for e in by_uid.values() if "活动" in e["CATEGORIES"].cats]
    assert campaigns and all(str(e["DESCRIPTION"]).startswith("状态：") for e in campaigns)
    assert any(str(e["SUMMARY"]).startswith("盛产期：") for e in by_uid.values())
    assert any("节气" in e["CATEGORIES"].cats for e in by_uid.values())
