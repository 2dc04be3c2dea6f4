"""Searching FAQ entries: the `search` command's ranking, no-match message and query syntax taken as plain words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from faq_builder.cli import main


def test_search_command(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["search", "parcel not arrived yet", "--content", str(content)])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].endswith("where-is-my-order  Where is my order? [draft]")
    result = CliRunner().invoke(main, ["search", "zzzz qqqq", "--content", str(content)])
    assert result.output == "No entry matches.\n"
    hostile = CliRunner().invoke(main, ["search", 'title:(return OR * "', "--content", str(content)])
    assert hostile.exit_code == 0 and "how-do-i-return-an-item" in hostile.output
