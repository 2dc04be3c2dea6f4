"""The ``faq-builder`` command: parses options, calls one library function, prints the result."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import click

from . import __version__, stop
from .atomic import ensure_writable_folder
from .curate import approve, ignore, merge, retire, review, unhelpful_entries
from .draft import DraftResult, draft_entries
from .errors import FaqBuilderError
from .ingest import FORMATS, ingest
from .ingest.base import RowError, parse_datetime
from .kpis import FORMATS as REPORT_FORMATS
from .kpis import parse_formats, support_report, write_support_report
from .mine import mine
from .models import ClusterStatus, EntryStatus, IngestReport
from .report import latest_report
from .sample import write_sample
from .settings import Settings, load_settings
from .store import TicketStore, previous_window_bounds, window_bounds
from .suggest import DEFAULT_LIMIT, DEFAULT_THRESHOLD, Suggester, read_ticket
from .workdir import DEFAULT_DB

PROBLEM_LINES = 20
#: The latest comments `review` shows under an entry voted unhelpful.
COMMENT_LINES = 3
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


class FaqBuilderGroup(click.Group):
    """Turns every library error into one clean message and exit code 1, in one place; a termination signal
    unwinds like Ctrl-C (transactions roll back, batches are undone, worker processes stop)."""

    def invoke(self, ctx: click.Context) -> Any:
        # Ctrl-C and SIGTERM interrupt even when started where they are ignored (a background job of a script)
        # or blocked (a CI runner's mask, inherited): otherwise a stopped run would finish and keep its work.
        previous = signal.signal(signal.SIGTERM, _terminated), signal.signal(signal.SIGINT, _interrupted)
        mask = signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS) if hasattr(signal, "pthread_sigmask") else None
        unraisable, sys.unraisablehook = sys.unraisablehook, stop.quiet_lost(sys.unraisablehook)
        try:
            result = super().invoke(ctx)
            stop.raise_if_requested()  # a stop whose exception Python lost, after a run with nothing to commit
            return result
        except FaqBuilderError as error:
            raise click.ClickException(_terminal(str(error))) from error
        except OSError as error:  # the disk, not the input: full, read-only, gone
            where = f"{error.filename}: " if error.filename else ""
            raise click.ClickException(_terminal(f"{where}{error.strerror or error}")) from error
        except sqlite3.Error as error:
            raise click.ClickException(f"the ticket store failed ({error}); nothing of this run was kept") from error
        finally:
            stop.clear()
            sys.unraisablehook = unraisable
            if mask is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            signal.signal(signal.SIGTERM, previous[0])
            signal.signal(signal.SIGINT, previous[1])


def _terminal(text: str) -> str:
    """Text as the terminal should show it: control and invisible characters (from ticket exports, headers,
    file names) made visible as escapes instead of moving the cursor, recolouring or reordering the output."""
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t" else ch for ch in text
    )


def _echo(message: str = "", *, err: bool = False) -> None:
    click.echo(_terminal(message), err=err)


def _terminated(signum: int, frame: object) -> None:
    _echo("Stopped (terminated): what this run had not finished was not kept.", err=True)
    stop.request(signum)


def _interrupted(signum: int, frame: object) -> None:
    stop.request(signum)


def _instant(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_datetime(value, timezone=UTC, name=param.name or "value")
    except RowError as error:
        raise click.BadParameter(f"{error}; use ISO 8601 such as 2026-11-23 or 2026-11-23T18:00:00Z") from error


def _field_map(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for value in values:
        field, sep, column = value.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(f"{value!r} is not FIELD=COLUMN (for example body=description)")
        mapping[field.strip().lower()] = column.strip()
    return mapping


def _show_progress() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="Ticket store (SQLite file).",
)


config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The site's MkDocs configuration, where the shop's settings are (default: mkdocs.yml or mkdocs.yaml here).",
)


def _settings(config_file: Path | None) -> Settings:
    """The shop's settings (support hours, languages, shop facts), with unknown keys warned about on stderr."""
    settings = load_settings(config_file)
    for warning in settings.warnings:
        _echo(f"warning: {warning}", err=True)
    return settings


