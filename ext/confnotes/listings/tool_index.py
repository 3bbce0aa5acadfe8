"""``tool-index``: every tool A-Z with where it came up, then the tools by category.

On web pages each tool is one line (``<summary>``: name, a sparkline of its
mentions per year, at how many conferences it came up, its description) with
the full entry one click away (``<details>``: homepage, package, category, a
link to its talks in the finder, every mention by conference), and a filter box
(``confnotes-tools.js``, progressive enhancement: without JavaScript every tool
is listed). Other builders and e-books get every entry written out.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from docutils import nodes

from ..charts import esc, sparkline
from ..i18n import Msg, plural_samples
from ..model import ToolMention, slug
from ..nodes import details, summary
from ..query import OTHER, ToolUse, tool_anchor
from .base import (
    NO_SEARCH,
    Context,
    Listing,
    ListingDirective,
    badge,
    digest,
    letter,
    letter_id,
    letter_nav,
    letters_of,
    para,
    text,
)
from .emit import GroupItem, Item, PageItem, TalkItem, link_list
from .talk_finder import KIND as FINDER

if TYPE_CHECKING:
    from ..i18n import Messages
    from ..nodes import listing
    from ..query import Query
    from ..registry import Tool


class ToolIndexDirective(ListingDirective):
    kind = "tool-index"


def render(ctx: Context, node: listing) -> list[nodes.Node]:
    uses = ctx.query.tool_uses
    if not uses:
        return [para(nodes.Text(ctx.m.gettext("No tools are mentioned yet.")))]
    ordered = sorted(uses.values(), key=lambda u: (u.tool.name.casefold(), u.tool.id))
    letters = letters_of(u.tool.name for u in ordered)
    out: list[nodes.Node] = [letter_nav(ctx, "tools", letters)]
    if ctx.web:
        out.append(_filter_data(ctx, ordered))
    by_letter: dict[str, list[ToolUse]] = defaultdict(list)
    for use in ordered:
        by_letter[letter(use.tool.name)].append(use)
    for value in letters:
        out.append(
            nodes.rubric(
                value, value, ids=[letter_id("tools", value)], classes=["confnotes-letter"]
            )
        )
        out.extend(_entry(ctx, use) for use in by_letter[value])
    heading = ctx.m.gettext("By category")
    out.append(nodes.rubric(heading, heading, ids=["tools-by-category"]))
    out.extend(_categories(ctx, uses))
    return [nodes.container("", *out, classes=["confnotes-tool-index"])]


def _entry(ctx: Context, use: ToolUse) -> nodes.container:
    tool, mentions = use
    entry = nodes.container(ids=[tool_anchor(tool)], classes=["confnotes-tool-entry"])
    groups: dict[tuple[str, str], list[ToolMention]] = defaultdict(list)
    for mention in mentions:
        groups[ctx.query.conference_of(mention.docname)].append(mention)
    n = len([g for g in groups if g[1] != OTHER])
    if ctx.web:
        # One line, the rest one click away.
        more = details(classes=["confnotes-tool-details"])
        more += _summary(ctx, tool, n if mentions else None)
        entry += more
        body: nodes.Element = more
    else:
        head = para(nodes.strong(tool.name, tool.name), classes=["confnotes-tool-name"])
        if not tool.known:
            head += nodes.Text(" ")
            head += badge(ctx.m.gettext("not in the tool registry"), "warning")
        if tool.description:
            head += nodes.Text(" \u2014 " + tool.description)
        entry += head
        body = entry
    facts: list[list[nodes.Node]] = []  # shown joined by " · "
    if tool.homepage:
        label = ctx.m.gettext("Homepage")
        facts.append([nodes.reference(label, label, refuri=tool.homepage)])
    if tool.package:
        # "package {name}": the name as code, wherever the language puts it
        parts = ctx.m.parts("package {name}")
        facts.append(
            [
                nodes.literal(tool.package, tool.package) if i % 2 else nodes.Text(part)
                for i, part in enumerate(parts)
                if i % 2 or part
            ]
        )
    if tool.known:
        facts.append([nodes.Text(ctx.query.registry.category_title(tool.category))])
    if ctx.web:
        # The count is on the line above; the way to the talks ends the facts.
        finder = _finder_link(ctx, tool) if mentions else None
        if finder is not None:
            facts.append([finder])
    elif mentions:
        count = ctx.m.nformat("came up at {n} conference", "came up at {n} conferences", n)
        facts.append([nodes.Text(count)])
    else:
        facts.append([nodes.Text(ctx.m.gettext("not mentioned yet"))])
    if facts:
        line = para(classes=["confnotes-tool-facts"])
        for i, fact in enumerate(facts):
            if i:
                line += nodes.Text(" \u00b7 ")
            line.extend(fact)
        body += line
    items: list[Item] = []
    talks = ctx.query.talk_index
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
                label = mention.section or ctx.query.page_title(mention.docname)
                refs.append(PageItem(mention.docname, mention.anchor, label))
        items.append(GroupItem(ctx.m.gettext("Other pages") if key[1] == OTHER else key[1], refs))
    if items:
        # The talks are searchable on their own pages; indexing thousands of
        # copies here would only slow the build and crowd the results.
        body += link_list(ctx, items, "confnotes-mentions", NO_SEARCH)
    return entry


def _summary(ctx: Context, tool: Tool, conferences: int | None) -> summary:
    """The line a reader scans: name, [badge], sparkline, conferences, description."""
    line = summary(classes=["confnotes-tool-name"])
    line += nodes.strong(tool.name, tool.name)
    if not tool.known:
        line += nodes.Text(" ")
        line += badge(ctx.m.gettext("not in the tool registry"), "warning")
    years = ctx.query.years
    if conferences is not None and len(years) > 1:
        line += nodes.Text(" ")
        line += _spark(ctx, tool, years)
    count = (
        ctx.m.nformat("{n} conference", "{n} conferences", conferences, context="tool index")
        if conferences is not None
        else ctx.m.gettext("not mentioned yet")
    )
    line += nodes.Text(" ")
    line += text(count, "confnotes-tool-count")
    if tool.description:
        line += nodes.Text(" ")
        line += text(tool.description, "confnotes-tool-desc")
    return line


def _spark(ctx: Context, tool: Tool, years: list[str]) -> nodes.raw:
    """Mentions per year as small bars (hidden from screen readers), and the
    same numbers as text for them."""
    per = ctx.query.tool_years.get(tool.id, {})
    values = [per.get(y, 0) for y in years]
    counts = _year_list(ctx, len(years)).format(
        *(_year_count(ctx, y, v) for y, v in zip(years, values, strict=True))
    )
    label = ctx.m.format("{tool}: mentions per year", tool=tool.name) + " \u2014 " + counts
    html = sparkline(values, label) + f'<span class="confnotes-visually-hidden">{esc(label)}</span>'
    # no-search: the search index would take the hover text for page text.
    return nodes.raw("", html, format="html", classes=["confnotes-spark-box", NO_SEARCH])


# Every tool's text alternative lists the same years: the words around them
# (Babel's list pattern) and each "year: count" are made once per page, not
# once per tool (hundreds of Babel calls each).


def _year_list(ctx: Context, n: int) -> str:
    """The page language's list of ``n`` items as a template: '{0}, {1} and {2}'."""
    key = ("year-list", n)
    template: str | None = ctx.memo.get(key)
    if template is None:
        marks = [f"\ue000{i}\ue001" for i in range(n)]  # private use: in no pattern
        joined = ctx.m.join(marks).replace("{", "{{").replace("}", "}}")
        template = ctx.memo[key] = re.sub("\ue000(\\d+)\ue001", r"{\1}", joined)
    return template


