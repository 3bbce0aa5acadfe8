"""Page metadata for search engines and link previews: schema.org JSON-LD.

Each page with talks gets one ``<script type="application/ld+json">``: an
``Event`` per talk (a ``VideoObject`` where a recording is known, the
conference as its ``superEvent``). A report page also tells sphinxext-opengraph
(when the site uses it) that it is an article, and gives it and search engines
a description made of the report's facts and talk titles instead of the
report header's text.

Added at ``html-page-context`` from that page's own records only, so the
output changes exactly when the page does and costs O(talks on the page).
'<', '>' and '&' are written as \\u escapes: no title can close the script
element or open a comment.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from docutils import nodes

from ..domain import ConfnotesDomain
from ..model import InputError, Report, Talk, parse_talk_time
from .feed import base_url, language_tag, summary

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SCHEMA = "https://schema.org/"
STATUS = {"cancelled": "EventCancelled", "postponed": "EventPostponed"}
ATTENDANCE = {
    "online": "OnlineEventAttendanceMode",
    "offline": "OfflineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
}
# A :location: that starts with one of these words is online ("online",
# "Online (Zoom)", "virtual", "remote"); one that names one later, or
# "hybrid", is a place with a stream ("Berlin and online").
ONLINE_WORDS = frozenset(
    {"online", "virtual", "remote", "livestream", "livestreamed", "streamed", "webinar"}
)
HYBRID_WORDS = frozenset({"hybrid"})
VIDEO_FILES = (".mp4", ".webm", ".ogv", ".ogg", ".mov", ".m4v", ".mkv")
DESCRIPTION_LENGTH = 200  # sphinxext-opengraph's default
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def attendance(location: str) -> str:
    """'online', 'mixed', 'offline', or '' when no location is known."""
    words = re.findall(r"\w+", location.lower())
    if not words:
        return ""
    if words[0] in ONLINE_WORDS:
        return "online"
    if HYBRID_WORDS.intersection(words) or ONLINE_WORDS.intersection(words):
        return "mixed"
    return "offline"


def locations(report: Report, page: str) -> tuple[str, Any]:
    """(attendance mode, schema.org location) of a report's event; for an online
    one, the conference's website is where to attend, else the report page."""
    mode = attendance(report.location)
    virtual = {"@type": "VirtualLocation", "url": report.website or page}
    place = {"@type": "Place", "name": report.location, "address": report.location}
    if mode == "online":
        return mode, virtual
    if mode == "mixed":
        return mode, [place, virtual]
    if mode == "offline":
        return mode, place
    return "", None


def _dates(talk: Talk, report: Report | None) -> tuple[str, str]:
    """Start and end as schema.org Date or DateTime values, or ''.

    A talk's own instant when the report gave it date and zone; a local time on
    the report's only day when it gave no zone; else the report's days.
    """
    if "T" in talk.start:
        return talk.start, talk.end
    if report is None or not report.start:
        return "", ""
    if talk.time and report.start == report.end:
        try:
            clock = parse_talk_time(talk.time)
        except InputError:
            pass
        else:
            end = f"{report.start}T{clock.end:%H:%M}" if clock.end else ""
            return f"{report.start}T{clock.start:%H:%M}", end
    return report.start, report.end


def video_object(talk: Talk, language: str) -> dict[str, Any]:
    """A ``VideoObject`` for the talk's recording: a player page, an embeddable
    player and a thumbnail for YouTube and Vimeo, the file for a direct link."""
    video: dict[str, Any] = {"@type": "VideoObject", "name": talk.title, "url": talk.video}
    parts = urlsplit(talk.video)
    host = parts.hostname or ""
    path = parts.path.strip("/").split("/")
    youtube = ""
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        if path[0] == "watch":
            youtube = parse_qs(parts.query).get("v", [""])[0]
        elif len(path) == 2 and path[0] in ("embed", "live", "shorts", "v"):
            youtube = path[1]
    elif host == "youtu.be":
        youtube = path[0]
    if _YOUTUBE_ID.fullmatch(youtube):
        video["embedUrl"] = f"https://www.youtube.com/embed/{youtube}"
        video["thumbnailUrl"] = f"https://i.ytimg.com/vi/{youtube}/hqdefault.jpg"
    elif host.endswith("vimeo.com") and path[-1].isdigit():
        video["embedUrl"] = f"https://player.vimeo.com/video/{path[-1]}"
    elif parts.path.lower().endswith(VIDEO_FILES):
        video["contentUrl"] = talk.video
    if talk.abstract:
        video["description"] = talk.abstract
    if language:
        video["inLanguage"] = language
    return video


