"""The order portal and the shop facts the help site shows: endpoints, returns policy, support hours, feedback.

Configured once (under the ``faq-builder`` plugin in ``mkdocs.yml``) and validated all at once: every problem
is named with its key and the fix. Endpoint URLs must be https, their host fixed (placeholders only after it),
and their placeholders known, so a shopper's order number or email can only ever go to the shop's endpoint.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError
from .mine import SupportHours

#: Placeholder -> (form label, input type, autocomplete hint, example shown as help).
FIELDS: dict[str, tuple[str, str, str, str]] = {
    "order_number": ("Order number", "text", "off", "As in your confirmation email, e.g. NW-102938"),
    "email": ("Email address", "email", "email", "The address you ordered with"),
    "postcode": ("Postcode", "text", "postal-code", "Of the delivery address"),
    "phone": ("Phone number", "tel", "tel", "The number you ordered with"),
    "last_name": ("Last name", "text", "family-name", "As on the order"),
}
ACTIONS: dict[str, tuple[str, str]] = {
    "track_order": ("Track my order", "See where your parcel is and when it arrives."),
    "start_return": ("Start a return", "Send items back and get a return label."),
    "change_order": ("Change or cancel my order", "Change the address, size or items before it ships."),
    "order_history": ("My orders and invoices", "See past orders and download invoices."),
}
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_FIXED_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#{}]+[/?#]")
_SHOP_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One self-service action: a URL template such as ``https://shop.example/track?order={order_number}``."""

    action: str
    url: str
    label: str
    description: str
    placeholders: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.action.replace("_", "-")


@dataclass(frozen=True, slots=True)
class ReturnsPolicy:
    window_days: int
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PortalConfig:
    """Everything shoppers can do themselves, and the shop facts answers may quote."""

    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    returns: ReturnsPolicy | None = None
    hours: SupportHours = SupportHours()
    shop: dict[str, str] = field(default_factory=dict)
    feedback_endpoint: str | None = None

    @classmethod
    def from_mapping(
        cls,
        *,
        portal: dict[str, Any] | None = None,
        returns: dict[str, Any] | None = None,
        hours: dict[str, Any] | None = None,
        shop: dict[str, Any] | None = None,
        feedback: dict[str, Any] | None = None,
    ) -> PortalConfig:
        """Validate every section, then fail once with all problems (key, what is wrong, the fix)."""
        problems: list[str] = []
        endpoints = _endpoints(portal or {}, problems)
        policy = _returns(returns, problems)
        support = _hours(hours or {}, problems)
        facts = _shop(shop or {}, problems)
        endpoint = _feedback(feedback or {}, problems)
        if problems:
            raise ConfigError("invalid faq-builder settings in mkdocs.yml:\n  " + "\n  ".join(problems))
        if policy is not None:
            facts.setdefault("return_window_days", str(policy.window_days))
        return cls(endpoints, policy, support, facts, endpoint)


def _dict(value: object, key: str, problems: list[str]) -> dict:
    if isinstance(value, dict):
        return value
    problems.append(f"{key}: expected a mapping of keys to values, got {type(value).__name__}")
    return {}


def _endpoints(portal: dict[str, Any], problems: list[str]) -> dict[str, Endpoint]:
    endpoints = {}
    for action, raw in _dict(portal, "portal", problems).items():
        key = f"portal.{action}"
        if action not in ACTIONS:
            problems.append(f"{key}: unknown action; use one of: {', '.join(ACTIONS)}")
            continue
        settings = {"url": raw} if isinstance(raw, str) else _dict(raw, key, problems)
        unknown = sorted(set(settings) - {"url", "label", "description"})
        if unknown:
            problems.append(f"{key}: unknown key(s) {', '.join(unknown)}; use url, label, description")
        url = settings.get("url")
        if not isinstance(url, str) or not url:
            problems.append(f"{key}.url: missing; give the https URL template, e.g. https://shop.example/track")
            continue
        placeholders = _check_url(url, f"{key}.url", problems)
        label, description = ACTIONS[action]
        endpoints[action] = Endpoint(
            action,
            url,
            str(settings.get("label") or label),
            str(settings.get("description") or description),
            placeholders,
        )
    return endpoints