def _year_count(ctx: Context, year: str, n: int) -> str:
    key = ("year-count", year, n)
    text: str | None = ctx.memo.get(key)
    if text is None:
        text = ctx.memo[key] = ctx.m.format("{year}: {n}", year=year, n=ctx.m.number(n))
    return text


def _finder_link(ctx: Context, tool: Tool) -> nodes.reference | None:
    """The finder filtered to this tool ("Find talks with {tool}"), where the
    site has one (its script runs on the HTML builders' pages)."""
    from ..outputs.finder import HTML_BUILDERS, finder_url  # (imports the listings)

    if ctx.builder.name not in HTML_BUILDERS:
        return None
    url = finder_url(ctx.builder, ctx.domain, ctx.docname, tool.id)
    if not url:
        return None
    label = ctx.m.format("Find talks with {tool}", tool=tool.name)
    return nodes.reference(label, label, refuri=url, internal=True, classes=["confnotes-find"])


# The filter script's words, by key; plural ones get a template per CLDR category.
FILTER_LABELS: dict[str, Msg] = {
    "label": Msg("Filter tools"),
    "placeholder": Msg("Type a tool name"),
    "none": Msg("No tool matches."),
    "all": Msg("{n} tool", "{n} tools", context="tool filter"),
    "shown": Msg("{shown} of {total} tool", "{shown} of {total} tools", context="tool filter"),
}


