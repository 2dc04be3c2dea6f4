"""Support hours: open or closed in the shop's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

from faq_builder.hours import SupportHours


def test_support_hours_in_shop_time_zone() -> None:
    hours = SupportHours(timezone="Europe/Berlin")
    assert hours.is_open(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))  # Monday 09:30 in Berlin
    assert not hours.is_open(datetime(2026, 11, 23, 16, 30, tzinfo=UTC))  # 17:30 in Berlin
    assert not hours.is_open(datetime(2026, 11, 22, 10, 0, tzinfo=UTC))  # Sunday
