"""``tool-trends``: the most mentioned tools' mentions per year (or per conference).

Options: ``:top:`` how many tools (1-8, default 8: more lines stop being
distinguishable), ``:by:`` ``year`` (default; a report counts in the year of
its first day) or ``edition`` (each conference, in date order). Mentions on
pages without a dated report (or, by edition, without a conference) are left
out.

Web pages get an inline SVG line chart drawn at build time (``charts.py``: no
script) with the numbers as a table one click away; other builders and
e-books get the table (tools x years), which is what a printed page can show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ..charts import MAX_SERIES, NARROW, WIDE, LineChart, Series, line_chart
from ..nodes import details, summary
from ..query import tool_anchor
from ..warnings import Subtype
from .base import NO_SEARCH, Context, Listing, ListingDirective, digest, empty
from .emit import Cell, Link, table

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..i18n import Messages
    from ..nodes import listing
    from ..query import Query
    from ..registry import Tool

KIND = "tool-trends"
BY = ("year", "edition")
DEFAULT_TOP = MAX_SERIES


class ToolTrendsDirective(ListingDirective):
    kind = KIND
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "top": directives.unchanged,
        "by": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        top = self.text("top")
        if top and parse_top(top) is None:
            self.warn(
                f":top: {top!r} is not a whole number from 1 to {MAX_SERIES}; "
                f"showing {DEFAULT_TOP} tools",
                Subtype.OPTION,
                "top",
            )
        by = self.text("by")
        if by and by.lower() not in BY:
            self.warn(f":by: {by!r} is not 'year' or 'edition'; using 'year'", Subtype.OPTION, "by")
        return super().run()


def parse_top(value: str) -> int | None:
    value = value.strip()
    if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_SERIES:
        return int(value)
    return None


@dataclass(frozen=True)
class Trends:
    """What the chart shows: x labels (years or conferences) and the top tools'
    counts at each, most mentioned first."""

    by: str
    x_labels: list[str]
    tools: list[tuple[Tool, list[int]]]


def trends(q: Query, by: str = "year", top: int = DEFAULT_TOP) -> Trends:
    """The top tools by mentions within the chart's x labels (ties by name)."""
    if by == "edition":
        x_labels = [name for _, name in sorted(set(q.conferences.values()))]
        counts = q.tool_conferences
    else:
        x_labels = q.years
        counts = q.tool_years
    ranked = []
    for tool_id, use in q.tool_uses.items():
        per = counts.get(tool_id, {})
        values = [per.get(x, 0) for x in x_labels]
        if any(values):
            ranked.append((-sum(values), use.tool.name.casefold(), tool_id, use.tool, values))
    ranked.sort(key=lambda r: r[:3])
    return Trends(by, x_labels, [(tool, values) for *_, tool, values in ranked[:top]])


def render(ctx: Context, node: listing) -> list[nodes.Node]:
    options: dict[str, str] = node.get("options", {})
    by = options.get("by", "").lower()
    data = trends(
        ctx.query,
        by if by in BY else "year",
        parse_top(options.get("top", "")) or DEFAULT_TOP,
    )
    if not data.tools:
        return empty(ctx.m.gettext("No tools are mentioned in dated reports yet."))
    m = ctx.m
    description = (
        m.nformat(
            "Mentions per conference of the most mentioned tool",
            "Mentions per conference of the {n} most mentioned tools",
            len(data.tools),
        )
        if data.by == "edition"
        else m.nformat(
            "Mentions per year of the most mentioned tool",
            "Mentions per year of the {n} most mentioned tools",
            len(data.tools),
        )
    )
    numbers = _table(ctx, data, description)
    box = nodes.container(classes=["confnotes-tool-trends", NO_SEARCH])
    if not ctx.web:
        box += numbers
        return [box]
    chart_id = ctx.unique_id("confnotes-chart")
    chart = LineChart(
        title=m.gettext("Tools over time"),
        description=description,
        x_labels=tuple(data.x_labels),
        series=tuple(
            Series(tool.name, tuple(values), _point_titles(m, data, tool, values))
            for tool, values in data.tools
        ),
        y_label=(
            m.gettext("mentions per conference")
            if data.by == "edition"
            else m.gettext("mentions per year")
        ),
        id=chart_id,
    )
    # Two drawings: confnotes.css shows the narrow one on phones (the wide one
    # would shrink its text below reading size there), the other elsewhere.
    svg = line_chart(replace(chart, id=chart_id + "-wide"), WIDE)
    svg += line_chart(replace(chart, id=chart_id + "-narrow"), NARROW)
    box += nodes.raw("", svg, format="html")
    more = details(classes=["confnotes-chart-data"])
    label = m.gettext("The numbers as a table")
    more += summary(label, label)
    more += numbers
    box += more
    return [box]


def _point_titles(m: Messages, data: Trends, tool: Tool, values: list[int]) -> tuple[str, ...]:
    if data.by == "edition":
        return tuple(
            m.nformat(
                "{tool} at {conference}: {n} mention",
                "{tool} at {conference}: {n} mentions",
                v,
                tool=tool.name,
                conference=x,
            )
            for x, v in zip(data.x_labels, values, strict=True)
        )
    return tuple(
        m.nformat(
            "{tool}: {n} mention in {year}",
            "{tool}: {n} mentions in {year}",
            v,
            tool=tool.name,
            year=x,
        )
        for x, v in zip(data.x_labels, values, strict=True)
    )


def _table(ctx: Context, data: Trends, caption: str) -> nodes.table:
    """Tools x years (or conferences), with each tool's total."""
    page = ctx.query.listing_page("tool-index")
    head = [ctx.m.pgettext("column", "Tool"), *data.x_labels, ctx.m.pgettext("column", "Mentions")]
    rows = []
    for tool, values in data.tools:
        name = Link(page, tool_anchor(tool), tool.name, tool.description) if page else tool.name
        rows.append([Cell(name), *(Cell(str(v)) for v in values), Cell(str(sum(values)))])
    return table(ctx, head, rows, "confnotes-trends-table", caption=caption, stubs=1)


def fingerprint(q: Query) -> str:
    # Exactly what a chart can show (names, descriptions, counts per year and
    # per conference, the years and conferences in order): editing a report's
    # title or a talk rewrites other listings, not this one.
    shown = sorted(
        (tool_id, use.tool.name, use.tool.description,
         sorted(q.tool_years[tool_id].items()), sorted(q.tool_conferences[tool_id].items()))
        for tool_id, use in q.tool_uses.items()
        if use.mentions
    )  # fmt: skip
    return digest(q, "tool-page", extra=(q.years, sorted(set(q.conferences.values())), shown))


LISTING = Listing(KIND, ToolTrendsDirective, render, fingerprint)
