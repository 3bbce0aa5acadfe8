"""Records -> docutils nodes: the talk card and the report header.

Output is generic docutils (sections, containers, inline) carrying sphinx-design's
``sd-card`` classes, so HTML looks like a sphinx-design card and every other
builder still gets sensible structure. The talk is a ``section`` so it has a
place in the page's table of contents and a heading for screen readers.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval
from docutils import nodes
from sphinx import addnodes

from .model import Report, Talk
from .nodes import talk_time

# Titles, names, rooms ... are data (often from a programme): shown exactly as
# written, so Sphinx's smart quotes leave them alone ("--" stays "--").
LITERAL = "support_smartquotes"
STATUS_LABELS = {"cancelled": "Cancelled", "postponed": "Postponed"}
TAG_CLASSES = ["confnotes-tag", "sd-badge", "sd-outline-secondary", "sd-text-secondary"]


def _sep(text: str = " \u00b7 ") -> nodes.inline:
    return nodes.inline(text, text, classes=["confnotes-sep"])


def _link(text: str, url: str, classes: list[str]) -> nodes.reference:
    return nodes.reference(text, text, refuri=url, classes=classes)


def _time_nodes(talk: Talk, valid: bool) -> list[nodes.Node]:
    if not valid:
        # Keep what the author wrote (escaped, no datetime) so nothing is lost.
        return [
            nodes.inline(talk.time, talk.time, classes=["confnotes-time", "confnotes-time-invalid"])
        ]
    start, _, end = talk.time.partition("\u2013")
    out: list[nodes.Node] = [
        talk_time(start, start, datetime=talk.start, classes=["confnotes-time"])
    ]
    if end:
        out += [
            nodes.Text("\u2013"),
            talk_time(end, end, datetime=talk.end, classes=["confnotes-time"]),
        ]
    return out


def talk_card(
    talk: Talk, body: list[nodes.Node], time_valid: bool, *, index_speakers: bool = False
) -> nodes.section:
    classes = ["confnotes-talk", "sd-card", "sd-sphinx-override", "sd-shadow-sm", "sd-mb-4"]
    if talk.status:
        classes.append(f"confnotes-{talk.status}")
    card = nodes.section(ids=[talk.id], classes=classes)

    title = nodes.title(classes=["confnotes-talk-title", "sd-card-header"])
    title[LITERAL] = False
    if talk.time:
        title += _time_nodes(talk, time_valid)
        title += nodes.Text(" ")
    if talk.link:
        title += _link(talk.title, talk.link, ["confnotes-talk-link"])
    else:
        title += nodes.Text(talk.title)
    card += title

    # ';' separates an index entry from its sub-entry: keep titles whole.
    entry = talk.title.replace(";", ",")
    where = f" ({talk.conference})" if talk.conference else ""
    entries = [("single", f"{entry}{where}", talk.id, "", None)]
    if index_speakers:
        entries += [
            ("single", f"{name.replace(';', ',')}; {entry}", talk.id, "", None)
            for name in talk.speakers
        ]
    card += addnodes.index(entries=entries)

    meta = nodes.paragraph(classes=["confnotes-talk-meta"])
    meta[LITERAL] = False
    for i, name in enumerate(talk.speakers):
        if i:
            meta += nodes.Text(", ")
        # Resolved at write time: a link to the speaker index when the site has one.
        meta += addnodes.pending_xref(
            "",
            nodes.inline(name, name, classes=["confnotes-speaker"]),
            refdomain="confnotes",
            reftype="speaker",
            reftarget=name,
            refexplicit=True,
            refwarn=False,
            refdoc=talk.docname,
        )
    if talk.status:
        label = STATUS_LABELS[talk.status]
        if len(meta):
            meta += nodes.Text(" ")
        meta += nodes.inline(
            label,
            label,
            classes=["confnotes-status", "sd-badge", "sd-bg-danger", "sd-bg-text-danger"],
        )
    for what, value in (
        ("room", talk.room),
        ("track", talk.track),
        ("kind", talk.kind),
        ("language", talk.language),
    ):
        if value:
            meta += _sep() if len(meta) else nodes.Text("")
            meta += nodes.inline(value, value, classes=[f"confnotes-{what}"])
    for tag in talk.tags:
        meta += nodes.Text(" ")
        meta += nodes.inline(tag, tag, classes=TAG_CLASSES)
    extra = [
        (label, url)
        for label, url in (("Video", talk.video), ("Slides", talk.slides), ("Code", talk.code))
        if url
    ]
    for label, url in extra:
        meta += _sep()
        meta += _link(label, url, ["confnotes-resource"])
    if len(meta):
        card += nodes.container("", meta, classes=["confnotes-talk-header"])

    card += nodes.container("", *body, classes=["confnotes-talk-body", "sd-card-body"])
    return card


def as_block(card: nodes.section) -> nodes.container:
    """The same card as a plain block, for places where a section cannot go
    (inside a list, an admonition or another talk): no TOC entry, same anchor."""
    block = nodes.container(ids=card["ids"], classes=card["classes"])
    title = cast(nodes.title, card.children[0])  # talk_card puts the title first
    block += nodes.rubric("", "", *title.children, classes=title["classes"])
    block.extend(card.children[1:])
    return block


def _language_name(code: str, site_language: str) -> str:
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(site_language) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code


def _format_days(start: dt.date, end: dt.date, language: str) -> str:
    try:
        if start == end:
            return format_date(start, format="full", locale=language)
        return format_interval(start, end, skeleton="yMMMMd", locale=language)
    except (ValueError, TypeError, UnknownLocaleError):
        return (
            start.isoformat() if start == end else f"{start.isoformat()} \u2013 {end.isoformat()}"
        )


def report_header(report: Report, site_language: str) -> nodes.container:
    """A compact one-line header: conference, day(s), place, zone, language, authors."""
    lang = site_language.split("_")[0]
    line = nodes.paragraph(classes=["confnotes-report-line"])
    line[LITERAL] = False
    name = report.name or "Conference report"
    line += (
        _link(name, report.website, ["confnotes-conference"])
        if report.website
        else nodes.strong(name, name)
    )
    if report.start:
        start, end = dt.date.fromisoformat(report.start), dt.date.fromisoformat(report.end)
        text = _format_days(start, end, lang)
        line += _sep()
        datetime = report.start if start == end else f"{report.start}/{report.end}"
        # HTML's datetime has no range form: mark up the start, show the whole span.
        line += talk_time(
            text,
            text,
            datetime=report.start if start != end else datetime,
            classes=["confnotes-date"],
        )
    if report.location:
        line += _sep()
        line += nodes.inline(report.location, report.location, classes=["confnotes-location"])
    if report.timezone:
        text = f"times in {report.timezone}"
        line += _sep()
        line += nodes.inline(text, text, classes=["confnotes-timezone"])
    if report.language and report.language.split("-")[0].lower() != lang.lower():
        text = f"written in {_language_name(report.language, lang)}"
        line += _sep()
        line += nodes.inline(text, text, classes=["confnotes-language"])
    if report.authors:
        text = "by " + ", ".join(report.authors)
        line += _sep()
        line += nodes.inline(text, text, classes=["confnotes-authors"])
    for tag in report.tags:
        line += nodes.Text(" ")
        line += nodes.inline(tag, tag, classes=TAG_CLASSES)
    return nodes.container("", line, classes=["confnotes-report", f"language-{lang}"])


def block_name(parent: nodes.Node) -> str:
    """How to name, in a warning, the block a talk was nested in."""
    tag = getattr(parent, "tagname", "block")
    return {"list_item": "list", "Element": "block", "container": "block"}.get(tag, tag)
