"""Generate a realistic support-ticket history for the fictional shop whose wording is in ``phrases.yml``.

Wording is composed from parts (greeting, self-introduction, context, the ask
in one of many forms, urgency, contact details, sign-off) with typos, slang
and channel habits, so grouping it is about as hard as grouping real tickets.
Arrivals lean to evenings and nights; "order confirmation not received"
spikes for three days in the last week; about 5% of tickets are in
Vietnamese, Thai, Bulgarian or Traditional Chinese. Deterministic per seed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import mailbox
import os
import random
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..atomic import atomic_open
from ..cleaning import html_to_text
from ..errors import ConfigError


class _Phrases:
    """The sample shop's wording, read from ``phrases.yml`` (shipped in the package) on first use.

    Its top-level keys are attributes: ``PHRASES.INTENTS``, ``PHRASES.GREETINGS``, ``PHRASES.SHOP`` ...
    """

    _lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:  # only called for names not loaded yet
        if name.startswith("__"):
            raise AttributeError(name)
        with self._lock:
            if not self.__dict__:
                text = resources.files(__package__).joinpath("phrases.yml").read_text(encoding="utf-8")
                self.__dict__.update(yaml.safe_load(text))
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(f"phrases.yml has no {name!r}") from None


PHRASES = P = _Phrases()

CSV_COLUMNS = [
    "id",
    "created_at",
    "channel",
    "customer",
    "subject",
    "body",
    "agent_reply",
    "first_response_at",
    "resolved_at",
    "status",
    "tags",
]
FRESHDESK_COLUMNS = [
    "Ticket ID",
    "Subject",
    "Description",
    "Status",
    "Priority",
    "Source",
    "Type",
    "Agent",
    "Group",
    "Created time",
    "Due by Time",
    "Resolved time",
    "Closed time",
    "Last update time",
    "Initial response time",
    "Tags",
    "Full name",
    "Email",
    "Product",
]
FOREIGN_SHARE = 0.05
SPIKE_INTENT = "order_confirmation_missing"
SPIKE_SHARE = 0.05
FIRST_ID = 10001
# Relative arrival weight per hour of day (UTC): busiest in the evening, plenty at night.
HOUR_WEIGHTS = [5, 4, 3, 2, 2, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 9, 10, 10, 10, 9, 7]
WEEKDAY_WEIGHTS = [1.2, 1.1, 1.0, 1.0, 0.95, 0.85, 1.0]
CHANNELS = [("email", 45), ("chat", 25), ("web_form", 20), ("social", 10)]
_FOREIGN_GREETINGS = {
    "vi": ["Chào shop,", "Xin chào,", ""],
    "th": ["สวัสดีค่ะ", "สวัสดีครับ", ""],
    "bg": ["Здравейте,", "Добър ден,", ""],
    "zh": ["您好，", "你好，", ""],
}
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(slots=True)
class SampleTicket:
    """One generated ticket, with the raw message as the customer sent it and the personal data injected."""

    id: int
    created_at: datetime
    channel: str
    intent: str
    category: str
    language: str
    customer_name: str
    customer_email: str
    subject: str
    body: str
    is_html: bool
    agent: str
    agent_reply: str | None
    first_response_at: datetime | None
    resolved_at: datetime | None
    status: str
    tags: list[str]
    order_number: str
    follow_up: str | None = None
    follow_up_at: datetime | None = None
    spike: bool = False
    pii: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SampleSummary:
    """What :func:`write_sample` wrote."""

    out: Path
    tickets: int
    files: dict[str, Path]
    first: datetime
    last: datetime
    spike_days: tuple[datetime, datetime]


def _card_number(rng: random.Random) -> str:
    digits = [4] + [rng.randrange(10) for _ in range(14)]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = digit * 2 if index % 2 == 0 else digit
        total += value - 9 if value > 9 else value
    digits.append((10 - total % 10) % 10)
    text = "".join(map(str, digits))
    return " ".join(text[i : i + 4] for i in range(0, 16, 4))


def _phone(rng: random.Random) -> str:
    return rng.choice(
        [
            f"+44 7{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}",
            f"07{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}",
            f"+49 151 {rng.randrange(10000000, 99999999)}",
            f"+1 (415) 555-{rng.randrange(1000, 9999)}",
            f"+33 6 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
        ]
    )


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(rng.choice([1, 1, 2])):
        index = rng.randrange(len(words))
        word = words[index]
        if len(word) < 4 or not word.isalpha():
            continue
        position = rng.randrange(1, len(word) - 1)
        kind = rng.random()
        if kind < 0.4:
            word = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
        elif kind < 0.7:
            word = word[:position] + word[position + 1 :]
        else:
            word = word[:position] + word[position] + word[position:]
        words[index] = word
    return " ".join(words)


_SLANG = [
    (r"\byou\b", "u"),
    (r"\bplease\b", "pls"),
    (r"\bare\b", "r"),
    (r"\bthanks\b", "thx"),
    (r"\bbecause\b", "cuz"),
    (r"\bI'm\b", "im"),
    (r"\bdon't\b", "dont"),
    (r"\bhaven't\b", "havent"),
]


class _Composer:
    """Builds one ticket's wording from the phrase bank."""

    def __init__(self, rng: random.Random, until: datetime) -> None:
        self.rng = rng
        self.until = until

    def fill(self, template: str, slots: dict[str, str]) -> str:
        return _SLOT.sub(lambda m: slots.get(m.group(1), m.group(0)), template)

    def slots(self, ticket_id: int, name: str, email: str) -> dict[str, str]:
        rng = self.rng
        number = str(100000 + (ticket_id * 7919) % 900000)
        order = rng.choice([f"#{number}", f"NW-{number}", f"#NW-{number}", f"order no. {number}", number])
        street_no = rng.randrange(1, 240)
        return {
            "order": order,
            "order_digits": number,
            "product": rng.choice(P.PRODUCTS),
            "size": rng.choice(P.SIZES),
            "color": rng.choice(P.COLORS),
            "city": rng.choice(P.CITIES),
            "country": rng.choice(P.COUNTRIES),
            "code": rng.choice(P.CODES),
            "when": rng.choice(P.WHEN),
            "email": email,
            "phone": _phone(rng),
            "address": f"{street_no} {rng.choice(P.STREETS)}",
            "card": _card_number(rng),
            "iban": "DE89 3704 0044 0532 0130 00",
            "name": name.split()[0],
            "full_name": name,
            "agent": rng.choice(P.AGENTS),
            "amount": rng.choice(["€49.99", "€89", "£120", "€19.95", "$75"]),
            "when_vi": rng.choice(P.FOREIGN_SLOTS["when_vi"]),
            "when_bg": rng.choice(P.FOREIGN_SLOTS["when_bg"]),
            "product_vi": rng.choice(P.FOREIGN_SLOTS["product_vi"]),
        }

    def english(self, intent: dict, slots: dict[str, str], channel: str) -> tuple[str, str, list[str]]:
        """Subject, body and the personal data put in it."""
        rng = self.rng
        used: list[str] = []

        def put(template: str) -> str:
            for slot in _SLOT.findall(template):
                if slot in {"order", "email", "phone", "address", "card", "iban", "full_name"}:
                    used.append(slots[slot])
            return self.fill(template, slots)

        parts: list[str] = []
        introduced = False
        if channel in {"email", "web_form"} or rng.random() < 0.3:
            if rng.random() < 0.15:
                parts.append(put(rng.choice(P.NAMED_GREETINGS)))
                used.append(slots["name"])
                introduced = True
            elif rng.random() < 0.75:
                parts.append(rng.choice(P.GREETINGS) + rng.choice([",", "!", "", " -"]))
        before, after = rng.sample(intent["context"], 2) if len(intent["context"]) > 1 else (None, None)
        if before and rng.random() < 0.45:
            parts.append(put(before))
        parts.append(put(rng.choice(intent["asks"])))
        if after and rng.random() < 0.3:
            parts.append(put(after))
        if rng.random() < 0.3:
            parts.append(rng.choice(P.URGENCY))
        if rng.random() < 0.12:
            parts.append(put(rng.choice(P.CONTACT)))
        if intent is P.INTENTS["refund_status"] and rng.random() < 0.08:
            parts.append(put("Please refund to my IBAN {iban}."))
        if channel in {"email", "web_form"} and rng.random() < 0.6:
            closing = rng.choice(P.CLOSINGS)
            if rng.random() < 0.5 and not introduced:
                signer = slots["full_name"] if rng.random() < 0.5 else slots["name"]
                used.append(signer)
                parts.append(f"{closing},\n{signer}")
            else:
                parts.append(closing)
        body = " ".join(p for p in parts if p) if channel in {"chat", "social"} else "\n\n".join(p for p in parts if p)
        if rng.random() < 0.12:
            body = _typo(body, rng)
        if channel in {"chat", "social"} and rng.random() < 0.4:
            body = body.lower()
            for pattern, replacement in _SLANG:
                if rng.random() < 0.5:
                    body = re.sub(pattern, replacement, body, flags=re.IGNORECASE)
        if channel == "social" and rng.random() < 0.5:
            body = "@northwind " + body + rng.choice(["", " #fail", " 😡", " 🙏"])
        subject = put(rng.choice(intent["subjects"])) if channel in {"email", "web_form"} else ""
        return subject, body, used

    def foreign(self, language: str, wording: dict, slots: dict[str, str]) -> tuple[str, str, list[str]]:
        rng = self.rng
        ask = rng.choice(wording["asks"])
        used = [slots["order"]] if "{order}" in ask else []
        greeting = rng.choice(_FOREIGN_GREETINGS[language])
        body = (greeting + " " + self.fill(ask, slots)).strip()
        return self.fill(rng.choice(wording["subjects"]), slots), body, used


