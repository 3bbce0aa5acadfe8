"""``tool-index``: every tool A-Z with where it came up, then the tools by category."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from docutils import nodes

from ..model import ToolMention, slug
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
)
from .emit import GroupItem, Item, PageItem, TalkItem, link_list

if TYPE_CHECKING:
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
    head = para(nodes.strong(tool.name, tool.name), classes=["confnotes-tool-name"])
    if not tool.known:
        head += nodes.Text(" ")
        head += badge(ctx.m.gettext("not in the tool registry"), "warning")
    if tool.description:
        head += nodes.Text(" \u2014 " + tool.description)
    entry += head
    groups: dict[tuple[str, str], list[ToolMention]] = defaultdict(list)
    for mention in mentions:
        groups[ctx.query.conference_of(mention.docname)].append(mention)
    facts = para(classes=["confnotes-tool-facts"])
    if tool.homepage:
        label = ctx.m.gettext("Homepage")
        facts += nodes.reference(label, label, refuri=tool.homepage)
        facts += nodes.Text(" \u00b7 ")
    if tool.package:
        # "package {name}": the name as code, wherever the language puts it
        for i, part in enumerate(ctx.m.parts("package {name}")):
            if i % 2:
                facts += nodes.literal(tool.package, tool.package)
            elif part:
                facts += nodes.Text(part)
        facts += nodes.Text(" \u00b7 ")
    if tool.known:
        facts += nodes.Text(ctx.query.registry.category_title(tool.category) + " \u00b7 ")
    n = len([g for g in groups if g[1] != OTHER])
    if mentions:
        facts += nodes.Text(
            ctx.m.nformat("came up at {n} conference", "came up at {n} conferences", n)
        )
    else:
        facts += nodes.Text(ctx.m.gettext("not mentioned yet"))
    entry += facts
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
        entry += link_list(ctx, items, "confnotes-mentions", NO_SEARCH)
    return entry


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
    return digest(q, "talks", "reports", "mentions", "mention-pages", "registry")


LISTING = Listing("tool-index", ToolIndexDirective, render, fingerprint)
