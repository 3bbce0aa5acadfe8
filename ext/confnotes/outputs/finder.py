"""The talk finder: one page where readers filter every talk (``talk-finder``).

The directive leaves a placeholder and records its page. At write time the
placeholder becomes the full list of talks with links (so the page works
without JavaScript); ``confnotes-finder.js`` then adds the filters, reading a
compact index written at ``build-finished`` from the environment on every
HTML build (``_static/confnotes-finder-data.js``: a script, not JSON, so the
page also works opened from disk, where ``fetch`` is refused).

``env-get-updated`` rewrites the finder page when the talk data it lists
changes (a fingerprint, as for the other listings).
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..directives import ConfnotesDirective
from ..domain import ConfnotesDomain, speaker_key
from ..model import Report, Talk

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

KIND = "talk-finder"
DATA_FILE = "confnotes-finder-data.js"
HTML_BUILDERS = frozenset({"html", "dirhtml"})
# Facets in the order the page shows them (also the URL parameter names).
FACETS = ("conference", "year", "tool", "speaker", "track", "room", "kind", "language", "status")


class talk_finder(nodes.General, nodes.Element):  # noqa: N801  # docutils node naming
    """Placeholder, replaced by FillFinder before any writer sees it."""


class TalkFinderDirective(ConfnotesDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.domain.note_listing(self.env.docname, KIND, self.lineno)
        node = talk_finder()
        self.set_source_info(node)
        return [node]


def _domain(env: BuildEnvironment) -> ConfnotesDomain:
    return env.domains["confnotes"]  # type: ignore[return-value]  # env.domains gives a Domain


# -- what a talk is filtered by ------------------------------------------------------


def _talk_tools(domain: ConfnotesDomain) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(docname, talk id) -> [(tool id, tool name)] in first-mention order."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for tool, mentions in domain.tool_mentions().values():
        for m in mentions:
            if m.talk:
                tools = out.setdefault((m.docname, m.talk), [])
                if (tool.id, tool.name) not in tools:
                    tools.append((tool.id, tool.name))
    return out


def _year(talk: Talk, report: Report | None) -> str:
    day = talk.start or (report.start if report else "")
    return day[:4] if len(day) >= 4 and day[:4].isdigit() else ""


def facet_values(
    talk: Talk, report: Report | None, tools: list[tuple[str, str]]
) -> dict[str, list[tuple[str, str]]]:
    """Facet -> [(URL key, label)] for one talk; multi-valued for tools and speakers."""

    def one(key: str, label: str = "") -> list[tuple[str, str]]:
        return [(key, label or key)] if key else []

    return {
        "conference": one(talk.conference_key, talk.conference),
        "year": one(_year(talk, report)),
        "tool": list(tools),
        "speaker": [(speaker_key(n), n) for n in talk.speakers],
        "track": one(talk.track),
        "room": one(talk.room),
        "kind": one(talk.kind),
        "language": one(talk.language or (report.language if report else "")),
        "status": one(talk.status or "scheduled"),
    }


def finder_index(domain: ConfnotesDomain, builder: Builder) -> dict[str, Any]:
    """The compact index: each facet's values once, talks as rows of indexes.

    ``t`` rows: [title, url from the site root, flags (1 video, 2 slides),
    then per facet an index, -1 for none, or a list for tools and speakers].
    """
    tools_of = _talk_tools(domain)
    facets: dict[str, dict[tuple[str, str], int]] = {f: {} for f in FACETS}
    # Speakers are told apart by key; the first spelling is the label.
    names = domain.speaker_names()
    pages: dict[str, str] = {}
    rows: list[list[Any]] = []
    for talk in domain.all_talks():
        report = domain.reports.get(talk.docname)
        values = facet_values(talk, report, tools_of.get((talk.docname, talk.id), []))
        values["speaker"] = [(k, names.get(k, label)) for k, label in values["speaker"]]
        uri = pages.get(talk.docname)
        if uri is None:
            uri = pages[talk.docname] = builder.get_target_uri(talk.docname)
        row: list[Any] = [talk.title, f"{uri}#{talk.id}", bool(talk.video) | bool(talk.slides) << 1]
        for facet in FACETS:
            table = facets[facet]
            ids = [table.setdefault(v, len(table)) for v in values[facet]]
            row.append(ids if facet in ("tool", "speaker") else (ids[0] if ids else -1))
        rows.append(row)
    return {
        "v": 1,
        "facets": FACETS,
        # [key, label] per value; label omitted when it equals the key.
        "values": {f: [[k] if k == lab else [k, lab] for k, lab in facets[f]] for f in FACETS},
        "t": rows,
    }


def fingerprint(domain: ConfnotesDomain) -> str:
    """What the finder page and its index show (no line numbers: editing notes
    moves talks down a page without changing the finder)."""
    tools = _talk_tools(domain)
    parts = [
        (t.id, t.docname, t.title, t.conference_key, t.conference, t.start, t.speakers,
         t.track, t.room, t.kind, t.language, t.status, bool(t.video), bool(t.slides),
         tools.get((t.docname, t.id)))
        for t in domain.all_talks()
    ]  # fmt: skip
    reports = sorted((d, r.start, r.language) for d, r in domain.reports.items())
    return hashlib.sha256(repr((parts, reports)).encode()).hexdigest()


def finder_page(domain: ConfnotesDomain) -> str | None:
    return domain.listing_page(KIND)


def finder_url(builder: Builder, domain: ConfnotesDomain, fromdoc: str, tool_id: str) -> str:
    """Link from ``fromdoc`` to the finder filtered by one tool, or '' without a finder.

    For the tool index: each entry can link to ``finder_url(..., tool.id)``.
    """
    page = finder_page(domain)
    if page is None:
        return ""
    return builder.get_relative_uri(fromdoc, page) + "?tool=" + quote(tool_id, safe="")


# -- the page ---------------------------------------------------------------------------


def _label(talk: Talk) -> str:
    parts = [p for p in (", ".join(talk.speakers), talk.conference) if p]
    return " \u2014 ".join(parts)


class FillFinder(SphinxPostTransform):
    """The finder's server-side list: every talk with a link (all builders)."""

    default_priority = 850  # with the other listings: links are final

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(talk_finder))
        if not placeholders:
            return
        builder = self.env._app.builder  # as Sphinx's own post-transforms reach it
        domain = _domain(self.env)
        talks = list(domain.all_talks())
        for node in placeholders:
            if builder.name in HTML_BUILDERS:
                new: nodes.Node = self._html(builder, talks)
            else:
                new = self._nodes(builder, talks)
            node.replace_self(new)

    def _html(self, builder: Builder, talks: list[Talk]) -> nodes.Node:
        # Escaped HTML in one raw node: thousands of list items as docutils nodes
        # cost more to build and translate than the rest of the page.
        here = self.env.docname
        uris: dict[str, str] = {}
        items = []
        for t in talks:
            uri = uris.get(t.docname)
            if uri is None:
                uri = uris[t.docname] = builder.get_relative_uri(here, t.docname)
            meta = _label(t)
            items.append(
                f'<li><a href="{escape(uri)}#{escape(t.id)}">{escape(t.title)}</a>'
                + (f' <span class="confnotes-finder-meta">{escape(meta)}</span>' if meta else "")
                + "</li>"
            )
        html = (
            f'<div class="confnotes-finder no-search" data-count="{len(talks)}">'
            f'<p class="confnotes-finder-total">{len(talks)} talks</p>'
            f'<ul class="confnotes-finder-results">{"".join(items)}</ul></div>'
        )
        return nodes.raw("", html, format="html")

    def _nodes(self, builder: Builder, talks: list[Talk]) -> nodes.Node:
        here = self.env.docname
        bullets = nodes.bullet_list(classes=["confnotes-finder-results"])
        for t in talks:
            ref = nodes.reference(
                "",
                t.title,
                internal=True,
                refuri=builder.get_relative_uri(here, t.docname) + "#" + t.id,
            )
            para = nodes.paragraph("", "", ref)
            meta = _label(t)
            if meta:
                para += nodes.Text(" \u2014 " + meta)
            bullets += nodes.list_item("", para)
        return bullets


