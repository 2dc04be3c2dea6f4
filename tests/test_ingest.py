"""Ingestion: every reader on the sample, and a suite of bad inputs with their documented outcomes."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from faq_builder.errors import ConfigError, InputFormatError
from faq_builder.ingest import FORMATS, READERS, Reader, ingest
from faq_builder.ingest.probe import Probe
from faq_builder.ingest.registry import ACCEPTED, DETECTION_ORDER, detect_format
from faq_builder.models import Channel, IngestReport, Status
from faq_builder.sample import write_sample
from faq_builder.sample.generator import SampleSummary, generate_tickets, mbox_tickets
from faq_builder.store import TicketStore

from .conftest import FIXTURES, FROZEN_NOW

HEADER = "id,created_at,channel,customer,subject,body,agent_reply,first_response_at,resolved_at,status,tags\n"
GOOD = "T1,2026-11-01T10:00:00Z,email,a@x.com,Late,Where is my order?,On its way,,,open,wismo\n"


def good(ticket_id: str) -> str:
    return GOOD.replace("T1,", f"{ticket_id},", 1)


def run(db: Path, *paths: Path, **options: object) -> IngestReport:
    reports = ingest(list(paths), db=db, **options)  # type: ignore[arg-type]
    return reports[0]


def stored(db: Path) -> dict[str, object]:
    with TicketStore(db) as store:
        return {
            t.external_id: t
            for t in store.tickets_between(
                FROZEN_NOW.replace(year=2000), FROZEN_NOW.replace(year=2100), include_duplicates=True
            )
        }


def reasons(report: IngestReport) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in report.problems]


# --- the sample in every format -------------------------------------------------------------------------------


def _core(db: Path, source: str) -> dict[str, tuple]:
    with TicketStore(db) as store:
        return {
            t.external_id: (t.created_at, t.body, t.customer_key)
            for t in store.tickets_between(FROZEN_NOW.replace(year=2000), FROZEN_NOW, include_duplicates=True)
            if t.source == source
        }


def test_every_format_gives_the_same_tickets(sample: SampleSummary, db: Path) -> None:
    reports = ingest(
        [sample.files["csv"], sample.files["zendesk"], sample.files["freshdesk"], sample.files["mbox"]],
        db=db,
        support_addresses=["support@northwind-outfitters.example"],
    )
    assert [r.rejected for r in reports] == [0, 0, 0, 0]
    csv_tickets = _core(db, "csv")
    assert len(csv_tickets) == sample.tickets
    assert _core(db, "zendesk") == csv_tickets
    assert _core(db, "freshdesk") == csv_tickets
    email = _core(db, "email")
    expected = [t for t in mbox_tickets(list(generate_tickets(count=400, days=28, seed=11, until=FROZEN_NOW)))]
    assert len(email) == len(expected)
    by_time = {value[0]: value for value in csv_tickets.values()}
    for created_at, body, customer in email.values():
        assert by_time[created_at] == (created_at, body, customer)
    # the three copies are kept once
    with TicketStore(db) as store:
        assert store.counts()["tickets"] == sample.tickets


def test_reingest_adds_nothing(sample: SampleSummary, db: Path) -> None:
    first = ingest([sample.files["csv"], sample.files["zendesk"]], db=db)
    again = ingest([sample.files["csv"], sample.files["zendesk"]], db=db)
    assert first[0].new == sample.tickets
    assert [r.new for r in again] == [0, 0]
    assert [r.unchanged for r in again] == [sample.tickets, sample.tickets]
    with TicketStore(db) as store:
        runs = store.runs()
        assert len(runs) == 4 and runs[0].unchanged == sample.tickets


def test_zendesk_knows_customer_from_agent(sample: SampleSummary, db: Path) -> None:
    ingest([sample.files["zendesk"]], db=db)
    with TicketStore(db) as store:
        tickets = list(store.tickets_between(FROZEN_NOW.replace(year=2000), FROZEN_NOW))
    replied = [t for t in tickets if t.agent_replies]
    assert replied and all("Internal note" not in r for t in replied for r in t.agent_replies)
    assert all(t.first_response_at is not None for t in replied)
    assert any(t.customer_messages for t in tickets)  # follow-ups from the customer
    assert {t.channel for t in tickets} == {Channel.EMAIL, Channel.CHAT, Channel.WEB_FORM, Channel.SOCIAL}
    assert {t.language for t in tickets} >= {"en", "vi", "th", "bg", "zh"}


def test_mbox_threads_and_infers_support_address(sample: SampleSummary, db: Path) -> None:
    report = run(db, sample.files["mbox"])
    assert any("treating support@northwind-outfitters.example as the support address" in n for n in report.notes)
    tickets = stored(db)
    assert all(t.agent_replies for t in tickets.values() if t.first_response_at)  # type: ignore[attr-defined]
    # follow-ups whose client dropped In-Reply-To are still threaded by subject
    assert sum(1 for t in tickets.values() if t.customer_messages) > 0  # type: ignore[attr-defined]
    assert all(not t.body.startswith(">") and "wrote:" not in t.body for t in tickets.values())  # type: ignore[attr-defined]


# --- bad inputs: each with its documented outcome ---------------------------------------------------------------


def test_empty_file_is_a_warning_not_an_error(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    report = run(db, path)
    assert (report.read, report.rejected, report.warned) == (0, 0, 1)
    assert reasons(report) == [(1, "empty file: nothing to ingest")]
    with TicketStore(db) as store:
        assert [(r.format, r.read, r.rejected) for r in store.runs()] == [("empty", 0, 0)]


def test_header_only(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text(HEADER)
    report = run(db, path)
    assert (report.read, report.new, report.rejected) == (0, 0, 0)
    assert report.notes == [f"{path}: header only, no ticket rows"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_encodings_are_sniffed(tmp_path: Path, db: Path, encoding: str) -> None:
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(
        (HEADER + "T1,2026-11-01T10:00:00Z,email,a@x.com,Café,Où est ma commande? Thé à 5 €,,,,open,\n").encode(
            encoding
        )
    )
    report = run(db, path)
    assert (report.new, report.rejected) == (1, 0)
    ticket = stored(db)["T1"]
    assert ticket.subject == "Café" and ticket.body == "Où est ma commande? Thé à 5 €"  # type: ignore[attr-defined]


def test_missing_required_column_fails_before_writing(tmp_path: Path, db: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,when,body\nT9,2026-11-01,hello\n")
    with pytest.raises(InputFormatError) as error:
        ingest([good, bad], db=db)
    message = str(error.value)
    assert f"{bad}: missing required column(s) 'created_at'" in message
    assert "--map created_at=COLUMN" in message and "columns found: id, when, body" in message
    assert not db.exists()
    report = run(db, bad, field_map={"created_at": "when"})
    assert report.new == 1


def test_bad_dates_are_rejected_with_line(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(
        HEADER + GOOD + "T2,not a date,email,b@x.com,,Hello?,,,,open,\n"
        "T3,2026-13-45,email,b@x.com,,Hello?,,,,open,\nT4,1700000000,chat,,,Epoch works,,,,,\n"
    )
    report = run(db, path)
    assert report.new == 2
    assert reasons(report) == [
        (3, "created_at: cannot read date 'not a date'"),
        (4, "created_at: cannot read date '2026-13-45'"),
    ]
    assert report.rejected == 2 and report.read == 4


def test_embedded_newlines_and_quotes_survive(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text(
        HEADER
        + 'T1,2026-11-01T10:00:00Z,email,a@x.com,"He said ""hi""","Line one\nLine ""two""\n\nLine, three",,,,open,\n'
        + good("T2")
    )
    report = run(db, path)
    assert (report.new, report.rejected) == (2, 0)
    ticket = stored(db)["T1"]
    assert ticket.subject == 'He said "hi"'  # type: ignore[attr-defined]
    assert ticket.body == 'Line one\nLine "two"\n\nLine, three'  # type: ignore[attr-defined]


