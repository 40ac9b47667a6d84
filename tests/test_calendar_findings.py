"""Coverage, clashes, out-of-season campaigns and gaps, against a hand-built plan with known answers.

The plan (November 2026, seen from a city) is small enough to work out by
hand; the comments say why each answer is what it is. The last tests build
campaigns in the database and read them through the same loader the views use.
"""

import datetime

import pytest
from django.utils import timezone

from calendars import findings
from calendars.coverage import coverage, weeks_of
from calendars.models import TasteCalendarPage
from calendars.plan import Named, Plan, PlannedCampaign, Reach, Season, Span, load_plan
from calendars.selection import Period, Selection, Zoom
from campaigns.models import CampaignPage
from cms.models import Persona, Region, Scene

pytestmark = pytest.mark.date_sensitive


def day(d: int, month: int = 11) -> datetime.date:
    return datetime.date(2026, month, d)


# Regions: 1 country > 2 province > 3 city; 4 another province.
COUNTRY, PROVINCE, CITY, OTHER_PROVINCE = (1,), (2, 1), (3, 2, 1), (4, 1)
SNACK, DRINK = 10, 11
GENZ, MUM = 20, 21
EDITION, OTHER_EDITION = 7, 8

CAMPAIGN_A = PlannedCampaign(1, "A", "live", Span(day(2), day(15)), frozenset({SNACK}), frozenset({GENZ}), reach=Reach((PROVINCE,)), seasonal_entries=frozenset({100}))
CAMPAIGN_B = PlannedCampaign(2, "B", "planned", Span(day(10), day(20)), frozenset({SNACK, DRINK}), frozenset({GENZ}), reach=Reach((CITY,)))
CAMPAIGN_C = PlannedCampaign(3, "C", "live", Span(day(12), day(30)), frozenset({SNACK}), frozenset({GENZ}), reach=Reach((OTHER_PROVINCE,)), seasonal_entries=frozenset({200}))
CAMPAIGN_D = PlannedCampaign(4, "D", "ended", Span(day(1), day(5)), frozenset({SNACK}), frozenset({MUM}))
CAMPAIGN_E = PlannedCampaign(5, "E", "approved", Span(day(16), day(30)), frozenset({DRINK}), frozenset({GENZ}))
# Live content as counted per week for the city: article X (snack, Gen-Z) from 24 November on,
# and one member post Y (drink) shown from 1 October to 3 November.
CONTENT = {("scenes", SNACK): [0, 0, 0, 0, 1, 1], ("personas", GENZ): [0, 0, 0, 0, 1, 1], ("scenes", DRINK): [1, 1, 0, 0, 0, 0]}
CRAB = Season(100, "大闸蟹", "", EDITION, "Shanghai 2026", Reach((PROVINCE,)), Span(day(20, 9), day(10)))
ELSEWHERE = Season(200, "荔枝", "", OTHER_EDITION, "Guangdong 2026", Reach((OTHER_PROVINCE,)), Span(day(1, 5), day(30, 6)))


@pytest.fixture
def plan() -> Plan:
    return Plan(
        selection=Selection(period=Period.around(Zoom.MONTH, day(1))),
        region_chain=CITY,
        editions=[TasteCalendarPage(pk=EDITION)],
        campaigns=[CAMPAIGN_A, CAMPAIGN_B, CAMPAIGN_C, CAMPAIGN_D, CAMPAIGN_E],
        unscheduled=[],
        content=CONTENT,
        seasons=[CRAB],
        linked_seasons={100: CRAB, 200: ELSEWHERE},
        almanac_days=[],
        scenes=[Named(SNACK, "Late snack"), Named(DRINK, "Friday drink")],
        personas=[Named(GENZ, "Gen-Z"), Named(MUM, "Mum")],
    )


FIRST_DAY = day(1)  # seen on the period's first day: no week of it has passed


def counts(row) -> list[int]:
    return [cell.count for cell in row.cells]


