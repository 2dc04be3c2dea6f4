"""Searching FAQ entries: the `search` command, retired entries left out unless asked for, the index kept current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from faq_builder.cli import main
from faq_builder.models import EntryStatus
from faq_builder.search import FaqIndex

from .conftest import GOOD, write_entry


def test_search_command(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["search", "parcel not arrived yet", "--content", str(content)])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].endswith("where-is-my-order  Where is my order? [draft]")
    result = CliRunner().invoke(main, ["search", "zzzz qqqq", "--content", str(content)])
    assert result.output == "No entry matches.\n"
    hostile = CliRunner().invoke(main, ["search", 'title:(return OR * "', "--content", str(content)])
    assert hostile.exit_code == 0 and "how-do-i-return-an-item" in hostile.output


def test_retired_entries_are_found_only_when_asked_for(content: Path, tmp_path: Path) -> None:
    path = content / "faq" / "refunds" / "when-will-i-get-my-refund.md"
    path.write_text(path.read_text().replace("status: draft", "status: retired"))
    index = FaqIndex(content, index_dir=tmp_path / "index")
    assert "when-will-i-get-my-refund" not in [hit.slug for hit in index.search("when do I get my refund")]
    first = index.search("when do I get my refund", include_retired=True)[0]
    assert (first.slug, first.title, first.status) == (
        "when-will-i-get-my-refund",
        "When will I get my refund?",
        EntryStatus.RETIRED,
    )
    assert len(index.search("order", limit=2)) == 2


def test_the_index_follows_the_entries(content: Path, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    assert FaqIndex(content, index_dir=folder).search("gift wrapping") == []
    old = [p.name for p in folder.iterdir()]
    write_entry(
        content,
        "orders/gift-wrapping.md",
        GOOD.format(slug="gift-wrapping", status="approved").replace(
            "How long does delivery take?", "Do you offer gift wrapping?"
        ),
    )
    hits = FaqIndex(content, index_dir=folder).search("gift wrapping")
    assert [(hit.slug, hit.status) for hit in hits[:1]] == [("gift-wrapping", EntryStatus.APPROVED)]
    new = [p.name for p in folder.iterdir()]
    assert len(old) == len(new) == 1 and old != new  # one index per state of the entries; the earlier one removed


def test_capital_words_in_a_query_are_words_not_operators(content: Path, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    lower = [hit.slug for hit in FaqIndex(content, index_dir=folder).search("order not arrived")]
    upper = [hit.slug for hit in FaqIndex(content, index_dir=folder).search("order NOT arrived")]
    assert upper == lower and upper
    assert FaqIndex(content, index_dir=folder).search("refund AND password")


SEARCH_AFTER_A_CHANGE = """
import sys
from pathlib import Path
from faq_builder.search import FaqIndex
hits = FaqIndex(Path(sys.argv[1]), index_dir=Path(sys.argv[2])).search("refund")
print(len(hits))
"""


def test_concurrent_searches_after_a_change_all_answer(content: Path, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    FaqIndex(content, index_dir=folder)
    path = next((content / "faq").rglob("*.md"))
    path.write_text(path.read_text() + "\nOne more line.\n")
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SEARCH_AFTER_A_CHANGE, str(content), str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [(run.returncode, err) for run, (_out, err) in zip(runs, results, strict=True)] == [(0, "")] * 6
    assert len({out for out, _err in results}) == 1
    assert len([p for p in folder.iterdir()]) == 1  # the new state's index; no half-built or old one left
