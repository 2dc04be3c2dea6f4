"""The support report: every figure of the JSON against a hand-built shop whose true values are worked out below."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import numpy as np
import pytest

from faq_builder.hours import SupportHours
from faq_builder.kpis import SCHEMA_FILE, support_report, to_json, write_support_report
from faq_builder.kpis.figures import Compared, local_seconds, open_mask, reply_wording, templates
from faq_builder.kpis.render import change, render_html, render_markdown
from faq_builder.models import Channel, ClusterStatus, EntryStatus, Status, Ticket
from faq_builder.privacy import Redactor
from faq_builder.report import Coverage, report_of_window, write_report

from .conftest import mining_report, question_type, store_tickets, write_entry
from .test_cli import invoke

BERLIN = ZoneInfo("Europe/Berlin")
#: Monday 23 November 2026, 00:00 in Berlin: the 7-day window is exactly the shop's days 16-22 November.
UNTIL = datetime(2026, 11, 23, tzinfo=BERLIN).astimezone(UTC)
HOURS = SupportHours(
    timezone="Europe/Berlin",
    days=(0, 1, 2, 3, 4),
    start=datetime(2026, 1, 1, 9).time(),
    end=datetime(2026, 1, 1, 17).time(),
    holidays=(datetime(2026, 11, 18).date(),),  # a Wednesday
)
CATALOGUE = ("rain jacket", "hiking boots", "jacket")


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def ticket(
    ticket_id: str,
    created: datetime,
    channel: Channel,
    *,
    body: str = "Hello, a question.",
    replies: tuple[str, ...] = (),
    first: float | None = None,
    resolved: float | None = None,
    status: Status = Status.OPEN,
    product: str | None = None,
    source: str = "helpdesk",
) -> Ticket:
    return Ticket(
        source=source,
        external_id=ticket_id,
        created_at=created,
        body=body,
        channel=channel,
        agent_replies=replies,
        first_response_at=None if first is None else created + timedelta(hours=first),
        resolved_at=None if resolved is None else created + timedelta(hours=resolved),
        status=status,
        product=product,
    )


PARCEL = "Hi {}, your parcel is on its way. Best regards, {}"
CHECKING = "Sorry, we are checking with the warehouse."
#: This window (shop time). Open: Mon-Fri 09:00-17:00 except Wed 18 (holiday).
CURRENT = [
    ticket("t0", local(16, 0), Channel.EMAIL),  # the window's first instant: in; Monday 00:00: off
    ticket(
        "t1",
        local(16, 10),
        Channel.EMAIL,
        body="Where is my rain jacket?",
        replies=(PARCEL.format("Anna", "Maria"),),
        first=2,
        resolved=5,
        status=Status.SOLVED,
    ),
    ticket(
        "t2",
        local(16, 20),
        Channel.CHAT,
        replies=(PARCEL.format("Tom", "Maria"),),
        first=1,
        resolved=3,
        status=Status.SOLVED,
        product="Hiking Boots",
    ),
    ticket(
        "t3",
        local(18, 11),
        Channel.EMAIL,
        replies=(PARCEL.format("Li", "Jo"), "Any news?"),
        first=4,
        resolved=10,
        status=Status.CLOSED,
    ),
    ticket(
        "t4",
        local(21, 12),
        Channel.WEB_FORM,
        body="My RAIN JACKET and hiking boots, ordered together.",
        replies=(CHECKING,),
        first=24,
        status=Status.PENDING,
    ),
    ticket("t5", local(22, 23, 30), Channel.EMAIL, product="anna.berg@example.com"),
    ticket(
        "t6",
        local(19, 16, 59),
        Channel.CHAT,
        replies=(CHECKING,),
        first=0.5,
        resolved=2,
        status=Status.SOLVED,
    ),
]
PREVIOUS = [
    ticket(
        "p1",
        local(9, 10),
        Channel.EMAIL,
        body="Is the jacket waterproof?",
        replies=("Yes.",),
        first=4,
        resolved=8,
        status=Status.SOLVED,
    ),
    ticket("p2", local(10, 8), Channel.EMAIL, replies=("Soon.",), first=6, status=Status.PENDING),
    ticket("p3", local(13, 9, 30), Channel.CHAT, replies=("A", "B", "C"), first=1, resolved=1.5, status=Status.SOLVED),
]
OUTSIDE = [
    ticket("late", UNTIL, Channel.EMAIL),  # the window's end is not in it
    ticket("old", local(1, 12), Channel.EMAIL),  # before the previous window
]
#: The same ticket exported by the mailbox too, ingested later: counted once (the store marks the later copy).
COPY = ticket("mail-t1", local(16, 10), Channel.EMAIL, body="Where is my rain jacket?", source="mailbox")


@pytest.fixture()
def shop(tmp_path: Path) -> Path:
    """The store, the window's mining report and the content (an approved entry, a draft) of the hand-built shop."""
    store_tickets(tmp_path / "tickets.sqlite3", [*CURRENT, *PREVIOUS, *OUTSIDE])
    store_tickets(tmp_path / "tickets.sqlite3", [COPY])
    report = mining_report(
        [
            question_type(
                "shipping/where-parcel",
                ClusterStatus.COVERED,
                "Where is my parcel?",
                tickets=3,
                previous_tickets=2,
                ticket_ids=["t1", "t2", "t3"],
                covered_by=Coverage("where-is-my-order", "Where is my order?", EntryStatus.APPROVED, 0.9),
            ),
            question_type(
                "orders/confirmation",
                ClusterStatus.INCIDENT,
                "I got no confirmation email",
                tickets=2,
                previous_tickets=0,
                ticket_ids=["t4", "t5"],
                peak_days=["2026-11-21", "2026-11-22"],
            ),
            question_type(
                "returns/how",
                ClusterStatus.NEW,
                "How do I return it?",
                tickets=1,
                previous_tickets=1,
                ticket_ids=["t6"],
            ),
        ],
        until=UNTIL.isoformat(timespec="seconds"),
        window={"start": (UNTIL - timedelta(days=7)).isoformat(), "end": UNTIL.isoformat(), "days": 7},
        tickets=7,
        previous_tickets=3,
        clustered_tickets=6,
    )
    write_report(report, tmp_path / "reports", UNTIL)
    before = UNTIL - timedelta(days=7)
    # The previous window's own report: p1 and p3 asked a question an entry approved then answered.
    earlier = mining_report(
        [
            question_type(
                "shipping/where-parcel",
                ClusterStatus.COVERED,
                "Where is my parcel?",
                tickets=2,
                ticket_ids=["p1", "p3"],
                covered_by=Coverage("where-is-my-order", "Where is my order?", EntryStatus.APPROVED, 0.9),
            ),
        ],
        until=before.isoformat(timespec="seconds"),
        window={"start": (before - timedelta(days=7)).isoformat(), "end": before.isoformat(), "days": 7},
        tickets=3,
    )
    write_report(earlier, tmp_path / "reports", before)
    content = tmp_path / "content"
    write_entry(
        content,
        "shipping/where-is-my-order.md",
        "---\nid: where-is-my-order\ntitle: Where is my order?\nstatus: approved\ncategory: shipping\n---\n\nTrack.\n",
    )
    write_entry(
        content,
        "returns/how-do-i-return-it.md",
        "---\nid: how-do-i-return-it\ntitle: How do I return it?\nstatus: draft\ncategory: returns\n"
        "cluster_keys: [returns/how]\n---\n\nSo.\n",
    )
    return tmp_path


