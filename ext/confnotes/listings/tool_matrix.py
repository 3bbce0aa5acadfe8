"""``tool-matrix``: which tools came up at which conference (mentions per cell).

On web pages a heat map: each count cell shaded by its level on a log scale
over the table's counts (``charts.HeatScale``; class ``confnotes-heat-N``, 1-4,
coloured by confnotes.css for light and dark mode), the number kept in the
cell for screen readers, print and anyone who wants it, a legend, the tool
names as row headers (they stay in view while the table scrolls sideways on a
phone). Other builders and e-books get the same table without shading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..charts import HeatScale, esc
from ..query import OTHER, tool_anchor
from .base import NO_SEARCH, Context, Listing, ListingDirective, digest, para
from .emit import Cell, Link, table

if TYPE_CHECKING:
    from ..nodes import listing
    from ..query import Query

HEAT = "confnotes-heat"


class ToolMatrixDirective(ListingDirective):
    kind = "tool-matrix"


def render(ctx: Context, node: listing) -> list[nodes.Node]:
    q = ctx.query
    used = [use for use in q.tool_uses.values() if use.mentions]
    if not used:
        return [para(nodes.Text(ctx.m.gettext("No tools are mentioned yet.")))]
    columns = sorted(
        {q.conference_of(m.docname) for use in used for m in use.mentions}
    )  # (sort key, name): conferences by date, then other pages
    rows = []
    for use in used:
        counts = q.tool_conferences[use.tool.id]
        n = len([c for c in counts if c != OTHER])
        rows.append((-n, use.tool.name.casefold(), use.tool, counts, n))
    rows.sort(key=lambda r: (r[0], r[1]))
    page = q.listing_page("tool-index")
    head = [
        ctx.m.pgettext("column", "Tool"),
        *(ctx.m.gettext("Other pages") if name == OTHER else name for _, name in columns),
        ctx.m.pgettext("column", "Conferences"),
    ]
    scale = HeatScale.of(c for _, _, _, counts, _ in rows for c in counts.values())
    body = []
    for _, _, tool, counts, n in rows:
        name = Cell(
            Link(page, tool_anchor(tool), tool.name, tool.description) if page else tool.name
        )
        cells = [name]
        for _, conf in columns:
            c = counts.get(conf, 0)
            # One short class, on the cells with a count only: a matrix of 300
            # tools and 50 conferences has 15,000 cells, most of them empty.
            if c:
                cells.append(Cell(str(c), (f"{HEAT}-{scale.level(c)}",) if ctx.web else ()))
            else:
                cells.append(Cell(""))
        cells.append(Cell(str(n)))
        body.append(cells)
    caption = ctx.m.gettext("How often each tool came up at each conference")
    matrix = table(ctx, head, body, "confnotes-tool-matrix", NO_SEARCH, caption=caption, stubs=1)
    if not ctx.web:
        return [matrix]
    # Its own scrolling box, for themes that do not give tables one.
    box = nodes.container(classes=["confnotes-scroll", "confnotes-heat-map"])
    box += matrix
    return [legend(ctx, scale), box]


def legend(ctx: Context, scale: HeatScale) -> nodes.raw:
    """fewer mentions [1] [2-4] [5-12] [13-20] more mentions: a swatch per level,
    with the counts it stands for. Hidden from screen readers, which read the
    numbers in the cells."""
    swatches = "".join(
        f'<span class="{HEAT}-{level}">'
        f"{esc(ctx.m.number(lo) if lo == hi else ctx.m.number(lo) + chr(0x2013) + ctx.m.number(hi))}"
        "</span>"
        for level, lo, hi in scale.ranges()
    )
    html = (
        f'<p class="confnotes-heat-legend" aria-hidden="true">'
        f'<span class="confnotes-heat-end">{esc(ctx.m.gettext("fewer mentions"))}</span>'
        f"{swatches}"
        f'<span class="confnotes-heat-end">{esc(ctx.m.gettext("more mentions"))}</span></p>'
    )
    return nodes.raw("", html, format="html")


def fingerprint(q: Query) -> str:
    return digest(q, "reports", "mentions", "registry", "tool-page")


LISTING = Listing("tool-matrix", ToolMatrixDirective, render, fingerprint)
