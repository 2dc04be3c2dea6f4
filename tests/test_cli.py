from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from faq_builder import __version__
from faq_builder.cli import main

HEADER = "id,created_at,channel,customer,subject,body,agent_reply,first_response_at,resolved_at,status,tags\n"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_version() -> None:
    assert invoke("--version") == (0, f"faq-builder, version {__version__}\n")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    code, output = invoke(name, "--help")
    assert code == 0
    assert "Example" in output and f"faq-builder {name}" in output


def test_group_help_lists_commands() -> None:
    code, output = invoke("--help")
    assert code == 0
    for name in main.commands:
        assert name in output


def test_ingest_prints_per_file_report_and_summary(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(
        HEADER + "T1,2026-11-01T10:00:00Z,email,a@x.com,Late,Where is my order?,,,,open,\n"
        "T2,someday,email,a@x.com,,Hello?,,,,open,\n"
    )
    db = tmp_path / "db.sqlite3"
    code, output = invoke("ingest", str(path), "--db", str(db))
    rejects = next((tmp_path / "rejects").iterdir())
    assert code == 0
    assert output == (
        f"{path} (csv, source csv): read 2, new 1, updated 0, unchanged 0, rejected 1\n"
        f"  skipped: {path}:3: created_at: cannot read date 'someday'\n"
        f"  all problems, with the raw rows: {rejects}\n"
        "read 2, new 1, updated 0, unchanged 0, rejected 1\n"
    )
    code, output = invoke("ingest", str(path), "--db", str(db))
    assert output.endswith("read 2, new 0, updated 0, unchanged 1, rejected 1\n")


def test_library_errors_exit_1_with_one_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.bin"
    path.write_bytes(b"%PDF-1.4 binary")
    code, output = invoke("ingest", str(path), "--db", str(tmp_path / "db.sqlite3"))
    assert code == 1
    assert output.startswith(f"Error: {path}: file looks binary; pass --format with one of: csv (generic CSV)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "x.csv", "--format", "xlsx"], "Invalid value for '--format'"),
        (["ingest", "x.csv", "--map", "body"], "'body' is not FIELD=COLUMN"),
        (["stats", "--until", "next tuesday-ish"], "Invalid value for '--until'"),
        (["sample-data", "out", "--tickets", "0"], "Invalid value for '--tickets'"),
        (["ingest"], "Missing argument 'SOURCES...'"),
    ],
)
def test_bad_flags_are_usage_errors(args: list[str], message: str) -> None:
    code, output = invoke(*args)
    assert code == 2
    assert message in output


def test_stats_without_store(tmp_path: Path) -> None:
    code, output = invoke("stats", "--db", str(tmp_path / "none.sqlite3"))
    assert (code, output) == (
        1,
        f"Error: {tmp_path / 'none.sqlite3'}: no ticket store yet; run 'faq-builder ingest' first\n",
    )


def test_sample_data_then_stats(tmp_path: Path) -> None:
    out = tmp_path / "sample"
    code, output = invoke("sample-data", str(out), "--tickets", "300", "--seed", "2", "--until", "2026-11-23T18:00Z")
    assert code == 0
    assert output.splitlines()[0] == f"csv        {out / 'tickets.csv'}"
    assert output.splitlines()[-1].startswith("Wrote 300 tickets from 2026-10-26")
    db = tmp_path / "db.sqlite3"
    code, _ = invoke("ingest", str(out / "tickets.csv"), "--db", str(db))
    assert code == 0
    code, output = invoke("stats", "--db", str(db), "--until", "2026-11-23T18:00Z")
    lines = output.splitlines()
    assert lines[0] == f"Store {db}: 300 tickets (0 cross-source copies kept once)"
    assert lines[2].startswith("Last 14 days to 2026-11-23 18:00 UTC: ")
    assert lines[3].startswith("  by channel: email ")


def _tiny_store(db: Path) -> None:
    """Five tickets asking one question on a Saturday night (off-hours wherever the shop is)."""
    from datetime import UTC, datetime

    from faq_builder.models import Ticket

    from .conftest import store_tickets

    asked = datetime(2026, 11, 21, 22, 30, tzinfo=UTC)
    store_tickets(
        db, [Ticket("test", f"T{n}", asked, f"Where is my parcel? It has not arrived ({n})") for n in range(5)]
    )


