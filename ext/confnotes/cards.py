"""Records -> docutils nodes: the talk card and the report header.

Output is generic docutils (sections, containers, inline) carrying sphinx-design's
``sd-card`` classes, so HTML looks like a sphinx-design card and every other
builder still gets sensible structure. The talk is a ``section`` so it has a
place in the page's table of contents and a heading for screen readers.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from docutils import nodes
from sphinx import addnodes

from .i18n import KIND_LABELS, STATUS_LABELS, Messages
from .model import Report, Talk
from .nodes import talk_time

# Titles, names, rooms ... are data (often from a programme): shown exactly as
# written, so Sphinx's smart quotes leave them alone ("--" stays "--").
LITERAL = "support_smartquotes"
# Badges look the same with and without sphinx-design on the site: confnotes.css
# styles its own classes; sphinx-design's, also given, style them where it is loaded.
TAG_CLASSES = [
    "confnotes-tag",
    "confnotes-badge",
    "confnotes-badge-outline",
    "sd-badge",
    "sd-outline-secondary",
    "sd-text-secondary",
]


def badge_classes(colour: str) -> list[str]:
    """A filled badge: 'danger' (cancelled), 'warning' (not in the registry)."""
    return [
        "confnotes-badge",
        f"confnotes-badge-{colour}",
        "sd-badge",
        f"sd-bg-{colour}",
        f"sd-bg-text-{colour}",
    ]


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
    talk: Talk,
    body: list[nodes.Node],
    time_valid: bool,
    m: Messages,
    *,
    index_speakers: bool = False,
) -> nodes.section:
    """The card; its words (badges, link labels) in the language of ``m``."""
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
        # The name as text; the link (or, without a speaker page, a span) gets the class.
        meta += addnodes.pending_xref(
            "",
            nodes.Text(name),
            classes=["confnotes-speaker"],
            refdomain="confnotes",
            reftype="speaker",
            reftarget=name,
            refexplicit=True,
            refwarn=False,
            refdoc=talk.docname,
        )
    if talk.status:
        label = m.text(STATUS_LABELS[talk.status])
        if len(meta):
            meta += nodes.Text(" ")
        meta += nodes.inline(
            label,
            label,
            classes=["confnotes-status", *badge_classes("danger")],
        )
    for what, value in (
        ("room", talk.room),
        ("track", talk.track),
        ("kind", m.text(KIND_LABELS[talk.kind]) if talk.kind in KIND_LABELS else talk.kind),
        ("language", m.language_name(talk.language) if talk.language else ""),
    ):
        if value:
            meta += _sep() if len(meta) else nodes.Text("")
            meta += nodes.inline(value, value, classes=[f"confnotes-{what}"])
    for tag in talk.tags:
        meta += nodes.Text(" ")
        meta += nodes.inline(tag, tag, classes=TAG_CLASSES)
    extra = [
        (label, url)
        for label, url in (
            (m.gettext("Video"), talk.video),
            (m.gettext("Slides"), talk.slides),
            (m.gettext("Code"), talk.code),
        )
        if url
    ]
    for label, url in extra:
        meta += _sep()
        meta += _link(label, url, ["confnotes-resource"])
    if len(meta):
        card += meta

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


def report_header(report: Report, m: Messages, site_language: str) -> nodes.container:
    """A compact one-line header: conference, day(s), place, zone, language, authors,
    in the language of ``m`` (the report's own)."""
    line = nodes.paragraph(classes=["confnotes-report-line"])
    line[LITERAL] = False
    name = report.name or m.gettext("Conference report")
    line += (
        _link(name, report.website, ["confnotes-conference"])
        if report.website
        else nodes.strong(name, name)
    )
    if report.start:
        start, end = dt.date.fromisoformat(report.start), dt.date.fromisoformat(report.end)
        text = m.day(start) if start == end else m.days(start, end)
        line += _sep()
        # HTML's datetime has no range form: mark up the start, show the whole span.
        line += talk_time(text, text, datetime=report.start, classes=["confnotes-date"])
    if report.location:
        line += _sep()
        line += nodes.inline(report.location, report.location, classes=["confnotes-location"])
    if report.timezone:
        text = m.format("times in {timezone}", timezone=report.timezone)
        line += _sep()
        line += nodes.inline(text, text, classes=["confnotes-timezone"])
    site = site_language.replace("_", "-").split("-")[0].lower()
    if report.language and report.language.split("-")[0].lower() != site:
        # For readers of the rest of the site: this page is in another language.
        text = m.format("written in {language}", language=m.language_name(report.language))
        line += _sep()
        line += nodes.inline(text, text, classes=["confnotes-language"])
    if report.authors:
        text = m.format("by {authors}", authors=m.join(report.authors))
        line += _sep()
        line += nodes.inline(text, text, classes=["confnotes-authors"])
    for tag in report.tags:
        line += nodes.Text(" ")
        line += nodes.inline(tag, tag, classes=TAG_CLASSES)
    return nodes.container("", line, classes=["confnotes-report", f"language-{m.language}"])


def block_name(parent: nodes.Node) -> str:
    """How to name, in a warning, the block a talk was nested in."""
    tag = getattr(parent, "tagname", "block")
    return {"list_item": "list", "Element": "block", "container": "block"}.get(tag, tag)
