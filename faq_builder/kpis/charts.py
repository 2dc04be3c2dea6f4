"""Charts for the support report: inline SVG written by hand, so the report is one self-contained file, even offline."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

WIDTH = 480  # viewBox units; the chart scales to the page (width="100%"), never wider than this in CSS pixels
PAD = 4
FONT = 12
INK = "#333"
MUTED = "#595959"  # 7:1 on white
GRID = "#ddd"
AXIS = "#999"
BLUE = "#1f77b4"
STACK_COLOURS = ("#1f77b4", "#ff7f0e", "#7f7f7f", "#9467bd")  # blue and orange first: safe for colour blindness
HEAT_EMPTY = "#f2f2f2"
HEAT_SHADES = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # one hue, light to dark
OPEN_OUTLINE = "#d95f02"  # orange against the blues, 3.8:1 on the white gaps between cells
TICK = "#111"
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    label: str,
    previous: Sequence[float | None] | None = None,
    unit: str = "",
    value_format: str = "{:,.0f}",
) -> Markup:
    """Horizontal bars, one per (name, value) row, the value at the bar end; a tick at each row's previous value."""
    if previous is not None and len(previous) != len(rows):
        raise ValueError(f"previous has {len(previous)} values for {len(rows)} rows")
    earlier = list(previous) if previous is not None else [None] * len(rows)
    peak = max([value for _, value in rows] + [value for value in earlier if value is not None], default=0)
    if peak <= 0:
        return _empty(label)
    texts = [value_format.format(value) + unit for _, value in rows]
    names_width = min(max(_text_width(name) for name, _ in rows), WIDTH * 0.4)
    x0 = PAD + names_width + 8
    span = WIDTH - PAD - max(_text_width(text) for text in texts) - 6 - x0
    body = []
    top = 0
    if previous is not None:
        body += [_line(PAD + 6, 2, PAD + 6, 16, TICK, 2), _text(PAD + 14, 13, "previous window", fill=MUTED)]
        top = 22
    for (name, value), text, before in zip(rows, texts, earlier, strict=True):
        end = x0 + max(value, 0) / peak * span
        hint = f"{name}: {text}"
        if before is not None:
            hint += f" (previous window: {value_format.format(before)}{unit})"
        body.append(_text(x0 - 8, top + 12 + FONT * 0.35, _fit(name, names_width), anchor="end", title=name))
        body.append(_rect(x0, top + 4, end - x0, 16, BLUE, hint))
        if before is not None:
            mark = x0 + max(before, 0) / peak * span
            body.append(_line(mark, top + 1, mark, top + 23, TICK, 2))
            end = max(end, mark + 1)
        body.append(_text(end + 4, top + 12 + FONT * 0.35, text))
        top += 24
    return _svg(top + PAD, label, body)


def day_chart(days: Sequence[date], stacks: Sequence[tuple[str, Sequence[int]]], *, label: str) -> Markup:
    """Vertical stacked bars, one per day (first stack at the bottom), a legend, round gridlines, thinned day labels."""
    if len(stacks) > len(STACK_COLOURS):
        raise ValueError(f"at most {len(STACK_COLOURS)} stacks, not {len(stacks)}")
    for name, counts in stacks:
        if len(counts) != len(days):
            raise ValueError(f"stack {name!r} has {len(counts)} counts for {len(days)} days")
    totals = [sum(counts[index] for _, counts in stacks) for index in range(len(days))]
    if max(totals, default=0) <= 0:
        return _empty(label)
    step, lines = _gridlines(max(totals))
    ceiling = step * lines
    body, legend_bottom = _legend([(colour, name) for colour, (name, _) in zip(STACK_COLOURS, stacks, strict=False)])
    plot_top = legend_bottom + 14
    base = plot_top + 140
    x0, x1 = PAD + _text_width(f"{ceiling:,}") + 6, WIDTH - 20  # room on the right for the last day's label
    slot = (x1 - x0) / len(days)
    bar = min(slot * 0.75, 36)
    for line in range(lines + 1):
        y = base - line * step / ceiling * (base - plot_top)
        if line:
            body.append(_line(x0, y, x1, y, GRID, 1))
        body.append(_text(x0 - 4, y + FONT * 0.35, f"{line * step:,}", anchor="end", fill=MUTED))
    every = math.ceil((_text_width("Wed 30") + 8) / slot)
    for index, day in enumerate(days):
        x = x0 + index * slot + (slot - bar) / 2
        below, running = base, 0
        for colour, (name, counts) in zip(STACK_COLOURS, stacks, strict=False):
            running += counts[index]
            y = round(base - running / ceiling * (base - plot_top), 1)  # rounded once: stacked parts meet exactly
            if counts[index] > 0:
                body.append(_rect(x, y, bar, below - y, colour, f"{_long_day(day)}, {name}: {counts[index]:,}"))
            below = y
        if index % every == 0:
            body.append(_text(x + bar / 2, base + 16, f"{DAY_NAMES[day.weekday()]} {day.day}", anchor="middle"))
    body.append(_line(x0, base, x1, base, AXIS, 1))
    return _svg(base + 22, label, body)