content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Help-site content folder (FAQ entries in faq/).",
)


@click.group(cls=FaqBuilderGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="faq-builder")
def main() -> None:
    """Turn a shop's support tickets into a curated FAQ and a self-service help site.

    \b
    Example:
      faq-builder sample-data sample/ && faq-builder ingest sample/tickets.csv
    """


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--shop-name", default="Our shop", show_default=True, help="The shop's name, as shoppers know it.")
@click.option("--language", default="en", show_default=True, help="The site's language (ISO 639-1), e.g. de, zh-TW.")
def init_command(folder: Path, shop_name: str, language: str) -> None:
    """Start a shop's own help-site repository in FOLDER, with CI workflows.

    Writes mkdocs.yml (the plugin configured; shop addresses left as your-shop.example until you fill them
    in), content/ with starter entries as drafts, .gitignore, a README for editors, and GitHub Actions
    workflows: publish.yml (check, build, deploy to GitHub Pages on push) and mine.yml (every other Monday:
    ingest, mine, open a pull request with new drafts). Never overwrites a file.

    \b
    Example:
      faq-builder init help-site --shop-name "Northwind Outfitters" --language en
    """
    from .scaffold import init_site

    site = init_site(folder, shop_name=shop_name, language=language)
    for path in site.files:
        _echo(f"wrote  {folder / path}")
    _echo(
        f"Next: cd {folder}, fill in the lines faq-builder check lists (your-shop.example), review and approve the "
        "starter drafts, then faq-builder build."
    )


@main.command("sample-data")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--tickets", "count", type=click.IntRange(min=1), default=3000, show_default=True, help="How many tickets to write."
)
@click.option("--days", type=click.IntRange(min=1), default=28, show_default=True, help="Days of history.")
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed (same seed, same files).")
@click.option("--until", callback=_instant, help="End of the history (default: now), e.g. 2026-11-23T18:00Z.")
def sample_data(out: Path, count: int, days: int, seed: int, until: datetime | None) -> None:
    """Write realistic exports of a fictional shop's tickets to OUT.

    Writes tickets.csv (generic), zendesk/ (Support API pages), freshdesk.csv
    and mailbox.mbox (a subset of the email tickets as threads).

    \b
    Example:
      faq-builder sample-data sample/ --tickets 3000 --days 28 --seed 7
    """
    summary = write_sample(out, tickets=count, days=days, seed=seed, until=until)
    for kind, path in summary.files.items():
        _echo(f"{kind:<10} {path}")
    _echo(
        f"Wrote {summary.tickets} tickets from {summary.first:%Y-%m-%d %H:%M} to {summary.last:%Y-%m-%d %H:%M} UTC "
        f"(confirmation-email spike {summary.spike_days[0]:%Y-%m-%d} to {summary.spike_days[1]:%Y-%m-%d})."
    )


