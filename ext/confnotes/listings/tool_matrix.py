"""``tool-matrix``: which tools came up at which conference (mentions per cell)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..query import OTHER, tool_anchor
from .base import NO_SEARCH, Context, Listing, ListingDirective, digest, para
from .emit import Cell, Link, table

if TYPE_CHECKING:
    from ..nodes import listing
    from ..query import Query


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
    body = []
    for _, _, tool, counts, n in rows:
        name = Cell(
            Link(page, tool_anchor(tool), tool.name, tool.description) if page else tool.name
        )
        cells = [name]
        for _, conf in columns:
            c = counts.get(conf, 0)
            cells.append(Cell(str(c) if c else ""))
        cells.append(Cell(str(n)))
        body.append(cells)
    return [table(ctx, head, body, "confnotes-tool-matrix", NO_SEARCH)]


def fingerprint(q: Query) -> str:
    return digest(q, "reports", "mentions", "registry", "tool-page")


LISTING = Listing("tool-matrix", ToolMatrixDirective, render, fingerprint)
