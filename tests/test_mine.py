"""Mining on the bundled sample shop: incidents, distinct top questions, coverage, languages, determinism."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from faq_builder.cli import main
from faq_builder.clustering import cluster_questions
from faq_builder.hours import SupportHours
from faq_builder.mine import mine
from faq_builder.models import Channel, Ticket
from faq_builder.report import _md
from faq_builder.sample.generator import generate_tickets

from .conftest import FROZEN_NOW, SHOP, store_tickets

ROOT = Path(__file__).parents[1]
SAMPLE = SHOP


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory, shop_store: Path) -> Path:
    """The sample shop's store, and a copy of the bundled content/."""
    folder = tmp_path_factory.mktemp("shop")
    shutil.copy(shop_store, folder / "tickets.sqlite3")
    shutil.copytree(ROOT / "content", folder / "content")
    return folder


@pytest.fixture(scope="module")
def report(shop: Path):  # noqa: ANN201
    return mine(db=shop / "tickets.sqlite3", until=FROZEN_NOW, out=shop / "reports", content_dir=shop / "content")


@pytest.fixture(scope="module")
def intents() -> dict[str, str]:
    return {str(t.id): t.intent for t in generate_tickets(**SAMPLE)}  # type: ignore[arg-type]


def majority(cluster, intents: dict[str, str]) -> str:  # noqa: ANN001
    return Counter(intents[i] for i in cluster.ticket_ids).most_common(1)[0][0]


def test_confirmation_spike_is_an_incident(report, intents) -> None:  # noqa: ANN001
    incidents = report.incidents
    assert [majority(c, intents) for c in incidents] == ["order_confirmation_missing"]
    spike = incidents[0]
    assert spike.tickets >= 3 * spike.previous_tickets and len(spike.peak_days) == 3
    assert "incident" in Path(report.markdown_path).read_text().split("## Top")[0].lower()


def test_top_ten_are_ten_different_question_types(report, intents) -> None:  # noqa: ANN001
    top = [c for c in report.clusters if c.status != "incident"][:10]
    assert len(top) == 10
    assert len({majority(c, intents) for c in top}) == 10


def test_bundled_entries_show_as_covered(report, intents) -> None:  # noqa: ANN001
    covered = {c.covered_by.slug: majority(c, intents) for c in report.clusters if c.covered_by}
    assert covered == {
        "where-is-my-order": "where_is_my_order",
        "how-do-i-return-an-item": "return_item",
        "how-long-does-delivery-take": "delivery_time",
        "can-i-change-my-delivery-address": "change_address",
        "how-do-i-cancel-my-order": "cancel_order",
        "when-will-i-get-my-refund": "refund_status",
        "can-i-exchange-for-another-size": "exchange_size",
        "my-item-arrived-damaged": "damaged_item",
        "my-discount-code-does-not-work": "discount_code",
        "why-was-my-payment-declined": "payment_failed",
        "i-forgot-my-password": "account_password",
        "how-do-i-get-an-invoice": "invoice_vat",
    }
    assert all(c.status == "covered" for c in report.clusters if c.covered_by)


def test_cluster_fields(report, shop: Path) -> None:  # noqa: ANN001
    data = json.loads(Path(report.json_path).read_text())
    assert data["schema_version"] == 2 and data["window"]["days"] == 14
    first = data["clusters"][0]
    assert set(first) >= {
        "key",
        "canonical_question",
        "variants",
        "keywords",
        "tickets",
        "share",
        "customers",
        "channels",
        "off_hours_share",
        "previous_tickets",
        "trend",
        "category",
        "ticket_ids",
        "status",
    }
    assert all(len(c["variants"]) <= 10 and c["tickets"] >= 3 for c in data["clusters"])
    assert all(
        c["category"] in {"shipping", "returns", "refunds", "orders", "payment", "account", "product", "other"}
        for c in data["clusters"]
    )
    ids = [i for c in data["clusters"] for i in c["ticket_ids"]]
    assert len(ids) == len(set(ids)) and all(i.isdigit() for i in ids)
    assert len({c["key"] for c in data["clusters"]}) == len(data["clusters"])


def test_reports_leak_no_personal_data(report) -> None:  # noqa: ANN001
    text = Path(report.json_path).read_text() + Path(report.markdown_path).read_text()
    leaked = {p for t in generate_tickets(**SAMPLE) for p in t.pii if len(p) > 4 and p in text}  # type: ignore[arg-type]
    assert leaked == set()


def test_deterministic(shop: Path, report, tmp_path: Path) -> None:  # noqa: ANN001
    again = mine(db=shop / "tickets.sqlite3", until=FROZEN_NOW, out=tmp_path, content_dir=shop / "content")
    assert Path(again.json_path).read_text() == Path(report.json_path).read_text()


