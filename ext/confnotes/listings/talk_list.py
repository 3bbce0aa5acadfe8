"""``talk-list``: talks filtered by structured options (never evaluated code)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives

from ..query import speaker_key
from ..registry import normalise
from ..warnings import Subtype, warn
from .base import Context, Listing, ListingDirective, bullets, digest, empty, text
from .emit import Cell, Link, table, talk_line, talk_order

if TYPE_CHECKING:
    from ..model import Talk
    from ..nodes import listing
    from ..query import Query

FILTERS = ("conference", "tool", "speaker", "tag", "status", "room", "track", "kind", "language")
FORMATS = ("list", "table")


class TalkListDirective(ListingDirective):
    kind = "talk-list"
    option_spec = {**dict.fromkeys(FILTERS, directives.unchanged), "format": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        fmt = self.text("format").lower()
        if fmt and fmt not in FORMATS:
            self.warn(f"unknown format {fmt!r}: use 'list' or 'table'", Subtype.LISTING, "format")
        return super().run()


def render(ctx: Context, node: listing) -> list[nodes.Node]:
    q = ctx.query
    options: dict[str, str] = node.get("options", {})
    tool_ids = {
        key: {tool.id for tool in tools} for key, tools in q.talk_tools.items()
    }  # (page, talk id) -> tool ids
    tests: dict[str, Callable[[Talk, str], bool]] = {
        "conference": lambda t, v: normalise(v) in (normalise(t.conference), t.conference_key),
        "tool": lambda t, v: q.tool_for(v).id in tool_ids.get((t.docname, t.id), ()),
        "speaker": lambda t, v: speaker_key(v) in {speaker_key(s) for s in t.speakers},
        "tag": lambda t, v: normalise(v) in {normalise(x) for x in t.tags},
        "status": lambda t, v: (t.status or "scheduled") == normalise(v),
        "room": lambda t, v: normalise(v) == normalise(t.room),
        "track": lambda t, v: normalise(v) == normalise(t.track),
        "kind": lambda t, v: normalise(v) == t.kind,
        "language": lambda t, v: same_language(v, talk_language(t)),
    }

    def talk_language(t: Talk) -> str:
        report = q.reports.get(t.docname)
        return t.language or (report.language if report else "")

    talks = list(q.talks())
    for name in FILTERS:
        value = options.get(name, "")
        if not value:
            continue
        matching = [t for t in talks if tests[name](t, value)]
        if not matching:
            warn(f"talk-list: no talk matches {name} {value!r}", Subtype.LISTING, node)
        talks = matching
    talks.sort(key=talk_order)
    if not talks:
        return empty(ctx.m.gettext("No talks match."))
    if options.get("format", "").lower() == "table":
        return [_table(ctx, talks)]
    return [bullets((talk_line(ctx, t, conference=True) for t in talks), "confnotes-talk-list")]


def same_language(wanted: str, language: str) -> bool:
    """'nl' matches 'nl' and 'nl-BE'; 'nl-BE' only 'nl-BE' (case and '_' aside)."""
    wanted, language = (x.replace("_", "-").casefold() for x in (wanted.strip(), language))
    return bool(language) and (language == wanted or language.split("-")[0] == wanted)


def _table(ctx: Context, talks: list[Talk]) -> nodes.table:
    head = [
        ctx.m.pgettext("column", "When"),
        ctx.m.pgettext("column", "Talk"),
        ctx.m.pgettext("column", "Speakers"),
        ctx.m.pgettext("column", "Tools"),
    ]
    rows = []
    for t in talks:
        when = " ".join(
            p for p in (t.conference, t.start[:10] if len(t.start) > 5 else "", t.time) if p
        )
        names = sorted(tool.name for tool in ctx.query.tools_of(t))
        title: Cell = Cell(Link(t.docname, t.id, t.title, t.title))
        if t.cancelled:
            wrapper = text("", "confnotes-cancelled")
            wrapper += ctx.ref(t.docname, t.id, nodes.Text(t.title), t.title)
            wrapper += nodes.Text(" " + ctx.m.gettext("(cancelled)"))
            title = Cell(wrapper)
        rows.append([Cell(when), title, Cell(", ".join(t.speakers)), Cell(", ".join(names))])
    return table(ctx, head, rows, "confnotes-talk-table")


def fingerprint(q: Query) -> str:
    return digest(q, "talks", "mentions", "registry")


LISTING = Listing("talk-list", TalkListDirective, render, fingerprint)
