"""Mining the sample shop: incidents, distinct top questions, report fields, no personal data, determinism, `mine`."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from faq_builder.cli import main
from faq_builder.mine import mine
from faq_builder.sample.generator import generate_tickets

from .conftest import FROZEN_NOW, SHOP, majority

SAMPLE = SHOP


def test_confirmation_spike_is_an_incident(mined_report, intents) -> None:  # noqa: ANN001
    incidents = mined_report.incidents
    assert [majority(c, intents) for c in incidents] == ["order_confirmation_missing"]
    spike = incidents[0]
    assert spike.tickets >= 3 * spike.previous_tickets and len(spike.peak_days) == 3
    assert "incident" in Path(mined_report.markdown_path).read_text().split("## Top")[0].lower()


def test_top_ten_are_ten_different_question_types(mined_report, intents) -> None:  # noqa: ANN001
    top = [c for c in mined_report.clusters if c.status != "incident"][:10]
    assert len(top) == 10
    assert len({majority(c, intents) for c in top}) == 10


def test_cluster_fields(mined_report, mined_shop: Path) -> None:  # noqa: ANN001
    data = json.loads(Path(mined_report.json_path).read_text())
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


def test_reports_leak_no_personal_data(mined_report) -> None:  # noqa: ANN001
    text = Path(mined_report.json_path).read_text() + Path(mined_report.markdown_path).read_text()
    leaked = {p for t in generate_tickets(**SAMPLE) for p in t.pii if len(p) > 4 and p in text}  # type: ignore[arg-type]
    assert leaked == set()


def test_deterministic(mined_shop: Path, mined_report, tmp_path: Path) -> None:  # noqa: ANN001
    again = mine(db=mined_shop / "tickets.sqlite3", until=FROZEN_NOW, out=tmp_path, content_dir=mined_shop / "content")
    assert Path(again.json_path).read_text() == Path(mined_report.json_path).read_text()


def test_empty_window(mined_shop: Path, tmp_path: Path) -> None:
    code = CliRunner().invoke(
        main,
        [
            "mine",
            "--db",
            str(mined_shop / "tickets.sqlite3"),
            "--until",
            "2020-01-01",
            "--out",
            str(tmp_path),
            "--content",
            str(mined_shop / "content"),
        ],
    )
    assert code.exit_code == 0
    assert code.output.splitlines()[0] == (
        "No tickets between 2019-12-18T00:00:00+00:00 and 2020-01-01T00:00:00+00:00; the report is empty."
    )
    data = json.loads((tmp_path / "questions-2020-01-01.json").read_text())
    assert data["clusters"] == [] and data["tickets"] == 0
    assert "No question was asked often enough" in (tmp_path / "questions-2020-01-01.md").read_text()


def test_mine_command_output(mined_shop: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "mine",
            "--db",
            str(mined_shop / "tickets.sqlite3"),
            "--until",
            "2026-11-23T18:00Z",
            "--out",
            str(tmp_path),
            "--content",
            str(mined_shop / "content"),
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


def test_unreadable_entry_fails_before_mining_and_writes_no_report(mined_shop: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(mined_shop / "content", content)
    (content / "faq" / "shipping" / "broken.md").write_text("---\ntitle: never closed\n")
    result = CliRunner().invoke(
        main,
        ["mine", "--db", str(mined_shop / "tickets.sqlite3"), "--content", str(content), "--out", str(tmp_path / "r")],
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


def test_windows_minutes_apart_keep_the_top_ten(mined_shop: Path, mined_report, intents, tmp_path: Path) -> None:  # noqa: ANN001
    earlier = mine(
        db=mined_shop / "tickets.sqlite3",
        until=FROZEN_NOW - timedelta(minutes=10),
        out=tmp_path,
        content_dir=mined_shop / "content",
    )
    now, before = _top_types(mined_report, intents), _top_types(earlier, intents)
    kept = set(now) & set(before)
    assert len(kept) >= 9
    assert all(abs(now[intent] - before[intent]) <= 0.1 * now[intent] for intent in kept)
    covered_now = {c.covered_by.slug for c in mined_report.clusters if c.covered_by}
    assert covered_now == {c.covered_by.slug for c in earlier.clusters if c.covered_by}


def test_searches_without_results_are_questions_marked_as_from_search(mined_shop: Path, tmp_path: Path) -> None:
    """A question shoppers keep typing into the help site's search box in vain becomes a question type, even
    with no ticket; it is marked as coming from search, and drafting it does not fail."""
    from faq_builder.draft import draft_entries
    from faq_builder.report import render_markdown
    from faq_builder.store import TicketStore

    db = tmp_path / "tickets.sqlite3"
    shutil.copy(mined_shop / "tickets.sqlite3", db)
    wordings = ["recycle old clothes", "do you take back old clothes for recycling", "clothes recycling", "recycling"]
    with TicketStore(db) as store, store.transaction():
        for number in range(12):
            store.add_failed_search(
                query=wordings[number % 4],
                page="/",
                language="en",
                received_at=FROZEN_NOW - timedelta(days=1 + number % 10, hours=number),
            )
    content = tmp_path / "content"
    shutil.copytree(mined_shop / "content", content)
    report = mine(db=db, until=FROZEN_NOW, out=tmp_path / "reports", content_dir=content)
    assert report.searches == 12
    (searched,) = [c for c in report.clusters if c.from_search]
    assert searched.searches == 12 and searched.tickets == len(searched.ticket_ids) < 12  # ids: tickets only
    assert searched.status == "new" and "recycl" in searched.canonical_question.lower()
    assert searched.channels["site_search"] == 12
    assert report.clustered_tickets == sum(c.tickets for c in report.clusters)  # searches are no tickets
    assert "12 searches of the help site found nothing; they count as questions." in render_markdown(report)
    report.top = len(report.clusters)
    assert f"| {searched.tickets} + 12 searches |" in render_markdown(report)
    assert "from site search" in render_markdown(report)
    result = draft_entries(report=report, db=db, content_dir=content, top=20)
    drafted = [p for p in result.created if "recycl" in p.stem]
    assert drafted, result.skipped
