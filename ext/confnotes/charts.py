"""Pictures of counts, as SVG text drawn at build time (no JavaScript, no docutils).

Three pictures, each a pure function of plain data so it can be tested alone
and gives the same bytes for the same data:

* ``line_chart``: a few series over shared x labels (years, conferences), each
  line labelled directly at its end, with its own colour *and* marker shape;
  ``<title>``/``<desc>`` name it for screen readers (the listing adds a table
  with the numbers);
* ``sparkline``: tiny bars, one per x label, for a line of text; decorative
  (``aria-hidden``), the caller gives the numbers as text;
* ``HeatScale``: counts to a few shading levels (the tool matrix's cells), on a
  log scale over the table's largest count, in exact integer arithmetic.

Colours: every coloured part uses ``currentColor``; each series' ``<g>`` gets a
``color`` attribute (the light palette, for pages without confnotes.css) and a
class ``confnotes-series-N``, which confnotes.css colours for light and dark
mode. Text from pages (tool names, conference names) is escaped for XML and
HTML alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "LIGHT_PALETTE",
    "MARKERS",
    "NARROW",
    "WIDE",
    "HeatScale",
    "Layout",
    "LineChart",
    "Series",
    "line_chart",
    "nice_ticks",
    "sparkline",
]

# Series colours on a light page, each at least 4.5:1 on white (the labels are
# text in these colours). confnotes.css repeats them, with a lighter set for
# dark mode; tests/test_charts.py checks both against their backgrounds.
LIGHT_PALETTE = (
    "#0b6fa8",  # blue
    "#b15000",  # orange
    "#0a7d5a",  # green
    "#b8316b",  # pink
    "#6a4fc4",  # violet
    "#7a6a00",  # olive
    "#c0392b",  # red
    "#555555",  # grey
)
# One shape per series, so lines differ by more than colour.
MARKERS = ("circle", "square", "diamond", "triangle", "triangle-down", "plus", "cross", "star")
MAX_SERIES = len(LIGHT_PALETTE)

# -- text ------------------------------------------------------------------------------------

# Characters XML 1.0 does not allow (control characters but tab and newlines),
# and unpaired surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def esc(text: str) -> str:
    """Text for an SVG element or attribute, in an HTML or XML document
    (whitespace collapsed, as SVG shows it)."""
    return (
        " ".join(_NOT_XML.sub("", text).split())
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def num(x: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros ('12', '12.5')."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_width(text: str, size: float) -> float:
    """Rough width of ``text`` in a sans-serif face (no font metrics at build time)."""
    return 0.58 * size * len(text)


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


# -- scales ---------------------------------------------------------------------------------


def nice_ticks(maximum: int, most: int = 5) -> list[int]:
    """0, then steps of 1, 2 or 5 times a power of ten, up to at least ``maximum``
    (at most ``most`` + 1 ticks): 7 -> [0, 2, 4, 6, 8]; 0 -> [0, 1]."""
    top = max(maximum, 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if -(-top // (step * factor)) <= most:
                size = step * factor
                count = -(-top // size)
                return [i * size for i in range(count + 1)]
        step *= 10


@dataclass(frozen=True)
class HeatScale:
    """Counts to shading levels: 0 for none, 1..``levels`` on a log scale up to
    ``maximum`` (1 always level 1, ``maximum`` always the top level).

    A count ``c`` gets level ``1 + round((levels - 1) * log c / log maximum)``,
    decided exactly: with ``n = levels - 1``, step ``j`` is reached when
    ``c ** (2n) >= maximum ** (2j - 1)`` (no floating point, so no platform
    can put a count on the other side of a boundary).
    """

    maximum: int
    levels: int = 4

    def level(self, count: int) -> int:
        if count <= 0:
            return 0
        if self.maximum <= 1:
            return 1
        n = self.levels - 1
        c = min(count, self.maximum) ** (2 * n)
        return 1 + sum(1 for j in range(1, n + 1) if c >= self.maximum ** (2 * j - 1))

    def ranges(self) -> list[tuple[int, int, int]]:
        """(level, lowest count, highest count) of each level some count reaches."""
        found: dict[int, list[int]] = {}
        for count in range(1, self.maximum + 1):
            level = self.level(count)
            found.setdefault(level, [count, count])[1] = count
        return [(level, lo, hi) for level, (lo, hi) in sorted(found.items())]

    @classmethod
    def of(cls, counts: Iterable[int], levels: int = 4) -> HeatScale:
        return cls(max((c for c in counts), default=0), levels)


# -- line chart -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One line: a label, a value per x label, and optional hover text per point."""

    label: str
    values: tuple[int, ...]
    point_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineChart:
    title: str  # the chart's accessible name
    description: str  # what it shows (a table with the numbers should follow)
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    y_label: str = ""  # above the y axis, e.g. "mentions per year"
    id: str = "confnotes-chart"  # prefix of the element ids; unique on the page


