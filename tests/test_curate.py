"""Curation: approve (and its refusals), retire, merge, ignore and review, and what mining and drafting make of them."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from faq_builder.content import load_entries
from faq_builder.curate import approve, ignore, merge, retire
from faq_builder.errors import ContentError

from .conftest import GOOD, PERSONAL_TITLES, TODAY, in_english, mine_and_draft, write_entry


def test_retired_and_ignored_questions_are_not_drafted_again(shop: Path) -> None:
    report, first = mine_and_draft(shop, top=2)
    retired, other = in_english(first.created)  # the top 2 English questions (others: top 2 of each language)
    retire([retired.stem], content_dir=shop / "content", by="Sam", today=TODAY)
    other.unlink()
    cluster = [c for c in report.clusters if c.status == "new" and c.language == "en"][1]  # `other`'s question
    ignore([cluster.key], content_dir=shop / "content", report=report.json_path, by="Sam", today=TODAY)

    again, result = mine_and_draft(shop, top=2)
    statuses = {c.key: c.status for c in again.clusters}
    assert statuses[cluster.key] == "ignored"
    assert any(c.status == "retired" and c.covered_by.slug == retired.stem for c in again.clusters)
    assert other not in result.created and all(p.stem != retired.stem for p in result.created)
    assert (cluster.key, "ignored by an editor") in result.skipped


def test_merge_folds_one_entry_into_another_and_mining_remembers(shop: Path) -> None:
    _, first = mine_and_draft(shop, top=3)
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

    again, result = mine_and_draft(shop, top=3)
    assert all(p.stem != fold.stem for p in result.created)
    assert sum(1 for c in again.clusters if c.covered_by and c.covered_by.slug == keep.stem) >= 1


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
    assert len(in_english([Path(line.split("  ", 1)[1]) for line in drafted])) == 10
    # The top 10 of each language: 10 in English, 6 in the sample's Vietnamese, Thai, Bulgarian and Chinese.
    assert lines[-1] == "16 new drafts, 12 entries refreshed; review them with: faq-builder review"
    review = CliRunner().invoke(main, ["review", *common])
    listed = review.output.splitlines()
    assert review.exit_code == 0 and len(listed) == 29  # 16 new drafts, 12 bundled drafts, the hint
    assert listed[-1] == "Edit the files in content/faq/, then: faq-builder approve SLUG..."
    first = Path(drafted[0].split("  ", 1)[1])
    refused = CliRunner().invoke(main, ["approve", first.stem, "--by", "Sam", *common])
    assert refused.exit_code == 1
    assert "the draft note is still in the answer" in refused.output and "nothing was changed" in refused.output
    approved = CliRunner().invoke(main, ["approve", "where-is-my-order", "--by", "Sam", *common])
    assert approved.exit_code == 0
    assert approved.output == f"approved  where-is-my-order  ({shop / 'content/faq/shipping/where-is-my-order.md'})\n"


@pytest.mark.parametrize(("title", "kind"), PERSONAL_TITLES)
def test_approve_refuses_a_title_with_personal_data(content: Path, title: str, kind: str) -> None:
    text = GOOD.format(slug="delivery", status="draft").replace("How long does delivery take?", title)
    path = write_entry(content, "shipping/delivery.md", text)
    with pytest.raises(ContentError, match=rf"personal data \({kind}\) in 'title'"):
        approve(["delivery"], content_dir=content, by="Sam", today=date(2026, 11, 23))
    assert path.read_text() == text


def test_entries_mostly_voted_unhelpful_since_their_last_review(tmp_path: Path) -> None:
    """Five "no" of five since the entry was approved list it, with its comments; three do not; older votes
    (before the editor's last approval) do not count."""
    from datetime import UTC, datetime

    from click.testing import CliRunner

    from faq_builder.cli import main
    from faq_builder.curate import unhelpful_entries
    from faq_builder.store import TicketStore

    content = tmp_path / "content"
    for slug in ("late-parcel", "returns-window", "invoices"):
        write_entry(
            content,
            f"shipping/{slug}.md",
            GOOD.format(slug=slug, status="approved").replace("---\n", "---\nreviewed_at: 2026-11-10\n", 1),
        )
    db = tmp_path / "tickets.sqlite3"
    after, before = datetime(2026, 11, 12, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    with TicketStore(db) as store, store.transaction():
        for number in range(5):
            comment = "Still no tracking number" if number == 4 else None
            store.add_vote(
                entry="late-parcel", helpful=False, page="/", language="en", comment=comment, received_at=after
            )
        for _ in range(3):
            store.add_vote(entry="returns-window", helpful=False, page="/", language="en", received_at=after)
        for _ in range(5):  # before the entry was last approved: the answer was changed since
            store.add_vote(entry="invoices", helpful=False, page="/", language="en", received_at=before)
    found = unhelpful_entries(content, db=db)
    assert [(entry.slug, votes.unhelpful, votes.total, votes.comments) for entry, votes in found] == [
        ("late-parcel", 5, 5, ("Still no tracking number",))
    ]
    assert unhelpful_entries(content, db=tmp_path / "none.sqlite3") == []
    result = CliRunner().invoke(main, ["review", "--content", str(content), "--db", str(db)])
    assert (result.exit_code, result.output) == (
        0,
        "unhelpful  5 of 5   late-parcel  How long does delivery take?\n"
        "    “Still no tracking number”\n"
        "Edit the files in content/faq/, then: faq-builder approve SLUG...\n",
    )


@pytest.mark.parametrize(
    ("unhelpful", "total", "listed"), [(5, 5, True), (3, 3, False), (60, 100, True), (30, 50, False)]
)
def test_unhelpful_needs_a_confident_majority(unhelpful: int, total: int, listed: bool) -> None:
    from faq_builder.curate import UNHELPFUL_SHARE, unhelpful_share_bound

    assert (unhelpful_share_bound(unhelpful, total) > UNHELPFUL_SHARE) is listed