def build(shop: Path, **options: object) -> dict:
    report = support_report(
        db=shop / "tickets.sqlite3",
        until=UNTIL,
        days=7,
        reports=shop / "reports",
        content_dir=shop / "content",
        hours=HOURS,
        products=CATALOGUE,
        **options,  # type: ignore[arg-type]
    )
    return to_json(report)


def figure(current: float | None, previous: float | None, delta: float | None, change: float | None) -> dict:
    return {"current": current, "previous": previous, "delta": delta, "change": change}


def test_volume_and_hours(shop: Path) -> None:
    data = build(shop)
    assert data["window"] == {"start": "2026-11-15T23:00:00+00:00", "end": "2026-11-22T23:00:00+00:00", "days": 7}
    assert data["tickets"] == figure(7, 3, 4, 1.333)  # t0-t6 (t1's mailbox copy once); p1-p3
    # Off hours: t0 (00:00), t2 (20:00), t3 (holiday), t4 (Saturday), t5 (Sunday); t1 and t6 (16:59) open.
    # Before: p2 (08:00) only.
    assert data["off_hours"] == figure(5, 1, 4, 4.0)
    assert data["off_hours_share"] == figure(0.7143, 0.3333, 0.381, 1.143)
    assert data["per_day"] == [
        {"date": "2026-11-16", "tickets": 3, "off_hours": 2, "partial": False},
        {"date": "2026-11-17", "tickets": 0, "off_hours": 0, "partial": False},
        {"date": "2026-11-18", "tickets": 1, "off_hours": 1, "partial": False},
        {"date": "2026-11-19", "tickets": 1, "off_hours": 0, "partial": False},
        {"date": "2026-11-20", "tickets": 0, "off_hours": 0, "partial": False},
        {"date": "2026-11-21", "tickets": 1, "off_hours": 1, "partial": False},
        {"date": "2026-11-22", "tickets": 1, "off_hours": 1, "partial": False},
    ]
    expected = [[0] * 24 for _ in range(7)]
    for weekday, hour in [(0, 0), (0, 10), (0, 20), (2, 11), (3, 16), (5, 12), (6, 23)]:
        expected[weekday][hour] += 1
    assert data["hour_of_week"] == expected
    assert data["support_hours"] == {
        "description": "Mon,Tue,Wed,Thu,Fri 09:00-17:00 Europe/Berlin",
        "timezone": "Europe/Berlin",
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "open": "09:00",
        "close": "17:00",
        "holidays": ["2026-11-18"],
    }