@dataclass(frozen=True)
class PageFacts:
    """What every talk on one page shares: computed once per page."""

    page: str  # the page's URL
    report: Report | None
    language: str  # the report's, else the project's
    mode: str = ""  # attendance(report.location)
    location: Any = None
    conference: dict[str, Any] | None = None

    @classmethod
    def of(cls, page: str, report: Report | None, project_language: str) -> PageFacts:
        if report is None:
            return cls(page, None, project_language)
        mode, location = locations(report, page)
        return cls(
            page,
            report,
            language_tag(report.language) or project_language,
            mode,
            location,
            conference_event(report, mode, location) if report.name else None,
        )


def talk_event(talk: Talk, facts: PageFacts) -> dict[str, Any]:
    """The schema.org ``Event`` of one talk."""
    url = f"{facts.page}#{talk.id}"
    event: dict[str, Any] = {
        "@type": "Event",
        "name": talk.title,
        "url": url,
        "eventStatus": SCHEMA + STATUS.get(talk.status, "EventScheduled"),
    }
    start, end = _dates(talk, facts.report)
    if start:
        event["startDate"] = start
    if end:
        event["endDate"] = end
    if facts.mode:
        event["eventAttendanceMode"] = SCHEMA + ATTENDANCE[facts.mode]
        event["location"] = facts.location
    if talk.speakers:
        event["performer"] = [{"@type": "Person", "name": n} for n in talk.speakers]
    lang = language_tag(talk.language) or facts.language
    if lang:
        event["inLanguage"] = lang
    if talk.abstract:
        event["description"] = talk.abstract
    if talk.link:
        event["sameAs"] = talk.link  # the conference's own page of the talk
    if facts.conference is not None:
        event["superEvent"] = facts.conference
    if talk.video:
        event["recordedIn"] = video_object(talk, lang)
    return event


def conference_event(report: Report, mode: str, location: Any) -> dict[str, Any]:
    """The conference, as the talks' ``superEvent``."""
    conference: dict[str, Any] = {"@type": "Event", "name": report.name}
    if report.website:
        conference["url"] = report.website
    if report.start:
        conference["startDate"] = report.start
        conference["endDate"] = report.end or report.start
    if mode:
        conference["eventAttendanceMode"] = SCHEMA + ATTENDANCE[mode]
        conference["location"] = location
    return conference


def script_text(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_url(app: Sphinx, pagename: str) -> str:
    """The page's absolute URL when the site's base URL is known, else its
    URL relative to itself (what a JSON-LD processor resolves against it)."""
    base = base_url(app)
    if base:
        return base + app.builder.get_target_uri(pagename)
    return app.builder.get_relative_uri(pagename, pagename)


def description(report: Report, talks: list[Talk], doctree: nodes.Node | None) -> str:
    """The report's facts and first talk titles (or, for a report without talk
    cards, its first paragraph), cut at a word to fit a link preview."""
    text = summary(report, talks)
    if not talks and doctree is not None:
        first = _first_paragraph(doctree)
        text = f"{text}: {first}" if first else text
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:\u00b7") + "\u2026"


def _first_paragraph(doctree: nodes.Node) -> str:
    """The text of the page's first paragraph of the author's own (not inside
    what confnotes generated, an admonition, a figure or a table)."""
    for para in doctree.findall(nodes.paragraph):
        parent = para.parent
        while parent is not None:
            if isinstance(parent, (nodes.Admonition, nodes.figure, nodes.table)) or any(
                c.startswith("confnotes") for c in parent.get("classes", ())
            ):
                break
            parent = parent.parent
        else:
            return " ".join(para.astext().split())
    return ""


def add_page_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # Web pages only: an e-book has no search engine or link preview to tell,
    # and a script would make its pages "scripted" content.
    if app.builder.format != "html" or app.builder.name == "epub":
        return
    domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    talks = domain.talks.get(pagename, [])
    report = domain.reports.get(pagename)
    metatags: str = context.get("metatags", "")
    if report is not None:
        # sphinxext-opengraph reads per-page fields from "meta" (a page's own
        # og:* fields win) and writes no description meta when one exists.
        meta = dict(context.get("meta") or {})
        text = description(report, talks, doctree)
        meta.setdefault("og:type", "article")
        if text and "og:description" not in meta and 'name="description"' not in metatags:
            meta["og:description"] = html.escape(text)  # it writes fields as given
            metatags += f'<meta name="description" content="{html.escape(text)}" />\n'
        context["meta"] = meta
    if talks:
        facts = PageFacts.of(
            page_url(app, pagename), report, language_tag(app.config.language or "")
        )
        data = {"@context": "https://schema.org", "@graph": [talk_event(t, facts) for t in talks]}
        metatags += f'<script type="application/ld+json">{script_text(data)}</script>\n'
    context["metatags"] = metatags


def setup_jsonld(app: Sphinx) -> None:
    # Before sphinxext-opengraph (default priority 500), which reads "meta".
    app.connect("html-page-context", add_page_metadata, priority=400)