def test_weeks_run_monday_to_sunday_over_the_whole_period():
    weeks = weeks_of(Span(day(1), day(30)))
    assert [week.span.start for week in weeks] == [day(26, 10), day(2), day(9), day(16), day(23), day(30)]
    assert weeks[-1].span.end == datetime.date(2026, 12, 6)
    assert weeks[0].label == "W44"


def test_coverage_counts_what_a_visitor_in_the_city_gets(plan):
    matrix = coverage(plan, FIRST_DAY)
    snack, drink = matrix.scenes
    # Snack: D (ended, nationwide) in weeks 1-2, A (live, the city's province) in weeks 2-3,
    # X from 24 Nov. B is only planned; C is in another province.
    assert counts(snack) == [1, 2, 1, 0, 1, 1]
    assert [c.id for c in snack.cells[3].planned] == [2]
    # Drink: member post Y until 3 Nov, E (approved) from 16 Nov.
    assert counts(drink) == [1, 1, 0, 1, 1, 1]
    genz, mum = matrix.personas
    assert counts(genz) == [0, 1, 1, 1, 2, 2]
    assert counts(mum) == [1, 1, 0, 0, 0, 0]
    assert mum.gap_weeks == 4


def test_without_a_region_only_nationwide_items_count(plan):
    plan.region_chain = ()
    snack = coverage(plan, FIRST_DAY).scenes[0]
    assert counts(snack) == [1, 1, 0, 0, 1, 1]  # A is the province's only


def test_a_scene_filter_keeps_that_scene_row(plan):
    plan.selection = Selection(period=plan.selection.period, scene=Scene(pk=DRINK))
    assert [row.target.id for row in coverage(plan, FIRST_DAY).scenes] == [DRINK]


def test_clashes_need_a_shared_persona_scene_region_and_time(plan):
    clashes = findings.clashes(plan)
    # A×B: both Gen-Z and snack; the province reaches the city. B×E: Gen-Z, drink, E is nationwide.
    # A×C: other province. A×D: other persona. A×E: A ends before E starts. C×E: other scene.
    assert [(c.first.id, c.second.id) for c in clashes] == [(1, 2), (2, 5)]
    assert clashes[0].overlap == Span(day(10), day(15))
    assert clashes[1].overlap == Span(day(16), day(20))
    assert [s.name for s in clashes[0].scenes] == ["Late snack"]
    assert [s.name for s in clashes[1].scenes] == ["Friday drink"]


def test_a_campaign_running_past_its_item_season_is_reported_with_the_days(plan):
    found = findings.out_of_season(plan)
    # A links the crab, in season until 10 Nov; C's lychee is another edition's.
    assert [(f.campaign.id, f.season.id) for f in found] == [(1, 100)]
    assert found[0].days == (Span(day(11), day(15)),)


def test_a_campaign_starting_before_and_ending_after_its_season_has_two_stretches():
    window = Span(day(1, 9), day(30, 11))
    assert window.outside(CRAB.span) == [Span(day(1, 9), day(19, 9)), Span(day(11), day(30))]
    assert Span(day(1), day(5)).outside(Span(day(1, 1), day(31, 12))) == []


def test_gaps_are_runs_of_empty_weeks_with_the_planned_campaigns_that_would_fill_them(plan):
    gaps = findings.report(plan, coverage(plan, FIRST_DAY)).gaps
    summary = [(g.dimension, g.target.name, g.span.start, g.weeks, [c.id for c in g.planned]) for g in gaps]
    assert summary == [
        ("scenes", "Late snack", day(16), 1, [2]),
        ("scenes", "Friday drink", day(9), 1, [2]),
        ("personas", "Gen-Z", day(26, 10), 1, []),
        ("personas", "Mum", day(9), 4, []),
    ]
    assert gaps[-1].span.end == datetime.date(2026, 12, 6)


def test_gaps_that_have_passed_are_not_reported(plan):
    # On 17 Nov: the week of 16 Nov is still current; earlier weeks are history.
    gaps = findings.report(plan, coverage(plan, day(17))).gaps
    assert [(g.target.name, g.span.start, g.weeks) for g in gaps] == [("Late snack", day(16), 1), ("Mum", day(16), 3)]


