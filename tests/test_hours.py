"""Support hours: open or closed in the shop's time zone (across DST, on holidays), and their settings validated."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from faq_builder.errors import ConfigError
from faq_builder.hours import SupportHours


def test_support_hours_in_shop_time_zone() -> None:
    hours = SupportHours(timezone="Europe/Berlin")
    assert hours.is_open(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))  # Monday 09:30 in Berlin
    assert not hours.is_open(datetime(2026, 11, 23, 16, 30, tzinfo=UTC))  # 17:30 in Berlin
    assert not hours.is_open(datetime(2026, 11, 22, 10, 0, tzinfo=UTC))  # Sunday


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        # Berlin moves from UTC+1 to UTC+2 on Sunday 29 March 2026: the same UTC time is an hour later locally.
        (datetime(2026, 3, 27, 7, 30, tzinfo=UTC), False),  # Friday 08:30 CET
        (datetime(2026, 3, 30, 7, 30, tzinfo=UTC), True),  # Monday 09:30 CEST
        (datetime(2026, 3, 27, 15, 30, tzinfo=UTC), True),  # Friday 16:30 CET
        (datetime(2026, 3, 30, 15, 30, tzinfo=UTC), False),  # Monday 17:30 CEST
        # And back to UTC+1 on Sunday 25 October 2026.
        (datetime(2026, 10, 23, 15, 30, tzinfo=UTC), False),  # Friday 17:30 CEST
        (datetime(2026, 10, 26, 15, 30, tzinfo=UTC), True),  # Monday 16:30 CET
        (datetime(2026, 10, 26, 7, 30, tzinfo=UTC), False),  # Monday 08:30 CET
    ],
)
def test_open_hours_follow_daylight_saving_time(moment: datetime, is_open: bool) -> None:
    assert SupportHours(timezone="Europe/Berlin").is_open(moment) is is_open


def test_holidays_are_closed_by_the_shop_s_calendar_day() -> None:
    hours = SupportHours(timezone="Europe/Berlin", holidays=(date(2026, 12, 24),))
    assert hours.is_open(datetime(2026, 12, 23, 10, 0, tzinfo=UTC))  # Wednesday 11:00
    assert not hours.is_open(datetime(2026, 12, 24, 10, 0, tzinfo=UTC))  # Thursday 11:00, a holiday
    assert hours.is_open(datetime(2026, 12, 25, 10, 0, tzinfo=UTC))  # Friday 11:00
    # 23:30 UTC on the 23rd is already the 24th in Berlin; shops open at midnight see the holiday by local date.
    night = SupportHours(timezone="Europe/Berlin", start=time(0, 0), end=time(23, 59), holidays=(date(2026, 12, 24),))
    assert not night.is_open(datetime(2026, 12, 23, 23, 30, tzinfo=UTC))
    assert night.is_open(datetime(2026, 12, 23, 22, 30, tzinfo=UTC))


def test_from_mapping_reads_every_setting() -> None:
    problems: list[str] = []
    hours = SupportHours.from_mapping(
        {
            "timezone": "Europe/Berlin",
            "days": ["Monday", "wed", "fri", "fri"],
            "open": "08:30",
            "close": "16:00",
            "holidays": [date(2026, 12, 25), "2026-12-24"],  # quoted in YAML: a string
        },
        problems,
    )
    assert problems == []
    assert hours == SupportHours(
        "Europe/Berlin", (0, 2, 4), time(8, 30), time(16, 0), (date(2026, 12, 24), date(2026, 12, 25))
    )
    assert hours.describe() == "Mon,Wed,Fri 08:30-16:00 Europe/Berlin"
    assert SupportHours.from_mapping({}, problems) == SupportHours() and problems == []


def test_from_mapping_collects_every_problem_at_once() -> None:
    problems: list[str] = []
    SupportHours.from_mapping(
        {
            "timezone": "Mars/Olympus",
            "days": ["mon", "funday"],
            "open": "9am",
            "close": "08:00",
            "holidays": ["xmas"],
            "lunch": "12:00",
        },
        problems,
        key="hours",
    )
    assert problems == [
        "hours: unknown key(s) lunch; use timezone, days, open, close, holidays",
        "hours.timezone: unknown time zone 'Mars/Olympus'; use an IANA name such as Europe/Berlin",
        "hours.days: 'funday' is not a weekday; use mon, tue, wed, thu, fri, sat, sun",
        "hours.open: '9am' is not a time; write it as HH:MM, e.g. 09:00",
        "hours: 'open' must be before 'close'",
        "hours.holidays: 'xmas' is not a date; write dates as 2026-12-25",
    ]


def test_unknown_time_zone_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"^unknown time zone 'Berlin'; use an IANA name such as Europe/Berlin$"):
        SupportHours(timezone="Berlin").is_open(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))


def test_an_unquoted_time_yaml_read_as_a_number_asks_for_quotes() -> None:
    problems: list[str] = []
    SupportHours.from_mapping({"open": 540, "close": "17:00"}, problems)  # YAML 1.1 reads open: 9:00 as 540
    assert problems == ['support_hours.open: put the time in quotes, e.g. open: "09:00"']
