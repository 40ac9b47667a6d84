"""The marketing calendar's admin pages over HTTP: who may see them, filters in the URL, what is drawn."""

import dataclasses
import datetime
import re
import zoneinfo
from html import unescape

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from calendars import almanac
from calendars.models import TasteCalendarPage
from calendars.plan import Span, articles_per_week, posts_per_week, week_spans
from calendars.selection import Period, Selection, Zoom
from campaigns.models import CampaignPage
from cms.models import ArticleIndexPage, ArticlePage, Channel, ModerationState, Persona, Region, Scene, UGCPost

pytestmark = pytest.mark.date_sensitive

TIMELINE = "/admin/marketing-calendar/"
COVERAGE = "/admin/marketing-calendar/coverage/"
REPORT = "/admin/marketing-calendar/report/"
YEAR = f"zoom=year&date={timezone.localdate().year}-06-01"


@pytest.fixture
def reviewer_client(client, db):
    client.force_login(User.objects.get(username="reviewer"))
    return client


@pytest.fixture
def outsider_client(client, db):
    """A user who may use the admin, but is in no group that plans."""
    user = User.objects.create_user("outsider", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client


def attribute_values(html: str, name: str) -> list[str]:
    return re.findall(rf'{name}="([^"]*)"', html)


def test_editors_find_the_calendar_in_the_admin_menu(editor_client):
    home = editor_client.get("/admin/").content.decode()
    assert TIMELINE in home


def test_users_outside_the_planning_groups_neither_see_nor_open_it(outsider_client):
    assert TIMELINE not in outsider_client.get("/admin/").content.decode()
    for url in (TIMELINE, COVERAGE, REPORT, "/admin/marketing-calendar/export/?format=csv", "/admin/marketing-calendar/import/"):
        response = outsider_client.get(url)
        assert response.status_code in (302, 403), url
        assert b"BEGIN" not in response.content


def test_the_timeline_for_shanghai_draws_campaigns_seasons_terms_and_today(editor_client):
    response = editor_client.get(f"{TIMELINE}?region=CN-SH")
    html = response.content.decode()
    assert response.status_code == 200
    quarter = Period.around(Zoom.QUARTER, timezone.localdate())
    terms = [day.name for day in almanac.solar_terms(quarter.start.year) if day.date in quarter]
    shown_terms = re.findall(r'data-marker="solar_term" data-name="([^"]+)"', html)
    assert shown_terms == terms and len(terms) == 6
    assert "data-today" in html
    live_campaign = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    assert f'href="/admin/pages/{live_campaign.pk}/edit/"' in html
    assert 'data-status="live"' in html
    assert "上海版尝鲜日历" in html and "mc-peak" in html


def test_filters_narrow_the_campaigns_and_live_in_the_url(editor_client):
    for_mums_too = CampaignPage.objects.get(slug="crab-by-high-speed-rail")  # runs this year, whatever the date
    for_mums_too.personas.add(Persona.objects.get(slug="first-time-mum"))
    for_mums_too.save()
    everything = editor_client.get(f"{TIMELINE}?region=CN-SH&{YEAR}").content.decode()
    for_mums = editor_client.get(f"{TIMELINE}?region=CN-SH&persona=first-time-mum&{YEAR}").content.decode()
    all_ids = set(attribute_values(everything, "data-campaign"))
    mum_ids = set(attribute_values(for_mums, "data-campaign"))
    expected = {str(pk) for pk in CampaignPage.objects.filter(personas__slug="first-time-mum").values_list("pk", flat=True)}
    assert mum_ids and mum_ids < all_ids
    assert mum_ids <= expected
    # Links to the other views and the next period keep the filters.
    assert "persona=first-time-mum" in re.search(r'href="(/admin/marketing-calendar/coverage/\?[^"]+)"', for_mums).group(1)
    assert "persona=first-time-mum" in re.search(r'href="\?([^"]+)" rel="next"', for_mums).group(1)


def test_status_filter_keeps_only_those_statuses(editor_client):
    html = editor_client.get(f"{TIMELINE}?region=CN-SH&status=live&status=approved&{YEAR}").content.decode()
    assert set(attribute_values(html, "data-status")) <= {"live", "approved"}
    assert attribute_values(html, "data-status")


@pytest.mark.parametrize("query", ["region=XX", "persona=nobody", "zoom=decade", "date=31-02-2026", "status=maybe", "region=%00"])
def test_bad_filters_get_a_clear_400_not_a_500(editor_client, query):
    response = editor_client.get(f"{TIMELINE}?{query}")
    assert response.status_code == 400
    assert "These filters cannot be shown" in response.content.decode()


def test_reviewers_read_the_calendar_but_get_no_edit_links_and_no_import(reviewer_client):
    html = reviewer_client.get(f"{TIMELINE}?region=CN-SH&{YEAR}").content.decode()
    assert 'data-campaign="' in html
    assert "/edit/" not in html
    assert "/admin/marketing-calendar/import/" not in html
    assert reviewer_client.get("/admin/marketing-calendar/import/").status_code in (302, 403)
    assert reviewer_client.get(f"{REPORT}?region=CN-SH&{YEAR}").status_code == 200


def test_coverage_marks_empty_weeks_from_this_one_on_as_gaps_and_counts_the_rest(editor_client):
    Scene.objects.create(name="雨天宅家", slug="rainy-day-at-home", place="home", journey_stage="awareness")  # nothing names it
    html = editor_client.get(f"{COVERAGE}?region=CN-GD&{YEAR}").content.decode()
    assert 'data-coverage="scenes"' in html and 'data-coverage="personas"' in html
    cells = re.findall(r'<td(?: class="([^"]+)")? data-week="([^"]+)" data-count="(\d+)"', html)
    counts = [int(count) for _, _, count in cells]
    assert counts.count(0) >= 52 and max(counts) > 0
    this_monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    for kind, monday, count in cells:
        past = datetime.date.fromisoformat(monday) < this_monday
        assert kind == ("mc-cell--past" if past else "mc-cell--gap" if count == "0" else ""), (monday, count)
    titles = attribute_values(html, "title")
    assert any("articles and member posts" in title for title in titles) and any("Campaign: " in title for title in titles)


def test_coverage_cells_escape_what_editors_typed(editor_client):
    shown = attribute_values(editor_client.get(f"{COVERAGE}?region=CN-GD&{YEAR}").content.decode(), "title")
    title = next(line.removeprefix("Campaign: ") for cell in shown for line in cell.split("\n") if line.startswith("Campaign: "))
    assert CampaignPage.objects.filter(title=unescape(title)).update(title='<img src=x onerror="alert(1)">')
    page = editor_client.get(f"{COVERAGE}?region=CN-GD&{YEAR}").content.decode()
    assert "<img src=x" not in page and "Campaign: &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_the_report_links_each_clash_to_both_campaigns_and_each_item_out_of_season(editor_client):
    today = timezone.localdate()
    crab = CampaignPage.objects.get(slug="crab-by-high-speed-rail")
    first_order = CampaignPage.objects.get(slug="first-order-taste")
    # Link the crab campaign to an item of Shanghai's newest edition that is out of season during it.
    window = (timezone.localdate(crab.go_live_at), timezone.localdate(crab.expire_at))
    newest = TasteCalendarPage.objects.filter(region__code="CN-SH").latest("year")
    out_of_season = newest.entries.exclude(season_start__lte=window[1], season_end__gte=window[0]).first()
    crab.seasonal_entries.add(out_of_season)
    crab.save()

    html = editor_client.get(f"{REPORT}?region=CN-SH&zoom=month&date={today}").content.decode()
    clashes = {frozenset(ids.split("-")): body for ids, body in re.findall(r'<li data-clash="([^"]+)">(.*?)</li>', html, re.S)}
    clash = clashes[frozenset({str(crab.pk), str(first_order.pk)})]
    assert {f"/admin/pages/{crab.pk}/edit/", f"/admin/pages/{first_order.pk}/edit/"} <= set(re.findall(r'href="([^"]+)"', clash))
    assert f'data-out-of-season="{crab.pk}-{out_of_season.pk}"' in html


def test_a_scene_with_nothing_live_is_a_gap_from_this_week_to_the_end_of_the_period(editor_client):
    scene = Scene.objects.create(name="雨天宅家", slug="rainy-day-at-home", place="home", journey_stage="awareness")
    html = editor_client.get(f"{REPORT}?region=CN-SH&{YEAR}").content.decode()
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    gap = re.search(rf'<li data-gap="scenes-{scene.pk}-{monday:%Y-%m-%d}"[^>]*>(.*?)</li>', html, re.S)
    assert gap, "the new scene's gap is missing"
    assert "雨天宅家" in gap.group(1)
    assert "/admin/pages/add/cms/articlepage/" in gap.group(1) and "/admin/pages/add/campaigns/campaignpage/" in gap.group(1)
    # Past weeks are not reported, only drawn in the coverage matrix.
    assert not re.search(rf'data-gap="scenes-{scene.pk}-{today.year}-01-', html)


def coverage_gap_weeks(html: str) -> dict[str, set[str]]:
    """Per coverage row ("scenes-12"), the Mondays of its cells marked as gaps."""
    rows = re.findall(r'<tr data-row="([^"]+)">(.*?)</tr>', html, re.S)
    return {row: set(re.findall(r'<td class="mc-cell--gap" data-week="([^"]+)"', cells)) for row, cells in rows}


def report_gap_weeks(html: str) -> dict[str, set[str]]:
    """Per row, the Mondays of the weeks the report's gaps cover."""
    weeks = {}
    for row, start, count in re.findall(r'data-gap="(\w+-\d+)-([\d-]+)" data-weeks="(\d+)"', html):
        monday = datetime.date.fromisoformat(start)
        weeks.setdefault(row, set()).update(str(monday + datetime.timedelta(weeks=n)) for n in range(int(count)))
    return weeks


def test_coverage_and_the_report_agree_on_the_gaps_on_a_fixed_day(client, editor):
    """In mid-February 2031 the quarter's first six weeks are past: grey in the matrix, absent from the report."""
    scene = Scene.objects.create(name="雨天宅家", slug="rainy-day-at-home", place="home", journey_stage="awareness")
    query = "region=CN-SH&zoom=quarter&date=2031-02-12"
    with time_machine.travel(datetime.datetime(2031, 2, 12, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")), tick=False):
        client.force_login(editor)
        matrix = client.get(f"{COVERAGE}?{query}").content.decode()
        report = client.get(f"{REPORT}?{query}").content.decode()
    marked, reported = coverage_gap_weeks(matrix), report_gap_weeks(report)
    assert {row: weeks for row, weeks in marked.items() if weeks} == reported
    mondays_from_now = {str(datetime.date(2031, 2, 10) + datetime.timedelta(weeks=n)) for n in range(8)}  # to 31 March
    assert marked[f"scenes-{scene.pk}"] == mondays_from_now
    assert f'data-gap-count="{report.count("data-gap=")}"' in matrix
    assert 'class="mc-cell--past" data-week="2031-02-03"' in matrix


def test_a_new_reviewers_group_member_gets_access_through_the_group(client, db):
    user = User.objects.create_user("marketer", password="x")
    user.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(user)
    assert client.get(TIMELINE).status_code == 200


def test_member_posts_count_in_each_week_from_their_approval_while_consent_lasts(db):
    """Posts are counted per scene and week in SQL; a post approved at 23:59 on a Sunday counts in that week."""
    scene = Scene.objects.create(name="雨天宅家", slug="rainy-day-at-home", place="home", journey_stage="awareness")
    monday = datetime.date(2026, 3, 2)
    weeks = week_spans(Span(monday, monday + datetime.timedelta(days=27)))

    def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def post(state: str, approved: datetime.datetime, consent: tuple[str, ...] = ("app-home",), until=None) -> None:
        made = UGCPost.objects.create(
            member_id="m-week", member_handle="数周", text="雨天", moderation_state=state, moderated_at=approved,
            created_at=approved - datetime.timedelta(hours=1), consent_until=until,
        )
        made.scenes.set([scene])
        made.consent_channels.set(Channel.objects.filter(slug__in=consent))
        made.save()

    sunday_night = local(monday + datetime.timedelta(days=6), 23, 59)
    post(ModerationState.APPROVED, sunday_night)  # from the first week on: its Sunday is still that week
    post(ModerationState.APPROVED, local(monday + datetime.timedelta(days=7), 10), until=monday + datetime.timedelta(days=14))  # weeks 2 and 3
    post(ModerationState.APPROVED, local(monday, 9), consent=("push",))  # only where push is asked about
    post(ModerationState.APPROVED, local(monday, 9), consent=())  # no consent: never shown
    post(ModerationState.PENDING, local(monday, 9))
    post(ModerationState.APPROVED, local(monday + datetime.timedelta(days=15), 9), until=monday + datetime.timedelta(days=3))  # consent over first

    selection = Selection(period=Period.around(Zoom.MONTH, monday))
    assert posts_per_week(selection, weeks)[scene.pk] == [2, 3, 3, 2]
    app_home = dataclasses.replace(selection, channel=Channel.objects.get(slug="app-home"))
    assert posts_per_week(app_home, weeks)[scene.pk] == [1, 2, 2, 1]
    assert posts_per_week(dataclasses.replace(selection, persona=Persona.objects.first()), weeks) == {}


def test_articles_count_in_each_week_they_are_live_for_a_visitor_in_the_region(db):
    """Counted per scene or persona and week in SQL: from go-live (a Sunday 23:59 counts in that week) to expiry
    (at Monday 00:00, not in that week); an article aimed at another region or channel is not counted."""
    scene = Scene.objects.create(name="雨天宅家", slug="rainy-day-at-home", place="home", journey_stage="awareness")
    persona = Persona.objects.create(name="宅家党", slug="homebody")
    monday = datetime.date(2026, 3, 2)
    weeks = week_spans(Span(monday, monday + datetime.timedelta(days=27)))

    def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def article(slug: str, go_live: datetime.datetime, expire=None, regions=(), channels=(), personas=()) -> None:
        page = ArticlePage(title=slug, slug=slug, intro=slug, author_name="测试", body=[])
        ArticleIndexPage.objects.get().add_child(instance=page)
        page.scenes.set([scene])
        page.personas.set(personas)
        page.regions.set(Region.objects.filter(code__in=regions))
        page.channels.set(Channel.objects.filter(slug__in=channels))
        page.save_revision().publish()
        ArticlePage.objects.filter(pk=page.pk).update(go_live_at=go_live, expire_at=expire)

    article("sunday-night", local(monday + datetime.timedelta(days=6), 23, 59), personas=[persona])  # weeks 1-4
    article("two-weeks-in-shanghai", local(monday, 9), expire=local(monday + datetime.timedelta(days=14), 0), regions=["CN-SH"])
    article("guangdong-only", local(monday, 9), regions=["CN-GD"])
    article("push-only", local(monday, 9), channels=["push"])

    def counted(region: str | None, **filters) -> dict:
        chain = Region.objects.get(code=region).fallback_chain() if region else []
        selection = Selection(period=Period.around(Zoom.MONTH, monday), **filters)
        return articles_per_week(selection, tuple(region.pk for region in chain), weeks)

    in_shanghai = counted("CN-SH-SH")
    assert in_shanghai["scenes", scene.pk] == [3, 3, 2, 2]
    assert in_shanghai["personas", persona.pk] == [1, 1, 1, 1]
    assert counted("CN-GD-GZ")["scenes", scene.pk] == [3, 3, 3, 3]
    assert counted(None)["scenes", scene.pk] == [2, 2, 2, 2]  # no region chosen: nationwide ones only
    assert counted("CN-SH-SH", channel=Channel.objects.get(slug="app-home"))["scenes", scene.pk] == [2, 2, 1, 1]
    assert ("scenes", scene.pk) not in counted("CN-SH-SH", persona=Persona.objects.exclude(pk=persona.pk).first())
