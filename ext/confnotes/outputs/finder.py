"""The talk finder's index and assets.

The finder page itself is a listing (``listings/talk_finder.py``: every talk
with a link, so the page works without JavaScript); ``confnotes-finder.js``
adds the filters, reading a compact index written here at ``build-finished``
from the environment on every HTML build (``_static/confnotes-finder-data.js``:
a script, not JSON, so the page also works opened from disk, where ``fetch``
is refused). The file is rewritten only when its bytes change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..listings.emit import talk_order
from ..listings.talk_finder import KIND
from ..query import speaker_key
from . import write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..domain import ConfnotesDomain
    from ..model import Report, Talk
    from ..query import Query

DATA_FILE = "confnotes-finder-data.js"
HTML_BUILDERS = frozenset({"html", "dirhtml"})
# Facets in the order the page shows them (also the URL parameter names).
FACETS = ("conference", "year", "tool", "speaker", "track", "room", "kind", "language", "status")


def _domain(env: BuildEnvironment) -> ConfnotesDomain:
    return env.domains["confnotes"]  # type: ignore[return-value]  # env.domains gives a Domain


# -- what a talk is filtered by ------------------------------------------------------


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


def finder_index(q: Query, builder: Builder) -> dict[str, Any]:
    """The compact index: each facet's values once, talks as rows of indexes.

    ``t`` rows: [title, url from the site root, flags (1 video, 2 slides),
    then per facet an index, -1 for none, or a list for tools and speakers].
    """
    facets: dict[str, dict[tuple[str, str], int]] = {f: {} for f in FACETS}
    # Speakers are told apart by key; the first spelling is the label.
    names = q.speakers
    pages: dict[str, str] = {}
    rows: list[list[Any]] = []
    # In the order the page lists them (listings/talk_finder.py).
    for talk in sorted(q.talks(), key=talk_order):
        report = q.reports.get(talk.docname)
        values = facet_values(talk, report, [(t.id, t.name) for t in q.tools_of(talk)])
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


def finder_page(domain: ConfnotesDomain) -> str | None:
    return domain.query.listing_page(KIND)


def finder_url(builder: Builder, domain: ConfnotesDomain, fromdoc: str, tool_id: str) -> str:
    """Link from ``fromdoc`` to the finder filtered by one tool, or '' without a finder.

    For the tool index: each entry can link to ``finder_url(..., tool.id)``.
    """
    page = finder_page(domain)
    if page is None:
        return ""
    return builder.get_relative_uri(fromdoc, page) + "?tool=" + quote(tool_id, safe="")


# -- build phases -----------------------------------------------------------------------


def add_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name not in HTML_BUILDERS:
        return
    if pagename in _domain(app.env).query.listing_pages(KIND):
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

    def text() -> str:
        data = json.dumps(
            finder_index(domain.query, app.builder), ensure_ascii=False, separators=(",", ":")
        )
        # '<' as \u003c: a title holding "</script>" stays text in any embedding.
        return "window.confnotesFinderData=" + data.replace("<", "\\u003c") + ";\n"

    write_if_changed(app, Path(app.outdir) / "_static" / DATA_FILE, domain.query, text)


def setup_finder(app: Sphinx) -> None:
    app.connect("html-page-context", add_page_assets)
    app.connect("build-finished", write_index)