@pytest.mark.parametrize("today", [day(1), day(17), day(30), day(7, 12)])
def test_the_matrix_marks_as_gaps_exactly_the_weeks_the_report_lists(plan, today):
    matrix = coverage(plan, today)
    for row in matrix.scenes + matrix.personas:
        marked = [cell.week.start for cell in row.cells if cell.is_gap]
        reported = [week.start for gap in findings.gaps_in(row) for week in weeks_of(gap.span)]
        assert marked == reported, row.target.name
        assert all(not cell.is_gap for cell in row.cells if cell.past)
    mum = matrix.personas[1]
    assert [cell.past for cell in mum.cells].count(True) == sum(week.span.end < today for week in matrix.weeks)


def test_reach_follows_the_region_tree():
    assert Reach((PROVINCE,)).shown_in(CITY)
    assert not Reach((CITY,)).shown_in(PROVINCE)  # a visitor in the province is not in the city
    assert Reach((CITY,)).touches(2) and not Reach((OTHER_PROVINCE,)).touches(2)
    assert Reach((CITY,)).meets(Reach((PROVINCE,))) and not Reach((CITY,)).meets(Reach((OTHER_PROVINCE,)))
    assert Reach().meets(Reach((CITY,)))


# Through the database ---------------------------------------------------------

FAR_QUARTER = datetime.date(2031, 2, 1)  # no demo campaign runs then


def scheduled_campaign(slug: str, start: datetime.date, end: datetime.date, regions: list[str], persona="genz-foodie", scene="office-lunch") -> CampaignPage:
    index = CampaignPage.objects.first().get_parent()
    page = CampaignPage(
        title=slug, slug=slug, hook="hook", planning_stage="planned", live=False,
        go_live_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time(10))),
        expire_at=timezone.make_aware(datetime.datetime.combine(end, datetime.time.min)),
        scenes=[Scene.objects.get(slug=scene)], personas=[Persona.objects.get(slug=persona)],
        regions=list(Region.objects.filter(code__in=regions)),
    )
    index.add_child(instance=page)
    return page


@pytest.mark.django_db
def test_clashing_campaigns_in_the_database_are_found_for_the_region_and_not_elsewhere():
    first = scheduled_campaign("first", datetime.date(2031, 1, 5), datetime.date(2031, 2, 1), ["CN-SH"])
    second = scheduled_campaign("second", datetime.date(2031, 1, 20), datetime.date(2031, 3, 1), ["CN-SH-SH"])
    scheduled_campaign("in-guangdong", datetime.date(2031, 1, 20), datetime.date(2031, 3, 1), ["CN-GD"])
    scheduled_campaign("other-persona", datetime.date(2031, 1, 20), datetime.date(2031, 3, 1), ["CN-SH"], persona="first-time-mum")

    def clashes(region_code: str) -> list[tuple[str, str]]:
        selection = Selection(Period.around(Zoom.QUARTER, FAR_QUARTER), region=Region.objects.get(code=region_code))
        return [(c.first.title, c.second.title) for c in findings.clashes(load_plan(selection))]

    assert clashes("CN-SH") == [("first", "second")]
    assert clashes("CN-GD") == []
    plan = load_plan(Selection(Period.around(Zoom.QUARTER, FAR_QUARTER), region=Region.objects.get(code="CN-SH")))
    by_id = {c.id: c for c in plan.campaigns}
    # The window runs from go-live to the day before expiry, in local dates.
    assert by_id[first.pk].span == Span(datetime.date(2031, 1, 5), datetime.date(2031, 1, 31))
    assert by_id[second.pk].status == "planned"


@pytest.mark.django_db
def test_the_demo_plan_shows_two_live_campaigns_clashing_over_gen_z_weekends_in_shanghai():
    selection = Selection(Period.around(Zoom.MONTH, timezone.localdate()), region=Region.objects.get(code="CN-SH"))
    titles = [{c.first.title, c.second.title} for c in findings.clashes(load_plan(selection))]
    assert {"首单尝鲜礼", "坐上高铁去吃蟹"} in titles
