"""The long parts of listings, as docutils nodes: link lists and tables.

Listings describe these parts as plain items (a talk, a page, a group of
them; table cells) and this module makes the nodes. Before it does, it offers
the items to the writer that answered the ``confnotes-fast-html`` event for
the page: an optional speed-up (``confnotes.speedups.fast_html``) answers, for
the HTML builders, with a writer of the same markup as ready HTML, where thousands of entries as nodes dominated
writing these pages. Without an answer, or for any other builder, the nodes
below are the output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docutils import nodes

from .base import badge, bullets, para

if TYPE_CHECKING:
    from ..model import Talk
    from .base import Context

FAST_HTML_EVENT = "confnotes-fast-html"


@dataclass(frozen=True)
class FastHtml:
    """A long part a fast-HTML writer is asked for: a ``"link-list"`` (``data``:
    the items) or a ``"table-body"`` (``data``: head, rows and the number of
    stub columns)."""

    ctx: Context
    shape: str
    data: object


# Answers the ``confnotes-fast-html`` event (emitted once per page, with its
# Context): a writer of ready HTML for that page, or None.
FastWriter = Callable[[FastHtml], "nodes.Element | None"]


def _fast(ctx: Context, shape: str, data: object) -> nodes.Element | None:
    if FAST_HTML_EVENT not in ctx.memo:
        ctx.memo[FAST_HTML_EVENT] = ctx.app.emit_firstresult(FAST_HTML_EVENT, ctx)
    writer: FastWriter | None = ctx.memo[FAST_HTML_EVENT]
    return writer(FastHtml(ctx, shape, data)) if writer is not None else None


@dataclass(frozen=True)
class TalkItem:
    """A line linking to a talk: [conference ·] time, title, speakers, badge."""

    talk: Talk
    conference: bool = False  # show the conference before the time


@dataclass(frozen=True)
class PageItem:
    """A link to a place on a page (a mention outside any talk)."""

    docname: str
    anchor: str
    label: str


@dataclass(frozen=True)
class GroupItem:
    """A labelled group of items (e.g. the mentions at one conference)."""

    label: str
    items: list[Item]


Item = TalkItem | PageItem | GroupItem


@dataclass(frozen=True)
class Link:
    """A table cell (or part of one) linking to a place on a page."""

    docname: str
    anchor: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Cell:
    """A table cell: text, a link, or (rarely, in short tables) any inline node;
    '' is an empty cell."""

    content: str | Link | nodes.Node = ""
    classes: tuple[str, ...] = field(default=())


def talk_line(ctx: Context, talk: Talk, *, conference: bool = False) -> nodes.paragraph:
    # Few nodes per line: listings hold one of these per mention, and every
    # node costs in writing, HTML translation and the search index.
    before = " \u00b7 ".join(p for p in (talk.conference if conference else "", talk.time) if p)
    out = nodes.paragraph(classes=["confnotes-talk-ref"])
    if before:
        out += nodes.Text(before + " ")
    # No hover text: it would only repeat the link text (screen readers too).
    out += ctx.ref(talk.docname, talk.id, nodes.Text(talk.title))
    if talk.speakers:
        out += nodes.Text(" \u2014 " + ", ".join(talk.speakers))
    if talk.cancelled:
        out += nodes.Text(" ")
        out += badge(ctx.m.pgettext("talk status", "Cancelled"), "danger")
    return out


def link_list(ctx: Context, items: Sequence[Item], *classes: str) -> nodes.container:
    """A bullet list of talk lines, page links and labelled groups of them, in a
    block carrying ``classes`` (e.g. ``no-search``, which keeps the whole block
    out of the search index whichever way the list is written)."""
    box = nodes.container(classes=list(classes))
    fast = _fast(ctx, "link-list", items)
    if fast is not None:
        box += fast
    else:
        box += bullets(_item_node(ctx, i) for i in items)
    return box


def _item_node(ctx: Context, item: Item) -> nodes.Node:
    if isinstance(item, TalkItem):
        return talk_line(ctx, item.talk, conference=item.conference)
    if isinstance(item, PageItem):
        return para(ctx.ref(item.docname, item.anchor, nodes.Text(item.label)))
    label = para(nodes.Text(item.label), classes=["confnotes-conference"])
    return nodes.list_item("", label, bullets(_item_node(ctx, i) for i in item.items))


def table(
    ctx: Context,
    head: Sequence[str],
    rows: list[list[Cell]],
    *classes: str,
    caption: str = "",
    stubs: int = 0,
) -> nodes.table:
    """A table with a head row; cells with no content get no paragraph.

    ``caption``: the table's title (HTML ``<caption>``, a LaTeX caption; the
    table then gets an id, as Sphinx wants of every captioned table);
    ``stubs``: how many leading columns head their rows (HTML ``<th>``).
    """
    tbl, group = table_shell(column_widths(head, rows), *classes, stubs=stubs)
    if caption:
        tbl.insert(0, nodes.title(caption, caption))
        tbl["ids"] = [ctx.unique_id(classes[0] if classes else "confnotes-table")]
    fast = _fast(ctx, "table-body", (head, rows, stubs))
    if fast is not None:
        group += fast
        return tbl
    thead = nodes.thead()
    row = nodes.row()
    for h in head:
        row += nodes.entry("", para(nodes.Text(h)))
    thead += row
    group += thead
    tbody = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry(classes=list(cell.classes))
            if isinstance(cell.content, Link):
                link = cell.content
                entry += para(ctx.ref(link.docname, link.anchor, nodes.Text(link.text), link.title))
            elif isinstance(cell.content, nodes.Node):
                entry += para(cell.content)
            elif cell.content:
                entry += para(nodes.Text(cell.content))
            row += entry
        tbody += row
    group += tbody
    return tbl


def table_shell(
    widths: Sequence[int], *classes: str, stubs: int = 0
) -> tuple[nodes.table, nodes.tgroup]:
    tbl = nodes.table(classes=[*classes, "confnotes-table"])
    group = nodes.tgroup(cols=len(widths))
    tbl += group
    for i, width in enumerate(widths):
        group += (
            nodes.colspec(colwidth=width, stub=1) if i < stubs else nodes.colspec(colwidth=width)
        )
    return tbl, group


def column_widths(head: Sequence[str], rows: list[list[Cell]]) -> list[int]:
    """Each column's longest text, within bounds: characters for the text
    builder, proportions for LaTeX (HTML tables size themselves)."""
    widths = [len(h) for h in head]
    for cells in rows:
        for i, cell in enumerate(cells):
            content = cell.content
            if isinstance(content, Link):
                size = len(content.text)
            elif isinstance(content, nodes.Node):
                size = len(content.astext())
            else:
                size = len(content)
            if size > widths[i]:
                widths[i] = size
    return [min(max(w, 4), 30) for w in widths]


def talk_order(t: Talk) -> tuple[str, str, str, str, str]:
    """Talks in the order they took place (undated ones last)."""
    return (t.start or "~", t.conference, t.time, t.title.casefold(), t.id)
