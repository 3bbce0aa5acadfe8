"""charts.py on its own: SVG that parses, names itself, puts values where they belong,
escapes what it is given, and comes out the same every time; the heat scale; the
colours against their backgrounds (confnotes.css and the palette agree)."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from confnotes import charts
from confnotes.charts import (
    LIGHT_PALETTE,
    MARKERS,
    NARROW,
    WIDE,
    HeatScale,
    LineChart,
    Series,
    line_chart,
    nice_ticks,
    sparkline,
)
from hypothesis import assume, given
from hypothesis import strategies as st

SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(charts.__file__).parent / "static" / "confnotes.css"


def chart(**changes: object) -> LineChart:
    base = LineChart(
        title="Tools over time",
        description="Mentions per year of the 3 most mentioned tools",
        x_labels=("2021", "2022", "2024"),
        series=(
            Series("pandas", (3, 5, 9), ("p1", "p2", "p3")),
            Series("Polars", (0, 2, 9)),
            Series("DuckDB", (1, 1, 0)),
        ),
        y_label="mentions per year",
        id="c1",
    )
    return LineChart(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def series_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "confnotes-series" in g.get("class", "").split()]


def polyline_points(group: ET.Element) -> list[tuple[float, float]]:
    line = group.find(f"{SVG}polyline")
    assert line is not None
    return [tuple(map(float, p.split(","))) for p in line.get("points", "").split()]  # type: ignore[misc]


# -- the line chart -------------------------------------------------------------------------


@pytest.mark.parametrize("layout", [WIDE, NARROW], ids=["wide", "narrow"])
def test_chart_names_itself(layout: charts.Layout) -> None:
    root = parse(line_chart(chart(), layout))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "c1-title" and title.text == "Tools over time"
    assert desc is not None and desc.get("id") == "c1-desc"
    assert desc.text == "Mentions per year of the 3 most mentioned tools"
    assert root.get("class") == f"confnotes-chart confnotes-chart-{layout.name}"
    assert root.get("viewBox", "").startswith(f"0 0 {layout.width} ")


def test_one_group_per_series_with_colour_marker_and_label() -> None:
    root = parse(line_chart(chart()))
    groups = series_groups(root)
    assert len(groups) == 3
    for k, group in enumerate(groups):
        assert f"confnotes-series-{k + 1}" in group.get("class", "")
        assert group.get("color") == LIGHT_PALETTE[k]
        # the line's end is labelled with the series' name (not colour alone)
        labels = [t for t in group.iter(f"{SVG}text")]
        assert [t.text for t in labels] == [["pandas", "Polars", "DuckDB"][k]]
    # each series its own marker shape: circle, square, then polygons of their own
    shapes = [
        next(el for el in g.iter() if el.tag in {f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon"})
        for g in groups
    ]
    assert [s.tag for s in shapes] == [f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon"]


def test_points_carry_their_titles() -> None:
    root = parse(line_chart(chart()))
    first = series_groups(root)[0]
    titles = [t.text for el in first.iter() for t in el.findall(f"{SVG}title")]
    assert titles == ["p1", "p2", "p3"]
    second = series_groups(root)[1]
    assert [t.text for el in second.iter() for t in el.findall(f"{SVG}title")] == [
        "Polars: 0",
        "Polars: 2",
        "Polars: 9",
    ]


def test_values_map_to_heights_on_one_scale() -> None:
    """y = a - b * value for every point of every series (b > 0), x in label order."""
    data = chart()
    root = parse(line_chart(data))
    pairs = []
    for group, s in zip(series_groups(root), data.series, strict=True):
        points = polyline_points(group)
        assert [x for x, _ in points] == sorted(x for x, _ in points)
        pairs += [(v, y) for v, (_, y) in zip(s.values, points, strict=True)]
    (v0, y0), (v1, y1) = min(pairs), max(pairs)
    slope = (y1 - y0) / (v1 - v0)
    assert slope < 0  # more mentions: higher up
    for v, y in pairs:
        assert y == pytest.approx(y0 + slope * (v - v0), abs=0.02)


def test_x_labels_and_y_ticks() -> None:
    root = parse(line_chart(chart()))
    axis = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "confnotes-chart-axis")
    assert ["".join(t.itertext()) for t in axis.iter(f"{SVG}text")] == ["2021", "2022", "2024"]
    grid = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "confnotes-chart-grid")
    texts = [t.text for t in grid.iter(f"{SVG}text")]
    assert texts == ["0", "2", "4", "6", "8", "10", "mentions per year"]


def test_long_labels_are_cut_with_the_full_name_on_hover() -> None:
    name = "A tool with a name far too long for the margin"
    root = parse(line_chart(chart(series=(Series(name, (1, 2, 3)),)), NARROW))
    label = next(series_groups(root)[0].iter(f"{SVG}text"))
    shown = "".join(t for t in [label.text, *(c.tail for c in label)] if t)
    assert shown.endswith("\u2026") and len(shown) == NARROW.label_chars
    assert label.find(f"{SVG}title").text == name  # type: ignore[union-attr]


def test_many_long_x_labels_are_turned() -> None:
    names = tuple(f"Conference number {i} 2024" for i in range(8))
    svg = line_chart(chart(x_labels=names, series=(Series("pandas", tuple(range(8))),)))
    assert svg.count("rotate(-35") == 8
    parse(svg)


def test_single_x_label_draws_points_only() -> None:
    root = parse(line_chart(chart(x_labels=("2024",), series=(Series("pandas", (4,)),))))
    assert root.find(f".//{SVG}polyline") is None
    assert root.find(f".//{SVG}circle") is not None


def test_labels_kept_apart() -> None:
    """Lines ending at the same value: their labels do not overlap."""
    same = tuple(Series(f"tool {i}", (1, 0)) for i in range(8))
    root = parse(line_chart(chart(x_labels=("2020", "2021"), series=same)))
    ys = sorted(float(next(g.iter(f"{SVG}text")).get("y", "0")) for g in series_groups(root))
    gaps = [b - a for a, b in itertools.pairwise(ys)]
    assert min(gaps) >= WIDE.font


def test_same_input_same_bytes() -> None:
    assert line_chart(chart()) == line_chart(chart())
    assert sparkline([0, 3, 5], "t") == sparkline([0, 3, 5], "t")


@pytest.mark.parametrize(
    "changes",
    [
        {"series": ()},
        {"x_labels": ()},
        {"series": (Series("short", (1, 2)),)},
        {"series": (Series("titles", (1, 2, 3), ("a",)),)},
        {"series": tuple(Series(str(i), (1, 2, 3)) for i in range(len(MARKERS) + 1))},
    ],
    ids=["no series", "no x", "too few values", "too few titles", "too many series"],
)
def test_bad_charts_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        line_chart(chart(**changes))


@given(
    title=st.text(max_size=40),
    label=st.text(min_size=1, max_size=40),
    x=st.text(min_size=1, max_size=30),
    values=st.lists(st.integers(0, 10_000), min_size=1, max_size=1),
)
def test_any_text_stays_text(title: str, label: str, x: str, values: list[int]) -> None:
    """Whatever the names hold, the SVG parses and shows them as text (less what
    XML cannot carry), never as markup."""
    svg = line_chart(
        chart(title=title, x_labels=(x,), series=(Series(label, tuple(values), (label,)),))
    )
    root = parse(svg)
    kept = " ".join(charts._NOT_XML.sub("", title).split())  # whitespace as SVG shows it
    assert (root.find(f"{SVG}title").text or "") == kept  # type: ignore[union-attr]
    assert len(series_groups(root)) == 1
    assert "<script" not in svg.replace("&lt;script", "")


# -- scales ------------------------------------------------------------------------------------


@given(st.integers(0, 10**6))
def test_nice_ticks_cover_the_maximum(maximum: int) -> None:
    ticks = nice_ticks(maximum)
    assert ticks[0] == 0 and ticks[-1] >= maximum and 2 <= len(ticks) <= 6
    step = ticks[1]
    assert all(b - a == step for a, b in itertools.pairwise(ticks))
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert mantissa in (1, 2, 5)


@given(st.integers(1, 5000), st.integers(0, 5000), st.integers(0, 5000))
def test_heat_levels_are_monotonic(maximum: int, a: int, b: int) -> None:
    scale = HeatScale(maximum)
    lo, hi = sorted((min(a, maximum), min(b, maximum)))
    assert scale.level(lo) <= scale.level(hi)


@given(st.integers(2, 5000))
def test_heat_level_ends(maximum: int) -> None:
    scale = HeatScale(maximum)
    assert scale.level(0) == 0
    assert scale.level(1) == 1
    assert scale.level(maximum) == scale.levels == 4


@given(st.integers(2, 5000), st.integers(1, 5000))
def test_heat_level_is_the_rounded_log_position(maximum: int, count: int) -> None:
    assume(count <= maximum)
    position = 3 * math.log(count) / math.log(maximum)
    assume(abs(position % 1 - 0.5) > 1e-9)  # exactly halfway: floats cannot tell
    assert HeatScale(maximum).level(count) == 1 + math.floor(position + 0.5)


@given(st.integers(0, 3000))
def test_heat_ranges_cover_every_count_once(maximum: int) -> None:
    ranges = HeatScale(maximum).ranges()
    covered = [c for _, lo, hi in ranges for c in range(lo, hi + 1)]
    assert covered == list(range(1, maximum + 1))
    levels = [level for level, _, _ in ranges]
    assert levels == sorted(set(levels))


def test_heat_scale_of_a_table() -> None:
    scale = HeatScale.of([0, 1, 2, 9, 3])
    assert scale.maximum == 9
    assert [scale.level(c) for c in range(10)] == [0, 1, 2, 3, 3, 3, 3, 4, 4, 4]
    assert scale.ranges() == [(1, 1, 1), (2, 2, 2), (3, 3, 6), (4, 7, 9)]
    assert HeatScale.of([]).ranges() == []


# -- sparkline ---------------------------------------------------------------------------------


def test_sparkline() -> None:
    root = parse(sparkline([0, 2, 4], "pandas: 0, 2, 4"))
    assert root.get("aria-hidden") == "true" and root.get("focusable") == "false"
    assert root.find(f"{SVG}title").text == "pandas: 0, 2, 4"  # type: ignore[union-attr]
    bars = root.findall(f"{SVG}rect")
    heights = [float(b.get("height", "0")) for b in bars]
    assert heights == [1.0, 8.0, 16.0]  # a zero is a thin tick, the largest full height
    assert bars[0].get("class") == "confnotes-spark-zero"
    assert all(float(b.get("y", "0")) + h == 16 for b, h in zip(bars, heights, strict=True))
    with pytest.raises(ValueError):
        sparkline([])


# -- colours: the palette, the stylesheet, and WCAG contrast ----------------------------------------


def luminance(colour: str) -> float:
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def css_variables(selector: str) -> dict[str, str]:
    css = CSS.read_text("utf-8")
    block = css[css.index(selector + " {") :]
    block = block[: block.index("}")]
    return dict(re.findall(r"--(confnotes-[\w-]+):\s*(#[0-9a-f]{6})", block))


LIGHT_PAGE, DARK_PAGE = "#ffffff", "#14181e"  # pydata-sphinx-theme's backgrounds


def test_stylesheet_repeats_the_palette() -> None:
    light = css_variables(":root")
    assert [light[f"confnotes-series-{i + 1}"] for i in range(len(LIGHT_PALETTE))] == list(
        LIGHT_PALETTE
    )
    dark = css_variables('html[data-theme="dark"], body[data-theme="dark"]')
    assert set(dark) == set(light)


@pytest.mark.parametrize(
    ("selector", "page"),
    [(":root", LIGHT_PAGE), ('html[data-theme="dark"], body[data-theme="dark"]', DARK_PAGE)],
    ids=["light", "dark"],
)
def test_colours_readable(selector: str, page: str) -> None:
    found = css_variables(selector)
    for i in range(1, len(LIGHT_PALETTE) + 1):
        assert contrast(found[f"confnotes-series-{i}"], page) >= 4.5, i  # labels are text
    levels = []
    for level in range(1, 5):
        bg, fg = found[f"confnotes-heat-{level}-bg"], found[f"confnotes-heat-{level}-fg"]
        assert contrast(bg, fg) >= 4.5, level
        levels.append(contrast(bg, page))
    assert levels == sorted(levels)  # further from the page, level by level
