"""Atom feeds of reports (RFC 4287): ``reports.atom`` and one per conference.

Written with the standard library's ElementTree (no dependency; the feed is
a dozen elements per entry, and ElementTree escapes all text). Written at
``build-finished`` from the environment, newest report first, with no build
timestamps: an entry's ``updated`` is its report's last day, so the same
sources give the same bytes. Atom needs absolute IRIs: the base is
``html_baseurl`` or Read the Docs' ``READTHEDOCS_CANONICAL_URL``; with neither,
no feed is written: an info line says why in a local build, a
``confnotes.feed`` warning on Read the Docs or when ``confnotes_feed`` is set.
"""

from __future__ import annotations

import os
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain import ConfnotesDomain
from ..model import Report
from ..warnings import Subtype, logger, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ATOM = "http://www.w3.org/2005/Atom"
FEED = "reports.atom"
FEED_DIR = "feeds"
HTML_BUILDERS = frozenset({"html", "dirhtml"})


def base_url(app: Sphinx) -> str:
    base = app.config.html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    return base if not base or base.endswith("/") else base + "/"


def stable_id(base: str, name: str) -> str:
    # urn:uuid from the site and the page name: the same page keeps its id.
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, base + name))


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z" if day else "1970-01-01T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text:
        el.text = text
    return el


def feed_xml(app: Sphinx, base: str, reports: list[Report], path: str, title: str) -> bytes:
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", stable_id(base, path))
    _sub(feed, "title", title)
    _sub(feed, "updated", _stamp(max((r.end or r.start for r in reports), default="")))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=base + path)
    root = app.builder.get_target_uri(app.config.root_doc)
    _sub(feed, "link", rel="alternate", type="text/html", href=base + root)
    author = _sub(feed, "author")
    _sub(author, "name", app.config.author or app.config.project)
    _sub(feed, "generator", "confnotes")
    for r in reports:
        entry = _sub(feed, "entry")
        _sub(entry, "id", stable_id(base, r.docname))
        _sub(entry, "title", r.title or r.name or r.docname)
        _sub(entry, "updated", _stamp(r.end or r.start))
        if r.start:
            _sub(entry, "published", _stamp(r.start))
        _sub(entry, "link", rel="alternate", type="text/html",
             href=base + app.builder.get_target_uri(r.docname))  # fmt: skip
        for name in r.authors:
            _sub(_sub(entry, "author"), "name", name)
        summary = ", ".join(p for p in (r.name, r.location) if p)
        if summary:
            _sub(entry, "summary", summary)
        for tag in r.tags:
            _sub(entry, "category", term=tag)
    ET.register_namespace("", ATOM)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _newest_first(reports: list[Report]) -> list[Report]:
    return sorted(reports, key=lambda r: (r.start or "", r.docname), reverse=True)


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    reports = _newest_first(list(domain.reports.values()))
    if not reports:
        return
    base = base_url(app)
    if not base:
        message = (
            "no feed written: Atom needs absolute URLs; set html_baseurl "
            "(Read the Docs sets READTHEDOCS_CANONICAL_URL)"
        )
        # A local preview has no public URL: say so without failing a -W build.
        # On Read the Docs (or with confnotes_feed set) a missing URL is a mistake.
        if os.environ.get("READTHEDOCS") == "True" or app.config.confnotes_feed != FEED:
            warn(message, Subtype.FEED, None)
        else:
            logger.info("confnotes: " + message)
        return
    if not app.config.confnotes_feed:
        return
    out = Path(app.outdir)
    files = {app.config.confnotes_feed: (reports, f"{app.config.project}: reports")}
    by_conf: dict[str, list[Report]] = {}
    for r in reports:
        if r.conference_key:
            by_conf.setdefault(r.conference_key, []).append(r)
    for key, rs in by_conf.items():
        files[f"{FEED_DIR}/{key}.atom"] = (rs, f"{app.config.project}: {rs[0].name}")
    for name, (rs, title) in files.items():
        data = feed_xml(app, base, rs, name, title)
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)


def setup_feed(app: Sphinx) -> None:
    app.connect("build-finished", write_feeds)