def _progress_callback() -> tuple[Callable[[str, int, int], None] | None, Callable[[], None]]:
    if not _show_progress():
        return None, lambda: None
    bars: dict[str, Any] = {}

    def update(path: str, done: int, total: int) -> None:
        bar = bars.get(path)
        if bar is None:
            for other in bars.values():
                other.render_finish()
            bar = bars[path] = click.progressbar(length=max(total, 1), label=Path(path).name, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    def finish() -> None:
        for bar in bars.values():
            bar.render_finish()

    return update, finish


def _print_report(report: IngestReport) -> None:
    _echo(
        f"{report.file} ({report.format}, source {report.source}): read {report.read}, new {report.new}, "
        f"updated {report.updated}, unchanged {report.unchanged}, rejected {report.rejected}"
        + (f", warnings {report.warned}" if report.warned else "")
    )
    for problem in report.problems[:PROBLEM_LINES]:
        _echo(f"  {'skipped' if problem.is_error else 'warning'}: {problem.location}: {problem.message}")
    hidden = report.rejected + report.warned - min(len(report.problems), PROBLEM_LINES)
    if hidden > 0:
        _echo(f"  ... and {hidden} more")
    if report.rejects_path:
        _echo(f"  all problems, with the raw rows: {report.rejects_path}")
    if report.cross_source_duplicates:
        _echo(
            f"  {report.cross_source_duplicates} of the new tickets were already in the store from another "
            "source; they are kept once"
        )
    for note in report.notes:
        _echo(f"  note: {note}")


@main.command("ingest")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_",
    type=click.Choice(["auto", *FORMATS]),
    default="auto",
    show_default=True,
    help="Export format of every SOURCE.",
)
@click.option(
    "--map",
    "field_map",
    multiple=True,
    callback=_field_map,
    metavar="FIELD=COLUMN",
    help="Read FIELD from another column name, e.g. --map body=description (repeatable).",
)
@click.option(
    "--support-address",
    multiple=True,
    metavar="ADDR",
    help="Mail from this address is an agent reply (mbox/eml; repeatable).",
)
@click.option("--source", help="Name of the helpdesk or inbox (default: the format, e.g. zendesk).")
@click.option("--timezone", default="UTC", show_default=True, help="Time zone of timestamps that carry none.")
@click.option(
    "--language",
    "languages",
    multiple=True,
    metavar="CODE",
    help="A language your customers write in (ISO 639-1); improves detection on short messages "
    "(default: 'languages' in the site configuration).",
)
@config_option
@db_option
def ingest_command(
    sources: tuple[Path, ...],
    format_: str,
    field_map: dict[str, str],
    support_address: tuple[str, ...],
    source: str | None,
    timezone: str,
    languages: tuple[str, ...],
    config_file: Path | None,
    db: Path,
) -> None:
    """Read ticket exports (CSV, JSONL, Zendesk, Freshdesk, mbox, .eml) into the ticket store.

    Rows that cannot be read are skipped and listed as file:line: reason, and
    saved with their raw text to a rejects file beside the store. Ingesting the
    same export again adds nothing.

    \b
    Examples:
      faq-builder ingest exports/tickets.csv
      faq-builder ingest zendesk-export/ --source zendesk
      faq-builder ingest helpdesk.csv --map body=description --map created_at="Created On"
      faq-builder ingest inbox.mbox --support-address support@myshop.example
    """
    settings = _settings(config_file)
    update, finish = _progress_callback()
    try:
        reports = ingest(
            sources,
            db=db,
            format=format_,
            field_map=field_map,
            source=source,
            support_addresses=support_address,
            timezone=timezone,
            languages=languages or settings.portal.languages,
            redactor=settings.portal.redactor(),
            progress=update,
        )
    finally:
        finish()
    for report in reports:
        _print_report(report)
    total = IngestReport(file="", format="", source="")
    for report in reports:
        total.read += report.read
        total.new += report.new
        total.updated += report.updated
        total.unchanged += report.unchanged
        total.rejected += report.rejected
    _echo(
        f"read {total.read}, new {total.new}, updated {total.updated}, unchanged {total.unchanged}, "
        f"rejected {total.rejected}"
    )


@main.command("stats")
@click.option("--days", type=click.IntRange(min=1), default=14, show_default=True, help="Window length.")
@click.option("--until", callback=_instant, help="End of the window (default: now).")
@db_option
def stats(days: int, until: datetime | None, db: Path) -> None:
    """Summarise the ticket store: totals, the last window against the one before, channels and languages.

    \b
    Example:
      faq-builder stats --days 14 --until 2026-11-23
    """
    end = until or datetime.now(UTC)
    with TicketStore.open_existing(db) as store:
        counts = store.counts()
        span = store.span()
        start, end = window_bounds(until=end, days=days)
        previous = store.count_between(*previous_window_bounds(until=end, days=days))
        current = store.count_between(start, end)
        _echo(f"Store {db}: {counts['tickets']} tickets ({counts['duplicates']} cross-source copies kept once)")
        if span:
            _echo(f"Created from {span[0]:%Y-%m-%d %H:%M} to {span[1]:%Y-%m-%d %H:%M} UTC")
        _echo(f"Last {days} days to {end:%Y-%m-%d %H:%M} UTC: {current} tickets (previous {days} days: {previous})")
        for column in ("channel", "language", "status"):
            parts = ", ".join(f"{value} {count}" for value, count in store.breakdown(column, start, end))
            _echo(f"  by {column}: {parts or '-'}")