def _check_url(url: str, key: str, problems: list[str]) -> tuple[str, ...]:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(url) if name is not None]
    except ValueError as error:
        problems.append(f"{key}: {error}; write placeholders as {{order_number}}, braces as {{{{ }}}}")
        return ()
    unknown = sorted({name for name in names if name not in FIELDS})
    if unknown:
        problems.append(f"{key}: unknown placeholder(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
    parts = urlsplit(url.replace("{", "").replace("}", ""))
    if parts.scheme != "https":
        problems.append(f"{key}: {url!r} is not https; shoppers' order data must travel encrypted")
    if names and not _FIXED_HOST.match(url.split("{", 1)[0]):
        problems.append(f"{key}: a placeholder is in the host name; the host must be fixed (placeholders go after it)")
    return tuple(dict.fromkeys(name for name in names if name in FIELDS))


def _returns(value: dict[str, Any] | None, problems: list[str]) -> ReturnsPolicy | None:
    if value is None:
        return None
    settings = _dict(value, "returns", problems)
    days = settings.get("window_days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        problems.append("returns.window_days: give the return window as a whole number of days, e.g. 30")
        days = 1
    conditions = settings.get("conditions") or []
    if not isinstance(conditions, list) or not all(isinstance(c, str) for c in conditions):
        problems.append("returns.conditions: give a list of texts, one condition per line starting with '- '")
        conditions = []
    return ReturnsPolicy(days, tuple(conditions))


def _hours(value: dict[str, Any], problems: list[str]) -> SupportHours:
    settings = _dict(value, "support_hours", problems)
    unknown = sorted(set(settings) - {"timezone", "days", "open", "close", "holidays"})
    if unknown:
        problems.append(
            f"support_hours: unknown key(s) {', '.join(unknown)}; use timezone, days, open, close, holidays"
        )
    timezone = str(settings.get("timezone") or "UTC")
    hours = SupportHours(timezone=timezone)
    try:
        hours.zone()
    except ConfigError as error:
        problems.append(f"support_hours.timezone: {error}")
    raw_days = settings.get("days") or list(DAY_NAMES[:5])
    days = []
    for day in raw_days if isinstance(raw_days, list) else [raw_days]:
        if str(day).lower()[:3] in DAY_NAMES:
            days.append(DAY_NAMES.index(str(day).lower()[:3]))
        else:
            problems.append(f"support_hours.days: {day!r} is not a weekday; use mon, tue, wed, thu, fri, sat, sun")
    times = []
    for name, default in (("open", "09:00"), ("close", "17:00")):
        text = str(settings.get(name) or default)
        match = _TIME.match(text)
        if not match:
            problems.append(f"support_hours.{name}: {text!r} is not a time; write it as HH:MM, e.g. {default}")
            times.append(time.fromisoformat(default))
        else:
            times.append(time(int(match.group(1)), int(match.group(2))))
    if times[0] >= times[1]:
        problems.append("support_hours: 'open' must be before 'close'")
    holidays = []
    for day in settings.get("holidays") or []:
        if isinstance(day, date):
            holidays.append(day)
        else:
            problems.append(f"support_hours.holidays: {day!r} is not a date; write dates as 2026-12-25")
    return SupportHours(timezone, tuple(sorted(set(days))), times[0], times[1], tuple(sorted(holidays)))


def _shop(value: dict[str, Any], problems: list[str]) -> dict[str, str]:
    facts = {}
    for key, fact in _dict(value, "shop", problems).items():
        if not _SHOP_KEY.match(str(key)):
            problems.append(f"shop.{key}: names are lower-case letters, digits and _, e.g. free_shipping_threshold")
        elif not isinstance(fact, str | int | float) or isinstance(fact, bool):
            problems.append(f"shop.{key}: give a text or a number")
        else:
            facts[str(key)] = str(fact)
    return facts


def _feedback(value: dict[str, Any], problems: list[str]) -> str | None:
    settings = _dict(value, "feedback", problems)
    endpoint = settings.get("endpoint")
    if endpoint is None:
        return None
    if not isinstance(endpoint, str) or urlsplit(endpoint).scheme != "https" or not urlsplit(endpoint).netloc:
        problems.append(f"feedback.endpoint: {endpoint!r} is not an https URL; feedback goes to your own endpoint")
        return None
    return endpoint
