"""Long listing parts as ready HTML, for the HTML builders.

The tool and speaker indexes hold one line per mention (thousands on a large
site) and the tool matrix hundreds of rows: as docutils nodes, building,
translating and search-indexing them dominated writing those pages. The core
(``listings/emit.py``) offers each long part to the ``confnotes-fast-html``
event before making nodes; this module answers, for ``html`` and ``dirhtml``
only, with one raw node holding exactly the markup the HTML5 writer makes of
those nodes (``tests/test_fast_html.py`` builds pages both ways and compares
the bytes). It leans on no private name, only on the writer's output format,
which the comparison pins down; any exception means no answer, so the core
makes the nodes (Sphinx's own path).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.util import logging

from .. import config
from ..cards import badge_classes
from ..listings.emit import Cell, FastHtml, FastWriter, Item, Link, PageItem, TalkItem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx

    from ..listings.base import Context
    from ..model import Talk

logger = logging.getLogger(__name__)

BUILDERS = frozenset({"html", "dirhtml"})
DANGER = " ".join(badge_classes("danger"))

# How docutils' HTML writers escape text and attribute values (``special_characters``
# and ``attval`` of docutils.writers._html_base.HTMLTranslator).
HTML_SPECIAL = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord('"'): "&quot;",
    ord(">"): "&gt;",
    ord("@"): "&#64;",  # docutils: "may thwart address harvesters"
}
_ATTR_SPACE = re.compile("[\n\r\t\v\f]")


def encode(text: str) -> str:
    # The same result as ``text.translate(HTML_SPECIAL)``, ten times faster
    # ("&" first, so no entity is escaped twice).
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace(">", "&gt;")
        .replace("@", "&#64;")
    )


def attval(text: str) -> str:
    return encode(_ATTR_SPACE.sub(" ", text))


def ref_html(ctx: Context, todoc: str, anchor: str, text: str, title: str = "") -> str:
    """``ctx.ref(todoc, anchor, Text(text), title)`` as the HTML5 writer writes it."""
    attrs = f' title="{attval(title)}"' if title else ""
    href = attval(ctx.href(todoc, anchor))
    return f'<a class="reference internal" href="{href}"{attrs}>{encode(text)}</a>'


def talk_line_html(ctx: Context, talk: Talk, conference: bool) -> str:
    """``emit.talk_line`` as HTML; made once per page (a talk is listed under
    each tool it mentions)."""
    key = ("talk-line", id(talk), conference)  # by id(): talks outlive the page
    html: str | None = ctx.memo.get(key)
    if html is None:
        before = " \u00b7 ".join(p for p in (talk.conference if conference else "", talk.time) if p)
        out = ['<p class="confnotes-talk-ref">']
        if before:
            out.append(encode(before) + " ")
        out.append(ref_html(ctx, talk.docname, talk.id, talk.title))
        if talk.speakers:
            out.append(encode(" \u2014 " + ", ".join(talk.speakers)))
        if talk.cancelled:
            label = encode(ctx.m.pgettext("talk status", "Cancelled"))
            out.append(f' <span class="{DANGER}">{label}</span>')
        out.append("</p>")
        html = ctx.memo[key] = "".join(out)
    return html


def list_html(ctx: Context, items: Sequence[Item], nested: bool = False) -> str:
    # The writer marks a list "simple" (compact), except inside one.
    out = ["<ul>\n" if nested else '<ul class="simple">\n']
    for item in items:
        if isinstance(item, TalkItem):
            out.append(f"<li>{talk_line_html(ctx, item.talk, item.conference)}</li>\n")
        elif isinstance(item, PageItem):
            out.append(f"<li><p>{ref_html(ctx, item.docname, item.anchor, item.label)}</p></li>\n")
        else:
            out.append(f'<li><p class="confnotes-conference">{encode(item.label)}</p>\n')
            out.append(list_html(ctx, item.items, nested=True))
            out.append("</li>\n")
    out.append("</ul>\n")
    return "".join(out)


def _cell_html(ctx: Context, cell: Cell, stub: bool) -> str:
    content = cell.content
    if isinstance(content, Link):
        inner = ref_html(ctx, content.docname, content.anchor, content.text, content.title)
    elif isinstance(content, nodes.Node):
        raise TypeError("a cell holding nodes")  # the core writes those tables
    else:
        inner = encode(content)
    # The writer's classes first (stub columns are <th class="stub">), then the cell's.
    classes = ["stub", *(c for c in cell.classes if c != "stub")] if stub else cell.classes
    tag = "th" if stub else "td"
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{tag}{cls}><p>{inner}</p></{tag}>\n" if content else f"<{tag}{cls}></{tag}>\n"


def table_body_html(
    ctx: Context, head: Sequence[str], rows: list[list[Cell]], stubs: int = 0
) -> str:
    """The head and body rows of ``emit.table``; the table and colgroup stay nodes."""
    out = ['<thead>\n<tr class="row-odd">']
    out.extend(
        f'<th class="head{" stub" if i < stubs else ""}"><p>{encode(h)}</p></th>\n'
        for i, h in enumerate(head)
    )
    out.append("</tr>\n</thead>\n<tbody>\n")
    # Sphinx numbers the rows of a table from 1 (the head row) for row-odd/row-even.
    for i, cells in enumerate(rows, 2):
        out.append('<tr class="row-even">' if i % 2 == 0 else '<tr class="row-odd">')
        out.extend(_cell_html(ctx, cell, j < stubs) for j, cell in enumerate(cells))
        out.append("</tr>\n")
    out.append("</tbody>\n")
    return "".join(out)


def write(request: FastHtml) -> nodes.Element | None:
    """One long part as ready HTML, or None (on any failure) for the core's nodes."""
    ctx = request.ctx
    try:
        if request.shape == "link-list":
            items = cast("Sequence[Item]", request.data)
            return nodes.raw("", list_html(ctx, items), format="html")
        if request.shape == "table-body":
            head, rows, stubs = cast("tuple[Sequence[str], list[list[Cell]], int]", request.data)
            return nodes.raw("", table_body_html(ctx, head, rows, stubs), format="html")
    except Exception as err:
        logger.debug("[confnotes] fast HTML not used for a %s: %r", request.shape, err)
    return None


def on_fast_html(app: Sphinx, ctx: Context) -> FastWriter | None:
    """The ``confnotes-fast-html`` event, once per page: the writer, for HTML pages."""
    if ctx.builder.name in BUILDERS and config.get(app.config).fast_html:
        return write
    return None


def setup_fast_html(app: Sphinx) -> None:
    app.connect("confnotes-fast-html", on_fast_html)