def _trend_text(trend: str, ratio: float | None) -> str:
    return trend + (f" {ratio}x" if ratio else "")


@main.command("mine")
@click.option("--days", type=click.IntRange(min=1), default=14, show_default=True, help="Window length in days.")
@click.option("--until", callback=_instant, help="End of the window (default: now), e.g. 2026-11-23.")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="How many questions to highlight (and draft).",
)
@click.option(
    "--min-tickets",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Smallest group listed in the report.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder for questions-<date>.json and .md.",
)
@content_option
@click.option(
    "--timezone",
    help="The shop's time zone, for support hours (default: support_hours.timezone in the site configuration).",
)
@click.option("--no-drafts", is_flag=True, help="Only report; do not hand the top questions to drafting.")
@config_option
@db_option
def mine_command(
    days: int,
    until: datetime | None,
    top: int,
    min_tickets: int,
    out: Path,
    content_dir: Path,
    timezone: str | None,
    no_drafts: bool,
    config_file: Path | None,
    db: Path,
) -> None:
    """Find the top questions of the last DAYS days, with trends, incidents and FAQ coverage.

    Writes reports/questions-<date>.json (for CI and later commands) and .md
    (for editors): incidents first, then the top questions. Support hours and
    holidays come from the site configuration (plugins > faq-builder >
    support_hours in mkdocs.yml).

    \b
    Example:
      faq-builder mine --days 14 --top 10
      faq-builder mine --until 2026-11-23 --out reports/ --timezone Europe/Berlin
    """
    settings = _settings(config_file)
    hours = settings.portal.hours if timezone is None else replace(settings.portal.hours, timezone=timezone)
    redactor = settings.portal.redactor()
    if not no_drafts:
        ensure_writable_folder(content_dir, what="drafts")  # now, not after the long mining
    report = mine(
        db=db,
        until=until,
        days=days,
        top=top,
        min_tickets=min_tickets,
        out=out,
        content_dir=content_dir,
        hours=hours,
        redactor=redactor,
    )
    if not report.tickets:
        _echo(f"No tickets between {report.window['start']} and {report.window['end']}; the report is empty.")
    else:
        _echo(
            f"{report.tickets} tickets in {days} days to {report.until[:10]}; "
            f"{len(report.clusters)} question types with at least {min_tickets} tickets."
        )
    for cluster in report.incidents:
        _echo(
            f"INCIDENT  {cluster.tickets:>5}  {cluster.canonical_question}  "
            f"(previous {cluster.previous_tickets}; {cluster.peak_days[0]} to {cluster.peak_days[-1]})"
        )
    for number, cluster in enumerate([c for c in report.clusters if c.status is not ClusterStatus.INCIDENT][:top], 1):
        status = f"covered by {cluster.covered_by.slug}" if cluster.covered_by else cluster.status
        _echo(
            f"{number:>2}. {cluster.tickets:>5}  {_trend_text(cluster.trend, cluster.trend_ratio):<10} "
            f"{cluster.canonical_question}  [{status}]"
        )
    _echo(f"Report: {report.markdown_path} (data: {report.json_path})")
    if not no_drafts and report.clusters:
        _print_drafts(
            draft_entries(
                report=report,
                db=db,
                content_dir=content_dir,
                top=top,
                shop=settings.portal.shop,
                redactor=redactor,
            )
        )


def _print_drafts(result: DraftResult) -> None:
    for path in result.created:
        _echo(f"drafted  {path}")
    for path in result.updated:
        _echo(f"updated  {path}")
    _echo(
        f"{len(result.created)} new drafts, {len(result.updated)} entries refreshed; "
        "review them with: faq-builder review"
    )


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    try:
        return parse_formats(value)
    except FaqBuilderError as error:
        raise click.BadParameter(str(error)) from error


def _step(message: str) -> None:
    if _show_progress():
        click.echo(f"report: {message}...", err=True)


