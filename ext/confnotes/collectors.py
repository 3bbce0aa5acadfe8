"""Read-phase steps that need the whole parsed page (title, TOC, language)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from .cards import LITERAL, as_block, block_name
from .directives import page_report
from .model import ToolMention, strip_control
from .nodes import talk_time
from .warnings import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import ConfnotesDomain


def _domain(env: BuildEnvironment) -> ConfnotesDomain:
    return env.domains["confnotes"]  # type: ignore[return-value]  # env.domains gives a Domain


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Finish what a page's directives could not know while it was being parsed."""
    env = app.env
    docname = env.docname
    domain = _domain(env)
    report = page_report(env)
    if report is not None:
        # The one writer of the page's report record, now that its title is known.
        title = doctree.next_node(nodes.title)
        domain.note_report(
            dataclasses.replace(report, title=title.astext() if title else report.name)
        )
        _mark_language(doctree, report.language, app.config.language or "en")
    _plain_times_in_toc(env, docname)
    _collect_references(domain, docname, doctree)


class ReportTitleAsWritten(SphinxTransform):
    """A report page's title is the conference's name (often from its programme):
    shown as written, like the cards' titles, so Sphinx's smart quotes must not
    turn its "--" into a dash. Before them (750), while the page is read."""

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        if page_report(self.env) is None:
            return
        title = self.document.next_node(nodes.title)
        if title is not None:
            title[LITERAL] = False


def on_doctree_read_early(app: Sphinx, doctree: nodes.document) -> None:
    _strip_control_characters(doctree)
    _unnest_talks(doctree)
    _defuse_raw_html_in_talks(doctree)


def _defuse_raw_html_in_talks(doctree: nodes.document) -> None:
    """Notes are text: raw HTML in a talk (MyST passes it through) is shown as
    text, so a pasted ``<script>`` or ``<img onerror>`` never runs on the site."""
    warned: set[int] = set()  # one warning a line (<b>...</b> is two raw nodes)
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split() or not _in_talk(raw):
            continue
        where = _located(raw)
        line = getattr(where, "line", None) or 0
        if line not in warned:
            warned.add(line)
            warn("raw HTML in a talk is shown as text", Subtype.HTML, where)
        text = nodes.Text(raw.astext())
        parent = raw.parent
        if isinstance(parent, nodes.TextElement):
            parent.replace(raw, text)
        else:
            parent.replace(raw, nodes.paragraph("", "", text))


def _in_talk(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if "confnotes-talk" in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False


def _strip_control_characters(doctree: nodes.document) -> None:
    """Markdown passes control characters through to HTML; drop them, with a warning."""
    for text in list(doctree.findall(nodes.Text)):
        clean = strip_control(text)
        if clean == text:
            continue
        parent = text.parent
        warn("control characters removed from the text", Subtype.TEXT, _located(parent))
        parent.replace(text, nodes.Text(clean))


def _located(node: nodes.Node | None) -> nodes.Node | None:
    while node is not None and getattr(node, "line", None) is None:
        node = node.parent
    return node


def _unnest_talks(doctree: nodes.document) -> None:
    """Turn talk cards that ended up where a section cannot go into plain blocks,
    before the TOC collector sees them (the directive catches most cases itself)."""
    for card in list(doctree.findall(nodes.section)):
        if "confnotes-talk" not in card["classes"]:
            continue
        parent = card.parent
        if isinstance(parent, (nodes.section, nodes.document)):
            continue
        title = card.next_node(nodes.title)
        warn(
            f"talk {title.astext() if title else ''!r} is nested in a {block_name(parent)}: "
            "it is shown, but not in the page's table of contents; "
            "put talks directly under a heading",
            Subtype.NESTING,
            card,
        )
        card.replace_self(as_block(card))


def is_tool_mention(node: nodes.Node) -> bool:
    """A ``{tool}`` role, or a link/code span marked with the ``tool`` class."""
    if isinstance(node, addnodes.pending_xref):
        refdomain: str | None = node.get("refdomain")
        return refdomain == "confnotes" and node.get("reftype") == "tool"
    return isinstance(node, (nodes.reference, nodes.literal)) and "tool" in node.get("classes", ())


def mention_target(node: nodes.Element) -> str:
    if isinstance(node, addnodes.pending_xref):
        return str(node.get("reftarget", ""))
    return node.astext()


def _context(node: nodes.Node) -> tuple[str, str, str, int]:
    """(anchor, talk id, section title, line) of the talk card or section around a node."""
    parent = node.parent
    line = getattr(node, "line", None)
    while parent is not None:
        if line is None:
            line = getattr(parent, "line", None)
        if isinstance(parent, nodes.section) and parent["ids"]:
            anchor = parent["ids"][0]
            title = parent.next_node(nodes.title)
            text = title.astext() if title is not None else ""
            if "confnotes-talk" in parent["classes"]:
                return anchor, anchor, text, line or 0
            return anchor, "", text, line or 0
        parent = parent.parent
    return "", "", "", line or 0


def _collect_references(domain: ConfnotesDomain, docname: str, doctree: nodes.document) -> None:
    # (type, target) of every reference confnotes may resolve on this page, so
    # the page is rewritten when a target appears, disappears or changes text.
    refs: set[tuple[str, str]] = set()
    for node in doctree.findall(nodes.Element):
        if is_tool_mention(node):
            anchor, talk, section, line = _context(node)
            domain.note_mention(
                ToolMention(
                    target=" ".join(mention_target(node).split()),
                    docname=docname,
                    lineno=line,
                    anchor=anchor,
                    talk=talk,
                    section=section,
                )
            )
        if isinstance(node, addnodes.pending_xref):
            reftype = str(node.get("reftype", ""))
            if node.get("refdomain") == "confnotes" or reftype == "any":
                refs.add((reftype, str(node.get("reftarget", "")).strip()))
    domain.note_references(docname, refs)


def _mark_language(doctree: nodes.document, language: str, site_language: str) -> None:
    """Put ``lang`` on the page's content when it differs from the site's.

    docutils' HTML writer turns a ``language-xx`` class into ``lang="xx"``.
    """
    if not language or language.split("-")[0].lower() == site_language.split("_")[0].lower():
        return
    for child in doctree.children:
        if isinstance(child, nodes.Element) and not isinstance(child, nodes.Invisible):
            child["classes"].append(f"language-{language}")


def _plain_times_in_toc(env: BuildEnvironment, docname: str) -> None:
    # The TOC copies section titles; a talk's <time> belongs on the card only.
    toc = env.tocs.get(docname)
    if toc is None:
        return
    parents = []
    for node in list(toc.findall(talk_time)):
        parents.append(node.parent)
        node.parent.replace(node, nodes.Text(node.astext()))
    # "09:00", " ", "Title" as one text node: the same HTML, and a third fewer
    # nodes to unpickle and copy for every toctree and sidebar on the site.
    for parent in parents:
        merged: list[nodes.Node] = []
        for child in parent.children:
            if isinstance(child, nodes.Text) and merged and isinstance(merged[-1], nodes.Text):
                merged[-1] = nodes.Text(merged[-1] + child)
            else:
                merged.append(child)
        if len(merged) < len(parent.children):
            parent[:] = merged
