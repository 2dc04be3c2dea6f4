"""Support hours: when humans answer, in the shop's time zone (mining's off-hours share, the site's banner)."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KEYS = ("timezone", "days", "open", "close", "holidays")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class SupportHours:
    """When humans answer: weekdays (0 = Monday), hours and holidays in the shop's time zone."""

    timezone: str = "UTC"
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    start: time = time(9, 0)
    end: time = time(17, 0)
    holidays: tuple[date, ...] = ()

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ConfigError(f"unknown time zone {self.timezone!r}; use an IANA name such as Europe/Berlin") from error

    def is_open(self, moment: datetime, zone: ZoneInfo | None = None) -> bool:
        local = moment.astimezone(zone or self.zone())
        if local.date() in self.holidays:
            return False
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def describe(self) -> str:
        names = "Mon Tue Wed Thu Fri Sat Sun".split()
        days = ",".join(names[d] for d in self.days)
        return f"{days} {self.start:%H:%M}-{self.end:%H:%M} {self.timezone}"

    @classmethod
    def from_mapping(cls, settings: dict[str, Any], problems: list[str], *, key: str = "support_hours") -> SupportHours:
        """Hours from the ``support_hours`` settings; each problem is appended (key, what is wrong, the fix)."""
        unknown = sorted(set(settings) - set(KEYS))
        if unknown:
            problems.append(f"{key}: unknown key(s) {', '.join(unknown)}; use {', '.join(KEYS)}")
        timezone = str(settings.get("timezone") or "UTC")
        try:
            cls(timezone=timezone).zone()
        except ConfigError as error:
            problems.append(f"{key}.timezone: {error}")
        raw_days = settings.get("days") or list(DAY_NAMES[:5])
        days = []
        for day in raw_days if isinstance(raw_days, list) else [raw_days]:
            if str(day).lower()[:3] in DAY_NAMES:
                days.append(DAY_NAMES.index(str(day).lower()[:3]))
            else:
                problems.append(f"{key}.days: {day!r} is not a weekday; use mon, tue, wed, thu, fri, sat, sun")
        times = []
        for name, default in (("open", "09:00"), ("close", "17:00")):
            value = settings.get(name) or default
            text = str(value)
            match = _TIME.match(text)
            if isinstance(value, int) and not isinstance(value, bool):  # YAML 1.1 reads 17:00 as 1020 (base 60)
                problems.append(f'{key}.{name}: put the time in quotes, e.g. {name}: "{default}"')
                times.append(time.fromisoformat(default))
            elif not match:
                problems.append(f"{key}.{name}: {text!r} is not a time; write it as HH:MM, e.g. {default}")
                times.append(time.fromisoformat(default))
            else:
                times.append(time(int(match.group(1)), int(match.group(2))))
        if times[0] >= times[1]:
            problems.append(f"{key}: 'open' must be before 'close'")
        holidays = []
        for day in settings.get("holidays") or []:
            if isinstance(day, str):  # quoted in YAML: "2026-12-25"
                with contextlib.suppress(ValueError):
                    day = date.fromisoformat(day.strip())
            if isinstance(day, date):
                holidays.append(day)
            else:
                problems.append(f"{key}.holidays: {day!r} is not a date; write dates as 2026-12-25")
        return cls(timezone, tuple(sorted(set(days))), times[0], times[1], tuple(sorted(holidays)))