@main.command("report")
@click.option("--days", type=click.IntRange(min=1), default=14, show_default=True, help="Window length in days.")
@click.option(
    "--until",
    callback=_instant,
    help="End of the window (default: the newest mining report's, else now), e.g. 2026-11-23.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder for support-<date>.html, .json and .md.",
)
@click.option(
    "--format",
    "formats",
    default=",".join(REPORT_FORMATS),
    show_default=True,
    callback=_formats,
    help="Which files to write, comma-separated.",
)
@click.option(
    "--reports",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder of the mining reports (question types, incidents, FAQ coverage of the window).",
)
@content_option
@config_option
@db_option
def report_command(
    days: int,
    until: datetime | None,
    out: Path,
    formats: tuple[str, ...],
    reports: Path,
    content_dir: Path,
    config_file: Path | None,
    db: Path,
) -> None:
    """Write the support report: volume, hours, channels, sections, products, response times, what the FAQ absorbs.

    One self-contained HTML page with charts (opens offline, prints), a JSON with
    every figure for dashboards, and a Markdown summary; each figure is compared
    with the window before. Question types, incidents and the FAQ's share come
    from the window's mining report (run 'faq-builder mine' first). Support
    hours, holidays and the product catalogue come from the site configuration.

    \b
    Example:
      faq-builder mine --until 2026-11-23 && faq-builder report --until 2026-11-23
      faq-builder report --days 28 --format json --out public/
    """
    settings = _settings(config_file)
    ensure_writable_folder(out, what="the support report")  # now, not after reading every ticket
    report = support_report(
        db=db,
        until=until,
        days=days,
        reports=reports,
        content_dir=content_dir,
        hours=settings.portal.hours,
        products=settings.portal.products,
        redactor=settings.portal.redactor(),
        progress=_step,
    )
    paths = write_support_report(report, out=out, formats=formats)
    tickets, previous = report.tickets.current, report.tickets.previous
    _echo(f"{tickets} tickets in {days} days to {report.until} (previous {days} days: {previous}).")
    for note in report.notes:
        _echo(f"note: {note}")
    for path in paths:
        _echo(f"Report: {path}")


@main.command("suggest")
@click.argument("ticket", type=click.File("rb"), default="-")
@click.option("--json", "as_json", is_flag=True, help="Print the suggestion as JSON (for a helpdesk or a script).")
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True, help="Entries to list.")
@click.option(
    "--threshold",
    type=click.FloatRange(min=0, max=1, min_open=True),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Estimated precision an answer needs to be sent without an agent.",
)
@content_option
@config_option
def suggest_command(
    ticket: BinaryIO, as_json: bool, limit: int, threshold: float, content_dir: Path, config_file: Path | None
) -> None:
    """Suggest approved FAQ answers for an incoming ticket, and whether to send one automatically.

    TICKET is a file (plain text, JSON such as a helpdesk webhook's, or an
    .eml message) or - for standard input. Prints the best entries with their
    scores, a ready reply (the answer, the order-portal link where it helps,
    the entry's link on the site) and whether confidence is high enough to
    send it without an agent.

    \b
    Example:
      faq-builder suggest ticket.eml
      echo "Where is my parcel?" | faq-builder suggest - --json
    """
    settings = _settings(config_file)
    path = getattr(ticket, "name", "-")
    name = None if not isinstance(path, str) or path in ("-", "<stdin>") else Path(path).name
    question = read_ticket(ticket.read(), name=name)
    suggester = Suggester(
        content_dir,
        portal=settings.portal,
        site_url=settings.site_url,
        site_language=settings.language,
        threshold=threshold,
    )
    suggestion = suggester.suggest(question, limit=limit)
    if as_json:
        click.echo(json.dumps(suggestion.to_dict(), ensure_ascii=False, indent=2))
        return
    for match in suggestion.matches:
        _echo(f"{match.score:.2f}  {match.slug}  {match.title}  {match.url}")
    if not suggestion.matches:
        _echo("No approved entry answers this.")
    if suggestion.reply:
        _echo("")
        _echo(suggestion.reply)
        _echo("")
    verdict = "yes" if suggestion.auto_send else f"no ({suggestion.reason})"
    _echo(f"Send automatically: {verdict}; confidence {suggestion.confidence:.2f} (threshold {threshold:.2f})")