def _as_html_email(body: str, slots: dict[str, str], created: datetime, rng: random.Random) -> str:
    paragraphs = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in body.split("\n\n"))
    quoted = ""
    if rng.random() < 0.5:
        quoted = (
            f'<div class="gmail_quote"><div dir="ltr">On {format_datetime(created - timedelta(days=3))}, '
            f"{P.SHOP} &lt;{P.SUPPORT_ADDRESS}&gt; wrote:</div><blockquote>Thank you for your order "
            f"{escape(slots['order'])}! We'll let you know when it ships.</blockquote></div>"
        )
    signature = ""
    if rng.random() < 0.4:
        signature = f'<div class="signature">--<br>{escape(slots["full_name"])}<br>{escape(slots["phone"])}</div>'
    return f'<html><body><div dir="ltr">{paragraphs}</div>{signature}{quoted}</body></html>'


def _with_plain_noise(body: str, slots: dict[str, str], created: datetime, rng: random.Random) -> tuple[str, list[str]]:
    roll = rng.random()
    if roll < 0.15:
        return body + "\n\nSent from my iPhone", []
    if roll < 0.3:
        quoted = (
            f"\n\nOn {format_datetime(created - timedelta(days=2))}, {P.SHOP} <{P.SUPPORT_ADDRESS}> wrote:\n"
            f"> Hi {slots['name']},\n> your order {slots['order']} has shipped.\n> Best regards"
        )
        return body + quoted, [slots["name"]]
    if roll < 0.38:
        return body + f"\n\n-- \n{slots['full_name']}\n{slots['phone']}", [slots["full_name"], slots["phone"]]
    return body, []


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainder)."""
    scale = sum(weights)
    exact = [total * w / scale for w in weights]
    counts = [int(x) for x in exact]
    for index in sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[index] += 1
    return counts


def generate_tickets(
    *, count: int = 3000, days: int = 28, seed: int = 7, until: datetime | None = None
) -> Iterator[SampleTicket]:
    """Tickets in creation order, ids ascending; streams, so a million costs no more memory than a thousand."""
    if count < 1 or days < 1:
        raise ConfigError("--tickets and --days must be at least 1")
    until = (until or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rng = random.Random(seed)
    composer = _Composer(rng, until)
    start_day = (until - timedelta(days=days)).replace(hour=0, minute=0, second=0)
    day_starts = [start_day + timedelta(days=d) for d in range(days + 1)]
    day_starts = [d for d in day_starts if d < until]
    spike_total = int(count * SPIKE_SHARE) if days >= 7 else 0
    spike_days = set(range(max(0, len(day_starts) - 7), max(0, len(day_starts) - 4)))
    weights = [WEEKDAY_WEIGHTS[d.weekday()] for d in day_starts]
    base = _allocate(count - spike_total, weights)
    spikes = (
        _allocate(spike_total, [1.0 if i in spike_days else 0.0 for i in range(len(day_starts))])
        if spike_total
        else [0] * len(day_starts)
    )
    intents = list(P.INTENTS)
    intent_weights = [P.INTENTS[k]["weight"] for k in intents]
    customers = max(1, int(count * 0.85))
    next_id = FIRST_ID
    for day_index, day in enumerate(day_starts):
        day_tickets = []
        for n in range(base[day_index] + spikes[day_index]):
            hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
            created = day + timedelta(hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
            if created >= until:
                created = until - timedelta(seconds=rng.randrange(1, 3600))
            forced = n >= base[day_index]
            day_tickets.append((created, forced))
        day_tickets.sort(key=lambda item: item[0])
        for created, forced in day_tickets:
            yield _ticket(next_id, created, forced, rng, composer, intents, intent_weights, customers, until)
            next_id += 1


def _ticket(
    ticket_id: int,
    created: datetime,
    forced: bool,
    rng: random.Random,
    composer: _Composer,
    intents: list[str],
    intent_weights: list[int],
    customers: int,
    until: datetime,
) -> SampleTicket:
    customer = rng.randrange(customers)
    crng = random.Random(customer * 2654435761 % 2**32)
    first, last = crng.choice(P.FIRST_NAMES), crng.choice(P.LAST_NAMES)
    name = f"{first} {last}"
    email = crng.choice(
        [
            f"{first}.{last}@gmail.com",
            f"{first[0]}{last}{crng.randrange(10, 99)}@outlook.com",
            f"{first}{crng.randrange(1970, 2005)}@yahoo.co.uk",
            f"{last}.{first}@web.de",
        ]
    ).lower()
    channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
    slots = composer.slots(ticket_id, name, email)
    language = "en"
    if forced:
        key = SPIKE_INTENT
    elif rng.random() < FOREIGN_SHARE:
        language = rng.choice(list(P.FOREIGN))
        options = list(P.FOREIGN[language])
        key = rng.choices(options, [P.INTENTS[o]["weight"] for o in options])[0]
    else:
        key = rng.choices(intents, intent_weights)[0]
    intent = P.INTENTS[key]
    if language == "en":
        subject, body, pii = composer.english(intent, slots, channel)
        reply_template = rng.choice(intent["replies"])
    else:
        wording = P.FOREIGN[language][key]
        subject, body, pii = composer.foreign(language, wording, slots)
        reply_template = rng.choice(wording["replies"])
    is_html = False
    if channel == "email" and language == "en":
        if rng.random() < 0.25:
            body = _as_html_email(body, slots, created, rng)
            is_html = True
        else:
            body, extra = _with_plain_noise(body, slots, created, rng)
            pii.extend(extra)
    age = until - created
    status = "open"
    reply = first_response = resolved = None
    if age > timedelta(hours=20) or rng.random() < 0.5:
        delay = timedelta(minutes=rng.randrange(10, 60 * (4 if 8 <= created.hour < 17 else 14)))
        first_response = created + delay
        if first_response < until:
            reply = composer.fill(reply_template, slots)
            roll = rng.random()
            status = "solved" if roll < 0.75 else "closed" if roll < 0.85 else "pending"
            if status in {"solved", "closed"}:
                resolved = first_response + timedelta(minutes=rng.randrange(5, 60 * 48))
                if resolved >= until:
                    resolved, status = None, "pending"
        else:
            first_response = None
    follow_up = follow_up_at = None
    if reply and first_response and rng.random() < 0.15:
        follow_up_at = first_response + timedelta(minutes=rng.randrange(30, 60 * 24))
        if follow_up_at < until:
            follow_up = rng.choice(
                [
                    "Thanks, that worked!",
                    "Still nothing arrived, can you check again?",
                    "Ok thank you for the quick answer.",
                    "That doesn't really help, sorry.",
                ]
            )
        else:
            follow_up_at = None
    if slots["order"] in body:
        pii.append(slots["order_digits"])
    return SampleTicket(
        id=ticket_id,
        created_at=created,
        channel=channel,
        intent=key,
        category=intent["category"],
        language=language,
        customer_name=name,
        customer_email=email,
        subject=subject,
        body=body,
        is_html=is_html,
        agent=slots["agent"],
        agent_reply=reply,
        first_response_at=first_response,
        resolved_at=resolved,
        status=status,
        tags=list(intent["tags"]),
        order_number=slots["order_digits"],
        follow_up=follow_up,
        follow_up_at=follow_up_at,
        spike=forced,
        pii=sorted(set(p for p in pii if p)) + [email, name],
    )


def _iso(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def csv_row(ticket: SampleTicket) -> list[str]:
    return [
        str(ticket.id),
        _iso(ticket.created_at),
        ticket.channel,
        ticket.customer_email,
        ticket.subject,
        ticket.body,
        ticket.agent_reply or "",
        _iso(ticket.first_response_at),
        _iso(ticket.resolved_at),
        ticket.status,
        ",".join(ticket.tags),
    ]


def write_csv(path: Path, tickets: Iterator[SampleTicket]) -> int:
    """The generic CSV export; streams."""
    written = 0
    with atomic_open(path, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for ticket in tickets:
            writer.writerow(csv_row(ticket))
            written += 1
    return written


_ZENDESK_STATUS = {"open": "open", "pending": "pending", "solved": "solved", "closed": "closed"}
_ZENDESK_VIA = {"email": "email", "chat": "chat", "web_form": "web", "social": "twitter"}
_FRESHDESK_STATUS = {"open": "Open", "pending": "Pending", "solved": "Resolved", "closed": "Closed"}
_FRESHDESK_SOURCE = {"email": "Email", "chat": "Chat", "web_form": "Portal", "social": "Twitter"}


def _zendesk_ticket(ticket: SampleTicket, requester_id: int, agent_id: int) -> tuple[dict, list[dict], dict | None]:
    comment_id = ticket.id * 10
    first = {
        "id": comment_id,
        "type": "Comment",
        "author_id": requester_id,
        "public": True,
        "created_at": _iso(ticket.created_at),
    }
    if ticket.is_html:
        first["html_body"] = ticket.body
    else:
        first["body"] = ticket.body
    comments = [first]
    if ticket.agent_reply:
        comments.append(
            {
                "id": comment_id + 1,
                "type": "Comment",
                "author_id": agent_id,
                "public": True,
                "body": ticket.agent_reply,
                "created_at": _iso(ticket.first_response_at),
            }
        )
        comments.append(
            {
                "id": comment_id + 2,
                "type": "Comment",
                "author_id": agent_id,
                "public": False,
                "body": "Internal note: checked the order in the warehouse system.",
                "created_at": _iso(ticket.first_response_at),
            }
        )
    if ticket.follow_up:
        comments.append(
            {
                "id": comment_id + 3,
                "type": "Comment",
                "author_id": requester_id,
                "public": True,
                "body": ticket.follow_up,
                "created_at": _iso(ticket.follow_up_at),
            }
        )
    updated = ticket.resolved_at or ticket.follow_up_at or ticket.first_response_at or ticket.created_at
    record = {
        "url": f"https://northwind.zendesk.example/api/v2/tickets/{ticket.id}.json",
        "id": ticket.id,
        "created_at": _iso(ticket.created_at),
        "updated_at": _iso(updated),
        "subject": ticket.subject,
        "raw_subject": ticket.subject,
        "description": ticket.body,
        "status": _ZENDESK_STATUS[ticket.status],
        "priority": "normal",
        "via": {"channel": _ZENDESK_VIA[ticket.channel]},
        "tags": ticket.tags,
        "requester_id": requester_id,
        "submitter_id": requester_id,
        "assignee_id": agent_id,
    }
    metrics = {"ticket_id": ticket.id, "solved_at": _iso(ticket.resolved_at) or None} if ticket.resolved_at else None
    return record, comments, metrics


def write_zendesk(folder: Path, tickets: list[SampleTicket], *, page_size: int = 100) -> int:
    """Support API pages: odd pages embed comments in tickets, even pages side-load them with ticket ids."""
    folder.mkdir(parents=True, exist_ok=True)
    agent_ids = {name: 900 + index for index, name in enumerate(P.AGENTS)}
    for page_number, start in enumerate(range(0, len(tickets), page_size), start=1):
        page_tickets: list[dict] = []
        side_comments: list[dict] = []
        users: dict[int, dict] = {}
        metric_sets: list[dict] = []
        for ticket in tickets[start : start + page_size]:
            requester_id = _stable_id(ticket.customer_email)
            agent_id = agent_ids[ticket.agent]
            record, comments, metrics = _zendesk_ticket(ticket, requester_id, agent_id)
            if page_number % 2:
                record["comments"] = comments
            else:
                side_comments.extend({**c, "ticket_id": ticket.id} for c in comments)
            if metrics:
                metric_sets.append(metrics)
            users[requester_id] = {
                "id": requester_id,
                "name": ticket.customer_name,
                "email": ticket.customer_email,
                "role": "end-user",
            }
            users[agent_id] = {
                "id": agent_id,
                "name": f"{ticket.agent} (Northwind)",
                "email": P.SUPPORT_ADDRESS,
                "role": "agent",
            }
            page_tickets.append(record)
        page: dict = {"tickets": page_tickets, "users": list(users.values()), "metric_sets": metric_sets}
        if side_comments:
            page["comments"] = side_comments
        page["next_page"] = (
            None
            if start + page_size >= len(tickets)
            else (f"https://northwind.zendesk.example/api/v2/tickets.json?page={page_number + 1}")
        )
        page["count"] = len(tickets)
        with atomic_open(folder / f"tickets-{page_number:04d}.json") as handle:
            json.dump(page, handle, ensure_ascii=False, indent=1)
    return len(tickets)


def _stable_id(text: str) -> int:
    return 360_000_000_000 + int.from_bytes(hashlib.blake2b(text.encode(), digest_size=5).digest(), "big")


def write_freshdesk(path: Path, tickets: list[SampleTicket]) -> int:
    def stamp(value: datetime | None) -> str:
        return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""

    with atomic_open(path, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FRESHDESK_COLUMNS)
        for t in tickets:
            updated = t.resolved_at or t.follow_up_at or t.first_response_at or t.created_at
            writer.writerow(
                [
                    t.id,
                    t.subject,
                    t.body,
                    _FRESHDESK_STATUS[t.status],
                    "Low",
                    _FRESHDESK_SOURCE[t.channel],
                    "Question",
                    t.agent if t.agent_reply else "",
                    "Support",
                    stamp(t.created_at),
                    stamp(t.created_at + timedelta(days=2)),
                    stamp(t.resolved_at if t.status == "solved" else None),
                    stamp(t.resolved_at if t.status == "closed" else None),
                    stamp(updated),
                    stamp(t.first_response_at),
                    ",".join(t.tags),
                    t.customer_name,
                    t.customer_email,
                    "",
                ]
            )
    return len(tickets)


def _email(
    ticket: SampleTicket,
    *,
    sender: str,
    to: str,
    subject: str,
    body: str,
    html: bool,
    date: datetime,
    message_id: str,
    parents: list[str],
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    if parents:
        message["In-Reply-To"] = parents[-1]
        message["References"] = " ".join(parents)
    if html:
        message.set_content("")
        message.make_alternative()
        message.get_payload().clear()  # type: ignore[union-attr]
        message.add_alternative(body, subtype="html")
    else:
        message.set_content(body)
    return message


def mbox_tickets(tickets: list[SampleTicket]) -> list[SampleTicket]:
    """The subset written to the mailbox: one email ticket in five."""
    return [t for t in tickets if t.channel == "email" and t.id % 5 == 0 and t.language == "en"]


def write_mbox(path: Path, tickets: list[SampleTicket]) -> int:
    """A shared-inbox export: each ticket a thread of customer mail, agent reply (quoting it) and follow-up."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(descriptor)
    temporary = Path(name)
    temporary.chmod(0o644)
    box = mailbox.mbox(temporary)
    box.lock()
    try:
        for t in tickets:
            customer = f"{t.customer_name} <{t.customer_email}>"
            support = f"{P.SHOP} <{P.SUPPORT_ADDRESS}>"
            root_id = f"<ticket-{t.id}.{t.created_at:%Y%m%d%H%M%S}@mail.example>"
            subject = t.subject or "Question"
            box.add(
                _email(
                    t,
                    sender=customer,
                    to=support,
                    subject=subject,
                    body=t.body,
                    html=t.is_html,
                    date=t.created_at,
                    message_id=root_id,
                    parents=[],
                )
            )
            chain = [root_id]
            if t.agent_reply and t.first_response_at:
                reply_id = make_msgid(idstring=f"r{t.id}", domain="northwind-outfitters.example")
                quoted = "\n".join("> " + line for line in _plain(t).splitlines())
                text = f"{t.agent_reply}\n\nOn {format_datetime(t.created_at)}, {customer} wrote:\n{quoted}"
                box.add(
                    _email(
                        t,
                        sender=support,
                        to=customer,
                        subject=f"Re: {subject}",
                        body=text,
                        html=False,
                        date=t.first_response_at,
                        message_id=reply_id,
                        parents=chain,
                    )
                )
                chain = [*chain, reply_id]
            if t.follow_up and t.follow_up_at:
                follow_id = make_msgid(idstring=f"f{t.id}", domain="mail.example")
                # One client in four drops the threading headers; the subject still ties it to the thread.
                parents = [] if t.id % 4 == 0 else chain
                box.add(
                    _email(
                        t,
                        sender=customer,
                        to=support,
                        subject=f"Re: {subject}",
                        body=t.follow_up,
                        html=False,
                        date=t.follow_up_at,
                        message_id=follow_id,
                        parents=parents,
                    )
                )
        box.flush()
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        box.unlock()
        box.close()
    os.replace(temporary, path)
    return len(tickets)


def _plain(ticket: SampleTicket) -> str:
    return html_to_text(ticket.body) if ticket.is_html else ticket.body


def write_sample(
    out: str | os.PathLike[str], *, tickets: int = 3000, days: int = 28, seed: int = 7, until: datetime | None = None
) -> SampleSummary:
    """Write the sample shop's exports to ``out``: generic CSV, Zendesk pages, Freshdesk CSV and an mbox."""
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder}: exists and is not a folder")
    generated = list(generate_tickets(count=tickets, days=days, seed=seed, until=until))
    files = {
        "csv": folder / "tickets.csv",
        "zendesk": folder / "zendesk",
        "freshdesk": folder / "freshdesk.csv",
        "mbox": folder / "mailbox.mbox",
    }
    write_csv(files["csv"], iter(generated))
    write_zendesk(files["zendesk"], generated)
    write_freshdesk(files["freshdesk"], generated)
    write_mbox(files["mbox"], mbox_tickets(generated))
    end = generated[-1].created_at
    spike = [t.created_at for t in generated if t.spike]
    return SampleSummary(
        out=folder,
        tickets=len(generated),
        files=files,
        first=generated[0].created_at,
        last=end,
        spike_days=(min(spike), max(spike)) if spike else (end, end),
    )