def heatmap(grid: Sequence[Sequence[int]], *, label: str, open_hours: Sequence[Sequence[bool]] | None = None) -> Markup:
    """Tickets per weekday (rows Mon..Sun) and local hour (24 columns), shaded by count; support hours outlined."""
    _check_week(grid, "grid")
    if open_hours is not None:
        _check_week(open_hours, "open_hours")
    peak = max(max(row) for row in grid)
    if peak <= 0:
        return _empty(label)
    x0 = 36
    pitch = (WIDTH - x0 - PAD) / 24
    size = pitch - 2
    body = []
    for weekday, row in enumerate(grid):
        y = PAD + weekday * pitch
        body.append(_text(x0 - 6, y + size / 2 + FONT * 0.35, DAY_NAMES[weekday], anchor="end"))
        for hour, count in enumerate(row):
            hint = f"{DAY_NAMES[weekday]} {hour:02d}:00-{hour + 1:02d}:00: {count:,} ticket{'' if count == 1 else 's'}"
            outlined = open_hours is not None and open_hours[weekday][hour]
            body.append(_rect(x0 + hour * pitch, y, size, size, _shade(count, peak), hint, outlined))
    bottom = PAD + 7 * pitch
    for hour in range(0, 24, 3):
        body.append(_text(x0 + hour * pitch + size / 2, bottom + 12, str(hour), anchor="middle", fill=MUTED))
    legend = bottom + 34
    body.append(_text(x0, legend, "less", fill=MUTED))
    x = x0 + _text_width("less") + 6
    for shade in (HEAT_EMPTY, *HEAT_SHADES):
        body.append(_rect(x, legend - 10, 12, 12, shade))
        x += 14
    body.append(_text(x + 4, legend, "more", fill=MUTED))
    if open_hours is not None:
        x += _text_width("more") + 28
        body += [_rect(x, legend - 10, 12, 12, "#fff", outlined=True), _text(x + 18, legend, "support hours")]
    return _svg(legend + PAD + 2, label, body)


