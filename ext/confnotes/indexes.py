"""Generated listings: tool index, tools x conferences, speakers, talk lists, series.

A listing directive leaves a placeholder and records the page in the domain;
the placeholder is filled by a post-transform at write time, from the whole
environment. ``env-get-updated`` compares fingerprints of the data each listing
shows with the last build's, and asks Sphinx to rewrite exactly the pages whose
listings (or links) would change.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from .directives import ConfnotesDirective
from .domain import ConfnotesDomain, speaker_anchor, speaker_key, tool_anchor
from .model import Talk, slug
from .nodes import listing
from .registry import Tool, normalise
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

KINDS = ("tool-index", "tool-matrix", "speaker-index", "talk-list", "series")
FILTERS = ("conference", "tool", "speaker", "tag", "status")
OTHER = "Other pages"
NO_CONFERENCE = ("~", OTHER)
NO_SEARCH = "no-search"  # Sphinx leaves nodes with this class out of the search index
FAST_HTML_BUILDERS = frozenset({"html", "dirhtml"})


@dataclass(frozen=True)
class TalkItem:
    talk: Talk
    conference: bool = False  # show the conference before the time


@dataclass(frozen=True)
class PageItem:
    docname: str
    anchor: str
    label: str


@dataclass(frozen=True)
class GroupItem:
    label: str
    items: list[Item]


Item = TalkItem | PageItem | GroupItem


# -- directives -----------------------------------------------------------------------


class ListingDirective(ConfnotesDirective):
    kind: ClassVar[str] = ""
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        self.domain.note_listing(self.env.docname, self.kind, self.lineno)
        options = {name: self.text(name) for name in self.options}
        node = listing(
            kind=self.kind, options=options, lineno=self.lineno, docname=self.env.docname
        )
        self.set_source_info(node)
        return [node]


class ToolIndexDirective(ListingDirective):
    kind = "tool-index"


class ToolMatrixDirective(ListingDirective):
    kind = "tool-matrix"


class SpeakerIndexDirective(ListingDirective):
    kind = "speaker-index"


class TalkListDirective(ListingDirective):
    """``talk-list``: talks filtered by structured options (never evaluated code)."""

    kind = "talk-list"
    option_spec = {**dict.fromkeys(FILTERS, directives.unchanged), "format": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        fmt = self.text("format").lower()
        if fmt and fmt not in ("list", "table"):
            self.warn(f"unknown format {fmt!r}: use 'list' or 'table'", Subtype.LISTING, "format")
        return super().run()


class SeriesDirective(ListingDirective):
    """``series``: the other reports of this page's series (or the one named)."""

    kind = "series"
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        result = super().run()
        if self.arguments:
            node = cast(listing, result[0])
            node["options"]["series"] = self.text("", self.arguments[0])
        return result


# -- small node helpers -----------------------------------------------------------------


def _text(text: str, *classes: str) -> nodes.inline:
    return nodes.inline(text, text, classes=list(classes))


def _para(*children: nodes.Node, classes: Iterable[str] = ()) -> nodes.paragraph:
    return nodes.paragraph("", "", *children, classes=list(classes))


def _bullets(items: Iterable[nodes.Node], *classes: str) -> nodes.bullet_list:
    out = nodes.bullet_list(classes=list(classes))
    for item in items:
        if isinstance(item, nodes.list_item):
            out += item
        elif isinstance(item, nodes.Body) and not isinstance(item, nodes.Inline):
            out += nodes.list_item("", item)
        else:
            out += nodes.list_item("", _para(item))
    return out


def _badge(text: str, colour: str) -> nodes.inline:
    return _text(text, "sd-badge", f"sd-bg-{colour}", f"sd-bg-text-{colour}")


# How docutils' HTML writers escape text and attribute values (``special_characters``
# and ``attval`` of docutils.writers._html_base.HTMLTranslator).
_HTML_SPECIAL = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord('"'): "&quot;",
    ord(">"): "&gt;",
    ord("@"): "&#64;",  # docutils: "may thwart address harvesters"
}
_ATTR_SPACE = re.compile("[\n\r\t\v\f]")


