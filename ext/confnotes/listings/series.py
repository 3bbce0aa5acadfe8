"""``series``: the other reports of this page's series (or of the series named)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from docutils import nodes

from ..model import slug
from ..warnings import Subtype, warn
from .base import Context, Listing, ListingDirective, bullets, digest, empty, text

if TYPE_CHECKING:
    from ..nodes import listing
    from ..query import Query


class SeriesDirective(ListingDirective):
    kind = "series"
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        result = super().run()
        if self.arguments:
            node = cast("listing", result[0])
            node["options"]["series"] = self.text("", self.arguments[0])
        return result


def render(ctx: Context, node: listing) -> list[nodes.Node]:
    reports = ctx.query.reports
    options: dict[str, str] = node.get("options", {})
    # Single-file builders (latex, singlehtml) write many pages as one: the
    # listing's own page decides which series is "this" one.
    page = node.get("docname", ctx.docname)
    wanted = slug(options.get("series", ""))
    if not wanted:
        own = reports.get(page)
        if own is None or not own.series:
            warn(
                "series: this page has no report metadata; name the series, e.g. "
                "```{series} europython-2020```",
                Subtype.LISTING,
                node,
            )
            return []
        wanted = own.series
    others = sorted(
        (r for r in reports.values() if r.series == wanted and r.docname != page),
        key=lambda r: (r.start, r.title, r.docname),
    )
    if not others:
        if options.get("series"):
            warn(f"series: no report belongs to series {wanted!r}", Subtype.LISTING, node)
        return empty(ctx.m.gettext("No other reports in this series yet."))
    items = []
    for r in others:
        item = text("")
        item += ctx.ref(r.docname, "", nodes.Text(r.title or r.name))
        if r.start:
            start, end = dt.date.fromisoformat(r.start), dt.date.fromisoformat(r.end)
            span = ctx.m.day(start, weekday=False) if start == end else ctx.m.days(start, end)
            item += nodes.Text(f" ({span})")
        items.append(item)
    return [bullets(items, "confnotes-series")]


def fingerprint(q: Query) -> str:
    return digest(q, "reports")


LISTING = Listing("series", SeriesDirective, render, fingerprint)