def test_empty_window(shop: Path, tmp_path: Path) -> None:
    code = CliRunner().invoke(
        main,
        [
            "mine",
            "--db",
            str(shop / "tickets.sqlite3"),
            "--until",
            "2020-01-01",
            "--out",
            str(tmp_path),
            "--content",
            str(shop / "content"),
        ],
    )
    assert code.exit_code == 0
    assert code.output.splitlines()[0] == (
        "No tickets between 2019-12-18T00:00:00+00:00 and 2020-01-01T00:00:00+00:00; the report is empty."
    )
    data = json.loads((tmp_path / "questions-2020-01-01.json").read_text())
    assert data["clusters"] == [] and data["tickets"] == 0
    assert "No question was asked often enough" in (tmp_path / "questions-2020-01-01.md").read_text()


@pytest.mark.parametrize("language", ["th", "zh"])
def test_thai_and_chinese_group_by_question(language: str) -> None:
    """Scripts without spaces between words: every group holds one question type, and types are kept apart."""
    tickets = [t for t in generate_tickets(count=8000, days=28, seed=3, until=FROZEN_NOW) if t.language == language]
    labels = cluster_questions([f"{t.subject}\n{t.body}" for t in tickets], min_size=1).labels
    groups: dict[int, Counter[str]] = {}
    for ticket, label in zip(tickets, labels, strict=True):
        groups.setdefault(int(label), Counter())[ticket.intent] += 1
    purity = sum(c.most_common(1)[0][1] for c in groups.values()) / len(tickets)
    assert purity >= 0.95
    assert len({c.most_common(1)[0][0] for c in groups.values()}) == len({t.intent for t in tickets})


def test_support_hours_in_shop_time_zone() -> None:
    hours = SupportHours(timezone="Europe/Berlin")
    assert hours.is_open(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))  # Monday 09:30 in Berlin
    assert not hours.is_open(datetime(2026, 11, 23, 16, 30, tzinfo=UTC))  # 17:30 in Berlin
    assert not hours.is_open(datetime(2026, 11, 22, 10, 0, tzinfo=UTC))  # Sunday


def test_ticket_text_is_inert_in_markdown(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    hostile = "<script>alert(1)</script> | {{ config }} [link](http://x) where is my **order**?"
    store_tickets(
        db,
        [
            Ticket(
                source="csv",
                external_id=str(i),
                created_at=FROZEN_NOW - timedelta(days=1, hours=i),
                body=hostile,
                channel=Channel.CHAT,
            )
            for i in range(4)
        ],
    )
    report = mine(db=db, until=FROZEN_NOW, out=tmp_path / "r", content_dir=tmp_path / "none")
    text = Path(report.markdown_path).read_text()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "](http" not in text and "\\*\\*order\\*\\*" in text
    assert _md("a|b") == "a\\|b"


def test_mine_command_output(shop: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "mine",
            "--db",
            str(shop / "tickets.sqlite3"),
            "--until",
            "2026-11-23T18:00Z",
            "--out",
            str(tmp_path),
            "--content",
            str(shop / "content"),
            "--no-drafts",
        ],
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].endswith("question types with at least 3 tickets.")
    assert lines[1].startswith("INCIDENT ")
    assert [line[:3] for line in lines[2:12]] == [f"{n:>2}." for n in range(1, 11)]
    assert "[covered by where-is-my-order]" in result.output
    assert (
        lines[-1] == f"Report: {tmp_path / 'questions-2026-11-23.md'} (data: {tmp_path / 'questions-2026-11-23.json'})"
    )


def test_search_command(shop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["search", "parcel not arrived yet", "--content", str(shop / "content")])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].endswith("where-is-my-order  Where is my order? [draft]")
    result = CliRunner().invoke(main, ["search", "zzzz qqqq", "--content", str(shop / "content")])
    assert result.output == "No entry matches.\n"
    hostile = CliRunner().invoke(main, ["search", 'title:(return OR * "', "--content", str(shop / "content")])
    assert hostile.exit_code == 0 and "how-do-i-return-an-item" in hostile.output


def test_a_few_wordings_of_one_question_stay_one_group() -> None:
    wordings = ["Hi, where is my parcel? Order #0", "where is my parcel??", "Where is my parcel?", "Where's my parcel"]
    labels = cluster_questions(wordings * 3).labels
    assert set(labels.tolist()) == {0}