def _encode(text: str) -> str:
    # The same result as ``text.translate(_HTML_SPECIAL)``, ten times faster
    # ("&" first, so no entity is escaped twice).
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace(">", "&gt;")
        .replace("@", "&#64;")
    )


def _attval(text: str) -> str:
    return _encode(_ATTR_SPACE.sub(" ", text))


def _letter(name: str) -> str:
    first = name[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def _letter_id(prefix: str, letter: str) -> str:
    return f"{prefix}-{'other' if letter == '#' else letter.lower()}"


class Writer:
    """Builds listing nodes for one page being written."""

    def __init__(self, env: BuildEnvironment, builder: Builder, docname: str) -> None:
        self.env, self.builder, self.docname = env, builder, docname
        self.domain: ConfnotesDomain = env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
        self._uris: dict[str, str] = {}
        self._talk_html: dict[tuple[int, bool], str] = {}  # by id(): talks outlive the page
        # Long link lists (thousands of mentions) go to html/dirhtml pages as ready,
        # escaped HTML: as docutils nodes each entry would cost a node in building,
        # translating and search indexing, which dominated rebuilding these pages.
        self.fast_html = builder.name in FAST_HTML_BUILDERS

    def href(self, todoc: str, anchor: str) -> str:
        """The link from this page to ``todoc#anchor``, as ``make_refnode`` makes it,
        with the page URI computed once per target page."""
        if todoc == self.docname and anchor:
            return "#" + anchor
        base = self._uris.get(todoc)
        if base is None:
            base = self._uris[todoc] = self.builder.get_relative_uri(self.docname, todoc)
        return f"{base}#{anchor}" if anchor else base

    def ref(self, todoc: str, anchor: str, child: nodes.Node, title: str = "") -> nodes.reference:
        ref = nodes.reference("", "", child, internal=True, refuri=self.href(todoc, anchor))
        if title:
            ref["reftitle"] = title
        return ref

    def conference_of(self, docname: str) -> tuple[str, str]:
        """(sort key, name) of the conference a page reports on (see
        ``ConfnotesDomain.conferences``); pages without one go under OTHER."""
        return self.domain.conferences().get(docname, NO_CONFERENCE)

    def letter_nav(self, prefix: str, letters: list[str]) -> nodes.paragraph:
        """A B C ... linking to the letter headings of an A-Z listing."""
        nav = _para(classes=["confnotes-letters"])
        for i, letter in enumerate(letters):
            if i:
                nav += nodes.Text(" ")
            nav += self.ref(self.docname, _letter_id(prefix, letter), nodes.Text(letter))
        return nav

    def talk_link(self, talk: Talk, *, conference: bool = False) -> nodes.paragraph:
        # Few nodes per line: listings hold one of these per mention, and every
        # node costs in writing, HTML translation and the search index.
        before = " \u00b7 ".join(p for p in (talk.conference if conference else "", talk.time) if p)
        out = nodes.paragraph(classes=["confnotes-talk-ref"])
        if before:
            out += nodes.Text(before + " ")
        # No hover text: it would only repeat the link text (screen readers too).
        out += self.ref(talk.docname, talk.id, nodes.Text(talk.title))
        if talk.speakers:
            out += nodes.Text(" \u2014 " + ", ".join(talk.speakers))
        if talk.cancelled:
            out += nodes.Text(" ")
            out += _badge("Cancelled", "danger")
        return out

    def talk_link_html(self, talk: Talk, *, conference: bool = False) -> str:
        """``talk_link`` as the HTML the HTML5 writer makes of it."""
        # A talk is listed under each tool it mentions: made once per page.
        key = (id(talk), conference)
        html = self._talk_html.get(key)
        if html is None:
            html = self._talk_html[key] = self._talk_link_html(talk, conference)
        return html

    def _talk_link_html(self, talk: Talk, conference: bool) -> str:
        before = " \u00b7 ".join(p for p in (talk.conference if conference else "", talk.time) if p)
        out = ['<p class="confnotes-talk-ref">']
        if before:
            out.append(_encode(before) + " ")
        out.append(self.ref_html(talk.docname, talk.id, talk.title))
        if talk.speakers:
            out.append(_encode(" \u2014 " + ", ".join(talk.speakers)))
        if talk.cancelled:
            out.append(' <span class="sd-badge sd-bg-danger sd-bg-text-danger">Cancelled</span>')
        out.append("</p>")
        return "".join(out)

    def ref_html(self, todoc: str, anchor: str, text: str, title: str = "") -> str:
        """``ref(todoc, anchor, Text(text), title)`` in a paragraph, exactly as the
        HTML5 writer writes it (its escaping: ``@`` too, not ``'``)."""
        attrs = f' title="{_attval(title)}"' if title else ""
        href = _attval(self.href(todoc, anchor))
        return f'<a class="reference internal" href="{href}"{attrs}>{_encode(text)}</a>'

    def link_list(self, items: list[Item], *classes: str) -> nodes.Element:
        """A bullet list of talk links, page links and labelled groups of them."""
        if self.fast_html:
            return nodes.raw(
                "", self._list_html(items, classes), format="html", classes=list(classes)
            )
        return _bullets((self._item_node(i) for i in items), *classes)

    def _item_node(self, item: Item) -> nodes.Node:
        if isinstance(item, TalkItem):
            return self.talk_link(item.talk, conference=item.conference)
        if isinstance(item, PageItem):
            return _para(self.ref(item.docname, item.anchor, nodes.Text(item.label)))
        para = _para(nodes.Text(item.label), classes=["confnotes-conference"])
        return nodes.list_item("", para, _bullets(self._item_node(i) for i in item.items))

    def _list_html(self, items: list[Item], classes: tuple[str, ...] = ()) -> str:
        cls = " ".join(("simple", *classes))
        out = [f'<ul class="{cls}">\n']
        for item in items:
            if isinstance(item, TalkItem):
                out.append(
                    f"<li>{self.talk_link_html(item.talk, conference=item.conference)}</li>\n"
                )
            elif isinstance(item, PageItem):
                out.append(
                    f"<li><p>{self.ref_html(item.docname, item.anchor, item.label)}</p></li>\n"
                )
            else:
                label = _encode(item.label)
                out.append(f'<li><p class="confnotes-conference">{label}</p>\n')
                out.append(self._list_html(item.items))
                out.append("</li>\n")
        out.append("</ul>\n")
        return "".join(out)

    # -- tools ---------------------------------------------------------------------------

    def tool_mentions(self) -> dict[str, tuple[Tool, list[Any]]]:
        """Tool id -> (tool, mentions), every registry tool included."""
        return self.domain.tool_mentions()

    def tool_index(self, options: dict[str, str]) -> list[nodes.Node]:
        tools = self.tool_mentions()
        if not tools:
            return [_para(nodes.Text("No tools are mentioned yet."))]
        talks = self.domain.talk_index()
        by_letter: dict[str, list[tuple[Tool, list[Any]]]] = defaultdict(list)
        for tool, mentions in sorted(
            tools.values(), key=lambda tm: (tm[0].name.casefold(), tm[0].id)
        ):
            by_letter[_letter(tool.name)].append((tool, mentions))
        letters = sorted(by_letter, key=lambda c: (c == "#", c))
        out: list[nodes.Node] = [self.letter_nav("tools", letters)]
        for letter in letters:
            out.append(
                nodes.rubric(
                    letter, letter, ids=[_letter_id("tools", letter)], classes=["confnotes-letter"]
                )
            )
            for tool, mentions in by_letter[letter]:
                out.append(self.tool_entry(tool, mentions, talks))
        out.append(nodes.rubric("By category", "By category", ids=["tools-by-category"]))
        out.extend(self.tool_categories(tools))
        return [nodes.container("", *out, classes=["confnotes-tool-index"])]

    def tool_entry(
        self, tool: Tool, mentions: list[Any], talks: dict[str, Talk]
    ) -> nodes.container:
        entry = nodes.container(ids=[tool_anchor(tool)], classes=["confnotes-tool-entry"])
        head = _para(nodes.strong(tool.name, tool.name), classes=["confnotes-tool-name"])
        if not tool.known:
            head += nodes.Text(" ")
            head += _badge("not in the tool registry", "warning")
        if tool.description:
            head += nodes.Text(" \u2014 " + tool.description)
        entry += head
        groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for mention in mentions:
            groups[self.conference_of(mention.docname)].append(mention)
        facts = _para(classes=["confnotes-tool-facts"])
        if tool.homepage:
            facts += nodes.reference(tool.homepage, "Homepage", refuri=tool.homepage)
            facts += nodes.Text(" \u00b7 ")
        if tool.package:
            facts += nodes.Text("package ")
            facts += nodes.literal(tool.package, tool.package)
            facts += nodes.Text(" \u00b7 ")
        if tool.known:
            facts += nodes.Text(self.domain.registry.category_title(tool.category) + " \u00b7 ")
        n = len([g for g in groups if g[1] != OTHER])
        facts += nodes.Text(
            f"came up at {n} conference{'s' if n != 1 else ''}" if mentions else "not mentioned yet"
        )
        entry += facts
        items: list[Item] = []
        for key in sorted(groups):
            refs: list[Item] = []
            seen: set[tuple[str, str]] = set()
            for mention in groups[key]:
                where = (mention.docname, mention.anchor)
                if where in seen:
                    continue
                seen.add(where)
                talk = talks.get(mention.talk) if mention.talk else None
                if talk is not None and talk.docname == mention.docname:
                    refs.append(TalkItem(talk))
                else:
                    page = self.env.titles.get(mention.docname)
                    label = mention.section or (page.astext() if page else mention.docname)
                    refs.append(PageItem(mention.docname, mention.anchor, label))
            items.append(GroupItem(key[1], refs))
        if items:
            # The talks are searchable on their own pages; indexing thousands of
            # copies here would only slow the build and crowd the results.
            entry += self.link_list(items, "confnotes-mentions", NO_SEARCH)
        return entry

    def tool_categories(self, tools: dict[str, tuple[Tool, list[Any]]]) -> list[nodes.Node]:
        cats: dict[str, list[Tool]] = defaultdict(list)
        for tool, _ in tools.values():
            cats[tool.category if tool.known else "unknown"].append(tool)
        registry = self.domain.registry
        order = [c for c in registry.categories if c in cats]
        order += sorted(c for c in cats if c not in registry.categories and c != "unknown")
        if "unknown" in cats:
            order.append("unknown")
        out: list[nodes.Node] = []
        for cat in order:
            title = "Not in the registry" if cat == "unknown" else registry.category_title(cat)
            para = _para(
                nodes.strong(title, title), nodes.Text(": "), classes=["confnotes-category"]
            )
            para["ids"] = [f"tools-category-{slug(cat)}"]
            for i, tool in enumerate(sorted(cats[cat], key=lambda t: t.name.casefold())):
                if i:
                    para += nodes.Text(", ")
                para += self.ref(self.docname, tool_anchor(tool), nodes.Text(tool.name))
            out.append(para)
        return out

    def tool_matrix(self, options: dict[str, str]) -> list[nodes.Node]:
        tools = [(t, m) for t, m in self.tool_mentions().values() if m]
        if not tools:
            return [_para(nodes.Text("No tools are mentioned yet."))]
        conference_of = self.domain.conferences().get
        confs: dict[str, tuple[str, str]] = {}
        rows = []
        for tool, mentions in tools:
            counts: dict[str, int] = defaultdict(int)
            for m in mentions:
                key = conference_of(m.docname, NO_CONFERENCE)
                confs.setdefault(key[1], key)
                counts[key[1]] += 1
            n = len([c for c in counts if c != OTHER])
            rows.append((-n, tool.name.casefold(), tool, counts, n))
        columns = sorted(confs.values())
        page = self.domain.listing_page("tool-index")
        rows.sort(key=lambda r: (r[0], r[1]))
        head = ["Tool", *(name for _, name in columns), "Conferences"]
        classes = ("confnotes-tool-matrix", NO_SEARCH)
        if self.fast_html:
            # Hundreds of tools x dozens of conferences: as nodes, the cells
            # dominated writing this page. The rows go out as the HTML the
            # writer would make of them; the table itself stays a node.
            html_rows = []
            for _, _, tool, counts, n in rows:
                name = _encode(tool.name)
                if page is not None:
                    name = self.ref_html(page, tool_anchor(tool), tool.name, tool.description)
                cells = [name]
                for _, conf in columns:
                    c = counts.get(conf, 0)
                    cells.append(str(c) if c else "")
                cells.append(str(n))
                html_rows.append(cells)
            return [_table_html(head, html_rows, *classes)]
        body = []
        for _, _, tool, counts, n in rows:
            name_node: nodes.Node = nodes.Text(tool.name)
            if page is not None:
                name_node = self.ref(page, tool_anchor(tool), name_node, tool.description)
            cells_nodes: list[nodes.Node] = [name_node]
            for _, conf in columns:
                c = counts.get(conf, 0)
                cells_nodes.append(nodes.Text(str(c) if c else ""))
            cells_nodes.append(nodes.Text(str(n)))
            body.append(cells_nodes)
        return [_table(head, body, *classes)]

    # -- speakers ------------------------------------------------------------------------

    def speaker_index(self, options: dict[str, str]) -> list[nodes.Node]:
        talks_by: dict[str, list[Talk]] = defaultdict(list)
        names = self.domain.speaker_names()
        for talk in self.domain.all_talks():
            for name in talk.speakers:
                talks_by[speaker_key(name)].append(talk)
        if not names:
            return [_para(nodes.Text("No speakers yet."))]
        order = sorted(names, key=lambda k: (names[k].casefold(), k))
        by_letter: dict[str, list[str]] = defaultdict(list)
        for key in order:
            by_letter[_letter(names[key])].append(key)
        letters = sorted(by_letter, key=lambda c: (c == "#", c))
        out: list[nodes.Node] = [self.letter_nav("speakers", letters)]
        for letter in letters:
            out.append(nodes.rubric(letter, letter, ids=[_letter_id("speakers", letter)]))
            for key in by_letter[letter]:
                entry = nodes.container(
                    ids=[speaker_anchor(names[key])], classes=["confnotes-speaker-entry"]
                )
                entry += _para(nodes.strong(names[key], names[key]))
                talks = sorted(talks_by[key], key=_talk_order)
                entry += self.link_list([TalkItem(t, conference=True) for t in talks], NO_SEARCH)
                out.append(entry)
        return [nodes.container("", *out, classes=["confnotes-speaker-index"])]

    # -- talk lists and series -------------------------------------------------------------

    def talk_list(self, options: dict[str, str], location: Any) -> list[nodes.Node]:
        talks = list(self.domain.all_talks())
        mentioned: dict[str, set[str]] = defaultdict(set)  # talk id -> tool ids
        for docname in self.domain.mentions:
            for m in self.domain.mentions[docname]:
                if m.talk:
                    mentioned[m.talk].add(self.domain.tool_for(m.target).id)
        tests: dict[str, Callable[[Talk, str], bool]] = {
            "conference": lambda t, v: normalise(v) in (normalise(t.conference), t.conference_key),
            "tool": lambda t, v: self.domain.tool_for(v).id in mentioned.get(t.id, ()),
            "speaker": lambda t, v: speaker_key(v) in {speaker_key(s) for s in t.speakers},
            "tag": lambda t, v: normalise(v) in {normalise(x) for x in t.tags},
            "status": lambda t, v: (t.status or "scheduled") == normalise(v),
        }
        for name in FILTERS:
            value = options.get(name, "")
            if not value:
                continue
            matching = [t for t in talks if tests[name](t, value)]
            if not matching:
                warn(f"talk-list: no talk matches {name} {value!r}", Subtype.LISTING, location)
            talks = matching
        talks.sort(key=_talk_order)
        if not talks:
            return [_para(nodes.Text("No talks match."), classes=["confnotes-empty"])]
        if options.get("format", "").lower() == "table":
            head = ["When", "Talk", "Speakers", "Tools"]
            body: list[list[nodes.Node]] = []
            tools = self.domain.registry.tools
            for t in talks:
                when = " ".join(
                    p for p in (t.conference, t.start[:10] if len(t.start) > 5 else "", t.time) if p
                )
                names = sorted(tools[i].name if i in tools else i for i in mentioned.get(t.id, ()))
                title: nodes.Node = self.ref(t.docname, t.id, nodes.Text(t.title), t.title)
                if t.cancelled:
                    title = _text("", "confnotes-cancelled")
                    title += self.ref(t.docname, t.id, nodes.Text(t.title), t.title)
                    title += nodes.Text(" (cancelled)")
                body.append(
                    [
                        nodes.Text(when),
                        title,
                        nodes.Text(", ".join(t.speakers)),
                        nodes.Text(", ".join(names)),
                    ]
                )
            return [_table(head, body, "confnotes-talk-table")]
        return [
            _bullets((self.talk_link(t, conference=True) for t in talks), "confnotes-talk-list")
        ]

    def series(self, options: dict[str, str], location: Any, page: str) -> list[nodes.Node]:
        reports = self.domain.reports
        wanted = slug(options.get("series", ""))
        if not wanted:
            own = reports.get(page)
            if own is None or not own.series:
                warn(
                    "series: this page has no report metadata; name the series, e.g. "
                    "```{series} europython-2020```",
                    Subtype.LISTING,
                    location,
                )
                return []
            wanted = own.series
        others = sorted(
            (r for r in reports.values() if r.series == wanted and r.docname != page),
            key=lambda r: (r.start, r.title, r.docname),
        )
        if not others:
            if options.get("series"):
                warn(f"series: no report belongs to series {wanted!r}", Subtype.LISTING, location)
            return [
                _para(
                    nodes.Text("No other reports in this series yet."), classes=["confnotes-empty"]
                )
            ]
        items = []
        for r in others:
            item = _text("")
            item += self.ref(r.docname, "", nodes.Text(r.title or r.name))
            if r.start:
                span = r.start if r.start == r.end else f"{r.start} \u2013 {r.end}"
                item += nodes.Text(f" ({span})")
            items.append(item)
        return [_bullets(items, "confnotes-series")]


def _talk_order(t: Talk) -> tuple[str, str, str, str, str]:
    return (t.start or "~", t.conference, t.time, t.title.casefold(), t.id)


def _table_shell(head: list[str], *classes: str) -> tuple[nodes.table, nodes.tgroup]:
    table = nodes.table(classes=[*classes, "confnotes-table"])
    group = nodes.tgroup(cols=len(head))
    table += group
    for _ in head:
        group += nodes.colspec(colwidth=1)
    return table, group


def _table(head: list[str], rows: list[list[nodes.Node]], *classes: str) -> nodes.table:
    table, group = _table_shell(head, *classes)
    thead = nodes.thead()
    row = nodes.row()
    for h in head:
        row += nodes.entry("", _para(nodes.Text(h)))
    thead += row
    group += thead
    tbody = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            # Empty cells (most of a tools x conferences table) get no paragraph.
            empty = isinstance(cell, nodes.Text) and not cell.astext()
            row += nodes.entry() if empty else nodes.entry("", _para(cell))
        tbody += row
    group += tbody
    return table


def _table_html(head: list[str], rows: list[list[str]], *classes: str) -> nodes.table:
    """``_table`` for html/dirhtml, byte for byte: the writer makes the ``<table>``
    (classes, theme wrappers, ``<colgroup>``) from the nodes as for ``_table``; the
    rows are one raw node with the markup the HTML5 writer makes of ``_table``'s rows.

    Cells are given as HTML ('' for an empty cell). Give the table the no-search
    class: Sphinx would index the raw markup's text otherwise.
    """
    out = ['<thead>\n<tr class="row-odd">']
    out.extend(f'<th class="head"><p>{_encode(h)}</p></th>\n' for h in head)
    out.append("</tr>\n</thead>\n<tbody>\n")
    # Sphinx numbers the rows of a table from 1 (the head row) for row-odd/row-even.
    for i, cells in enumerate(rows, 2):
        out.append('<tr class="row-even">' if i % 2 == 0 else '<tr class="row-odd">')
        out.extend(f"<td><p>{cell}</p></td>\n" if cell else "<td></td>\n" for cell in cells)
        out.append("</tr>\n")
    out.append("</tbody>\n")
    table, group = _table_shell(head, *classes)
    group += nodes.raw("", "".join(out), format="html")
    return table


class FillListings(SphinxPostTransform):
    """Replace listing placeholders with their content for the page being written."""

    # After Sphinx's and sphinx-design's post-transforms (<= 750): the content is
    # final (plain nodes, resolved links), so they need not walk listings with
    # thousands of entries. Format fixes in nodes.py (870-890) still see it.
    default_priority = 850

    def run(self, **kwargs: Any) -> None:
        writer: Writer | None = None
        for node in list(self.document.findall(listing)):
            # Sphinx's own post-transforms reach the builder this way (``app`` is deprecated).
            writer = writer or Writer(self.env, self.env._app.builder, self.env.docname)
            kind = node["kind"]
            options: dict[str, str] = node.get("options", {})
            location = node
            if kind == "tool-index":
                new = writer.tool_index(options)
            elif kind == "tool-matrix":
                new = writer.tool_matrix(options)
            elif kind == "speaker-index":
                new = writer.speaker_index(options)
            elif kind == "talk-list":
                new = writer.talk_list(options, location)
            else:
                # Single-file builders (latex, singlehtml) write many pages as one:
                # the listing's own page decides which series is "this" one.
                new = writer.series(options, location, node.get("docname", self.env.docname))
            node.replace_self(new or [nodes.comment()])


# -- knowing what to rewrite ----------------------------------------------------------------


def _digest(*parts: str) -> str:
    """sha256 of ``repr(values)`` for the values whose reprs are ``parts`` (each
    value is written out once, however many listings show it)."""
    text = "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprints(domain: ConfnotesDomain, env: BuildEnvironment) -> dict[str, Any]:
    # Only what the listings show: no line numbers, so editing a talk's notes
    # (which moves the talks and mentions below it) rewrites no listing page.
    talks = [
        (t.id, t.docname, t.title, t.conference, t.conference_key, t.time, t.start,
         t.speakers, t.tags, t.status)
        for t in domain.all_talks()
    ]  # fmt: skip
    reports = [dataclasses.replace(domain.reports[d], lineno=0) for d in sorted(domain.reports)]
    mentions = [
        (m.target, m.docname, m.anchor, m.talk, m.section)
        for d in sorted(domain.mentions)
        for m in domain.mentions[d]
    ]
    mention_titles = sorted((d, env.titles[d].astext()) for d in domain.mentions if d in env.titles)
    registry = domain.registry.fingerprint
    tool_page = domain.listing_page("tool-index")
    talks_r, reports_r, mentions_r, registry_r = map(repr, (talks, reports, mentions, registry))
    return {
        "registry": registry,
        "pages": (tool_page, domain.listing_page("speaker-index")),
        # What each reference on any page resolves to (see ConfnotesDomain.resolution).
        "refs": {
            ref: domain.resolution(*ref)
            for ref in sorted({r for refs in domain.xrefs.values() for r in refs})
        },
        "speakers": domain.speaker_names(),
        "kinds": {
            "tool-index": _digest(talks_r, reports_r, mentions_r, repr(mention_titles), registry_r),
            "tool-matrix": _digest(reports_r, mentions_r, registry_r, repr(tool_page)),
            "speaker-index": _digest(talks_r),
            "talk-list": _digest(talks_r, mentions_r, registry_r),
            "series": _digest(reports_r),
        },
    }


def sync_talk_labels(domain: ConfnotesDomain, env: BuildEnvironment) -> None:
    """Give each talk a standard label (``{ref}`` and intersphinx for projects
    without confnotes), pointing at the talk its id resolves to.

    The one writer of these labels, after all reading: with a duplicated id the
    first talk in stable order wins, as for ``{talk}``, in clean, incremental and
    -j builds alike. A label the author defined keeps its place (with a warning).
    """
    std = env.domains.standard_domain
    ours: dict[str, str] = domain.data.setdefault("labels", {})
    for talk_id, docname in ours.items():  # forget last build's (unless re-read already)
        if std.labels.get(talk_id, ())[:2] == (docname, talk_id):
            del std.labels[talk_id]
            std.anonlabels.pop(talk_id, None)
    ours.clear()
    for talk_id, talk in domain.talk_index().items():
        taken = std.labels.get(talk_id) or std.anonlabels.get(talk_id)
        if taken is not None:
            where = env.doc2path(taken[0])
            warn(
                f"talk id {talk_id!r} is also a label defined at {where}; the label keeps "
                "that place ({ref} goes there); give the talk an explicit :id:",
                Subtype.DUPLICATE,
                (talk.docname, talk.lineno),
            )
            continue
        std.anonlabels[talk_id] = (talk.docname, talk_id)
        std.labels[talk_id] = (talk.docname, talk_id, talk.title)
        ours[talk_id] = talk.docname


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain: ConfnotesDomain = env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    sync_talk_labels(domain, env)
    old: dict[str, Any] = domain.data.get("fingerprints") or {}
    new = fingerprints(domain, env)
    domain.data["fingerprints"] = new
    if not old:
        return []  # first build: everything is written anyway
    rewrite: set[str] = set()
    if old.get("registry") != new["registry"] or old.get("pages") != new["pages"]:
        rewrite.update(domain.mentions)  # tool links and their hover text
        rewrite.update(domain.talks)  # speaker links on cards
    # Every reference whose target appeared, disappeared or changed text.
    old_refs, new_refs = old.get("refs", {}), new["refs"]
    changed = {k for k in old_refs.keys() | new_refs.keys() if old_refs.get(k) != new_refs.get(k)}
    if changed:
        rewrite.update(d for d, refs in domain.xrefs.items() if refs & changed)
    # A speaker link shows the name as first written; when that spelling
    # changes, every card linking the speaker changes.
    old_sp, new_sp = old.get("speakers", {}), new["speakers"]
    respelled = {k for k in old_sp.keys() | new_sp.keys() if old_sp.get(k) != new_sp.get(k)}
    if respelled:
        rewrite.update(
            d
            for d, talks in domain.talks.items()
            if any(speaker_key(n) in respelled for t in talks for n in t.speakers)
        )
    for kind, digest in new["kinds"].items():
        if old.get("kinds", {}).get(kind) != digest:
            rewrite.update(
                d for d, items in domain.listings.items() if any(k == kind for k, _ in items)
            )
    return sorted(d for d in rewrite if d in env.all_docs)


def setup_indexes(app: Sphinx) -> None:
    app.add_directive("tool-index", ToolIndexDirective)
    app.add_directive("tool-matrix", ToolMatrixDirective)
    app.add_directive("speaker-index", SpeakerIndexDirective)
    app.add_directive("talk-list", TalkListDirective)
    app.add_directive("series", SeriesDirective)
    app.add_post_transform(FillListings)
    app.connect("env-get-updated", on_env_get_updated)