def _rate_limit(ctx: click.Context, param: click.Parameter, value: str) -> tuple[float, int] | None:
    if value.strip() == "0":
        return None
    try:
        rate, burst = value.split("/")
        return float(rate), int(burst)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not RATE/BURST, e.g. 20/40 (0: no limit)") from error


@main.command("serve-api")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (put HTTPS in front).")
@click.option("--port", type=click.IntRange(0, 65535), default=8088, show_default=True, help="Port to listen on.")
@click.option("--allow-origin", help="Origin browsers may post from (default: site_url in mkdocs.yml).")
@click.option(
    "--rate-limit",
    default="20/40",
    show_default=True,
    callback=_rate_limit,
    help="Requests per second per client address, and burst, as RATE/BURST; 0: no limit.",
)
@click.option(
    "--max-body",
    type=click.IntRange(1024, 1 << 20),
    default=16384,
    show_default=True,
    help="Largest /feedback body, bytes.",
)
@click.option(
    "--forwarded-allow-ips",
    default="127.0.0.1",
    show_default=True,
    help="Proxies whose X-Forwarded-For is trusted (the client address rate limits count by).",
)
@db_option
@config_option
@content_option
def serve_api_command(
    host: str,
    port: int,
    allow_origin: str | None,
    rate_limit: tuple[float, int] | None,
    max_body: int,
    forwarded_allow_ips: str,
    db: Path,
    config_file: Path | None,
    content_dir: Path,
) -> None:
    """Receive the help site's votes and searches without results, and answer helpdesk webhooks (POST /suggest).

    Votes and searches are checked, scrubbed again and kept in the ticket store
    (answered 201 only once committed); 'faq-builder review' lists entries
    voted unhelpful, 'faq-builder mine' counts searches as questions. Browsers
    may post from the site's origin only (site_url in mkdocs.yml). The API is
    described at /openapi.json. Stops cleanly on SIGTERM or Ctrl-C.

    \b
    Example:
      faq-builder serve-api --port 8088
      faq-builder serve-api --host 0.0.0.0 --allow-origin https://help.shop.example
    """
    from .api import RateLimit, serve  # Starlette and Uvicorn: only for this command

    # The server handles SIGTERM and Ctrl-C itself: it finishes running requests and commits what it answered.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    serve(
        host=host,
        port=port,
        db=db,
        config_file=config_file,
        allow_origin=allow_origin,
        rate_limit=None if rate_limit is None else RateLimit(*rate_limit),
        max_body=max_body,
        content_dir=content_dir,
        forwarded_allow_ips=forwarded_allow_ips,
        announce=_echo,
    )


@main.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True, help="How many entries to show.")
@content_option
def search_command(query: str, limit: int, content_dir: Path) -> None:
    """Search the FAQ entries (approved and drafts) the way a shopper's words would.

    \b
    Example:
      faq-builder search "where is my parcel"
    """
    from .search import FaqIndex

    hits = FaqIndex(content_dir).search(query, limit=limit)
    if not hits:
        _echo("No entry matches.")
    for hit in hits:
        marker = "" if hit.status is EntryStatus.APPROVED else f" [{hit.status}]"
        _echo(f"{hit.score:7.2f}  {hit.slug}  {hit.title}{marker}")


editor_option = click.option(
    "--by",
    envvar="FAQ_BUILDER_EDITOR",
    default=lambda: os.environ.get("USER") or "editor",
    show_default="$FAQ_BUILDER_EDITOR or $USER",
    help="Who is making the change (recorded as reviewed_by).",
)
reports_option = click.option(
    "--reports",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder of mining reports (the newest questions-<date>.json is used).",
)


def _today() -> date:
    return datetime.now(UTC).date()