# -- build phases -----------------------------------------------------------------------


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = _domain(env)
    old = domain.data.get("finder_fingerprint", "")
    new = domain.data["finder_fingerprint"] = fingerprint(domain)
    if not old or old == new:
        return []
    return sorted(d for d, items in domain.listings.items() if any(k == KIND for k, _ in items))


def add_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name not in HTML_BUILDERS:
        return
    if pagename in _domain(app.env).listings and any(
        k == KIND for k, _ in _domain(app.env).listings[pagename]
    ):
        # Page-local files (html-page-context): only the finder page loads them.
        app.add_css_file("confnotes-finder.css")
        app.add_js_file(DATA_FILE)
        app.add_js_file("confnotes-finder.js", defer="defer")


def write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    domain = _domain(app.env)
    if finder_page(domain) is None:
        return
    data = finder_index(domain, app.builder)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # '<' as \u003c: a title holding "</script>" stays text in any embedding.
    text = "window.confnotesFinderData=" + text.replace("<", "\\u003c") + ";\n"
    path = Path(app.outdir) / "_static" / DATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def setup_finder(app: Sphinx) -> None:
    app.add_node(talk_finder)
    app.add_directive(KIND, TalkFinderDirective)
    app.add_post_transform(FillFinder)
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("html-page-context", add_page_assets)
    app.connect("build-finished", write_index)
