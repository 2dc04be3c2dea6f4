"""Mining reports: JSON written and loaded back (schema version checked), the Markdown view, ticket text kept inert."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from faq_builder.content import FaqEntry
from faq_builder.errors import FaqBuilderError
from faq_builder.mine import mine
from faq_builder.models import Category, Channel, ClusterStatus, EntryStatus, SelfService, Ticket, Trend
from faq_builder.report import (
    Coverage,
    MiningReport,
    QuestionCluster,
    Twin,
    inline_markdown,
    latest_report,
    load_report,
    propose_twins,
    render_markdown,
    twin_for,
    write_report,
)

from .conftest import FROZEN_NOW, mining_report, question_type, store_tickets


def tiny_report() -> MiningReport:
    """An incident, a covered question type and a new one with Markdown in its wording."""
    return mining_report(
        [
            question_type(
                "orders/order-confirmation",
                ClusterStatus.INCIDENT,
                "I got no order confirmation",
                tickets=12,
                previous_tickets=2,
                trend=Trend.UP,
                trend_ratio=6.0,
                peak_days=["2026-11-20", "2026-11-21", "2026-11-22"],
            ),
            question_type(
                "shipping/where-order",
                ClusterStatus.COVERED,
                "Where is my order?",
                rank=2,
                variants=["Where is my order?", "where's my parcel"],
                keywords=["order", "parcel"],
                tickets=10,
                channels={"email": 7, "chat": 3},
                off_hours_share=0.25,
                previous_tickets=6,
                trend=Trend.UP,
                trend_ratio=1.7,
                covered_by=Coverage("where-is-my-order", "Where is my order?", EntryStatus.APPROVED, 0.91),
            ),
            question_type(
                "payment/pay-invoice",
                ClusterStatus.NEW,
                "Can I pay by *invoice* | later?",
                rank=3,
                tickets=8,
                channels={"web_form": 8},
                off_hours_share=0.5,
                previous_tickets=0,
                trend=Trend.NEW,
            ),
        ],
        tickets=40,
        previous_tickets=25,
        clustered_tickets=30,
    )


def test_render_markdown_of_a_tiny_report() -> None:
    assert render_markdown(tiny_report()).split("\n") == [
        "# Top customer questions, 14 days to 2026-11-23",
        "",
        "40 tickets in the window (25 in the 14 days before); 30 grouped into 3 question types. "
        "Support hours: Mon,Tue,Wed,Thu,Fri 09:00-17:00 Europe/Berlin.",
        "",
        "## Incidents to investigate",
        "",
        "Sudden spikes: fix the cause rather than writing an FAQ entry.",
        "",
        "- **I got no order confirmation** — 12 tickets (previous window 2), mostly 2026-11-20 to 2026-11-22; "
        "key `orders/order-confirmation`",
        "",
        "## Top 10 questions",
        "",
        "| # | question | tickets | trend | off-hours | category | status |",
        "|---|---|---|---|---|---|---|",
        "| 1 | Where is my order? | 10 | ↑ 1.7x | 25% | shipping | covered (where-is-my-order) |",
        "| 2 | Can I pay by \\*invoice\\* \\| later? | 8 | ★ | 50% | payment | new |",
        "",
        "### 1. Where is my order?",
        "",
        "Key `shipping/where-order` · keywords: order, parcel · channels: email 7, chat 3",
        "",
        "- Where is my order?",
        "- where's my parcel",
        "",
        "### 2. Can I pay by \\*invoice\\* \\| later?",
        "",
        "Key `payment/pay-invoice` · keywords: pay, invoice · channels: web_form 8",
        "",
        "- Can I pay by \\*invoice\\* \\| later?",
        "",
    ]


def test_render_markdown_of_an_empty_report() -> None:
    report = tiny_report()
    report.clusters, report.tickets, report.clustered_tickets = [], 0, 0
    lines = render_markdown(report).split("\n")
    assert lines[2] == (
        "0 tickets in the window (25 in the 14 days before); 0 grouped into 0 question types. "
        "Support hours: Mon,Tue,Wed,Thu,Fri 09:00-17:00 Europe/Berlin."
    )
    assert lines[4:] == [
        "## Incidents to investigate",
        "",
        "None.",
        "",
        "## Top 10 questions",
        "",
        "No question was asked often enough in this window.",
        "",
    ]


def test_written_report_loads_back_equal(tmp_path: Path) -> None:
    report = tiny_report()
    write_report(report, tmp_path / "reports", FROZEN_NOW)
    assert report.json_path == str(tmp_path / "reports" / "questions-2026-11-23.json")
    assert Path(report.markdown_path).read_text() == render_markdown(report)

    loaded = load_report(report.json_path)
    assert loaded.clusters == report.clusters
    assert loaded.to_json() == report.to_json()
    assert loaded.json_path == report.json_path and loaded.markdown_path is None
    covered = loaded.clusters[1].covered_by
    assert covered == Coverage("where-is-my-order", "Where is my order?", EntryStatus.APPROVED, 0.91)
    assert covered.status is EntryStatus.APPROVED
    assert [c.status for c in loaded.clusters] == [ClusterStatus.INCIDENT, ClusterStatus.COVERED, ClusterStatus.NEW]
    assert all(type(c.status) is ClusterStatus and type(c.trend) is Trend for c in loaded.clusters)
    assert all(type(c.category) is Category for c in loaded.clusters)
    assert [c.covered_by for c in loaded.clusters if c is not loaded.clusters[1]] == [None, None]
    assert [c.key for c in loaded.incidents] == ["orders/order-confirmation"]


def test_load_report_rejects_another_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "questions-2026-11-23.json"
    path.write_text(json.dumps({**tiny_report().to_json(), "schema_version": 1}))
    with pytest.raises(FaqBuilderError) as error:
        load_report(path)
    assert str(error.value) == (
        f"{path}: report schema version 1, this faq-builder reads version 2; "
        "run 'faq-builder mine' again to write a current report"
    )
    path.write_text("[1, 2]")
    with pytest.raises(FaqBuilderError, match=r"report schema version None, this faq-builder reads version 2"):
        load_report(path)


def test_load_report_rejects_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "questions-2026-11-23.json"
    path.write_text("# Top customer questions\n")
    with pytest.raises(FaqBuilderError) as error:
        load_report(path)
    assert str(error.value).startswith(f"{path}: not a readable mining report (Expecting value: line 1 column 1")


def test_load_report_rejects_missing_files_and_unknown_fields(tmp_path: Path) -> None:
    missing = tmp_path / "questions-2026-11-23.json"
    with pytest.raises(FaqBuilderError) as error:
        load_report(missing)
    assert str(error.value) == f"{missing}: no such report; run 'faq-builder mine' first"
    data = tiny_report().to_json()
    data["clusters"][0]["status"] = "urgent"
    missing.write_text(json.dumps(data))
    with pytest.raises(FaqBuilderError) as error:
        load_report(missing)
    assert str(error.value) == f"{missing}: not a mining report of this version ('urgent' is not a valid ClusterStatus)"


def test_latest_report_is_the_newest_by_date(tmp_path: Path) -> None:
    for day in ("2026-11-09", "2026-11-23", "2026-11-16"):
        (tmp_path / f"questions-{day}.json").write_text("{}")
    (tmp_path / "questions-2026-11-23.md").write_text("")
    assert latest_report(tmp_path) == tmp_path / "questions-2026-11-23.json"
    with pytest.raises(FaqBuilderError) as error:
        latest_report(tmp_path / "empty")
    assert str(error.value) == f"{tmp_path / 'empty'}: no questions-<date>.json report; run 'faq-builder mine' first"


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
    assert inline_markdown("a|b") == "a\\|b"


def test_a_report_whose_category_is_a_path_is_refused(tmp_path: Path) -> None:
    """Drafting writes to faq/<category>/: a report must not be able to name a folder outside content/."""
    report = mining_report([question_type("shipping/where-is-it", ClusterStatus.NEW, "Where is my parcel?")])
    write_report(report, tmp_path, FROZEN_NOW)
    path = tmp_path / f"questions-{FROZEN_NOW.date().isoformat()}.json"
    data = json.loads(path.read_text())
    data["clusters"][0]["category"] = "../../../../tmp"
    path.write_text(json.dumps(data))
    with pytest.raises(FaqBuilderError, match="not a mining report of this version"):
        load_report(path)


def refund_entry(slug: str = "when-will-i-get-my-refund", **fields: object) -> FaqEntry:
    values: dict = {
        "status": EntryStatus.APPROVED,
        "category": Category.REFUNDS,
        "self_service": SelfService.START_RETURN,
    }
    return FaqEntry(slug, Path(f"content/faq/refunds/{slug}.md"), "When will I get my refund?", **{**values, **fields})


def thai_refund_question() -> QuestionCluster:
    return question_type("refunds/จะได้รับเงินคืน", ClusterStatus.NEW, "จะได้รับเงินคืนเมื่อไหร่คะ", languages={"th": 5})


def test_a_new_question_is_the_twin_of_the_one_entry_that_plainly_answers_it() -> None:
    assert twin_for(thai_refund_question(), [refund_entry()]) == Twin("en", "when-will-i-get-my-refund")
    assert twin_for(thai_refund_question(), [refund_entry(language="vi")]) == Twin("vi", "when-will-i-get-my-refund")


@pytest.mark.parametrize(
    "entries",
    [
        [],
        [refund_entry(status=EntryStatus.DRAFT)],
        [refund_entry(category=Category.RETURNS)],
        [refund_entry(self_service=SelfService.ORDER_HISTORY)],
        [refund_entry(language="th")],  # same language: it would answer the question, not translate it
        [refund_entry(), refund_entry("refund-to-gift-card")],  # two fit: unclear which
        [refund_entry(translations={"th": "kuen-ngoen"})],  # it has a Thai twin already
        [refund_entry(), refund_entry("kuen-ngoen", language="th", translations={"en": "when-will-i-get-my-refund"})],
    ],
)
def test_no_twin_unless_exactly_one_approved_entry_fits(entries: list[FaqEntry]) -> None:
    assert twin_for(thai_refund_question(), entries) is None


def test_a_question_without_a_self_service_button_or_language_has_no_twin() -> None:
    other = question_type("other/ขอบคุณ", ClusterStatus.NEW, "ขอบคุณค่ะ", languages={"th": 5})
    unknown = question_type("refunds/x", ClusterStatus.NEW, "จะได้รับเงินคืนเมื่อไหร่คะ", languages={"und": 5})
    assert twin_for(other, [refund_entry(category=Category.OTHER, self_service=None)]) is None
    assert twin_for(unknown, [refund_entry()]) is None


def test_twins_go_to_the_first_question_of_a_language_and_show_in_the_report(tmp_path: Path) -> None:
    first, second = thai_refund_question(), thai_refund_question()
    second.key, second.rank = "refunds/ยังไม่ได้รับเงินคืน", 2
    covered = question_type("refunds/refund", ClusterStatus.COVERED, "Where is my refund?", rank=3)
    report = mining_report([first, second, covered])
    propose_twins(report.clusters, [refund_entry()])
    assert [c.twin_of for c in report.clusters] == [Twin("en", "when-will-i-get-my-refund"), None, None]
    markdown = render_markdown(report)
    assert "| new, proposed as the th version of when-will-i-get-my-refund |" in markdown
    assert "New in th, proposed as the th version of when-will-i-get-my-refund: check that it asks" in markdown
    write_report(report, tmp_path, FROZEN_NOW)
    assert load_report(tmp_path / "questions-2026-11-23.json").clusters[0].twin_of == first.twin_of