def test_channels_categories_products(shop: Path) -> None:
    data = build(shop)
    assert data["channels"] == [
        {"name": "email", "tickets": figure(4, 2, 2, 1.0), "share": 0.5714},
        {"name": "chat", "tickets": figure(2, 1, 1, 1.0), "share": 0.2857},
        {"name": "web_form", "tickets": figure(1, 0, 1, None), "share": 0.1429},
    ]
    # The previous window's own report: shipping 2 (p1, p3), p2 grouped nowhere.
    assert data["categories"] == [
        {"name": "shipping", "tickets": figure(3, 2, 1, 0.5), "share": 0.4286},
        {"name": "orders", "tickets": figure(2, 0, 2, None), "share": 0.2857},
        {"name": "returns", "tickets": figure(1, 0, 1, None), "share": 0.1429},
        {"name": "not grouped", "tickets": figure(1, 1, 0, 0.0), "share": 0.1429},  # t0
    ]
    # t1 and t4 name the rain jacket (any case; not also "jacket"), t2's product field and t4 the boots; the
    # previous window's p1 a jacket; t5's product field holds an email address and is not shown.
    assert data["products"] == [
        {"name": "hiking boots", "tickets": figure(2, 0, 2, None), "share": 0.2857},
        {"name": "rain jacket", "tickets": figure(2, 0, 2, None), "share": 0.2857},
        {"name": "jacket", "tickets": figure(0, 1, -1, -1.0), "share": 0.0},
    ]


def durations(tickets: dict, median: dict, p90: dict) -> dict:
    return {"tickets": tickets, "median_hours": median, "p90_hours": p90}


