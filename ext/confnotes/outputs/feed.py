"""Atom feeds of reports (RFC 4287): ``reports.atom`` and one per conference.

Written with the standard library's ElementTree: a feed is a few elements per
report, ElementTree escapes every text and attribute, and it needs no
dependency. Written at ``build-finished`` from the environment, newest report
first, with no build timestamps (a report's ``published`` is its first day,
``updated`` its last, at midnight in the report's timezone), so the same
sources give the same bytes and an unchanged feed is not rewritten.

Atom needs absolute IRIs: the base is ``html_baseurl`` or Read the Docs'
``READTHEDOCS_CANONICAL_URL``. With neither, no feed is written: an info line
says why in a local build, a ``confnotes.feed`` warning on Read the Docs or
when ``confnotes_feed`` is set. Every HTML page links the site-wide feed in
its head, and a report page its conference's feed, so browsers and feed
readers discover them.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import ConfnotesConfig
from ..domain import ConfnotesDomain
from ..i18n import STATUS_LABELS, Messages, messages
from ..model import InputError, Report, Talk, zone
from ..warnings import Subtype, logger, warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_DIR = "feeds"
FEED_TYPE = "application/atom+xml"
HTML_BUILDERS = frozenset({"html", "dirhtml"})
# The site-wide feed carries the newest reports only: readers poll it often.
# A conference's feed carries all of its reports.
SITE_FEED_LENGTH = 50
# A summary names this many talks; the entry's content lists them all.
SUMMARY_TALKS = 10
EPOCH = "1970-01-01T00:00:00Z"  # for a report with no date (RFC 4287 needs an instant)

# -- words readers see (one place, for the message catalogue) -----------------------
NO_BASE_URL = (
    "no feed written: Atom needs absolute URLs; set html_baseurl "
    "(Read the Docs sets READTHEDOCS_CANONICAL_URL)"
)

# RFC 4287's atomLanguageTag (RFC 3066): what xml:lang may hold.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def base_url(app: Sphinx) -> str:
    base = app.config.html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    return base if not base or base.endswith("/") else base + "/"


def feeds_enabled(app: Sphinx) -> bool:
    """Whether this build writes feeds: the same answer for every page and the writer."""
    return bool(app.builder.name in HTML_BUILDERS and app.config.confnotes_feed and base_url(app))


def stable_id(project: str, name: str) -> str:
    """``urn:uuid:`` from the project and a page or feed name.

    Not from the base URL: RFC 4287 (4.2.6) keeps an id when a feed moves to
    another host, and the same report in two versions of the site is one entry.
    """
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"confnotes:{project}/{name}"))


def language_tag(value: str) -> str:
    """A BCP 47 tag as xml:lang and schema.org want it ('pt_BR' -> 'pt-BR'), or ''."""
    tag = value.strip().replace("_", "-")
    return tag if _LANGUAGE_TAG.fullmatch(tag) else ""


def conference_feed(key: str) -> str:
    return f"{FEED_DIR}/{key}.atom"


def _instant(day: str, timezone: str) -> dt.datetime | None:
    """Midnight of an ISO day in the report's zone (UTC when it has none)."""
    if not day:
        return None
    try:
        tz: dt.tzinfo = zone(timezone) if timezone else dt.UTC
    except InputError:
        tz = dt.UTC
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(0), tzinfo=tz)


def _stamp(instant: dt.datetime | None) -> str:
    # RFC 3339 with an upper-case T and Z, as RFC 4287 (3.3) requires.
    if instant is None:
        return EPOCH
    text = instant.isoformat(timespec="seconds")
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def date_range(report: Report) -> str:
    """ISO dates, as every reader reads them: '2021-07-12 – 2021-07-14'."""
    if report.start and report.end and report.end != report.start:
        return f"{report.start} \u2013 {report.end}"
    return report.start


def _talk_suffix(talk: Talk, m: Messages) -> str:
    return f" ({m.text(STATUS_LABELS[talk.status])})" if talk.status in STATUS_LABELS else ""