def test_nul_bytes_reject_the_row(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes((HEADER + "T1,2026-11-01T10:00:00Z,email,a@x.com,,bin\x00ary,,,,open,\n" + good("T2")).encode())
    report = run(db, path)
    assert report.new == 1
    assert reasons(report) == [(2, "ticket T1: body contains NUL bytes (binary data?)")]


def test_extremely_long_field_is_rejected_and_the_rest_kept(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "long.csv"
    huge = "x" * (10 * 1024 * 1024)
    path.write_text(HEADER + f"T1,2026-11-01T10:00:00Z,email,a@x.com,,{huge},,,,open,\n" + good("T2"))
    report = run(db, path)
    assert report.new == 1 and report.rejected == 1
    assert reasons(report) == [(2, "line is 10,485,809 characters (limit 2,000,000)")]
    assert list(stored(db)) == ["T2"]


def test_a_long_field_within_a_short_enough_line_is_rejected_by_the_field_limit(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(HEADER + f"T1,2026-11-01T10:00:00Z,email,a@x.com,,{'x' * 1_500_000},,,,open,\n" + good("T2"))
    report = run(db, path)
    assert reasons(report) == [(2, "unreadable row: a field is longer than the limit of 1,000,000 characters")]
    assert list(stored(db)) == ["T2"]


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_a_huge_line_is_skipped_without_holding_it_in_memory(tmp_path: Path, suffix: str) -> None:
    """One 300 MB line: ingest's peak memory stays far below the line's size (it is read in pieces)."""
    path = tmp_path / f"huge.{suffix}"
    with path.open("w") as handle:
        if suffix == "csv":
            handle.write(HEADER + "T1,2026-11-01T10:00:00Z,email,a@x.com,,")
        else:
            handle.write('{"id": "T1", "created_at": "2026-11-01T10:00:00Z", "body": "')
        for _ in range(300):
            handle.write("x" * 1_000_000)
        handle.write(",,,,open,\n" + good("T2") if suffix == "csv" else '"}\n')
        if suffix == "jsonl":
            handle.write('{"id": "T2", "created_at": "2026-11-01T10:00:00Z", "body": "Where is my order?"}\n')
    code = (
        "import sys\n"
        "from faq_builder.ingest import ingest\n"
        "report = ingest([sys.argv[1]], db=sys.argv[2])[0]\n"
        # VmHWM, not ru_maxrss: ru_maxrss survives exec, so it would count the pytest process that started this one.
        "peak = next(line for line in open('/proc/self/status') if line.startswith('VmHWM'))\n"
        "print(report.new, report.rejected, int(peak.split()[1]) // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), str(tmp_path / "db.sqlite3")], capture_output=True, text=True
    )
    new, rejected, peak_mb = map(int, out.stdout.split())
    assert (new, rejected) == (1, 1)
    assert peak_mb < 250, f"peak {peak_mb} MB for a 300 MB line"


def test_duplicate_ids_in_one_file(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "dupes.csv"
    path.write_text(HEADER + GOOD + GOOD.replace("Where is my order?", "Another text"))
    report = run(db, path)
    assert (report.new, report.rejected) == (1, 1)
    assert reasons(report) == [(3, "duplicate id 'T1' (already read on line 2); row skipped")]
    assert stored(db)["T1"].body == "Where is my order?"  # type: ignore[attr-defined]


def test_broken_quoting_gives_back_the_following_rows(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        HEADER + 'T1,2026-11-01T10:00:00Z,email,a@x.com,,"unclosed quote here,,,,open,\n' + good("T2") + good("T3")
    )
    report = run(db, path)
    assert reasons(report) == [(2, "unbalanced quote: the field runs into the following rows")]
    assert sorted(stored(db)) == ["T2", "T3"]
    rejects = [json.loads(line) for line in Path(report.rejects_path).read_text().splitlines()]  # type: ignore[arg-type]
    assert rejects[0]["raw"].startswith("T1,2026-11-01") and rejects[0]["line"] == 2


def test_wrong_field_count(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "fields.csv"
    path.write_text(HEADER + "T1,2026-11-01T10:00:00Z,email\n" + good("T2"))
    report = run(db, path)
    assert reasons(report) == [(2, "expected 11 fields, found 3")]
    assert list(stored(db)) == ["T2"]


def test_missing_id_and_empty_message(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "missing.csv"
    path.write_text(
        HEADER + ",2026-11-01T10:00:00Z,email,a@x.com,,Hello,,,,open,\n"
        "T2,2026-11-01T10:00:00Z,email,a@x.com,,,,,,open,\n" + good("T3")
    )
    report = run(db, path)
    assert reasons(report) == [
        (2, "missing ticket id"),
        (3, "ticket T2: no customer message (body and subject are empty)"),
    ]


def test_semicolon_dialect_and_aliases(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text("Ticket_ID;Created;Description;Email\n42;03/13/2026 22:10;Do you ship to Norway?;z@x.com\n")
    report = run(db, path, timezone="Europe/Berlin")
    assert report.new == 1
    ticket = stored(db)["42"]
    assert ticket.created_at.isoformat() == "2026-03-13T21:10:00+00:00"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        (
            "01/02/2026",
            "created_at: '01/02/2026' could be day/month or month/day; export dates as ISO 8601 (2026-02-01)",
        ),
        ("-1", "created_at: '-1' has no year; cannot read date"),
        (
            "Nov 3 2026 10:00 XYZ",
            "created_at: unknown time zone XYZ in 'Nov 3 2026 10:00 XYZ'; give an offset (+01:00)",
        ),
        (
            "2026-11-01T10:00:00+9999",
            "created_at: date '2026-11-01T10:00:00+9999' has an impossible time zone offset",
        ),
        (
            "Tue, 03 Nov 2026 10:00:00 +9999",
            "created_at: date 'Tue, 03 Nov 2026 10:00:00 +9999' has an impossible time zone offset",
        ),
    ],
)
def test_dates_that_would_be_guesses_are_rejected_not_misread(
    tmp_path: Path, db: Path, written: str, reason: str
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f'id,created_at,body\nT1,"{written}",Where is my order?\nT2,2026-11-02T10:00:00Z,Refund?\n')
    report = run(db, path)
    assert (report.new, report.rejected) == (1, 1)
    assert reasons(report) == [(2, reason)]


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("Nov 3 2026 10:00 PST", "2026-11-03T18:00:00+00:00"),
        ("Nov 3 2026 10:00 CET", "2026-11-03T09:00:00+00:00"),
        ("3 Nov 2026 10:00 GMT+0100", "2026-11-03T09:00:00+00:00"),
        ("Nov 3 2026 10:00 UTC+2", "2026-11-03T08:00:00+00:00"),
        ("13/11/2026 10:00", "2026-11-13T10:00:00+00:00"),
    ],
)
def test_zone_names_and_offsets_are_read_as_exports_mean_them(tmp_path: Path, db: Path, written: str, utc: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f'id,created_at,body\nT1,"{written}",Where is my order?\n')
    assert run(db, path).new == 1
    assert stored(db)["T1"].created_at.isoformat() == utc  # type: ignore[attr-defined]


def test_jsonl_with_invalid_lines(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": 1,
                "created_at": "2026-11-01T10:00:00Z",
                "body": "Refund?",
                "tags": ["refund"],
                "agent_reply": ["Done", "Anything else?"],
            }
        )
        + "\n"
        "{not json\n\n[1, 2]\n"
        + json.dumps({"id": 2, "created_at": "2026-11-01T11:00:00Z", "body": {"nested": True}})
        + "\n"
    )
    report = run(db, path)
    assert report.new == 1
    assert reasons(report) == [
        (2, "invalid JSON: Expecting property name enclosed in double quotes at column 2"),
        (4, "expected a JSON object, found int"),
        (4, "expected a JSON object, found int"),
        (5, "body: expected text, found a JSON dict"),
    ]
    assert stored(db)["1"].agent_replies == ("Done", "Anything else?")  # type: ignore[attr-defined]


def test_mbox_with_broken_mime_parts(tmp_path: Path, db: Path) -> None:
    report = run(db, FIXTURES / "broken_mime.mbox", support_addresses=["support@shop.example"])
    assert reasons(report) == [
        (37, "message has no Date header"),
        (62, "thread has only messages from the support address (outbound mail, no customer question)"),
    ]
    tickets = stored(db)
    assert set(tickets) == {"m1@example.com", "m3@example.com"}
    anna = tickets["m1@example.com"]
    assert anna.body == "Hi, my parcel has not arrived yet. Can you check?"  # type: ignore[attr-defined]
    assert anna.agent_replies == ("Hi Anna, your parcel is on its way and arrives tomorrow.",)  # type: ignore[attr-defined]
    assert anna.status is Status.PENDING  # type: ignore[attr-defined]
    carol = tickets["m3@example.com"]
    assert carol.subject == "Rücksendung" and carol.body == "How do I return my jacket?"  # type: ignore[attr-defined]
    # no In-Reply-To: threaded by "Re: subject" only when the customer matches, so the reply stays apart
    assert carol.agent_replies == ()  # type: ignore[attr-defined]


def test_html_only_email(tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(FIXTURES / "html_only.eml", folder / "1.eml")
    report = run(db, folder)
    assert report.format == "eml" and report.new == 1
    ticket = stored(db)["h1@example.com"]
    assert ticket.body == 'Hello,\n\nmy code WELCOME10 says "invalid" at checkout & I can\'t pay.'  # type: ignore[attr-defined]
    assert ticket.created_at.isoformat() == "2026-11-04T21:15:00+00:00"  # type: ignore[attr-defined]


def test_zendesk_with_missing_comments(db: Path) -> None:
    report = run(db, FIXTURES / "zendesk_missing_comments.json")
    assert report.format == "zendesk" and report.new == 2
    assert [(p.line, p.message, p.is_error) for p in report.problems] == [
        (4, "ticket 501 has no comments; used its description as the first message (agent replies unknown)", False),
        (31, "ticket 503: missing created_at", True),
    ]
    tickets = stored(db)
    assert tickets["501"].body == "How do I get a return label?"  # type: ignore[attr-defined]
    assert tickets["502"].agent_replies == ("They fit true to size.",)  # type: ignore[attr-defined]
    assert tickets["502"].channel is Channel.CHAT  # type: ignore[attr-defined]


def test_freshdesk_export(db: Path) -> None:
    report = run(db, FIXTURES / "freshdesk_export.csv", timezone="America/New_York")
    assert report.format == "freshdesk" and report.new == 2
    ticket = stored(db)["301"]
    assert ticket.body == "My parcel is late, order #554433"  # type: ignore[attr-defined]
    assert ticket.order_number == "554433" and ticket.status is Status.SOLVED  # type: ignore[attr-defined]
    assert ticket.created_at.isoformat() == "2026-11-07T01:15:00+00:00"  # type: ignore[attr-defined]


def test_unknown_format_names_file_and_formats_and_changes_nothing(tmp_path: Path, db: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD)
    binary = tmp_path / "export.xlsx"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary-spreadsheet")
    with pytest.raises(InputFormatError) as error:
        ingest([good, binary, tmp_path / "missing.csv"], db=db)
    message = str(error.value)
    assert f"{binary}: file looks binary" in message
    assert "pass --format with one of: csv (generic CSV)" in message and "mbox (mailbox file)" in message
    assert f"{tmp_path / 'missing.csv'}: no such file or folder" in message
    assert not db.exists()


def test_every_bad_file_is_named_in_one_error(tmp_path: Path, db: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello world\n")
    misnamed = tmp_path / "tickets.json"
    misnamed.write_text(HEADER + GOOD)
    with pytest.raises(InputFormatError) as error:
        ingest([notes, misnamed], db=db, format="zendesk")
    assert str(error.value).splitlines() == [
        f"{notes}: not Zendesk JSON (it starts with 'hello world\\n')",
        f"{misnamed}: not Zendesk JSON (it starts with 'id,created_at,channe')",
    ]
    assert not db.exists()


def test_unknown_map_field_and_time_zone(tmp_path: Path, db: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD)
    with pytest.raises(InputFormatError, match="--map names unknown field"):
        ingest([good], db=db, field_map={"bdy": "description"})
    with pytest.raises(ConfigError, match="unknown time zone 'Mars/Base'"):
        ingest([good], db=db, timezone="Mars/Base")


def test_rejects_file_keeps_raw_rows(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(HEADER + "T2,yesterday-ish,email,b@x.com,,Hello?,,,,open,\n")
    report = run(db, path)
    record = json.loads(Path(report.rejects_path).read_text())  # type: ignore[arg-type]
    assert record == {
        "file": str(path),
        "line": 2,
        "reason": "created_at: cannot read date 'yesterday-ish'",
        "skipped": True,
        "raw": "T2,yesterday-ish,email,b@x.com,,Hello?,,,,open,\n",
    }


def test_customer_email_is_never_stored(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "good.csv"
    path.write_text(HEADER + GOOD)
    run(db, path)
    assert b"a@x.com" not in db.read_bytes()


def test_failure_mid_run_rolls_back_everything(sample: SampleSummary, tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "zendesk"
    shutil.copytree(sample.files["zendesk"], folder)
    (folder / "tickets-9999.json").write_text('{"tickets": [{"id": 1,')  # a truncated download
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD)
    with pytest.raises(InputFormatError, match=r"tickets-9999.json:1: invalid JSON"):
        ingest([good, folder], db=db)
    assert stored(db) == {}
    with TicketStore(db) as store:
        assert store.runs() == []
    assert not (db.parent / "rejects").exists() or not any((db.parent / "rejects").iterdir())


def test_worker_processes_give_the_same_result(
    sample: SampleSummary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import faq_builder.ingest as ingest_module

    inline_db, parallel_db = tmp_path / "inline.sqlite3", tmp_path / "parallel.sqlite3"
    bad = tmp_path / "with-bad-rows.csv"
    bad.write_text(sample.files["csv"].read_text() + "X1,not a date,email,,,hi,,,,,\n")
    inline = ingest([bad], db=inline_db, workers=1)[0]
    monkeypatch.setattr(ingest_module, "PARALLEL_FROM_BYTES", 0)
    parallel = ingest([bad], db=parallel_db, workers=2)[0]
    assert (parallel.new, parallel.rejected) == (inline.new, inline.rejected) == (sample.tickets, 1)
    assert [str(p) for p in parallel.problems] == [str(p) for p in inline.problems]

    def tickets(path: Path) -> list[tuple]:
        with TicketStore(path) as store:
            return [
                (t.external_id, t.body, t.language, t.agent_replies)
                for t in store.tickets_between(FROZEN_NOW.replace(year=2000), FROZEN_NOW)
            ]

    assert tickets(parallel_db) == tickets(inline_db)


# --- the reader registry: one table for the CLI choices, error messages, detection and lookup -------------------


def test_every_registered_reader_satisfies_the_protocol() -> None:
    for name, reader in READERS.items():
        assert isinstance(reader, Reader)
        assert reader.name == name and reader.description and reader.default_source
    assert tuple(reader.name for reader in READERS.values()) == FORMATS
    assert len(set(FORMATS)) == len(FORMATS) == 6
    # detection asks every reader, each once
    assert sorted(id(reader) for reader in DETECTION_ORDER) == sorted(id(reader) for reader in READERS.values())


def test_formats_are_the_cli_choices() -> None:
    from faq_builder.cli import main

    option = next(param for param in main.commands["ingest"].params if param.name == "format_")
    assert list(option.type.choices) == ["auto", *FORMATS]  # type: ignore[attr-defined]


def test_accepted_names_every_format_in_cli_order() -> None:
    assert ACCEPTED == (
        "csv (generic CSV), jsonl (generic JSON lines), zendesk (API pages, JSON export or incremental JSON lines), "
        "freshdesk (ticket CSV export), mbox (mailbox file), eml (message file or folder of .eml files)"
    )


def test_default_source_is_the_readers() -> None:
    assert {name: reader.default_source for name, reader in READERS.items()} == {
        "csv": "csv",
        "jsonl": "jsonl",
        "zendesk": "zendesk",
        "freshdesk": "freshdesk",
        "mbox": "email",
        "eml": "email",
    }


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("freshdesk_export.csv", "freshdesk"),
        ("zendesk_missing_comments.json", "zendesk"),
        ("html_only.eml", "eml"),
        ("broken_mime.mbox", "mbox"),
    ],
)
def test_fixtures_are_detected(fixture: str, expected: str) -> None:
    path = FIXTURES / fixture
    assert detect_format(path) == expected
    assert READERS[expected].detects(Probe(path))


def test_sample_formats_are_detected(sample: SampleSummary) -> None:
    assert {kind: detect_format(path) for kind, path in sample.files.items()} == {
        "csv": "csv",
        "zendesk": "zendesk",
        "freshdesk": "freshdesk",
        "mbox": "mbox",
    }


def test_every_format_is_detected_by_content(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "html_only.eml", inbox / "1.eml")
    files = {
        "tickets.txt": HEADER + GOOD,
        "tickets.jsonl": json.dumps({"id": 1, "created_at": "2026-11-01T10:00:00Z", "body": "Hi"}) + "\n",
        "page.json": json.dumps({"tickets": [{"id": 1, "requester_id": 2}]}, indent=2),
        "export": "Ticket ID;Created time;Subject\n1;2026-11-01 10:00;Hello\n",
        "mailbox": "From a@x.com Sat Nov  7 10:00:00 2026\nFrom: a@x.com\n\nHi\n",
        "message": (FIXTURES / "html_only.eml").read_text(),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    detected = {name: detect_format(tmp_path / name) for name in [*files, "inbox"]}
    assert detected == {
        "tickets.txt": "csv",
        "tickets.jsonl": "jsonl",
        "page.json": "zendesk",
        "export": "freshdesk",
        "mailbox": "mbox",
        "message": "eml",
        "inbox": "eml",
    }
    assert set(detected.values()) == set(FORMATS)


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("list.json", '[\n  {"id": 1}\n]\n', "a JSON array that is not Zendesk tickets; write one object per line"),
        ("doc.json", '{\n  "id": 1\n}\n', "a JSON document that is not a Zendesk ticket page"),
        ("rows.json", HEADER + GOOD, "file does not start with a JSON value"),
        ("notes", "hello world\n", "cannot tell the format (not CSV, JSON or email)"),
    ],
)
def test_undetectable_files_say_why(tmp_path: Path, name: str, text: str, why: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputFormatError) as error:
        detect_format(path)
    assert str(error.value).startswith(f"{path}: {why}") and str(error.value).endswith(f"one of: {ACCEPTED}")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputFormatError, match="folder holds no .eml or Zendesk .json files"):
        detect_format(empty)


def test_malformed_zendesk_fields_reject_the_record_not_the_file(tmp_path: Path, db: Path) -> None:
    tickets = [
        {"id": 1, "created_at": "2026-11-01T10:00:00Z", "description": "Where is my order?", "requester_id": {"x": 1}},
        {"id": {"a": 1}, "created_at": "2026-11-01T10:00:00Z", "description": "Hi"},
        {"id": 3, "created_at": "2026-11-01T10:00:00Z", "description": "Refund?", "via": ["email"]},
    ]
    page = {"tickets": tickets, "users": [{"id": [1]}], "comments": [{"ticket_id": {"z": 1}}]}
    path = tmp_path / "zendesk.json"
    path.write_text(json.dumps(page))
    report = run(db, path)
    assert (report.format, report.new, report.rejected) == ("zendesk", 2, 1)
    assert [p.message for p in report.problems if p.is_error] == ["missing ticket id"]


def test_json_nested_too_deeply_is_one_rejected_line(tmp_path: Path, db: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "t.jsonl"
    path.write_text(
        '{"id": 1, "created_at": "2026-11-01T10:00:00Z", "body": "Where is my order?"}\n'
        f'{{"id": 2, "body": {deep}}}\n'
        '{"id": 3, "created_at": "2026-11-01T10:00:00Z", "body": "Refund?"}\n'
    )
    report = run(db, path)
    assert (report.new, reasons(report)) == (2, [(2, "invalid JSON: nested too deeply to be a ticket")])


def test_a_first_record_longer_than_the_detection_sample_is_still_recognised(tmp_path: Path, db: Path) -> None:
    record = {
        "id": 7,
        "created_at": "2026-11-01T10:00:00Z",
        "subject": "Damaged",
        "description": "<p>" + "The box was crushed. " * 10_000 + "</p>",
        "via": {"channel": "email"},
    }
    path = tmp_path / "zendesk.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps({**record, "id": 8}) + "\n")
    report = run(db, path)
    assert (report.format, report.new, report.rejected) == ("zendesk", 2, 0)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def big_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export large enough that ingest cleans it in worker processes."""
    folder = tmp_path_factory.mktemp("big")
    return write_sample(folder, tickets=40_000, days=60, seed=3, until=FROZEN_NOW).files["csv"]


def _block_stop_signals() -> None:
    """What some CI runners do to the processes they start: SIGTERM and SIGINT blocked (inherited by exec)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see worker processes")
@pytest.mark.parametrize("blocked", [False, True], ids=["", "started-blocked"])
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_a_stopped_ingest_leaves_no_workers_and_keeps_nothing(
    big_export: Path, tmp_path: Path, stop: int, blocked: bool
) -> None:
    db = tmp_path / "db.sqlite3"
    command = [str(Path(sys.executable).parent / "faq-builder"), "ingest", str(big_export), "--db", str(db)]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_block_stop_signals if blocked else None,  # noqa: PLW1509 (no threads started here)
    )
    deadline = time.monotonic() + 60
    while len(workers := _children(process.pid)) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers, "ingest never started its worker processes"
    process.send_signal(stop)
    code = process.wait(timeout=10)
    expected = {signal.SIGTERM: 143, signal.SIGINT: 1, signal.SIGKILL: -9}[stop]
    assert code == expected
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)
    if stop != signal.SIGKILL:
        assert "Traceback" not in process.stderr.read()  # type: ignore[union-attr]
    with TicketStore.open_existing(db) as store:
        assert store.counts()["tickets"] == 0


def test_one_stray_latin1_byte_keeps_the_file_utf8_and_names_the_row(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "t.csv"
    rows = "id,created_at,body\n" + "".join(f"T{n},2026-11-0{n}T10:00:00Z,Café crème n°{n}\n" for n in range(1, 5))
    path.write_bytes(rows.encode() + b"T5,2026-11-05T10:00:00Z,caf\xe9 au lait\n")
    report = run(db, path)
    assert (report.new, report.rejected) == (5, 0)
    assert reasons(report) == [(6, "undecodable bytes replaced (check the file's encoding)")]
    assert stored(db)["T1"].body == "Café crème n°1"  # type: ignore[attr-defined]
    assert report.notes == []


def test_a_latin1_file_is_read_as_western_and_says_so(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("id,created_at,body\nT1,2026-11-01T10:00:00Z,Où est ma commande? Merci René\n".encode("cp1252"))
    report = run(db, path)
    assert stored(db)["T1"].body == "Où est ma commande? Merci René"  # type: ignore[attr-defined]
    assert report.notes == [f"{path}: read as cp1252"]


def test_a_column_used_twice_is_named_not_silently_the_last(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,created_at,body,Body\nT1,2026-11-01T10:00:00Z,Where is my order?,ignored?\n")
    with pytest.raises(InputFormatError) as error:
        run(db, path)
    assert str(error.value) == (
        f"{path}: column 'Body' (for body) appears 2 times (columns 3, 4); rename all but one in the export"
    )