@main.command("draft")
@click.option(
    "--from",
    "report",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Mining report to draft from (default: the newest in --reports).",
)
@reports_option
@click.option("--top", type=click.IntRange(min=1), help="How many new questions to draft (default: the report's).")
@content_option
@config_option
@db_option
def draft_command(
    report: Path | None, reports: Path, top: int | None, content_dir: Path, config_file: Path | None, db: Path
) -> None:
    """Draft FAQ entries for the top new questions of a mining report.

    Answers come from the agents' most representative reply, without greetings,
    names or personal data, marked as drafts to review. Entries that already
    answer a question only get fresh counts, trend and new variants: an
    editor's title, status and answer are never changed.

    \b
    Example:
      faq-builder draft --from reports/questions-2026-11-23.json --top 10
    """
    settings = _settings(config_file)
    _print_drafts(
        draft_entries(
            report=report or latest_report(reports),
            db=db,
            content_dir=content_dir,
            top=top,
            shop=settings.portal.shop,
            redactor=settings.portal.redactor(),
        )
    )


@main.command("review")
@content_option
@db_option
def review_command(content_dir: Path, db: Path) -> None:
    """List what needs an editor: drafts (most asked first), approved entries with rising tickets, and approved
    entries the site's visitors mostly voted unhelpful (votes received by 'faq-builder serve-api').

    \b
    Example:
      faq-builder review --content content/
    """
    items = review(content_dir)
    unhelpful = unhelpful_entries(content_dir, db=db)
    if not items and not unhelpful:
        _echo("Nothing to review.")
    for entry in items:
        tickets = "-" if entry.tickets is None else str(entry.tickets)
        _echo(f"{entry.status:<8} {tickets:>5}  {entry.trend or '-':<5} {entry.slug}  {entry.title}")
    for entry, votes in unhelpful:
        _echo(f"unhelpful {votes.unhelpful:>2} of {votes.total:<3} {entry.slug}  {entry.title}")
        for comment in votes.comments[-COMMENT_LINES:]:
            _echo(f"    “{_terminal(comment)}”")
    if items or unhelpful:
        _echo("Edit the files in content/faq/, then: faq-builder approve SLUG...")


@main.command("approve")
@click.argument("slugs", nargs=-1, required=True)
@editor_option
@content_option
@config_option
def approve_command(slugs: tuple[str, ...], by: str, content_dir: Path, config_file: Path | None) -> None:
    """Publish entries (status approved, with who and when).

    Refused, with nothing changed, while an entry has no answer, still holds the
    draft note, or contains personal data.

    \b
    Example:
      faq-builder approve where-is-my-order how-do-i-return-an-item --by "Sam"
    """
    redactor = _settings(config_file).portal.redactor()
    for entry in approve(list(slugs), content_dir=content_dir, by=by, today=_today(), redactor=redactor):
        _echo(f"approved  {entry.slug}  ({entry.path})")


@main.command("retire")
@click.argument("slugs", nargs=-1, required=True)
@editor_option
@content_option
def retire_command(slugs: tuple[str, ...], by: str, content_dir: Path) -> None:
    """Unpublish entries; the question they answer is not drafted again.

    \b
    Example:
      faq-builder retire winter-sale-shipping-delays
    """
    for entry in retire(list(slugs), content_dir=content_dir, by=by, today=_today()):
        _echo(f"retired  {entry.slug}  ({entry.path})")


@main.command("merge")
@click.argument("keep")
@click.argument("fold")
@content_option
def merge_command(keep: str, fold: str, content_dir: Path) -> None:
    """Fold entry FOLD into entry KEEP (same question asked two ways).

    FOLD's title and variants become variants of KEEP, its slug redirects to
    KEEP, links to it are updated, and its file is removed. Mining remembers it.

    \b
    Example:
      faq-builder merge where-is-my-order has-my-parcel-shipped
    """
    entry = merge(keep, fold, content_dir=content_dir)
    _echo(f"merged {fold} into {keep} ({entry.path})")


@main.command("ignore")
@click.argument("keys", nargs=-1, required=True)
@click.option("--reason", help="Why (spam, internal, one-off incident...); kept for other editors.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Report the keys come from (default: the newest in --reports).",
)
@reports_option
@editor_option
@content_option
def ignore_command(
    keys: tuple[str, ...], reason: str | None, report: Path | None, reports: Path, by: str, content_dir: Path
) -> None:
    """Mark question types (KEYS from a mining report) as not for the FAQ; they are no longer drafted.

    \b
    Example:
      faq-builder ignore orders/confirmation-email-received --reason "incident, fixed"
    """
    added = ignore(
        list(keys),
        content_dir=content_dir,
        report=report or latest_report(reports),
        by=by,
        today=_today(),
        reason=reason,
    )
    for item in added:
        _echo(f"ignored  {item.key}  {item.question}")
    if len(added) < len(set(keys)):
        _echo(f"{len(set(keys)) - len(added)} already ignored.")


