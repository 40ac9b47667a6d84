import datetime

import pytest

from calendars import almanac


def test_twenty_four_solar_terms_every_year():
    for year in (2024, 2026, 2027, 2030):
        terms = almanac.solar_terms(year)
        assert len(terms) == 24
        assert [term.name for term in terms] == list(almanac.solar_term_names())
        assert all(term.date.year == year for term in terms)


def test_known_dates_2026():
    assert almanac.anchor_date("立春", 2026) == datetime.date(2026, 2, 4)
    assert almanac.anchor_date("立秋", 2026) == datetime.date(2026, 8, 7)
    assert almanac.anchor_date("冬至", 2026) == datetime.date(2026, 12, 22)
    assert almanac.anchor_date("春节", 2026) == datetime.date(2026, 2, 17)
    assert almanac.anchor_date("除夕", 2026) == datetime.date(2026, 2, 16)
    assert almanac.anchor_date("中秋节", 2026) == datetime.date(2026, 9, 25)
    assert almanac.anchor_date("中秋节", 2027) == datetime.date(2027, 9, 15)
    assert almanac.anchor_date("情人节", 2026) == datetime.date(2026, 2, 14)


def test_retail_days_come_with_their_retail_names():
    names = {day.name: day for day in almanac.festivals(2026)}
    assert names["520"].date == datetime.date(2026, 5, 20)
    assert names["双十一"].date == datetime.date(2026, 11, 11)
    assert names["双十一"].kind == almanac.RETAIL_DAY


def test_unknown_anchor_is_a_key_error():
    with pytest.raises(KeyError):
        almanac.anchor_date("no such day", 2026)


def test_days_between_spans_years():
    found = almanac.days_between(datetime.date(2026, 12, 20), datetime.date(2027, 1, 6))
    assert [day.name for day in found] == ["冬至", "平安夜", "圣诞节", "元旦节", "小寒"]
