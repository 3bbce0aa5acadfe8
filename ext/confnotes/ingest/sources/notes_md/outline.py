"""The notes' outline: which headings are talks, breaks, a series listing or the page
title, at which level talks sit, and the segments the page is rendered from."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .headings import (
    BreakHeading,
    TalkHeading,
    classify_heading,
    link_prefix,
    linked_talk,
    only_extra_link,
)
from .links import fix_url
from .markdown import Body, Heading, LinkPart
from .records import Notes

__all__ = ["Outline", "Segment", "assign_levels", "classify", "leading_h1"]

_SUBSECTION_RE = re.compile(
    r"^\s*(?:notes?|my\s+notes|my\s+thoughts|thoughts|summary|takeaways?|key\s+takeaways|"
    r"comments?|q\s*&\s*a|questions?|resources|links|slides|"
    r"notes?\s+(?:from|of|on)\s+(?:the\s+)?talk|aantekeningen|gedachten)\s*:?\s*$",
    re.IGNORECASE,
)
_SERIES_RE = re.compile(
    r"^\s*(?:other\s+posts(?:\s+in\s+(?:this\s+)?series)?|posts\s+in\s+(?:this\s+)?series|"
    r"(?:this\s+)?series|related\s+posts)\s*:?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Segment:
    kind: str  # prose, talk, break, series
    start: int
    end: int
    heading: Heading | None = None


@dataclass(frozen=True)
class Outline:
    body: Body
    talk_level: int  # heading level of the talks; 0 when there are none

    def headings_in(self, start: int, end: int) -> list[Heading]:
        return [h for h in self.body.headings if start <= h.line < end]

    def segments(self) -> list[Segment]:
        headings = self.body.headings
        segments: list[Segment] = []
        cursor = 0
        i = 0
        while i < len(headings):
            heading = headings[i]
            if heading.role not in ("talk", "break", "series"):
                i += 1
                continue
            if heading.line > cursor:
                segments.append(Segment("prose", cursor, heading.line))
            level = self.talk_level if heading.role == "talk" else heading.level
            j = i + 1
            if heading.role != "break":
                while j < len(headings) and not _ends(headings[j], level):
                    j += 1
            end = headings[j].line if j < len(headings) else len(self.body.lines)
            if heading.role == "break":
                end = heading.end
            segments.append(Segment(heading.role, heading.line, end, heading))
            cursor = end
            i = j
        if cursor < len(self.body.lines):
            segments.append(Segment("prose", cursor, len(self.body.lines)))
        return segments


def _ends(heading: Heading, level: int) -> bool:
    return heading.level <= level and heading.role not in ("subsection", "removed")


def classify(body: Body, removed: set[int], notes: Notes) -> Outline:
    """Give every heading its role; talks are headings like the others at the talk level."""
    headings = body.headings
    for heading in headings:
        if heading.line in removed:
            heading.role = "removed"
            continue
        kind = classify_heading(heading.parts)
        if isinstance(kind, TalkHeading):
            heading.role, heading.talk = "talk", kind
        elif isinstance(kind, BreakHeading):
            heading.role = "break"
        elif _SERIES_RE.match(heading.content):
            heading.role = "series"
    talk_level = _talk_level(headings)
    _talks_like_siblings(headings, talk_level)
    previous: Heading | None = None
    for heading in headings:
        if heading.role == "talk" and heading.level != talk_level:
            notes.at(
                heading.line,
                "heading",
                f"talk-like heading at level {heading.level} (talks are at level "
                f"{talk_level}) kept as a heading",
                unsure=True,
            )
            heading.role = "plain"
        elif heading.role == "break" and heading.level != talk_level:
            heading.role = "plain"
        if (
            heading.level == talk_level
            and heading.role == "plain"
            and previous is not None
            and previous.role in ("talk", "subsection")
            and (_SUBSECTION_RE.match(heading.content) or only_extra_link(heading.parts))
        ):
            heading.role = "subsection"
        if heading.level <= talk_level:
            previous = heading
    return Outline(body, talk_level)


def _talks_like_siblings(headings: list[Heading], talk_level: int) -> None:
    """'## [Title](https://conf/session/x) (JD)': a talk if its link is like the others'."""
    prefixes = {
        link_prefix(h.talk.link)
        for h in headings
        if h.talk and h.talk.link and h.level == talk_level
    }
    prefixes.discard("")
    for heading in headings:
        first = heading.parts[0] if heading.parts else None
        if heading.role != "plain" or heading.level != talk_level:
            continue
        if not isinstance(first, LinkPart) or link_prefix(fix_url(first.href)[0]) not in prefixes:
            continue
        talk = linked_talk("", list(heading.parts))
        if isinstance(talk, TalkHeading):
            heading.role, heading.talk = "talk", talk


def _talk_level(headings: list[Heading]) -> int:
    timed = Counter(h.level for h in headings if h.talk and h.talk.has_time)
    untimed = Counter(h.level for h in headings if h.talk and not h.talk.has_time)
    counts = timed or untimed
    if not counts:
        return 0
    best = max(counts.values())
    return min(level for level, n in counts.items() if n == best)


def leading_h1(body: Body, replace: dict[int, list[str]]) -> Heading | None:
    """The one H1, when nothing but removed text comes before it: the page title."""
    h1 = [h for h in body.headings if h.level == 1]
    if len(h1) != 1 or h1[0].role != "plain":
        return None
    before = [
        line
        for index, line in enumerate(body.lines[: h1[0].line])
        if line.strip()
        and replace.get(index, [line]) != []
        and not all(x.startswith("%") for x in replace.get(index, [line]))
    ]
    return None if before else h1[0]


def assign_levels(
    outline: Outline, segments: list[Segment], notes: Notes
) -> tuple[int, int] | None:
    """Consecutive heading levels under the page title (MyST warns about jumps).

    Returns where a "Talks" heading goes: (segment index, level; 0 for none)."""
    has_h1 = any(h.level == 1 and h.role != "title" for h in outline.body.headings)
    shift = 1 if has_h1 else 0
    previous = 1
    talks_heading: tuple[int, int] | None = None
    for number, segment in enumerate(segments):
        if segment.kind == "talk" and talks_heading is None:
            if previous >= outline.talk_level + shift and previous > 1:
                level = min(outline.talk_level + shift, previous + 1)
                talks_heading = (number, level)
                previous = level
            else:
                talks_heading = (number, 0)
        if segment.kind not in ("prose", "series"):
            continue
        for heading in outline.headings_in(segment.start, segment.end):
            if heading.role in ("title", "removed"):
                continue
            level = min(heading.level + shift, previous + 1, 6)
            heading.out_level = level
            if level != heading.level:
                notes.at(heading.line, "heading", f"heading level {heading.level} -> {level}")
            previous = level
    return talks_heading
