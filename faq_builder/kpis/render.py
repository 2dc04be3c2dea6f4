"""The support report as people read it: one self-contained HTML page (inline SVG, offline) and a Markdown summary."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from .. import __version__
from ..hours import DAY_NAMES
from ..report import inline_markdown
from . import charts
from .figures import MIN_TEMPLATE_TICKETS, Compared, Durations, SupportReport

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("faq_builder.kpis", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_CHANNEL_NAMES = {"web_form": "web form"}


def number(value: float | None, *, percent: bool = False, unit: str = "") -> str:
    """A figure as people read it: 1,234 / 61% / 3.5 h; '–' when unknown."""
    if value is None:
        return "–"
    if percent:
        return f"{value * 100:.0f}%"
    text = f"{value:,.0f}" if float(value).is_integer() and not unit else f"{value:,.1f}"
    return f"{text}{unit}"


def change(figure: Compared, *, percent: bool = False, unit: str = "") -> str:
    """'↑ +12 (+16%)' against the previous window, as shown (a change too small to show is '→ ±0'); shares
    change in percentage points."""
    if figure.delta is None:
        return "no previous figure" if figure.previous is None and figure.current is not None else ""
    shown = f"{abs(figure.delta) * 100:.0f} pts" if percent else number(abs(figure.delta), unit=unit)
    if not re.sub(r"\D", "", shown).strip("0"):
        return f"→ ±{shown}"
    up = figure.delta > 0
    relative = f" ({'+' if up else '−'}{abs(figure.change) * 100:.0f}%)" if figure.change is not None else ""
    return f"{'↑ +' if up else '↓ −'}{shown}{relative if not percent else ''}"


def answered_change(report: SupportReport) -> str:
    """The FAQ's share against the previous window's (from that window's own mining report), if there is one."""
    deflection = report.deflection
    if deflection is None or deflection.previous_answered_by_faq is None:
        return ""
    share = Compared.of(deflection.answered_by_faq.share, deflection.previous_answered_by_faq.share, digits=4)
    return change(share, percent=True)


def channel(name: str) -> str:
    return _CHANNEL_NAMES.get(name, name)


def _span(report: SupportReport) -> str:
    start, end = date.fromisoformat(report.per_day[0].date), date.fromisoformat(report.per_day[-1].date)
    same_year = start.year == end.year
    return f"{start:%-d %b}{'' if same_year else f' {start:%Y}'} – {end:%-d %b %Y}"


def _moment(value: str) -> str:
    """An ISO instant as people read it: 23 Nov 2026 18:00 UTC."""
    moment = datetime.fromisoformat(value).astimezone(UTC)
    return f"{moment:%-d %b %Y %H:%M} UTC"


def _partial_note(report: SupportReport) -> str:
    """Which bars of the daily chart cover only part of a day, and why (the window need not start at midnight)."""
    cut = [day.date for day in report.per_day if day.partial]
    if not cut:
        return ""
    zone = ZoneInfo(str(report.support_hours["timezone"]))
    start, end = (datetime.fromisoformat(str(report.window[edge])).astimezone(zone) for edge in ("start", "end"))
    which = (
        "first and last days are"
        if len(cut) == 2
        else ("first day is" if cut[0] == report.per_day[0].date else "last day is")
    )
    return f"The {which} partial: the window runs from {start:%-d %b %H:%M} to {end:%-d %b %H:%M} shop time."


def _open_hours(report: SupportReport) -> list[list[bool]]:
    hours = report.support_hours
    days = list(hours["days"])  # type: ignore[call-overload]
    first, last = int(str(hours["open"])[:2]), str(hours["close"])
    end = int(last[:2]) + (1 if last[3:] != "00" else 0)
    return [[name in days and first <= hour < end for hour in range(24)] for name in DAY_NAMES]


def _charts(report: SupportReport) -> dict[str, Markup]:
    days = [date.fromisoformat(day.date) for day in report.per_day]
    found = {
        "days": charts.day_chart(
            days,
            [
                ("in support hours", [day.tickets - day.off_hours for day in report.per_day]),
                ("outside support hours", [day.off_hours for day in report.per_day]),
            ],
            label="Tickets per day, in and outside support hours",
        ),
        "heatmap": charts.heatmap(
            report.hour_of_week, label="Tickets per hour of the week (shop time)", open_hours=_open_hours(report)
        ),
        "channels": charts.bar_chart(
            [(channel(row.name), row.tickets.current or 0) for row in report.channels],
            previous=[row.tickets.previous for row in report.channels],
            label="Tickets per channel",
        ),
        "products": charts.bar_chart(
            [(row.name, row.tickets.current or 0) for row in report.products],
            previous=[row.tickets.previous for row in report.products],
            label="Tickets naming each product",
        ),
    }
    if report.categories:
        found["categories"] = charts.bar_chart(
            [(row.name, row.tickets.current or 0) for row in report.categories],
            previous=[row.tickets.previous for row in report.categories],
            label="Tickets per help-site section",
        )
    for incident in report.incidents or []:
        found[f"incident:{incident.key}"] = charts.line_chart(
            [date.fromisoformat(day.date) for day in incident.per_day],
            [day.tickets for day in incident.per_day],
            label=f"Tickets per day: {incident.question}",
        )
    return found


def _speed(report: SupportReport) -> list[tuple[str, Durations, Durations]]:
    """Rows of the response-time table: all channels, then each channel (first response, resolution)."""
    times = report.response_times
    return [
        ("all channels", times.first_response, times.resolution),
        *(
            (channel(name), figure, times.resolution_by_channel[name])
            for name, figure in times.first_response_by_channel.items()
        ),
    ]


def render_html(report: SupportReport) -> str:
    template = _ENVIRONMENT.get_template("report.html")
    return template.render(
        report=report,
        span=_span(report),
        until=_moment(report.until),
        partial_note=_partial_note(report),
        charts=_charts(report),
        speed=_speed(report),
        min_template_tickets=MIN_TEMPLATE_TICKETS,
        number=number,
        change=change,
        answered_change=answered_change(report),
        channel=channel,
        version=__version__,
    )


def render_markdown(report: SupportReport) -> str:
    """A short summary for a pull request or a chat message: the headline figures, incidents, templates."""
    rt = report.response_times
    lines = [
        f"# Support report: {_span(report)}",
        "",
        f"The {report.window['days']} days to {_moment(report.until)}, compared with the {report.window['days']} days "
        f"before; support hours {report.support_hours['description']}.",
        "",
        *(f"> {note}" for note in report.notes),
        *([""] if report.notes else []),
    ]
    if report.incidents:
        lines += ["## Incidents (fix the cause; not FAQ entries)", ""]
        for incident in report.incidents:
            lines.append(
                f"- **{inline_markdown(incident.question)}**: {incident.tickets} tickets "
                f"(previous {incident.previous_tickets}), {incident.first_day} to {incident.last_day}"
            )
        lines.append("")
    rows = [
        ("Tickets", number(report.tickets.current), change(report.tickets)),
        (
            "Outside support hours",
            number(report.off_hours_share.current, percent=True),
            change(report.off_hours_share, percent=True),
        ),
        (
            "First response, median",
            number(rt.first_response.median_hours.current, unit=" h"),
            change(rt.first_response.median_hours, unit=" h"),
        ),
        (
            "First response, 90th percentile",
            number(rt.first_response.p90_hours.current, unit=" h"),
            change(rt.first_response.p90_hours, unit=" h"),
        ),
        (
            "Resolution, median",
            number(rt.resolution.median_hours.current, unit=" h"),
            change(rt.resolution.median_hours, unit=" h"),
        ),
        (
            "Resolution, 90th percentile",
            number(rt.resolution.p90_hours.current, unit=" h"),
            change(rt.resolution.p90_hours, unit=" h"),
        ),
        ("Agent replies per answered ticket", number(rt.responses_per_ticket.current), change(rt.responses_per_ticket)),
    ]
    if report.deflection:
        rows += [
            (
                "Answered by the FAQ",
                number(report.deflection.answered_by_faq.share, percent=True),
                answered_change(report),
            ),
            ("The top drafts would add", number(report.deflection.drafts_would_add.share, percent=True), ""),
        ]
    lines += ["## Figures", "", "| figure | this window | against the previous |", "| --- | --- | --- |"]
    lines += [f"| {name} | {value} | {delta} |" for name, value, delta in rows]
    lines += ["", "## Channels", "", "| channel | tickets | against the previous |", "| --- | --- | --- |"]
    lines += [
        f"| {channel(row.name)} | {number(row.tickets.current)} | {change(row.tickets)} |" for row in report.channels
    ]
    if report.templates:
        lines += ["", "## Replies sent again and again (template candidates)", ""]
        for template in report.templates:
            advice = " **automate**" if template.automate else ""
            lines.append(
                f"- {template.tickets} tickets, closed alone {number(template.closed_alone_share, percent=True)}"
                f"{advice}: {inline_markdown(template.reply[:160])}{'…' if len(template.reply) > 160 else ''}"
            )
    if report.deflection:
        lines += ["", f"_{report.deflection.method}_"]
    return "\n".join(lines).rstrip() + "\n"
