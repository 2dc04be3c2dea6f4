"""Drafting from a mining report: answers from agents' replies, no personal data, editors' text never clobbered."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import markdown
import pytest

from faq_builder.content import DRAFT_MARKER, escape_markdown, load_entries, parse_entry, split_front_matter
from faq_builder.curate import approve, ignore, merge, retire
from faq_builder.draft import NEUTRAL, answer_text, draft_entries, neutral_wording
from faq_builder.mine import mine
from faq_builder.models import Channel, Status, Ticket
from faq_builder.privacy import PLACEHOLDERS, Redactor
from faq_builder.sample.generator import generate_tickets
from faq_builder.sample.phrases import AGENTS
from faq_builder.store import TicketStore

from .conftest import FROZEN_NOW, ROOT, SHOP, store_tickets

TODAY = FROZEN_NOW.date()


@pytest.fixture()
def shop(tmp_path: Path, shop_store: Path) -> Path:
    shutil.copy(shop_store, tmp_path / "tickets.sqlite3")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def run(shop: Path, *, until=FROZEN_NOW, top: int = 10):  # noqa: ANN001, ANN202
    report = mine(db=shop / "tickets.sqlite3", until=until, out=shop / "reports", content_dir=shop / "content", top=top)
    return report, draft_entries(report=report, db=shop / "tickets.sqlite3", content_dir=shop / "content")


def answered(questions: list[str], replies: list[str], *, count: int, every_hours: int) -> list[Ticket]:
    """``count`` solved email tickets, one every ``every_hours`` back from now, cycling through the texts."""
    return [
        Ticket(
            source="test",
            external_id=f"T{i:03d}",
            created_at=FROZEN_NOW - timedelta(hours=every_hours * i + 1),
            body=questions[i % len(questions)],
            channel=Channel.EMAIL,
            agent_replies=(replies[i % len(replies)],),
            status=Status.SOLVED,
            customer_key=f"c{i}",
        )
        for i in range(count)
    ]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_top_ten_new_questions_drafted_from_agent_replies(shop: Path) -> None:
    report, result = run(shop)
    assert len(result.created) == 10
    new = [c for c in report.clusters if c.status == "new"][:10]
    redactor = Redactor()
    with TicketStore(shop / "tickets.sqlite3") as store:
        for cluster, path in zip(new, result.created, strict=True):
            entry, problems = parse_entry(path, path.read_text())
            assert entry is not None and problems == []
            assert entry.status == "draft" and entry.body.startswith(DRAFT_MARKER)
            assert entry.title == neutral_wording(cluster.canonical_question)
            assert path.parent.name == cluster.category and entry.tickets == cluster.tickets
            answer = entry.body.split("-->", 1)[1].strip()
            replies = {
                escape_markdown(answer_text(t.first_agent_reply, redactor))
                for t in store.by_external_ids(cluster.ticket_ids)
                if t.first_agent_reply
            }
            assert answer in replies


def test_drafts_contain_no_personal_data(shop: Path) -> None:
    _, result = run(shop)
    text = "\n".join(p.read_text() for p in shop.joinpath("content").rglob("*.md"))
    injected = {p for t in generate_tickets(**SHOP) for p in t.pii if len(p) > 4}  # type: ignore[arg-type]
    assert {p for p in injected if p in text} == set()
    assert not any(f" {agent}" in text or f"\n{agent}" in text for agent in AGENTS)
    assert "{" not in "".join(
        p.read_text().split("-->", 1)[1] for p in result.created if "No agent" not in p.read_text()
    )


def test_running_again_on_the_same_window_drafts_nothing_more(shop: Path) -> None:
    run(shop)
    before = snapshot(shop / "content")
    _, again = run(shop)
    assert again.created == [] and again.updated == []
    assert snapshot(shop / "content") == before


def test_editor_edits_survive_remining_byte_for_byte(shop: Path) -> None:
    _, first = run(shop)
    path = first.created[0]
    meta, _ = split_front_matter(path.read_text(), path=path)
    edited_title = f"{meta['title'].rstrip('?')}? (Edited by Sam)"
    edited_body = "Our **own** answer, written by an editor.\n\nAsk us anytime.\n"
    text = path.read_text().replace(f"title: {meta['title']}", f"title: '{edited_title}'")
    path.write_text(text.split("---\n\n", 1)[0] + "---\n\n" + edited_body)
    approve([path.stem], content_dir=shop / "content", by="Sam", today=TODAY)
    approved = path.read_text()

    later = FROZEN_NOW + timedelta(days=2)
    report, _ = run(shop, until=later)
    after = path.read_text()
    entry, _ = parse_entry(path, after)
    assert entry is not None
    assert after.endswith("---\n\n" + edited_body)
    assert f"title: '{edited_title}'\n" in after and entry.status == "approved" and entry.reviewed_by == "Sam"
    assert entry.last_mined == later.date()
    cluster = next(c for c in report.clusters if c.covered_by and c.covered_by["slug"] == path.stem)
    assert entry.tickets == cluster.tickets != meta["tickets"]
    unchanged = [line for line in approved.split("\n") if not line.startswith(("tickets:", "last_mined:", "trend:"))]
    assert all(line in after.split("\n") for line in unchanged)


def test_a_failure_midway_leaves_content_as_it_was(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = mine(db=shop / "tickets.sqlite3", until=FROZEN_NOW, out=shop / "reports", content_dir=shop / "content")
    before = snapshot(shop / "content")
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):  # noqa: ANN001, ANN202
        calls.append(dst)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        draft_entries(report=report, db=shop / "tickets.sqlite3", content_dir=shop / "content")
    monkeypatch.undo()
    assert len(calls) > 4  # three files were in place and were put back
    assert snapshot(shop / "content") == before


def test_retired_and_ignored_questions_are_not_drafted_again(shop: Path) -> None:
    report, first = run(shop, top=2)
    retired, other = first.created
    retire([retired.stem], content_dir=shop / "content", by="Sam", today=TODAY)
    other.unlink()
    cluster = [c for c in report.clusters if c.status == "new"][1]  # the question `other` was drafted for
    ignore([cluster.key], content_dir=shop / "content", report=report.json_path, by="Sam", today=TODAY)

    again, result = run(shop, top=2)
    statuses = {c.key: c.status for c in again.clusters}
    assert statuses[cluster.key] == "ignored"
    assert any(c.status == "retired" and c.covered_by["slug"] == retired.stem for c in again.clusters)
    assert other not in result.created and all(p.stem != retired.stem for p in result.created)
    assert (cluster.key, "ignored by an editor") in result.skipped


def test_merge_folds_one_entry_into_another_and_mining_remembers(shop: Path) -> None:
    _, first = run(shop, top=3)
    keep, fold = first.created[0], first.created[1]
    fold_title = next(e.title for e in load_entries(shop / "content") if e.path == fold)
    index = shop / "content" / "index.md"
    relative = os.path.relpath(fold, index.parent)
    index.write_text(index.read_text() + f"\nSee [this answer]({relative}).\n\n```\n[example]({relative})\n```\n")

    merge(keep.stem, fold.stem, content_dir=shop / "content")
    assert not fold.exists()
    kept = next(e for e in load_entries(shop / "content") if e.path == keep)
    assert fold_title in kept.variants and fold.stem in kept.aliases
    assert f"[this answer]({os.path.relpath(keep, index.parent)})" in index.read_text()
    assert f"[example]({relative})" in index.read_text()  # code blocks are left as written

    again, result = run(shop, top=3)
    assert all(p.stem != fold.stem for p in result.created)
    assert sum(1 for c in again.clusters if c.covered_by and c.covered_by["slug"] == keep.stem) >= 1


HOSTILE = [
    "<script>alert('x')</script> where is my order??",
    "{{ config.site_name }} {% include 'x' %} where is my order",
    "---\ntitle: hacked\n---\nwhere is my order",
    "[click](javascript:alert(1)) where is my order?",
    "where is my order <img src=x onerror=alert(1)>",
]


def test_hostile_ticket_text_is_literal_in_drafts(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    reply = (
        "<b>Hi</b> {{ secrets }} {% raw %}\n---\n# Heading\n"
        "Your order ships <script>x()</script> today, see [x](javascript:y)."
    )
    store_tickets(db, answered(HOSTILE, [reply], count=30, every_hours=11))
    content = tmp_path / "content"
    report = mine(db=db, until=FROZEN_NOW, out=tmp_path / "reports", content_dir=content)
    result = draft_entries(report=report, db=db, content_dir=content)
    assert result.created
    for path in result.created:
        text = path.read_text()
        entry, problems = parse_entry(path, text)
        assert entry is not None and problems == []
        assert text.split("\n").count("---") == 2 and text.startswith("---\n")
        html = markdown.markdown(entry.body.split("-->", 1)[1])
        assert "<script" not in html and "<img" not in html and "<b>" not in html and "<h1" not in html
        assert 'href="javascript' not in html and "<hr" not in html
        assert "{{" not in entry.body.split("-->", 1)[1] and "{%" not in entry.body.split("-->", 1)[1]
        assert "&lt;script&gt;" in html


def test_every_placeholder_has_neutral_wording() -> None:
    assert set(NEUTRAL) | {"{name}"} == set(PLACEHOLDERS.values())
    assert neutral_wording("I checked your order {order_number} and emailed {email}, {name}.") == (
        "I checked your order and emailed your email address."
    )


def test_answer_text_drops_greeting_names_and_sign_off() -> None:
    reply = (
        "Hi Anna,\n\nyour parcel ships today from order #48213.\n\nBest regards,\nAlex | Northwind Outfitters Support"
    )
    assert answer_text(reply, Redactor()) == "Your parcel ships today from order."


def test_slugs_are_unique_and_stable_ids(shop: Path) -> None:
    _, result = run(shop)
    stems = [p.stem for p in result.created]
    assert len(set(stems)) == len(stems)
    assert all(parse_entry(p, p.read_text())[0].id == p.stem for p in result.created)
    assert all(len(s) <= 60 and s == s.lower() for s in stems)


def test_mine_command_drafts_and_review_lists_them(shop: Path) -> None:
    from click.testing import CliRunner

    from faq_builder.cli import main

    common = ["--content", str(shop / "content")]
    result = CliRunner().invoke(
        main,
        ["mine", "--db", str(shop / "tickets.sqlite3"), "--until", "2026-11-23T18:00Z", "--out", str(shop / "r")]
        + common,
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    drafted = [line for line in lines if line.startswith("drafted  ")]
    assert len(drafted) == 10
    assert lines[-1] == "10 new drafts, 12 entries refreshed; review them with: faq-builder review"
    review = CliRunner().invoke(main, ["review", *common])
    listed = review.output.splitlines()
    assert review.exit_code == 0 and len(listed) == 23  # 10 new drafts, 12 bundled drafts, the hint
    assert listed[-1] == "Edit the files in content/faq/, then: faq-builder approve SLUG..."
    first = Path(drafted[0].split("  ", 1)[1])
    refused = CliRunner().invoke(main, ["approve", first.stem, "--by", "Sam", *common])
    assert refused.exit_code == 1
    assert "the draft note is still in the answer" in refused.output and "nothing was changed" in refused.output
    approved = CliRunner().invoke(main, ["approve", "where-is-my-order", "--by", "Sam", *common])
    assert approved.exit_code == 0
    assert approved.output == f"approved  where-is-my-order  ({shop / 'content/faq/shipping/where-is-my-order.md'})\n"


def test_draft_command_reads_the_newest_report(shop: Path) -> None:
    from click.testing import CliRunner

    from faq_builder.cli import main

    mine(db=shop / "tickets.sqlite3", until=FROZEN_NOW, out=shop / "reports", content_dir=shop / "content")
    common = ["--db", str(shop / "tickets.sqlite3"), "--content", str(shop / "content")]
    result = CliRunner().invoke(main, ["draft", "--reports", str(shop / "reports"), "--top", "3", *common])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "3 new drafts, 12 entries refreshed; review them with: faq-builder review"
    missing = CliRunner().invoke(main, ["draft", "--reports", str(shop / "nowhere"), *common])
    assert missing.exit_code == 1
    assert missing.output == (
        f"Error: {shop / 'nowhere'}: no questions-<date>.json report; run 'faq-builder mine' first\n"
    )


GOLDEN = Path(__file__).parent / "fixtures" / "golden"


def test_drafted_entry_matches_golden_file(tmp_path: Path) -> None:
    """The whole generated file, byte for byte (FAQ_BUILDER_UPDATE_GOLDEN=1 rewrites it after a deliberate change)."""
    db = tmp_path / "t.sqlite3"
    asks = ["Hi, where is my parcel? Order #55123", "where is my parcel??"]
    replies = [
        "Hi Anna,\n\nyour parcel left our warehouse today; track it with your order number.\n\nBest regards,\nAlex",
        "Hello Ben, your parcel is with the carrier and arrives in 2-4 working days. Thanks, Jamie",
    ]
    store_tickets(db, answered(asks, replies, count=12, every_hours=27))
    content = tmp_path / "content"
    report = mine(db=db, until=FROZEN_NOW, out=tmp_path / "reports", content_dir=content)
    (path,) = draft_entries(report=report, db=db, content_dir=content).created
    golden = GOLDEN / "drafted-entry.md"
    if os.environ.get("FAQ_BUILDER_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(path.read_text())
    assert path.relative_to(content).as_posix() == "faq/shipping/where-is-my-parcel.md"
    assert path.read_text() == golden.read_text()