@main.command("check")
@content_option
@config_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: GitHub Actions annotations, shown on the lines of a pull request.",
)
@click.pass_context
def check_command(ctx: click.Context, content_dir: Path, config_file: Path | None, output: str) -> None:
    """Check the help site before publishing: what build --strict would reject, and more.

    Settings in mkdocs.yml (invalid, unknown, or still the examples of faq-builder init), front matter,
    duplicates, answers, draft notes, personal data, links to missing or unpublished pages, unknown
    {{ shop.NAME }} placeholders. Prints file:line: problem; exit code 1 on errors, 0 with warnings only.

    \b
    Example:
      faq-builder check --content content/
      faq-builder check --format github    # in a GitHub Actions workflow
    """
    from .check import check_site, format_github

    problems = check_site(content_dir, config_file=config_file)
    for problem in problems:
        _echo(format_github(problem) if output == "github" else str(problem))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    _echo(f"{errors} error(s), {warnings} warning(s) in {content_dir}")
    if errors:
        ctx.exit(1)


site_content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Content folder to publish (default: docs_dir of the configuration).",
)


@main.command("build")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: site/).")
@click.option("--strict/--no-strict", default=None, help="Fail on any warning (default: the configuration's).")
@click.option("--clean", is_flag=True, help="Empty the site folder even if faq-builder did not build it.")
@click.option("--offline", is_flag=True, help="For opening from disk (file://): .html links, search without a server.")
@config_option
@site_content_option
def build_command(
    site_dir: Path | None,
    strict: bool | None,
    clean: bool,
    offline: bool,
    config_file: Path | None,
    content_dir: Path | None,
) -> None:
    """Build the help site from approved entries (drafts and retired entries are left out).

    Exits 1 with every problem listed (file and line) on invalid configuration,
    broken links or unknown {{ shop.NAME }} placeholders under --strict.

    \b
    Example:
      faq-builder build --site-dir site --strict
      faq-builder build --offline          # then open site/index.html from disk
    """
    from .site import build_site

    built = build_site(
        config_file=config_file, site_dir=site_dir, content_dir=content_dir, strict=strict, clean=clean, offline=offline
    )
    for warning in built.warnings:
        _echo(f"warning: {warning}", err=True)
    left_out = ", ".join(
        f"{count} draft{'s' * (count != 1)}" if status == "draft" else f"{count} {status}"
        for status, count in built.left_out.items()
    )
    per_language = (
        f" in {len(built.languages)} languages ({', '.join(f'{code} {n}' for code, n in built.languages.items())})"
        if len(built.languages) > 1
        else ""
    )
    waiting = (
        f"No site yet for {', '.join(built.waiting_languages)}: none of their entries is approved.\n"
        if built.waiting_languages
        else ""
    )
    _echo(
        f"Published {built.entries} FAQ {'entry' if built.entries == 1 else 'entries'}{per_language}"
        + (f" (left out: {left_out})" if left_out else "")
        + ".\n"
        + waiting
        + f"Built {built.pages} pages ({built.bytes / 1e6:.1f} MB) in {built.seconds:.1f} s: {built.index}\n"
        "Preview with drafts: faq-builder serve"
        + (f" --config {config_file}" if config_file else "")
        + (f" --content {content_dir}" if content_dir else "")
    )


@main.command("serve")
@click.option("--address", default="127.0.0.1:8000", show_default=True, help="Where to serve the preview.")
@config_option
@site_content_option
def serve_command(address: str, config_file: Path | None, content_dir: Path | None) -> None:
    """Preview the help site with live reload; drafts are shown with a "Draft" banner.

    \b
    Example:
      faq-builder serve --address 127.0.0.1:8000
    """
    from .site import serve_site

    serve_site(config_file=config_file, content_dir=content_dir, address=address)
