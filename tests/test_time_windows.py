import datetime

import pytest

from cms.models import Scene
from cms.time_windows import normalise_days, window_contains

WEEKDAYS_LATE = ("12345", datetime.time(21, 0), datetime.time(2, 0))


def at(day: str, clock: str) -> datetime.datetime:
    # 2026-11-16 is a Monday.
    weekday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(day)
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.datetime(2026, 11, 16 + weekday, hour, minute)


@pytest.mark.parametrize(
    "day, clock, expected",
    [
        ("mon", "21:00", True),
        ("mon", "20:59", False),
        ("tue", "01:59", True),  # tail of Monday's window
        ("tue", "02:00", False),
        ("fri", "23:30", True),
        ("sat", "01:30", True),  # tail of Friday's window
        ("sat", "21:30", False),  # Saturday starts no window
        ("mon", "01:00", False),  # Sunday started no window
    ],
)
def test_window_crossing_midnight(day, clock, expected):
    assert window_contains(*WEEKDAYS_LATE, at(day, clock)) is expected


def test_window_within_a_day():
    days, start, end = "67", datetime.time(10, 0), datetime.time(17, 30)
    assert window_contains(days, start, end, at("sat", "10:00"))
    assert not window_contains(days, start, end, at("sat", "17:30"))
    assert not window_contains(days, start, end, at("fri", "12:00"))


def test_normalise_days_sorts_and_rejects_junk():
    assert normalise_days("5312") == "1235"
    for bad in ("", "8", "1,2", "mon"):
        with pytest.raises(ValueError):
            normalise_days(bad)


@pytest.mark.django_db
def test_demo_overtime_scene_happens_late_on_weekdays():
    scene = Scene.objects.get(slug="overtime-snacking")
    assert scene.is_happening(at("thu", "23:00"))
    assert scene.is_happening(at("fri", "01:00"))
    assert not scene.is_happening(at("sun", "23:00"))