def entry_messages(report: Report, project_language: str = "") -> Messages:
    """The words of a report's entry: in the report's language."""
    return messages(report.language or project_language or "en")


def site_title(m: Messages, project: str) -> str:
    return m.format("{project}: reports", project=project)


def conference_title(m: Messages, project: str, conference: str) -> str:
    return m.format("{project}: reports from {conference}", project=project, conference=conference)


class Feeds:
    """What every feed of one build shares: the builder's URLs and the site's names."""

    def __init__(self, app: Sphinx, base: str) -> None:
        self.app = app
        self.base = base
        self.project: str = app.config.project
        self.language = language_tag(app.config.language or "")
        self.author: str = app.config.author or app.config.project
        domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
        self.talks = domain.talks

    def url(self, docname: str) -> str:
        return self.base + self.app.builder.get_target_uri(docname)

    def xml(self, path: str, title: str, reports: list[Report]) -> bytes:
        feed = ET.Element(f"{{{ATOM}}}feed")
        if self.language:
            feed.set(XML_LANG, self.language)
        _sub(feed, "id", stable_id(self.project, path))
        _sub(feed, "title", title)
        stamps = [(_instant(r.end or r.start, r.timezone), r) for r in reports]
        newest = max((s for s, _ in stamps if s is not None), default=None)
        _sub(feed, "updated", _stamp(newest))
        _sub(feed, "link", rel="self", type=FEED_TYPE, href=self.base + path)
        _sub(feed, "link", rel="alternate", type="text/html",
             href=self.url(self.app.config.root_doc))  # fmt: skip
        _sub(_sub(feed, "author"), "name", self.author)
        from .. import __version__  # the package imports this module

        _sub(feed, "generator", "confnotes", version=__version__)
        for updated, report in stamps:
            self._entry(feed, report, updated)
        ET.register_namespace("", ATOM)
        data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
        return data + b"\n"

    def _entry(self, feed: ET.Element, report: Report, updated: dt.datetime | None) -> None:
        entry = _sub(feed, "entry")
        lang = language_tag(report.language)
        if lang and lang != self.language:
            entry.set(XML_LANG, lang)
        page = self.url(report.docname)
        talks = self.talks.get(report.docname, [])
        _sub(entry, "id", stable_id(self.project, report.docname))
        _sub(entry, "title", report.title or report.name or report.docname)
        _sub(entry, "updated", _stamp(updated))
        if report.start:
            _sub(entry, "published", _stamp(_instant(report.start, report.timezone)))
        _sub(entry, "link", rel="alternate", type="text/html", href=page)
        if report.website:
            _sub(entry, "link", rel="related", type="text/html", href=report.website)
        for name in report.authors:
            _sub(_sub(entry, "author"), "name", name)
        if report.conference_key:
            _sub(entry, "category", term=report.conference_key, label=report.name)
        for tag in report.tags:
            _sub(entry, "category", term=tag)
        m = entry_messages(report, self.app.config.language or "")
        _sub(entry, "summary", summary(report, talks, m), type="text")
        _sub(entry, "content", content(report, talks, page, m), type="html")


def facts(report: Report, talks: Iterable[Talk] = (), m: Messages | None = None) -> str:
    """'EuroPython 2020 · 2020-07-24 · online · 5 talks' (the parts that are known)."""
    m = m or entry_messages(report)
    n = sum(1 for _ in talks)
    count = m.nformat("{n} talk", "{n} talks", n) if n else ""
    parts = [report.name, date_range(report), report.location, count]
    return " \u00b7 ".join(p for p in parts if p)


def summary(report: Report, talks: list[Talk], m: Messages | None = None) -> str:
    """The facts, then the first talks' titles: what a feed reader shows in a list."""
    m = m or entry_messages(report)
    titles = [t.title + _talk_suffix(t, m) for t in talks[:SUMMARY_TALKS]]
    if len(talks) > SUMMARY_TALKS:
        titles.append(m.format("and {n} more", n=m.number(len(talks) - SUMMARY_TALKS)))
    text = facts(report, talks, m)
    return f"{text}: {'; '.join(titles)}" if titles else text


