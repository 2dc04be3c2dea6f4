"""Support report charts: well-formed inline SVG, sizes in proportion to the figures, caller text escaped, no data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from markupsafe import Markup

from faq_builder.kpis.charts import (
    BLUE,
    HEAT_EMPTY,
    HEAT_SHADES,
    STACK_COLOURS,
    bar_chart,
    day_chart,
    heatmap,
    line_chart,
)

NASTY = "<script>alert(1)</script> \"&'"
MONDAY = date(2026, 11, 9)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEK = [MONDAY + timedelta(days=offset) for offset in range(7)]


def parse(svg: Markup) -> ET.Element:
    assert isinstance(svg, Markup)
    return ET.fromstring(str(svg))


def title(element: ET.Element) -> str:
    found = element.find("title")
    return found.text or "" if found is not None else ""


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter("text")]


def bars(root: ET.Element, fill: str) -> list[ET.Element]:
    return [rect for rect in root.iter("rect") if rect.get("fill") == fill]


def sample_grid() -> list[list[int]]:
    grid = [[(weekday + hour) % 4 for hour in range(24)] for weekday in range(7)]
    grid[0][9] = 12
    grid[2][14] = 40
    grid[6][3] = 0
    return grid


OFFICE = [[weekday < 5 and 9 <= hour < 17 for hour in range(24)] for weekday in range(7)]

CHARTS = {
    "bar": lambda: bar_chart([("Email", 40), ("Chat", 20)], label="Channels", previous=[30, None]),
    "day": lambda: day_chart(WEEK, [("in", [1, 2, 3, 4, 5, 0, 0]), ("out", [1, 1, 1, 1, 1, 3, 2])], label="Per day"),
    "heatmap": lambda: heatmap(sample_grid(), label="Hours", open_hours=OFFICE),
    "line": lambda: line_chart(WEEK, [0, 3, 9, 4, 2, 1, 0], label="Incident"),
}


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_is_an_accessible_scalable_self_contained_svg(name: str) -> None:
    svg = CHARTS[name]()
    root = parse(svg)
    assert root.tag == "svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == root[0].text
    assert root[0].tag == "title"
    assert root.get("width") == "100%" and root.get("height") is None
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", root.get("viewBox", ""))
    assert root.get("preserveAspectRatio")
    assert "system-ui" in root.get("font-family", "")
    assert "http" not in svg and "<script" not in svg.lower() and "foreignObject" not in svg and "href" not in svg
    assert not re.search(r"\d\.\d\d", svg), "coordinates are rounded to one decimal"
    assert CHARTS[name]() == svg, "deterministic"


def test_bar_lengths_are_proportional_to_values_with_values_at_the_bar_ends() -> None:
    root = parse(bar_chart([("Email", 40), ("Chat", 20), ("Phone", 10)], label="Channels", unit=" h"))
    widths = [float(rect.get("width", "")) for rect in bars(root, BLUE)]
    assert len(widths) == 3
    assert widths[0] / widths[1] == pytest.approx(2, abs=0.01)
    assert widths[0] / widths[2] == pytest.approx(4, abs=0.02)
    assert {"Email", "Chat", "Phone", "40 h", "20 h", "10 h"} <= set(texts(root))
    assert "previous window" not in texts(root)
    assert not list(root.iter("line"))
    value = next(text for text in root.iter("text") if text.text == "40 h")
    rect = bars(root, BLUE)[0]
    assert float(value.get("x", "")) > float(rect.get("x", "")) + float(rect.get("width", ""))


def test_bar_chart_marks_the_previous_window() -> None:
    root = parse(bar_chart([("Email", 40), ("Chat", 20)], label="Channels", previous=[80, None]))
    assert "previous window" in texts(root)
    ticks = [line for line in root.iter("line") if line.get("y1") != "2"]  # the legend's sample tick is at the top
    assert len(ticks) == 1  # None: no tick
    rect = bars(root, BLUE)[0]
    start, width = float(rect.get("x", "")), float(rect.get("width", ""))
    assert float(ticks[0].get("x1", "")) - start == pytest.approx(2 * width, abs=0.2)
    assert title(rect) == "Email: 40 (previous window: 80)"


def test_long_row_names_are_shortened_with_the_full_name_as_tooltip() -> None:
    name = "A contact form whose name goes on and on and on, far too long"
    root = parse(bar_chart([(name, 5)], label="Channels"))
    label = next(text for text in root.iter("text") if title(text) == name)
    shown = label.find("title").tail or ""  # type: ignore[union-attr]
    assert shown.endswith("…") and name.startswith(shown[:-1]) and len(shown) > 20
    assert title(next(text for text in root.iter("text") if text.text == "5")) == ""  # short texts carry no tooltip


def test_day_chart_stacks_add_up_to_each_day_total() -> None:
    inside = [10, 20, 0, 5, 40, 0, 7]
    outside = [5, 0, 3, 5, 10, 2, 0]
    root = parse(day_chart(WEEK, [("in support hours", inside), ("outside support hours", outside)], label="Per day"))
    segments = [rect for rect in root.iter("rect") if title(rect)]
    heights = {day: 0.0 for day in WEEK}
    for rect in segments:
        day = next(day for day in WEEK if title(rect).startswith(f"{DAYS[day.weekday()]} {day.day} "))
        heights[day] += float(rect.get("height", ""))
    assert len(segments) == 10  # zero counts draw nothing
    totals = [a + b for a, b in zip(inside, outside, strict=True)]
    scale = heights[WEEK[4]] / totals[4]
    for day, total in zip(WEEK, totals, strict=True):
        assert heights[day] == pytest.approx(total * scale, abs=0.15)
    first = [rect for rect in segments if title(rect).startswith("Mon 9 Nov 2026")]
    assert [rect.get("fill") for rect in first] == list(STACK_COLOURS[:2])
    bottom, top = (float(rect.get("y", "")) for rect in first)
    assert top + float(first[1].get("height", "")) == pytest.approx(bottom)  # the second stack sits on the first
    friday_top = min(float(rect.get("y", "")) for rect in segments if title(rect).startswith("Fri 13 Nov"))
    top_gridline = min(float(line.get("y1", "")) for line in root.iter("line") if line.get("stroke") == "#ddd")
    assert friday_top == pytest.approx(top_gridline)  # 50 tickets, the axis goes 10, 20 ... 50
    assert title(first[0]) == "Mon 9 Nov 2026, in support hours: 10"
    assert {"in support hours", "outside support hours"} <= set(texts(root))
    day_labels = [text for text in texts(root) if re.fullmatch(r"\w{3} \d+", text)]
    assert day_labels == [f"{DAYS[day.weekday()]} {day.day}" for day in WEEK]


@pytest.mark.parametrize(("peak", "ticks"), [(1, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (50, [0, 10, 20, 30, 40, 50])])
def test_day_chart_y_axis_has_three_to_five_round_gridlines(peak: int, ticks: list[int]) -> None:
    root = parse(day_chart(WEEK[:2], [("all", [peak, 0])], label="Per day"))
    assert [int(text) for text in texts(root) if text.isdigit()] == ticks
    assert 3 <= len([line for line in root.iter("line") if line.get("stroke") == "#ddd"]) <= 5


def test_day_chart_thins_day_labels_so_they_never_overlap() -> None:
    days = [date(2026, 9, 23) + timedelta(days=offset) for offset in range(62)]
    root = parse(day_chart(days, [("all", [offset % 9 + 1 for offset in range(62)])], label="Per day"))
    labels = [text for text in root.iter("text") if re.fullmatch(r"\w{3} \d+", text.text or "")]
    assert 4 <= len(labels) <= 16
    assert labels[0].text == "Wed 23"
    positions = [float(text.get("x", "")) for text in labels]
    assert min(b - a for a, b in zip(positions, positions[1:], strict=False)) >= 45  # 'Wed 30' is about 43 wide
    assert len([rect for rect in root.iter("rect") if title(rect)]) == 62


def test_heatmap_shades_cells_by_count_and_outlines_support_hours() -> None:
    grid = sample_grid()
    root = parse(heatmap(grid, label="Hours", open_hours=OFFICE))
    cells = [rect for rect in root.iter("rect") if title(rect)]
    assert len(cells) == 168
    shades = [HEAT_EMPTY, *HEAT_SHADES]
    darkness = [shades.index(cell.get("fill", "")) for cell in cells]
    assert cells[2 * 24 + 14].get("fill") == HEAT_SHADES[-1]  # the busiest hour is the darkest, and only it
    assert darkness.count(len(shades) - 1) == 1
    assert all((cell.get("fill") == HEAT_EMPTY) == (grid[i // 24][i % 24] == 0) for i, cell in enumerate(cells))
    assert title(cells[9]) == "Mon 09:00-10:00: 12 tickets"
    assert title(cells[6 * 24 + 23]) == "Sun 23:00-24:00: 1 ticket"
    outlined = [index for index, cell in enumerate(cells) if cell.get("stroke")]
    assert outlined == [weekday * 24 + hour for weekday in range(5) for hour in range(9, 17)]
    labels = texts(root)
    assert labels[:7] == list(DAYS)
    assert [text for text in labels if text.isdigit()] == ["0", "3", "6", "9", "12", "15", "18", "21"]
    assert {"less", "more", "support hours"} <= set(labels)
    assert "support hours" not in texts(parse(heatmap(grid, label="Hours")))


def test_heatmap_shades_grow_with_the_count() -> None:
    grid = [[hour * 7 + weekday for hour in range(24)] for weekday in range(7)]
    root = parse(heatmap(grid, label="Hours"))
    shades = [HEAT_EMPTY, *HEAT_SHADES]
    darkness = {
        grid[index // 24][index % 24]: shades.index(cell.get("fill", ""))
        for index, cell in enumerate(rect for rect in root.iter("rect") if title(rect))
    }
    ordered = [darkness[count] for count in sorted(darkness)]
    assert ordered == sorted(ordered) and ordered[0] == 0 and ordered[-1] == len(shades) - 1


@pytest.mark.parametrize("grid", [[[0] * 24] * 6, [[0] * 23] * 7])
def test_heatmap_rejects_a_grid_that_is_not_a_week_of_hours(grid: list[list[int]]) -> None:
    with pytest.raises(ValueError, match="7 rows"):
        heatmap(grid, label="Hours")


def test_line_chart_draws_the_daily_curve() -> None:
    values = [0, 3, 9, 4, 2, 1, 0]
    root = parse(line_chart(WEEK, values, label="Incident"))
    (polyline,) = root.iter("polyline")
    points = [tuple(map(float, pair.split(","))) for pair in polyline.get("points", "").split()]
    assert len(points) == 7
    assert [x for x, _ in points] == sorted(x for x, _ in points)
    low, high = max(y for _, y in points), min(y for _, y in points)
    assert points[2][1] == high and points[0][1] == low
    assert points[1][1] == pytest.approx(low - (low - high) * 3 / 9, abs=0.1)
    dots = list(root.iter("circle"))
    assert [title(dot) for dot in dots][:2] == ["Mon 9 Nov 2026: 0 tickets", "Tue 10 Nov 2026: 3 tickets"]
    assert {"9", "0", "Mon 9 Nov", "Sun 15 Nov"} <= set(texts(root))


def test_line_chart_of_one_day_is_a_dot() -> None:
    root = parse(line_chart(WEEK[:1], [5], label="Incident"))
    assert not list(root.iter("polyline"))
    assert len(list(root.iter("circle"))) == 1
    assert "Mon 9 Nov" in texts(root)


@pytest.mark.parametrize(
    ("chart", "shown"),
    [
        (lambda label: bar_chart([(NASTY, 3)], label=label, previous=[1], unit=NASTY), ["3" + NASTY]),
        (lambda label: bar_chart([("Email", 3)], label=label, unit="%"), ["3%"]),
        (lambda label: day_chart(WEEK[:1], [(NASTY, [4])], label=label), [NASTY]),
        (lambda label: heatmap(sample_grid(), label=label), []),
        (lambda label: line_chart(WEEK[:2], [1, 2], label=label), []),
        (lambda label: bar_chart([], label=label), []),
    ],
)
def test_text_from_callers_is_escaped(chart: Callable[[str], Markup], shown: list[str]) -> None:
    svg = chart(NASTY)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert 'aria-label="&lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&#39;"' in svg
    root = parse(svg)
    assert root.get("aria-label") == NASTY and title(root) == NASTY
    assert set(shown) <= set(texts(root))
    if NASTY in shown[0:1]:
        assert parse(chart("Chart")).find("title").text == "Chart"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "svg",
    [
        bar_chart([], label="Empty"),
        bar_chart([("Email", 0), ("Chat", 0)], label="Zeros", previous=[0, None]),
        day_chart([], [], label="No days"),
        day_chart([], [("in", []), ("out", [])], label="No days"),
        day_chart(WEEK, [("in", [0] * 7)], label="Zeros"),
        heatmap([[0] * 24 for _ in range(7)], label="Zeros"),
        line_chart([], [], label="No days"),
        line_chart(WEEK, [0] * 7, label="Zeros"),
    ],
)
def test_empty_inputs_say_no_tickets(svg: Markup) -> None:
    root = parse(svg)
    assert texts(root) == ["No tickets"]
    assert root.get("width") == "100%" and root.get("role") == "img"
    assert "nan" not in svg and "inf" not in svg


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="previous"):
        bar_chart([("Email", 1)], label="Channels", previous=[1, 2])
    with pytest.raises(ValueError, match="stack 'in'"):
        day_chart(WEEK, [("in", [1])], label="Per day")
    with pytest.raises(ValueError, match="values"):
        line_chart(WEEK, [1], label="Incident")