def test_response_times(shop: Path) -> None:
    times = build(shop)["response_times"]
    # First responses (hours) now 0.5, 1, 2, 4, 24: median 2, p90 at rank 3.6 = 4 + 0.6 * 20 = 16; before 1, 4, 6.
    assert times["first_response"] == durations(
        figure(5, 3, 2, 0.667), figure(2.0, 4.0, -2.0, -0.5), figure(16.0, 5.6, 10.4, 1.857)
    )
    # Resolutions now 2, 3, 5, 10: median 4, p90 = 5 + 0.7 * 5 = 8.5; before 1.5, 8: 4.75 and 7.35.
    assert times["resolution"] == durations(
        figure(4, 2, 2, 1.0), figure(4.0, 4.75, -0.75, -0.158), figure(8.5, 7.35, 1.15, 0.156)
    )
    assert times["first_response_by_channel"] == {
        "chat": durations(figure(2, 1, 1, 1.0), figure(0.75, 1.0, -0.25, -0.25), figure(0.95, 1.0, -0.05, -0.05)),
        "email": durations(figure(2, 2, 0, 0.0), figure(3.0, 5.0, -2.0, -0.4), figure(3.8, 5.8, -2.0, -0.345)),
        "web_form": durations(figure(1, 0, 1, None), figure(24.0, None, None, None), figure(24.0, None, None, None)),
    }
    assert times["resolution_by_channel"] == {
        "chat": durations(figure(2, 1, 1, 1.0), figure(2.5, 1.5, 1.0, 0.667), figure(2.9, 1.5, 1.4, 0.933)),
        "email": durations(figure(2, 1, 1, 1.0), figure(7.5, 8.0, -0.5, -0.062), figure(9.5, 8.0, 1.5, 0.188)),
        "web_form": durations(figure(0, 0, 0, None), figure(None, None, None, None), figure(None, None, None, None)),
    }
    assert times["responses_per_ticket"] == figure(1.2, 1.67, -0.47, -0.281)  # 6 replies / 5; 5 / 3
    assert times["answered"] == figure(5, 3, 2, 0.667)
    assert times["unanswered"] == figure(2, 0, 2, None)  # t0, t5


def test_deflection_incidents_templates(shop: Path) -> None:
    data = build(shop)
    assert data["questions_report"] == str(shop / "reports" / "questions-2026-11-22.json")
    deflection = data["deflection"]
    assert deflection["answered_by_faq"] == {"tickets": 3, "share": 0.4286}
    assert deflection["previous_answered_by_faq"] == {"tickets": 2, "share": 0.6667}
    assert deflection["drafts_would_add"] == {"tickets": 1, "share": 0.1429}  # the incident is no FAQ question
    assert deflection["entries"] == ["where-is-my-order"]
    assert deflection["drafts"] == [
        {"key": "returns/how", "question": "How do I return it?", "tickets": 1, "entry": "how-do-i-return-it"}
    ]
    assert "approved entry" in deflection["method"]
    days = [f"2026-11-{day}" for day in range(16, 23)]
    assert data["incidents"] == [
        {
            "key": "orders/confirmation",
            "question": "I got no confirmation email",
            "category": "orders",
            "tickets": 2,
            "previous_tickets": 0,
            "first_day": "2026-11-21",
            "last_day": "2026-11-22",
            "per_day": [  # t4 (Saturday) and t5 (Sunday), both outside support hours
                {
                    "date": day,
                    "tickets": int(day in ("2026-11-21", "2026-11-22")),
                    "off_hours": int(day >= "2026-11-21"),
                    "partial": False,
                }
                for day in days
            ],
        }
    ]
    # t1-t3 got the parcel reply (names differ); t1 and t2 were solved by it alone, t3 needed a second reply.
    assert data["templates"] == [
        {
            "reply": "Hi {name}, your parcel is on its way. Best regards, {name}",
            "tickets": 3,
            "share": 0.6,
            "closed_alone": 2,
            "closed_alone_share": 0.6667,
            "automate": False,
            "question": "Where is my parcel?",
            "variants": 1,
        }
    ]
    assert data["notes"] == []


def test_sections_without_the_previous_window_s_report(shop: Path) -> None:
    """This window's report knows the previous tickets of its own question types only, and none ungrouped."""
    (shop / "reports" / "questions-2026-11-15.json").unlink()
    data = build(shop)
    assert data["categories"] == [
        {"name": "shipping", "tickets": figure(3, 2, 1, 0.5), "share": 0.4286},
        {"name": "orders", "tickets": figure(2, 0, 2, None), "share": 0.2857},
        {"name": "returns", "tickets": figure(1, 1, 0, 0.0), "share": 0.1429},
        {"name": "not grouped", "tickets": figure(1, None, None, None), "share": 0.1429},
    ]
    assert data["deflection"]["previous_answered_by_faq"] is None