def content(report: Report, talks: list[Talk], page: str, m: Messages | None = None) -> str:
    """The entry as HTML: the facts and every talk linked to its card.

    Titles and names are untrusted text: escaped here for HTML, and again by
    ElementTree for XML, so a reader shows them as written.
    """
    m = m or entry_messages(report)
    out = [f"<p>{html.escape(facts(report, talks, m))}</p>"]
    if talks:
        out.append("<ul>")
        for t in talks:
            when = f"{html.escape(t.time)} " if t.time else ""
            link = f'<a href="{html.escape(page + "#" + t.id)}">{html.escape(t.title)}</a>'
            who = f" \u2013 {html.escape(', '.join(t.speakers))}" if t.speakers else ""
            out.append(f"<li>{when}{link}{who}{html.escape(_talk_suffix(t, m))}</li>")
        out.append("</ul>")
    return "".join(out)


def _sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text:
        el.text = text
    return el


def newest_first(reports: Iterable[Report]) -> list[Report]:
    return sorted(reports, key=lambda r: (r.start or "", r.docname), reverse=True)


def feed_files(app: Sphinx, reports: list[Report]) -> dict[str, tuple[str, list[Report]]]:
    """Output path -> (title, reports), newest first: the site's and each conference's."""
    project = app.config.project
    m = messages(app.config.language or "en")  # the site's feeds speak the site's language
    files = {
        app.config.confnotes_feed: (site_title(m, project), reports[:SITE_FEED_LENGTH]),
    }
    for r in reports:
        if r.conference_key:
            name = conference_feed(r.conference_key)
            title = conference_title(m, project, r.name)
            files.setdefault(name, (title, []))[1].append(r)
    return files


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    base = base_url(app)
    if not base:
        if not domain.reports:
            return
        # A local preview has no public URL: say so without failing a -W build.
        # On Read the Docs (or with confnotes_feed set) a missing URL is a mistake.
        if (
            os.environ.get("READTHEDOCS") == "True"
            or app.config.confnotes_feed != ConfnotesConfig.feed
        ):
            warn(NO_BASE_URL, Subtype.FEED, None)
        else:
            logger.info("confnotes: " + NO_BASE_URL)
        return
    if not feeds_enabled(app):
        return
    out = Path(app.outdir)
    feeds = Feeds(app, base)
    files = feed_files(app, newest_first(domain.reports.values()))
    for name, (title, reports) in files.items():
        data = feeds.xml(name, title, reports)
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    # A conference whose last report went away leaves no feed behind.
    for old in (out / FEED_DIR).glob("*.atom"):
        if f"{FEED_DIR}/{old.name}" not in files:
            old.unlink()


def head_links(app: Sphinx, report: Report | None) -> str:
    """``<link rel="alternate">`` to the site's feed and the page's conference's."""
    base = base_url(app)
    project = app.config.project
    m = messages(app.config.language or "en")
    links = [(app.config.confnotes_feed, site_title(m, project))]
    if report is not None and report.conference_key:
        title = conference_title(m, project, report.name)
        links.append((conference_feed(report.conference_key), title))
    return "".join(
        f'<link rel="alternate" type="{FEED_TYPE}" title="{html.escape(title)}" '
        f'href="{html.escape(base + path)}" />\n'
        for path, title in links
    )


def add_feed_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # The site-wide feed is written whenever feeds are enabled (empty or not),
    # and a conference's feed whenever one of its reports exists: so these
    # links never point at a missing file, and need no look at other pages.
    if not feeds_enabled(app):
        return
    domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    links = head_links(app, domain.reports.get(pagename))
    context["metatags"] = context.get("metatags", "") + links


def setup_feed(app: Sphinx) -> None:
    app.connect("html-page-context", add_feed_links)
    app.connect("build-finished", write_feeds)