def test_unreadable_entry_fails_before_mining_and_writes_no_report(shop: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(shop / "content", content)
    (content / "faq" / "shipping" / "broken.md").write_text("---\ntitle: never closed\n")
    result = CliRunner().invoke(
        main,
        ["mine", "--db", str(shop / "tickets.sqlite3"), "--content", str(content), "--out", str(tmp_path / "r")],
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: 1 problem(s) in FAQ entries; fix them (see 'faq-builder check'):\n"
        f"  {content / 'faq/shipping/broken.md'}:1: front matter starts with '---' but never ends; "
        "close it with a '---' line\n"
    )
    assert not (tmp_path / "r").exists()


def _top_types(report, intents: dict[str, str]) -> dict[str, int]:  # noqa: ANN001
    """The top 10 non-incident question types by their true intent, with their counts."""
    top = [c for c in report.clusters if c.status != "incident"][:10]
    return {majority(c, intents): c.tickets for c in top}


def test_windows_minutes_apart_keep_the_top_ten(shop: Path, report, intents, tmp_path: Path) -> None:  # noqa: ANN001
    earlier = mine(
        db=shop / "tickets.sqlite3",
        until=FROZEN_NOW - timedelta(minutes=10),
        out=tmp_path,
        content_dir=shop / "content",
    )
    now, before = _top_types(report, intents), _top_types(earlier, intents)
    kept = set(now) & set(before)
    assert len(kept) >= 9
    assert all(abs(now[intent] - before[intent]) <= 0.1 * now[intent] for intent in kept)
    covered_now = {c.covered_by.slug for c in report.clusters if c.covered_by}
    assert covered_now == {c.covered_by.slug for c in earlier.clusters if c.covered_by}


def test_merged_and_retitled_entry_stays_covered_in_a_later_window(tmp_path: Path, shop_store: Path, intents) -> None:  # noqa: ANN001
    from faq_builder.content import load_entries, split_front_matter
    from faq_builder.curate import approve, merge
    from faq_builder.draft import draft_entries

    db, content = tmp_path / "tickets.sqlite3", tmp_path / "content"
    shutil.copy(shop_store, db)
    shutil.copytree(ROOT / "content", content)
    report = mine(db=db, until=FROZEN_NOW, out=tmp_path / "reports", content_dir=content)
    drafted = draft_entries(report=report, db=db, content_dir=content)
    # An editor folds every draft about where an order is into the bundled entry, retitles it and approves it.
    by_slug = {c.covered_by.slug: c for c in report.clusters if c.covered_by}
    for path in drafted.created:
        meta, _ = split_front_matter(path.read_text(), path=path)
        clusters = [c for c in report.clusters if c.key in meta.get("cluster_keys", [])]
        if clusters and majority(clusters[0], intents) == "where_is_my_order":
            merge("where-is-my-order", path.stem, content_dir=content)
    path = content / "faq" / "shipping" / "where-is-my-order.md"
    path.write_text(path.read_text().replace("title: Where is my order?", "title: Where is my parcel?"))
    approve(["where-is-my-order"], content_dir=content, by="Sam", today=FROZEN_NOW.date())
    assert "where-is-my-order" in by_slug

    later = mine(db=db, until=FROZEN_NOW + timedelta(days=3), out=tmp_path / "reports", content_dir=content)
    again = draft_entries(report=later, db=db, content_dir=content)
    asked = [
        c
        for c in later.clusters
        if c.status != "incident" and majority(c, intents) == "where_is_my_order" and "en" in c.languages
    ]
    # Its main type is covered by the retitled entry, with its full count, and no piece of it is drafted again.
    assert (
        asked
        and asked[0].covered_by.slug == "where-is-my-order"
        and asked[0].tickets >= 0.8 * by_slug["where-is-my-order"].tickets * (later.tickets / report.tickets)
    )
    covering = [c for c in later.clusters if c.covered_by and c.covered_by.slug == "where-is-my-order"]
    entry = next(e for e in load_entries(content) if e.slug == "where-is-my-order")
    # Drafting also folds pieces it recognises by their wording into the entry (refreshed, not drafted again).
    assert entry.title == "Where is my parcel?" and entry.tickets >= sum(c.tickets for c in covering)
    drafted_keys = {key for p in again.created for key in split_front_matter(p.read_text(), path=p)[0]["cluster_keys"]}
    assert not [c for c in asked if c.key in drafted_keys]


def test_bundled_entries_stay_covered_when_the_window_moves(shop: Path, report, tmp_path: Path) -> None:  # noqa: ANN001
    """Each window mined into a folder of its own (nothing to carry over): coverage rests on meaning alone."""
    covered = {c.covered_by.slug for c in report.clusters if c.covered_by}
    for minutes in (-30, -10, 10, 30):
        moved = mine(
            db=shop / "tickets.sqlite3",
            until=FROZEN_NOW + timedelta(minutes=minutes),
            out=tmp_path / str(minutes),
            content_dir=shop / "content",
        )
        assert {c.covered_by.slug for c in moved.clusters if c.covered_by} == covered
