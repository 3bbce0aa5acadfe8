"""``confnotes.json``: everything the site knows, for other programs.

Written with every HTML build from the environment alone, with sorted keys
and no timestamps, so two builds of the same sources give the same bytes.
The fields are documented in docs/catalogue.md and checked against
``catalogue.schema.json`` in the tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import config as cfg
from ..query import speaker_anchor, speaker_key, tool_anchor
from . import write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from ..domain import ConfnotesDomain

SCHEMA_VERSION = 1


class _Urls:
    """Page URLs, each page's computed once (thousands of mentions, dozens of pages)."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.pages: dict[str, str] = {}

    def __call__(self, docname: str, anchor: str = "") -> str:
        uri = self.pages.get(docname)
        if uri is None:
            uri = self.pages[docname] = self.builder.get_target_uri(docname)
        return f"{uri}#{anchor}" if anchor else uri


def catalogue(domain: ConfnotesDomain, builder: Builder) -> dict[str, Any]:
    q = domain.query
    url_of = _Urls(builder)
    index = q.talk_index
    tool_mentions: dict[str, list[dict[str, Any]]] = {}
    for tool_id, use in q.tool_uses.items():
        tool_mentions[tool_id] = [
            {
                "page": m.docname,
                "url": url_of(m.docname, m.anchor),
                "line": m.lineno,
                "talk": m.talk or None,
                "section": None if m.talk else m.section,
                "conference": report.name
                if (report := q.reports.get(m.docname)) and report.name
                else None,
                "as_written": m.target,
            }
            for m in use.mentions
        ]
    tool_page = q.listing_page("tool-index")
    speaker_page = q.listing_page("speaker-index")
    conferences: dict[str, dict[str, Any]] = {}
    reports = []
    for docname in sorted(domain.reports):
        r = domain.reports[docname]
        if r.conference_key:
            conf = conferences.setdefault(
                r.conference_key,
                {
                    "id": r.conference_key,
                    "name": r.name,
                    "conference": r.conference,
                    "edition": r.edition,
                    "website": r.website or None,
                    "reports": [],
                },
            )
            conf["reports"].append(docname)
        reports.append(
            {
                "page": docname,
                "url": url_of(docname),
                "title": r.title,
                "conference": r.conference_key or None,
                "series": r.series or None,
                "start": r.start or None,
                "end": r.end or None,
                "timezone": r.timezone or None,
                "location": r.location or None,
                "website": r.website or None,
                "language": r.language or None,
                "authors": list(r.authors),
                "tags": list(r.tags),
            }
        )
    speakers: dict[str, dict[str, Any]] = {}
    for key, name in q.speakers.items():
        speakers[key] = {
            "id": key,
            "name": name,
            "url": url_of(speaker_page, speaker_anchor(name)) if speaker_page else None,
            "talks": [],
        }
    talk_rows = []
    for t in q.talks():
        duplicate = index.get(t.id) is not t
        for name in t.speakers:
            speakers[speaker_key(name)]["talks"].append(t.id)
        talk_rows.append(
            {
                "id": t.id,
                "duplicate_id": duplicate,
                "title": t.title,
                "page": t.docname,
                "url": url_of(t.docname, t.id),
                "conference": t.conference_key or None,
                "time": t.time or None,
                "start": t.start or None,
                "end": t.end or None,
                "speakers": list(t.speakers),
                "links": {
                    k: v
                    for k, v in (
                        ("talk", t.link),
                        ("video", t.video),
                        ("slides", t.slides),
                        ("code", t.code),
                    )
                    if v
                },
                "tags": list(t.tags),
                "status": t.status or "scheduled",
                "room": t.room or None,
                "track": t.track or None,
                "kind": t.kind or None,
                "language": t.language or None,
                "tools": sorted(tool.id for tool in q.tools_of(t)),
            }
        )
    tools = []
    for tool_id in sorted(q.tool_uses):
        tool = q.tool_uses[tool_id].tool
        mentions = tool_mentions[tool_id]
        tools.append(
            {
                "id": tool.id,
                "name": tool.name,
                "known": tool.known,
                "aliases": list(tool.aliases),
                "homepage": tool.homepage or None,
                "package": tool.package or None,
                "category": tool.category if tool.known else None,
                "description": tool.description or None,
                "url": url_of(tool_page, tool_anchor(tool)) if tool_page else None,
                "conferences": sorted({m["conference"] for m in mentions if m["conference"]}),
                "mentions": mentions,
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "conferences": [conferences[k] for k in sorted(conferences)],
        "reports": reports,
        "talks": talk_rows,
        "tools": tools,
        "speakers": [speakers[k] for k in sorted(speakers)],
    }


def write_catalogue(app: Sphinx, exception: Exception | None) -> None:
    name = cfg.get(app.config).catalogue
    if exception is not None or not name or app.builder.format != "html":
        return
    domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain

    def text() -> str:
        # Compact: the C encoder only runs without indent (5x faster on a large
        # site); ``python -m json.tool confnotes.json`` shows it indented.
        data = catalogue(domain, app.builder)
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"

    write_if_changed(app, Path(app.outdir) / name, domain.query, text)