def _site_config(folder: Path, extra: str = "") -> None:
    (folder / "mkdocs.yml").write_text(
        "site_name: Test shop\ntheme:\n  name: material\nplugins:\n  - faq-builder:\n"
        "      support_hours:\n        timezone: Europe/Berlin\n        holidays: [2026-12-24]\n" + extra,
        encoding="utf-8",
    )


def test_mine_reads_support_hours_from_the_site_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tiny_store(tmp_path / "db.sqlite3")
    _site_config(tmp_path)
    args = ("mine", "--db", "db.sqlite3", "--until", "2026-11-23T18:00Z", "--no-drafts", "--min-tickets", "1")
    code, _ = invoke(*args)
    report = json.loads((tmp_path / "reports" / "questions-2026-11-23.json").read_text())
    assert (code, report["support_hours"]) == (0, "Mon,Tue,Wed,Thu,Fri 09:00-17:00 Europe/Berlin")
    code, _ = invoke(*args, "--timezone", "Asia/Bangkok")
    report = json.loads((tmp_path / "reports" / "questions-2026-11-23.json").read_text())
    assert (code, report["support_hours"]) == (0, "Mon,Tue,Wed,Thu,Fri 09:00-17:00 Asia/Bangkok")


def test_unknown_setting_is_warned_with_a_suggestion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tiny_store(tmp_path / "db.sqlite3")
    _site_config(tmp_path, "      suport_hours: {}\n")
    result = CliRunner().invoke(main, ["mine", "--db", "db.sqlite3", "--until", "2026-11-23T18:00Z", "--no-drafts"])
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: mkdocs.yml: plugins > faq-builder > suport_hours: unknown setting "
        "(did you mean 'support_hours'?); ignored\n"
    )


def test_a_missing_config_file_is_an_error_not_the_defaults(tmp_path: Path) -> None:
    code, output = invoke("mine", "--db", str(tmp_path / "db.sqlite3"), "--config", str(tmp_path / "typo.yml"))
    assert (code, output) == (
        1,
        f"Error: {tmp_path / 'typo.yml'}: no such configuration file; pass --config with the site's mkdocs.yml\n",
    )


def test_draft_with_a_missing_store_fails_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tiny_store(tmp_path / "db.sqlite3")
    code, _ = invoke("mine", "--db", "db.sqlite3", "--until", "2026-11-23T18:00Z", "--no-drafts", "--min-tickets", "1")
    assert code == 0
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    code, output = invoke("draft", "--db", "missing.sqlite3")
    assert (code, output) == (1, "Error: missing.sqlite3: no ticket store yet; run 'faq-builder ingest' first\n")
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_control_characters_from_an_export_are_shown_not_obeyed(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,\x1b[31mwhen\x1b[0m,text\u202e\n1,2026-11-01T10:00:00Z,hi\n")
    code, output = invoke("ingest", str(path), "--db", str(tmp_path / "db.sqlite3"))
    assert code == 1
    assert "\x1b" not in output and "\u202e" not in output
    assert "columns found: id, \\u001b[31mwhen\\u001b[0m, text\\u202e;" in output


def test_reports_folder_that_cannot_be_written_fails_before_mining(tmp_path: Path) -> None:
    _tiny_store(tmp_path / "db.sqlite3")
    (tmp_path / "reports").write_text("a file, not a folder")
    out = tmp_path / "reports" / "2026"
    code, output = invoke("mine", "--db", str(tmp_path / "db.sqlite3"), "--out", str(out))
    assert (code, output) == (1, f"Error: {out}: cannot write reports there (Not a directory); choose another folder\n")


def test_a_full_disk_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import shutil

    from .conftest import ROOT

    shutil.copytree(ROOT / "content", tmp_path / "content")

    def full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", full)
    journal = tmp_path / ".faq_builder" / "content.journal.json"
    code, output = invoke("retire", "where-is-my-order", "--content", str(tmp_path / "content"))
    assert (code, output) == (1, f"Error: {journal}: No space left on device\n")
    assert "status: draft" in (tmp_path / "content" / "faq" / "shipping" / "where-is-my-order.md").read_text()
