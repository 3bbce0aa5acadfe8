"""schema.org JSON-LD for the talks on a page: one ``Event`` per talk.

Added to the page's ``metatags`` at ``html-page-context`` from that page's own
records only, so it changes exactly when the page does. '<', '>' and '&' are
written as \\u escapes: no title can close the script element.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..domain import ConfnotesDomain
from ..model import Report, Talk
from .feed import base_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SCHEMA = "https://schema.org/"


def talk_event(talk: Talk, report: Report | None, page_url: str) -> dict[str, Any]:
    event: dict[str, Any] = {
        "@type": "Event",
        "name": talk.title,
        "url": f"{page_url}#{talk.id}",
        "eventStatus": SCHEMA + ("EventCancelled" if talk.cancelled else "EventScheduled"),
    }
    start = talk.start or (report.start if report else "")
    if start:
        event["startDate"] = start
    end = talk.end or (report.end if report and not talk.start else "")
    if end:
        event["endDate"] = end
    location = report.location if report else ""
    if location.strip().lower() == "online":
        event["eventAttendanceMode"] = SCHEMA + "OnlineEventAttendanceMode"
        event["location"] = (
            {"@type": "VirtualLocation", "url": report.website or talk.link or event["url"]}
            if report
            else {"@type": "VirtualLocation"}
        )
    elif location:
        event["location"] = {"@type": "Place", "name": location}
    if talk.speakers:
        event["performer"] = [{"@type": "Person", "name": n} for n in talk.speakers]
    lang = talk.language or (report.language if report else "")
    if lang:
        event["inLanguage"] = lang
    if report and report.name:
        event["superEvent"] = {"@type": "Event", "name": report.name}
    if talk.video:
        event["recordedIn"] = {
            "@type": "VideoObject",
            "name": talk.title,
            "url": talk.video,
            "contentUrl": talk.video,
        }
    return event


def script_text(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def add_jsonld(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html":
        return
    domain: ConfnotesDomain = app.env.domains["confnotes"]  # type: ignore[assignment]  # env.domains gives a Domain
    talks = domain.talks.get(pagename)
    if not talks:
        return
    base = base_url(app)
    page_url = (
        base + app.builder.get_target_uri(pagename)
        if base
        else app.builder.get_target_uri(pagename)
    )
    report = domain.reports.get(pagename)
    data = {
        "@context": "https://schema.org",
        "@graph": [talk_event(t, report, page_url) for t in talks],
    }
    tag = f'<script type="application/ld+json">{script_text(data)}</script>\n'
    context["metatags"] = context.get("metatags", "") + tag


def setup_jsonld(app: Sphinx) -> None:
    app.connect("html-page-context", add_jsonld)