def test_a_window_ending_at_utc_midnight_cuts_the_shop_s_first_and_last_day(shop: Path) -> None:
    """--until 2026-11-22 is 01:00 in Berlin: the window's first and last days there are partial, and said to be."""
    report = support_report(
        db=shop / "tickets.sqlite3",
        until=datetime(2026, 11, 22, tzinfo=UTC),
        days=7,
        reports=shop / "nowhere",
        content_dir=shop / "content",
        hours=HOURS,
    )
    days = [(day.date, day.tickets, day.partial) for day in report.per_day]
    # From 15 Nov 01:00 Berlin: t0-t2 on the 16th, t3 on the 18th, t6 the 19th, t4 the 21st; the 22nd's first hour.
    assert days == [
        ("2026-11-15", 0, True),
        ("2026-11-16", 3, False),
        ("2026-11-17", 0, False),
        ("2026-11-18", 1, False),
        ("2026-11-19", 1, False),
        ("2026-11-20", 0, False),
        ("2026-11-21", 1, False),
        ("2026-11-22", 0, True),
    ]
    assert "The first and last days are partial: the window runs from 15 Nov 01:00 to 22 Nov 01:00 shop time." in (
        render_html(report)
    )


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"])
def test_support_hours_by_the_array_agree_with_is_open_across_dst(zone: str) -> None:
    hours = SupportHours(timezone=zone, days=(0, 1, 2, 3, 4, 6), holidays=(datetime(2026, 3, 30).date(),))
    start = int(datetime(2026, 3, 20, tzinfo=UTC).timestamp())
    epochs = np.arange(start, start + 400 * 86400, 997 * 60, dtype=np.int64)  # every 16.6 minutes for 400 days
    found = open_mask(local_seconds(epochs, hours.zone()), hours)
    expected = [hours.is_open(datetime.fromtimestamp(int(t), UTC)) for t in epochs]
    assert found.tolist() == expected


def test_json_follows_its_schema(shop: Path) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(build(shop))
    # Without a mining report the cluster-based figures are null, and the JSON still follows the schema.
    (shop / "reports" / "questions-2026-11-22.json").unlink()
    bare = build(shop)
    jsonschema.Draft202012Validator(schema).validate(bare)
    assert bare["categories"] is None and bare["deflection"] is None and bare["incidents"] is None
    assert "run 'faq-builder mine --until 2026-11-22T23:00:00+00:00 --days 7' first" in bare["notes"][0]


def test_a_draft_approved_since_mining_counts_as_answered(shop: Path) -> None:
    path = shop / "content" / "faq" / "returns" / "how-do-i-return-it.md"
    path.write_text(path.read_text().replace("status: draft", "status: approved"))
    deflection = build(shop)["deflection"]
    assert deflection["answered_by_faq"] == {"tickets": 4, "share": 0.5714}
    assert deflection["drafts_would_add"] == {"tickets": 0, "share": 0.0}


def test_mining_report_of_the_window_only(shop: Path) -> None:
    reports = shop / "reports"
    assert report_of_window(reports, until=UNTIL, days=7) is not None
    assert report_of_window(reports, until=None, days=7) is not None  # the newest
    assert report_of_window(reports, until=UNTIL, days=14) is None
    assert report_of_window(reports, until=UNTIL - timedelta(hours=1), days=7) is None
    assert report_of_window(shop / "nowhere", until=None, days=7) is None


def test_until_defaults_to_the_newest_mining_report(shop: Path) -> None:
    report = support_report(
        db=shop / "tickets.sqlite3", days=7, reports=shop / "reports", content_dir=shop / "content", hours=HOURS
    )
    assert report.until == "2026-11-22T23:00:00+00:00"
    assert report.tickets.current == 7


def test_tickets_ingested_after_mining_are_noted(shop: Path) -> None:
    store_tickets(shop / "tickets.sqlite3", [ticket("t9", local(20, 12), Channel.CHAT)])
    data = build(shop)
    assert data["tickets"]["current"] == 8
    assert data["notes"] == [
        "The mining report counted 7 tickets in this window, the store now holds 8: tickets were ingested since; "
        "mine again for current question types."
    ]