@dataclass(frozen=True)
class Layout:
    """Geometry, in SVG user units (CSS pixels at full size). The SVG scales
    down with its box; a page shows a narrower layout on phones instead of
    shrinking the text."""

    name: str = "wide"  # class confnotes-chart-<name>
    width: int = 640
    height: int = 300
    font: int = 13
    label_chars: int = 22  # longer line labels are cut (the full name is in their title)
    x_label_chars: int = 18


WIDE = Layout()
NARROW = Layout(name="narrow", width=340, height=260, font=13, label_chars=12, x_label_chars=10)


def line_chart(chart: LineChart, layout: Layout = WIDE) -> str:
    """The chart as an ``<svg>`` element (for inline HTML)."""
    width, font = layout.width, layout.font
    if not chart.series or not chart.x_labels:
        raise ValueError("a line chart needs at least one series and one x label")
    if len(chart.series) > MAX_SERIES:
        raise ValueError(f"at most {MAX_SERIES} series stay distinguishable")
    n = len(chart.x_labels)
    for s in chart.series:
        if len(s.values) != n or (s.point_titles and len(s.point_titles) != n):
            raise ValueError(f"series {s.label!r} does not have one value per x label")
    ticks = nice_ticks(max(max(s.values) for s in chart.series))
    labels = [shorten(s.label, layout.label_chars) for s in chart.series]
    x_texts = [shorten(x, layout.x_label_chars) for x in chart.x_labels]

    left = 14 + max(text_width(str(t), font) for t in ticks)
    right = 24 + max(text_width(label, font) for label in labels)
    top = 30 if chart.y_label else 14
    slot = (width - left - right) / n  # room per x label
    rotate = max(text_width(x, font) for x in x_texts) > slot - 6
    bottom = 30 + (max(text_width(x, font) for x in x_texts) * 0.6 if rotate else 0)
    height = layout.height + (bottom - 30)
    plot_w = width - left - right
    plot_h = height - top - bottom
    inset = min(24.0, plot_w / (2 * n))

    def x_at(i: int) -> float:
        if n == 1:
            return left + plot_w / 2
        return left + inset + i * (plot_w - 2 * inset) / (n - 1)

    def y_at(v: float) -> float:
        return top + plot_h - v / ticks[-1] * plot_h

    ids = {"title": f"{chart.id}-title", "desc": f"{chart.id}-desc"}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="confnotes-chart confnotes-chart-{layout.name}" '
        f'viewBox="0 0 {width} {num(height)}" width="{width}" height="{num(height)}" '
        f'role="img" aria-labelledby="{esc(ids["title"])} {esc(ids["desc"])}" '
        f'font-size="{font}">',
        f'<title id="{esc(ids["title"])}">{esc(chart.title)}</title>',
        f'<desc id="{esc(ids["desc"])}">{esc(chart.description)}</desc>',
    ]
    # Grid and y axis: faint lines in the text colour, tick labels at the left.
    out.append('<g class="confnotes-chart-grid" fill="currentColor">')
    for t in ticks:
        y = num(y_at(t))
        opacity = "0.45" if t == 0 else "0.15"
        out.append(
            f'<line x1="{num(left)}" x2="{num(width - right + 8)}" y1="{y}" y2="{y}" '
            f'stroke="currentColor" stroke-opacity="{opacity}"/>'
            f'<text x="{num(left - 8)}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle">{t}</text>'
        )
    if chart.y_label:
        out.append(f'<text x="{num(left - 8)}" y="{font}">{esc(chart.y_label)}</text>')
    out.append("</g>")
    # x labels, turned when they would run into each other.
    out.append('<g class="confnotes-chart-axis" fill="currentColor">')
    base = num(height - bottom + font + 6)
    for i, x in enumerate(x_texts):
        full = chart.x_labels[i]
        hover = f"<title>{esc(full)}</title>" if x != full else ""
        if rotate:
            px = num(x_at(i) + 4)
            out.append(
                f'<text x="{px}" y="{base}" text-anchor="end" '
                f'transform="rotate(-35 {px} {base})">{hover}{esc(x)}</text>'
            )
        else:
            out.append(
                f'<text x="{num(x_at(i))}" y="{base}" text-anchor="middle">{hover}{esc(x)}</text>'
            )
    out.append("</g>")
    # The series: line, markers (with hover text), label at the line's end.
    ends = _spread([y_at(s.values[-1]) for s in chart.series], font + 2, top, height - bottom)
    for k, s in enumerate(chart.series):
        points = " ".join(f"{num(x_at(i))},{num(y_at(v))}" for i, v in enumerate(s.values))
        out.append(
            f'<g class="confnotes-series confnotes-series-{k + 1}" color="{LIGHT_PALETTE[k]}">'
        )
        if n > 1:
            out.append(
                f'<polyline points="{points}" fill="none" stroke="currentColor" '
                'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
            )
        out.append('<g fill="currentColor">')
        for i, v in enumerate(s.values):
            title = s.point_titles[i] if s.point_titles else f"{s.label}: {v}"
            out.append(_marker(MARKERS[k], x_at(i), y_at(v), f"<title>{esc(title)}</title>"))
        out.append("</g>")
        end_x, end_y = x_at(n - 1), y_at(s.values[-1])
        label_y = ends[k]
        if abs(label_y - end_y) > 1:  # moved apart from another label: a leader line
            out.append(
                f'<line x1="{num(end_x + 6)}" y1="{num(end_y)}" x2="{num(end_x + 16)}" '
                f'y2="{num(label_y)}" stroke="currentColor" stroke-width="1"/>'
            )
        hover = f"<title>{esc(s.label)}</title>" if labels[k] != s.label else ""
        out.append(
            f'<text x="{num(end_x + 19)}" y="{num(label_y)}" dominant-baseline="middle" '
            f'fill="currentColor" font-weight="600">{hover}{esc(labels[k])}</text>'
        )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions near ``wanted``, at least ``gap`` apart, within [low, high]
    (in input order): push down from the top, then back up from the bottom."""
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    placed = [0.0] * len(wanted)
    last = low - gap
    for i in order:
        last = placed[i] = max(wanted[i], last + gap)
    last = high + gap
    for i in reversed(order):
        last = placed[i] = min(placed[i], last - gap)
    return placed


def _marker(shape: str, x: float, y: float, inner: str) -> str:
    r = 4.5
    if shape == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}">{inner}</circle>'
    if shape == "square":
        s = r * 0.9
        return (
            f'<rect x="{num(x - s)}" y="{num(y - s)}" width="{num(2 * s)}" '
            f'height="{num(2 * s)}">{inner}</rect>'
        )
    corners = {
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "triangle": [(0, -1.25), (1.15, 0.85), (-1.15, 0.85)],
        "triangle-down": [(0, 1.25), (1.15, -0.85), (-1.15, -0.85)],
        "plus": [(-0.35, -1.2), (0.35, -1.2), (0.35, -0.35), (1.2, -0.35), (1.2, 0.35),
                 (0.35, 0.35), (0.35, 1.2), (-0.35, 1.2), (-0.35, 0.35), (-1.2, 0.35),
                 (-1.2, -0.35), (-0.35, -0.35)],
        "cross": [(-0.85, -1.35), (0, -0.5), (0.85, -1.35), (1.35, -0.85), (0.5, 0),
                  (1.35, 0.85), (0.85, 1.35), (0, 0.5), (-0.85, 1.35), (-1.35, 0.85),
                  (-0.5, 0), (-1.35, -0.85)],
        "star": [(0, -1.35), (0.32, -0.44), (1.28, -0.42), (0.52, 0.17), (0.79, 1.09),
                 (0, 0.55), (-0.79, 1.09), (-0.52, 0.17), (-1.28, -0.42), (-0.32, -0.44)],
    }[shape]  # fmt: skip
    points = " ".join(f"{num(x + dx * r)},{num(y + dy * r)}" for dx, dy in corners)
    return f'<polygon points="{points}">{inner}</polygon>'


# -- sparkline ------------------------------------------------------------------------------

BAR, BAR_GAP, SPARK_HEIGHT = 5, 2, 16


def sparkline(values: Sequence[int], title: str = "") -> str:
    """Small bars, one per value, scaled to the largest; a zero is a thin tick.

    Decorative for assistive technology (``aria-hidden``): the caller puts the
    numbers in text beside it. ``title`` is the hover text.
    """
    if not values:
        raise ValueError("a sparkline needs at least one value")
    top = max(max(values), 1)
    width = len(values) * (BAR + BAR_GAP) - BAR_GAP
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="confnotes-spark" '
        f'viewBox="0 0 {width} {SPARK_HEIGHT}" width="{width}" height="{SPARK_HEIGHT}" '
        'aria-hidden="true" focusable="false" fill="currentColor">'
    ]
    if title:
        out.append(f"<title>{esc(title)}</title>")
    for i, v in enumerate(values):
        h = max(v / top * SPARK_HEIGHT, 1.0)
        cls = "" if v else ' class="confnotes-spark-zero" opacity="0.4"'
        out.append(
            f'<rect x="{i * (BAR + BAR_GAP)}" y="{num(SPARK_HEIGHT - h)}" '
            f'width="{BAR}" height="{num(h)}"{cls}/>'
        )
    out.append("</svg>")
    return "".join(out)