def line_chart(days: Sequence[date], values: Sequence[int], *, label: str) -> Markup:
    """A small daily curve (line and dots) for an incident's tickets per day: the peak on the y axis, first/last day."""
    if len(values) != len(days):
        raise ValueError(f"{len(values)} values for {len(days)} days")
    peak = max(values, default=0)
    if peak <= 0:
        return _empty(label)
    plot_top, base = 10.0, 70.0
    x0 = PAD + _text_width(f"{peak:,}") + 8
    x1 = WIDTH - PAD - 4
    step = (x1 - x0) / (len(days) - 1) if len(days) > 1 else 0
    points = [
        (x0 + index * step if step else (x0 + x1) / 2, base - value / peak * (base - plot_top))
        for index, value in enumerate(values)
    ]
    body = [
        _line(x0, plot_top, x1, plot_top, GRID, 1),
        _line(x0, base, x1, base, AXIS, 1),
        _text(x0 - 6, plot_top + FONT * 0.35, f"{peak:,}", anchor="end", fill=MUTED),
        _text(x0 - 6, base + FONT * 0.35, "0", anchor="end", fill=MUTED),
    ]
    if len(points) > 1:
        coordinates = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        body.append(f'<polyline points="{coordinates}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    for (x, y), day, value in zip(points, days, values, strict=True):
        hint = escape(f"{_long_day(day)}: {value:,} ticket{'' if value == 1 else 's'}")
        body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.5" fill="{BLUE}"><title>{hint}</title></circle>')
    body.append(_text(points[0][0], base + 18, _short_day(days[0]), anchor="start" if len(days) > 1 else "middle"))
    if len(days) > 1:
        body.append(_text(x1, base + 18, _short_day(days[-1]), anchor="end"))
    return _svg(base + 24, label, body)


def _svg(height: float, label: str, body: Sequence[str]) -> Markup:
    """The chart's frame: accessible name, scalable viewBox, system font; ``body`` is already escaped SVG."""
    name = escape(label)
    return Markup(
        f'<svg role="img" aria-label="{name}" viewBox="0 0 {WIDTH} {_n(height)}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" style="max-width:{WIDTH}px;height:auto" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}"><title>{name}</title>{"".join(body)}</svg>'
    )


def _empty(label: str) -> Markup:
    return _svg(32, label, [_text(PAD, 20, "No tickets", fill=MUTED)])


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK, title: str | None = None) -> str:
    """A text element; ``title`` (the full text of a shortened label) only when it differs from ``text``."""
    align = "" if anchor == "start" else f' text-anchor="{anchor}"'
    hint = f"<title>{escape(title)}</title>" if title is not None and title != text else ""
    return f'<text x="{_n(x)}" y="{_n(y)}"{align} fill="{fill}">{hint}{escape(text)}</text>'


def _rect(x: float, y: float, width: float, height: float, fill: str, title: str = "", outlined: bool = False) -> str:
    stroke = f' stroke="{OPEN_OUTLINE}" stroke-width="1.5"' if outlined else ""
    attributes = f'x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{fill}"{stroke}'
    return f"<rect {attributes}><title>{escape(title)}</title></rect>" if title else f"<rect {attributes}/>"


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float) -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" stroke-width="{width}"/>'


def _legend(items: Sequence[tuple[str, str]]) -> tuple[list[str], float]:
    """Colour swatches and names in rows that wrap at the chart's width; returns the parts and the last row's y."""
    parts: list[str] = []
    x, y = float(PAD), 14.0
    for colour, name in items:
        shown = _fit(name, WIDTH - 2 * PAD - 18)
        width = 18 + _text_width(shown) + 16
        if x > PAD and x + width > WIDTH:
            x, y = PAD, y + 18
        parts += [_rect(x, y - 10, 12, 12, colour), _text(x + 18, y, shown, title=name)]
        x += width
    return parts, y


def _gridlines(peak: int) -> tuple[int, int]:
    """A round step (1, 2, 2.5 or 5 times a power of ten) and 3 to 5 gridlines above zero that reach ``peak``."""
    power = 1
    while True:
        for factor in (1, 2, 2.5, 5):
            step = factor * power
            lines = max(3, math.ceil(peak / step))
            if step == int(step) and lines <= 5:
                return int(step), lines
        power *= 10


def _shade(count: int, peak: int) -> str:
    """The cell colour: empty for zero, else one of five shades on a square-root scale (quiet hours still show)."""
    if count <= 0:
        return HEAT_EMPTY
    return HEAT_SHADES[math.ceil(len(HEAT_SHADES) * math.sqrt(count / peak)) - 1]


def _check_week(grid: Sequence[Sequence[object]], name: str) -> None:
    if len(grid) != 7 or any(len(row) != 24 for row in grid):
        raise ValueError(f"{name} must be 7 rows (Mon..Sun) of 24 hours")


def _text_width(text: str) -> float:
    """Estimated width of ``text`` in the system font: wide (CJK) characters 1 em, the others 0.6 em."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6 for char in text) * FONT


def _fit(text: str, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width``."""
    if _text_width(text) <= width:
        return text
    while text and _text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _short_day(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


def _long_day(day: date) -> str:
    return f"{_short_day(day)} {day.year}"


def _n(value: float) -> str:
    """A coordinate, rounded to one decimal, without a trailing '.0'."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text