def test_reply_wording_ignores_names_and_numbers() -> None:
    assert reply_wording("Hi Anna, order 123 shipped. Thanks, Maria") == ("hi", "order", "shipped", "thanks")
    assert reply_wording("Hi Tom, order 98 shipped. Thanks, Li") == ("hi", "order", "shipped", "thanks")
    assert reply_wording("Sorry. Refunds take 5 days.") == ("sorry", "refunds", "take", "days")


def test_near_identical_replies_are_one_template() -> None:
    base = "Hello, returns are free within thirty days: use the returns portal to print a label and drop it off."
    edited = base.replace("drop it off", "drop it off today")  # every word of the base is in every reply
    rows = [(str(i), text, 1, "solved") for i, text in enumerate([base] * 3 + [edited] * 2 + ["Something else."] * 2)]
    found = templates(rows, redactor=Redactor(), answered=7)
    assert [(t.tickets, t.variants, t.closed_alone, t.automate) for t in found] == [(5, 2, 5, True)]
    assert found[0].reply == base


def test_compared() -> None:
    assert Compared.of(3, 0) == Compared(3, 0, 3, None)
    assert Compared.of(None, 2) == Compared(None, 2, None, None)
    assert Compared.of(2.345, 1.0, digits=2) == Compared(2.35, 1.0, 1.35, 1.35)


def test_writes_all_formats_or_none(shop: Path) -> None:
    report = support_report(
        db=shop / "tickets.sqlite3", until=UNTIL, days=7, reports=shop / "reports", content_dir=shop / "content"
    )
    out = shop / "out"
    paths = write_support_report(report, out=out)
    assert [path.name for path in paths] == [
        "support-2026-11-22.html",
        "support-2026-11-22.json",
        "support-2026-11-22.md",
    ]
    assert json.loads(paths[1].read_text(encoding="utf-8")) == to_json(report)
    assert write_support_report(report, out=shop / "json-only", formats=["json"]) == [
        shop / "json-only" / "support-2026-11-22.json"
    ]


def write_config(shop: Path) -> Path:
    """The shop's mkdocs.yml: Berlin hours with the holiday, and the catalogue."""
    config = shop / "mkdocs.yml"
    config.write_text(
        "site_name: Shop\nplugins:\n  - faq-builder:\n      support_hours:\n        timezone: Europe/Berlin\n"
        '        open: "09:00"\n        close: "17:00"\n        holidays: [2026-11-18]\n'
        "      products: [rain jacket, hiking boots, jacket]\n",
        encoding="utf-8",
    )
    return config


def cli(shop: Path, *args: str) -> tuple[int, str]:
    return invoke(
        "report",
        "--db",
        str(shop / "tickets.sqlite3"),
        "--reports",
        str(shop / "reports"),
        "--content",
        str(shop / "content"),
        "--config",
        str(write_config(shop)),
        "--days",
        "7",
        *args,
    )


def test_command_writes_the_three_files(shop: Path) -> None:
    out = shop / "out"
    code, output = cli(shop, "--out", str(out))
    assert (code, output) == (
        0,
        "7 tickets in 7 days to 2026-11-22T23:00:00+00:00 (previous 7 days: 3).\n"
        f"Report: {out / 'support-2026-11-22.html'}\n"
        f"Report: {out / 'support-2026-11-22.json'}\n"
        f"Report: {out / 'support-2026-11-22.md'}\n",
    )
    # The settings came from mkdocs.yml: the same figures as the library computed with them.
    assert json.loads((out / "support-2026-11-22.json").read_text(encoding="utf-8")) == build(shop)


def test_command_without_a_mining_report_says_what_is_left_out(shop: Path) -> None:
    out = shop / "out"
    code, output = cli(shop, "--out", str(out), "--reports", str(shop / "none"), "--until", "2026-11-22T23:00Z")
    assert code == 0
    assert output.splitlines()[1] == (
        f"note: No mining report of this window in {shop / 'none'}: question types, incidents and the FAQ's share "
        "are left out; run 'faq-builder mine --until 2026-11-22T23:00:00+00:00 --days 7' first."
    )


