"""The timeline's labels: festival and solar-term names in lanes, bar names inside, beside or in a tooltip.

The layout is worked out for the narrowest track (calendars/label_layout.py);
these tests check it holds there and on wider tracks, over years of real
almanacs. tests/test_browser.py checks the drawn page with the browser's own boxes.
"""

import datetime
import itertools

import pytest

from calendars import almanac, label_layout
from calendars.label_layout import AFTER, BEFORE, HIDDEN, INSIDE, TRACK_REM, Box, bar_text, lanes, marker_box
from calendars.plan import Plan, PlannedCampaign, Span
from calendars.selection import Period, Selection, Zoom
from calendars.timeline import Scale, timeline


def boxes_on(track_rem: float, points: list[tuple[float, str]], places: list[label_layout.LabelPlace]) -> dict[int, list[Box]]:
    """Each lane's label boxes on a track ``track_rem`` wide: a label keeps its width, its point moves."""
    by_lane = {}
    for (left, name), place in zip(points, places):
        if place.lane is None:
            continue
        narrowest, _flipped = marker_box(left, name)
        width, at = narrowest.end - narrowest.start, left / 100 * track_rem
        box = Box(at - width, at) if place.flipped else Box(at, at + width)
        by_lane.setdefault(place.lane, []).append(box)
    return by_lane


def test_names_on_the_same_day_go_to_different_lanes_and_far_apart_ones_share_one():
    places = lanes([(10, "万圣节前夜"), (10.5, "万圣节"), (40, "立冬"), (80, "双十一")])
    assert [place.lane for place in places] == [0, 1, 0, 0]


def test_a_name_near_the_end_of_the_track_ends_at_its_line_instead():
    (place,) = lanes([(99, "消费者权益日")])
    box, flipped = marker_box(99, "消费者权益日")
    assert place.flipped and flipped and 0 <= box.start < box.end <= TRACK_REM


def test_a_name_with_no_lane_left_is_left_to_its_tooltip():
    places = lanes([(50, f"节日{n}") for n in range(4)], max_lanes=3)
    assert [place.lane for place in places] == [0, 1, 2, None]


def almanac_points(period: Period) -> list[tuple[float, str]]:
    scale = Scale(period)
    return [(scale.middle_of(day.date), day.name) for day in almanac.days_between(period.start, period.end)]


@pytest.mark.parametrize("zoom", [Zoom.MONTH, Zoom.QUARTER, Zoom.YEAR])
def test_no_two_names_in_a_lane_touch_on_the_narrowest_track_or_any_wider_one(zoom):
    for year, month in itertools.product(range(2024, 2032), (1, 4, 7, 10)):
        points = almanac_points(Period.around(zoom, datetime.date(year, month, 1)))
        places = lanes(points)
        for track in (TRACK_REM, TRACK_REM * 1.3, TRACK_REM * 3):
            for lane, boxes in boxes_on(track, points, places).items():
                assert all(a.clear_of(b) for a, b in itertools.combinations(boxes, 2)), (year, month, track, lane)
                assert all(0 <= box.start and box.end <= track for box in boxes)


def test_a_quarter_names_every_day_and_a_year_all_but_a_few_festivals():
    for year in range(2024, 2032):
        for month in (1, 4, 7, 10):
            assert None not in [p.lane for p in lanes(almanac_points(Period.around(Zoom.QUARTER, datetime.date(year, month, 1))))]
        days = almanac.days_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        plan = Plan(
            selection=Selection(Period.around(Zoom.YEAR, datetime.date(year, 1, 1))), region_chain=(), editions=[],
            campaigns=[], unscheduled=[], content={}, seasons=[], linked_seasons={}, almanac_days=days, scenes=[], personas=[],
        )
        unnamed = [marker for marker in timeline(plan, datetime.date(year, 6, 1)).markers if marker.lane is None]
        assert len(unnamed) <= 2 and all(marker.kind == almanac.FESTIVAL for marker in unnamed), year  # terms come first


@pytest.mark.parametrize("left, width, label, where", [
    (10, 30, "坐上高铁去吃蟹", INSIDE),
    (10, 3, "坐上高铁去吃蟹", AFTER),  # a week at quarter zoom: too short for its name, which goes after it
    (90, 8, "坐上高铁去吃蟹", BEFORE),  # no room after it either
    (0, 100, "坐上高铁去吃蟹", INSIDE),
    (20, 70, "长" * 60, HIDDEN),  # no room anywhere: its row label and tooltip name it
])
def test_a_bar_name_goes_where_it_fits_whole(left, width, label, where):
    assert bar_text(left, width, label) == where


def test_timeline_bars_carry_where_their_name_goes():
    quarter = Period.around(Zoom.QUARTER, datetime.date(2026, 10, 1))
    short = PlannedCampaign(1, "坐上高铁去吃蟹", "live", Span(datetime.date(2026, 12, 1), datetime.date(2026, 12, 6)))
    long = PlannedCampaign(2, "双十一囤货节", "ended", Span(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)))
    plan = Plan(
        selection=Selection(quarter), region_chain=(), editions=[], campaigns=[short, long], unscheduled=[], content={},
        seasons=[], linked_seasons={}, almanac_days=[], scenes=[], personas=[],
    )
    bars = {bar.id: bar for bar in timeline(plan, datetime.date(2026, 10, 1)).campaigns}
    assert (bars[1].text, bars[2].text) == (AFTER, INSIDE)
