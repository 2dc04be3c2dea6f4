"""The support report: where questions come from, when, how fast they are answered, and what self-service could absorb.

``support_report`` reads the window from the ticket store column by column and the window's mining report (question
types, incidents, FAQ coverage) when there is one; ``write_support_report`` writes one self-contained HTML file,
a JSON with every figure (``schema.json``) and a Markdown summary.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..atomic import FileBatch, ensure_writable_folder
from ..content import FAQ_DIR, load_entries
from ..errors import ConfigError
from ..hours import DAY_NAMES, SupportHours
from ..privacy import Redactor
from ..report import report_of_window
from ..store import TicketStore, previous_window_bounds, window_bounds
from . import figures
from .figures import SupportReport

__all__ = ["FORMATS", "SCHEMA_VERSION", "SupportReport", "parse_formats", "support_report", "write_support_report"]
SCHEMA_VERSION = 1
FORMATS = ("html", "json", "md")
SCHEMA_FILE = Path(__file__).with_name("schema.json")


def support_report(
    *,
    db: str | os.PathLike[str],
    until: datetime | None = None,
    days: int = 14,
    reports: str | os.PathLike[str] = "reports",
    content_dir: str | os.PathLike[str] = "content",
    hours: SupportHours | None = None,
    products: Sequence[str] = (),
    redactor: Redactor | None = None,
    progress: Callable[[str], None] | None = None,
) -> SupportReport:
    """Every figure of the window ending ``until`` (default: the newest mining report's, else now)."""
    if days < 1:
        raise ConfigError("--days must be at least 1")
    step = progress or (lambda _message: None)
    mined = report_of_window(reports, until=until, days=days)
    until = (until or (figures.utc(mined.until) if mined else datetime.now(UTC))).astimezone(UTC)
    earlier = report_of_window(reports, until=until - timedelta(days=days), days=days) if mined else None
    hours = hours or SupportHours()
    zone = hours.zone()
    redactor = redactor or Redactor()
    entries = load_entries(Path(content_dir)) if (Path(content_dir) / FAQ_DIR).exists() else []
    start, end = window_bounds(until=until, days=days)
    previous_start, previous_end = previous_window_bounds(until=until, days=days)
    with TicketStore.open_existing(db) as store:

        def read(low: datetime, high: datetime) -> figures.Window:
            rows = store.facts_between(low, high, figures.WINDOW_FACTS)
            return figures.read_window(rows, hours=hours, catalogue=products, redactor=redactor)

        step("reading this window's tickets")
        current = read(start, end)
        step("reading the previous window's tickets")
        previous = read(previous_start, previous_end)
        step("grouping the agents' first replies")
        replies = [
            (ticket, reply, count, status)
            for ticket, reply, count, status in store.facts_between(
                start, end, ("external_id", "first_reply", "replies", "status")
            )
            if reply
        ]
        created = (
            {ticket: stamp for ticket, stamp in store.facts_between(start, end, ("external_id", "created_at"))}
            if mined and mined.incidents
            else {}
        )
    days_list = figures.local_days(start, end, zone)
    answered = int((current.replies > 0).sum())
    notes = []
    if mined is None:
        notes.append(
            f"No mining report of this window in {reports}: question types, incidents and the FAQ's share are left "
            f"out; run 'faq-builder mine --until {until.isoformat(timespec='seconds')} --days {days}' first."
        )
    elif mined.tickets != current.size:
        notes.append(
            f"The mining report counted {mined.tickets} tickets in this window, the store now holds {current.size}: "
            "tickets were ingested since; mine again for current question types."
        )
    return SupportReport(
        schema_version=SCHEMA_VERSION,
        until=until.isoformat(timespec="seconds"),
        window={"start": start.isoformat(timespec="seconds"), "end": end.isoformat(timespec="seconds"), "days": days},
        previous_window={
            "start": previous_start.isoformat(timespec="seconds"),
            "end": previous_end.isoformat(timespec="seconds"),
        },
        support_hours={
            "description": hours.describe(),
            "timezone": hours.timezone,
            "days": [DAY_NAMES[day] for day in hours.days],
            "open": f"{hours.start:%H:%M}",
            "close": f"{hours.end:%H:%M}",
            "holidays": [day.isoformat() for day in hours.holidays],
        },
        questions_report=mined.json_path if mined else None,
        tickets=figures.Compared.of(current.size, previous.size),
        off_hours=figures.Compared.of(int((~current.open).sum()), int((~previous.open).sum())),
        off_hours_share=figures.Compared.of(
            float((~current.open).mean()) if current.size else None,
            float((~previous.open).mean()) if previous.size else None,
            digits=4,
        ),
        per_day=figures.per_day(current.local, current.open, days_list),
        hour_of_week=figures.hour_of_week(current),
        channels=figures.counts(Counter(current.channel.tolist()), Counter(previous.channel.tolist()), current.size),
        categories=figures.categories(mined, earlier) if mined else None,
        products=figures.counts(current.products, previous.products, current.size, limit=figures.TOP),
        response_times=figures.response_times(current, previous),
        deflection=figures.deflection(mined, entries, earlier=earlier) if mined else None,
        incidents=figures.incidents(mined, created, days_list, hours) if mined else None,
        templates=figures.templates(
            replies,
            redactor=redactor,
            questions=figures.question_of(mined.clusters) if mined else None,
            answered=answered,
        ),
        notes=notes,
    )


def to_json(report: SupportReport) -> dict:
    """Every figure as the JSON file holds it (``schema.json``)."""
    return asdict(report)


def parse_formats(formats: str | Sequence[str]) -> tuple[str, ...]:
    """The formats to write (``"html,json"`` or a list), each once, or an error naming the unknown ones."""
    names = formats.split(",") if isinstance(formats, str) else formats
    chosen = tuple(dict.fromkeys(name.strip().lower() for name in names if name.strip()))
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise ConfigError(f"{', '.join(unknown) or 'nothing'}: choose from {', '.join(FORMATS)}")
    return chosen


def write_support_report(
    report: SupportReport, *, out: str | os.PathLike[str] = "reports", formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write ``support-<until-date>.<format>`` for each format, all or none; returns the paths."""
    from .render import render_html, render_markdown  # Jinja2 and the charts only when writing

    chosen = parse_formats(formats)
    folder = Path(out)
    ensure_writable_folder(folder, what="the support report")
    stem = f"support-{report.until[:10]}"
    texts = {
        "json": lambda: json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n",
        "html": lambda: render_html(report),
        "md": lambda: render_markdown(report),
    }
    batch = FileBatch(folder)
    paths = [folder / f"{stem}.{name}" for name in FORMATS if name in chosen]
    for path in paths:
        batch.write(path, texts[path.suffix[1:]]())
    batch.commit()
    return paths