def test_command_errors(shop: Path, tmp_path: Path) -> None:
    code, output = cli(shop, "--format", "html,pdf")
    assert code == 2 and "Invalid value for '--format': pdf: choose from html, json, md" in output
    code, output = invoke("report", "--db", str(tmp_path / "none.sqlite3"), "--config", str(write_config(shop)))
    assert (code, output) == (
        1,
        f"Error: {tmp_path / 'none.sqlite3'}: no ticket store yet; run 'faq-builder ingest' first\n",
    )
    (shop / "mkdocs.yml").write_text("plugins:\n  - faq-builder:\n      products: [3, jacket]\n", encoding="utf-8")
    code, output = invoke("report", "--db", str(shop / "tickets.sqlite3"), "--config", str(shop / "mkdocs.yml"))
    assert code == 1
    assert "products: 3 is not a product name; give each as shoppers write it, e.g. boots" in output
    assert not (shop / "reports" / "support-2026-11-22.html").exists()


GOLDEN = Path(__file__).parent / "fixtures" / "golden"


def test_markdown_summary_matches_its_golden_file(shop: Path) -> None:
    """FAQ_BUILDER_UPDATE_GOLDEN=1 rewrites the golden file after a deliberate change."""
    report = support_report(
        db=shop / "tickets.sqlite3",
        until=UNTIL,
        days=7,
        reports=shop / "reports",
        content_dir=shop / "content",
        hours=HOURS,
        products=CATALOGUE,
    )
    text = render_markdown(report)
    golden = GOLDEN / "support-report.md"
    if os.environ.get("FAQ_BUILDER_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_ticket_text_is_inert_in_html_and_markdown(shop: Path) -> None:
    hostile = "<script>alert(1)</script> **bold** [link](https://evil.example) {{ x }}"
    replies = tuple(f"{hostile} Thanks" for _ in range(1))
    store_tickets(
        shop / "tickets.sqlite3",
        [
            ticket(f"x{n}", local(20, 10, n), Channel.CHAT, replies=replies, product=hostile, status=Status.SOLVED)
            for n in range(3)
        ],
    )
    report = support_report(
        db=shop / "tickets.sqlite3", until=UNTIL, days=7, reports=shop / "reports", content_dir=shop / "content"
    )
    html, markdown = render_html(report), render_markdown(report)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in markdown and "[link](" not in markdown and "**bold**" not in markdown


@pytest.mark.parametrize(
    ("figure_", "options", "text"),
    [
        (Compared.of(1562, 1370), {}, "↑ +192 (+14%)"),
        (Compared.of(3.6, 3.7, digits=2), {"unit": " h"}, "↓ −0.1 h (−3%)"),
        (Compared.of(12.0, 12.04, digits=2), {"unit": " h"}, "→ ±0.0 h"),  # too small to show
        (Compared.of(0.74, 0.76, digits=4), {"percent": True}, "↓ −2 pts"),
        (Compared.of(5, 0), {}, "↑ +5"),
        (Compared.of(5, None), {}, "no previous figure"),
        (Compared.of(None, None), {}, ""),
    ],
)
def test_change_as_people_read_it(figure_: Compared, options: dict, text: str) -> None:
    assert change(figure_, **options) == text


def test_a_template_shows_only_the_words_its_replies_share() -> None:
    """What an agent filled in for one customer (a lower-case name, an order or voucher number) is not shown."""
    texts = [
        f"Hi {name}, your return label for order {number} is attached: print it, pack the items with their tags and "
        f"drop the parcel at any post office. Your voucher code is {code}. Cheers, {agent}"
        for name, number, code, agent in [
            ("anna", "4711", "8812-2231", "jo"),
            ("tom", "5822", "1290-3345", "jo"),
            ("li", "6933", "7781-0092", "kim"),
            ("bea", "7044", "4410-2231", "max"),
        ]
    ]
    rows = [(str(i), text, 1, "solved") for i, text in enumerate(texts)]
    (found,) = templates(rows, redactor=Redactor(), answered=4)
    assert found.reply == (
        "Hi …, your return label for order … is attached: print it, pack the items with their tags and drop "
        "the parcel at any post office. Your voucher code is …. Cheers, …"
    )
    assert found.tickets == 4