def filter_labels(m: Messages) -> dict[str, object]:
    out: dict[str, object] = {"lang": m.language}
    samples = plural_samples(m.language)
    for key, msg in FILTER_LABELS.items():
        if msg.plural:
            forms = {c: m.npgettext(msg.context, msg.id, msg.plural, n) for c, n in samples.items()}
            forms.setdefault("other", m.npgettext(msg.context, msg.id, msg.plural, 2))
            out[key] = dict(sorted(forms.items()))
        else:
            out[key] = m.pgettext(msg.context, msg.id)
    return out


def _filter_data(ctx: Context, ordered: list[ToolUse]) -> nodes.raw:
    """The filter script's words and each entry's names (id, name, aliases,
    package), as JSON in the page ('<' escaped: nothing ends the element)."""
    data = {
        "labels": filter_labels(ctx.m),
        "names": {tool_anchor(u.tool): [n.casefold() for n in u.tool.names()] for u in ordered},
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    html = (
        '<script type="application/json" class="confnotes-tool-filter-data">'
        + text.replace("<", "\\u003c")
        + "</script>"
    )
    return nodes.raw("", html, format="html")


def _categories(ctx: Context, uses: dict[str, ToolUse]) -> list[nodes.Node]:
    cats: dict[str, list[Tool]] = defaultdict(list)
    for tool, _ in uses.values():
        cats[tool.category if tool.known else "unknown"].append(tool)
    registry = ctx.query.registry
    order = [c for c in registry.categories if c in cats]
    order += sorted(c for c in cats if c not in registry.categories and c != "unknown")
    if "unknown" in cats:
        order.append("unknown")
    out: list[nodes.Node] = []
    for cat in order:
        title = (
            ctx.m.gettext("Not in the registry")
            if cat == "unknown"
            else registry.category_title(cat)
        )
        line = para(nodes.strong(title, title), nodes.Text(": "), classes=["confnotes-category"])
        line["ids"] = [f"tools-category-{slug(cat)}"]
        for i, tool in enumerate(sorted(cats[cat], key=lambda t: t.name.casefold())):
            if i:
                line += nodes.Text(", ")
            line += ctx.ref(ctx.docname, tool_anchor(tool), nodes.Text(tool.name))
        out.append(line)
    return out


def fingerprint(q: Query) -> str:
    # The finder page: each entry links to it (?tool=...) when there is one.
    return digest(
        q, "talks", "reports", "mentions", "mention-pages", "registry",
        extra=q.listing_page(FINDER),
    )  # fmt: skip


LISTING = Listing(
    "tool-index", ToolIndexDirective, render, fingerprint, scripts=("confnotes-tools.js",)
)
