"""Lay out the rewritten notes as a report page: prose, rubrics for breaks, the
series listing, and a talk card (through the shared writer) per talk section."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ....model import Talk
from ... import writer
from .headings import TalkHeading
from .markdown import Body, Heading
from .outline import Outline, Segment
from .records import Notes
from .rewrite import REFERENCE_DEF, Rewrites
from .text import TOOL, comment_lines
from .tools import ToolMarker
from .words import CONNECTORS, words

__all__ = ["Renderer"]

_CANCELLED_BODY_RE = re.compile(
    r"^\W*(?:this\s+)?(?:talk\s+)?(?:was\s+|is\s+|has\s+been\s+)?(?:cancell?ed|canceled)\W*$",
    re.IGNORECASE,
)


@dataclass
class Renderer:
    body: Body
    rewrites: Rewrites
    outline: Outline
    notes: Notes
    marker: ToolMarker | None
    series_known: bool  # the report names its conference, so {series} can list it
    talks_heading: tuple[int, int] | None  # (segment index, level) of a "Talks" heading
    talks: list[Talk] = field(default_factory=list)
    prose_seen: set[str] = field(default_factory=set)  # tools marked outside talks

    def page(self, segments: list[Segment]) -> list[str]:
        out: list[str] = []
        for number, segment in enumerate(segments):
            if self.talks_heading and segment.kind == "talk":
                index, level = self.talks_heading
                if index == number and level:
                    out += ["#" * level + " Talks", ""]
            if segment.kind == "talk":
                out += self._talk(segment)
            elif segment.kind == "break":
                out += self._break(segment)
            elif segment.kind == "series":
                out += self._series(segment)
            else:
                out += self._lines(segment.start, segment.end, self.prose_seen)
        return out

    def _lines(self, start: int, end: int, seen: set[str]) -> list[str]:
        out: list[str] = []
        headings = {h.line: h for h in self.outline.headings_in(start, end) if h.role != "removed"}
        html_lines = self.body.html_lines()
        skip_to = start
        for index in range(start, end):
            if index < skip_to:
                continue
            out += self.rewrites.before.get(index, [])
            heading = headings.get(index)
            if heading is not None:
                out += self._heading(heading)
                skip_to = heading.end
                continue
            lines = self.rewrites.replace.get(index, [self.body.lines[index]])
            plain = index not in self.body.code_lines and index not in html_lines
            if self.marker is not None and plain:
                lines = [self._mark(line, index, seen) for line in lines]
            out += lines
        return out

    def _mark(self, line: str, index: int, seen: set[str]) -> str:
        assert self.marker is not None
        if line.lstrip().startswith(("%", ":::", "```", "~~~")) or REFERENCE_DEF.match(line):
            return line
        return self.marker.mark(line, self.body.lineno(index), seen)

    def _heading(self, heading: Heading) -> list[str]:
        if heading.role == "title":
            return []
        replace = self.rewrites.replace
        content = replace.get(heading.line, [self.body.lines[heading.line]])
        text = heading.content
        if not heading.setext and content:
            text = re.sub(r"^\s{0,3}#{1,6}(?:\s+|$)", "", content[0])
            text = re.sub(r"\s+#+\s*$", "", text).rstrip()
        elif heading.setext:
            pieces = [
                replace.get(i, [self.body.lines[i]]) for i in range(heading.line, heading.end - 1)
            ]
            text = " ".join(" ".join(p).strip() for p in pieces)
        level = heading.out_level or heading.level
        if heading.role == "subsection":
            level = min(6, self.outline.talk_level + 1)
            self.notes.at(
                heading.line, "heading", f"'{text}' kept inside the talk above (level {level})"
            )
        return [("#" * level + " " + text).rstrip()]

    def _break(self, segment: Segment) -> list[str]:
        heading = segment.heading
        assert heading is not None
        text = " ".join(self._heading(heading)[0].lstrip("#").split())
        self.notes.at(heading.line, "non-talk", f"non-talk section (kept as a rubric): {text}")
        return [*self.rewrites.before.get(heading.line, []), f":::{{rubric}} {text}", ":::", ""]

    def _series(self, segment: Segment) -> list[str]:
        heading = segment.heading
        assert heading is not None
        rewrites = self.rewrites
        body = self._lines(heading.end, segment.end, self.prose_seen)
        first = next(
            (i for i in range(heading.end, segment.end) if self.body.lines[i].strip()), None
        )
        if first is None or first not in rewrites.liquid_removed:
            self.notes.at(heading.line, "heading", "series section without a Liquid listing kept")
            return self._heading(heading) + body
        if not self.series_known:
            # The series directive needs the report's conference to know its series.
            self.notes.at(
                heading.line, "liquid", f"section '{heading.content}' replaced by a comment"
            )
            comment = comment_lines(
                f'{TOOL}: section "{heading.content}" removed: the site generates series listings.'
            )
            return [*rewrites.before.get(heading.line, []), *comment, *body]
        self.notes.at(heading.line, "liquid", "series listing: Liquid loop replaced by {series}")
        end = rewrites.liquid_end[first] + 1
        listing = self._lines(heading.end, end, self.prose_seen)
        rest = self._lines(end, segment.end, self.prose_seen)
        return [*self._heading(heading), "", *listing, "```{series}", "```", "", *rest]

    def _talk(self, segment: Segment) -> list[str]:
        heading = segment.heading
        assert heading is not None and heading.talk is not None
        found = heading.talk
        body = writer.trim_blank(self._lines(heading.end, segment.end, set()))
        cancelled = found.cancelled or self._cancelled_in(heading.end, segment.end)
        links = dict(reversed(found.links))  # the first link of each kind
        talk = Talk(
            id="",
            docname="",
            lineno=self.body.lineno(heading.line),
            title=found.title,
            time=found.time,
            speakers=found.speakers,
            link=found.link,
            slides=links.get("slides", ""),
            video=links.get("video", ""),
            code=links.get("code", ""),
            status="cancelled" if cancelled else "",
        )
        preamble = list(self.rewrites.before.get(heading.line, []))
        if found.affiliations:
            preamble += comment_lines(
                f"{TOOL}: speaker affiliation: {'; '.join(found.affiliations)}"
            )
        if self._heading_words_lost(heading, found, talk):
            preamble += comment_lines(f"{TOOL}: heading in the notes: {heading.content}")
        if preamble:
            body = [*preamble, *([""] if body else []), *body]
        self._record(heading, found, talk)
        return [*writer.talk_block(talk, body), ""]

    @staticmethod
    def _heading_words_lost(heading: Heading, found: TalkHeading, talk: Talk) -> set[str]:
        kept = " ".join(
            [
                found.title,
                *(value for _, value in writer.talk_options(talk, with_date=False)),
                *found.affiliations,
                "cancelled" if found.cancelled else "",
            ]
        )
        return words(heading.content) - words(kept) - CONNECTORS

    def _record(self, heading: Heading, found: TalkHeading, talk: Talk) -> None:
        self.talks.append(talk)
        who = f" ({'; '.join(talk.speakers)})" if talk.speakers else ""
        when = f"{talk.time} " if talk.time else ""
        kind = "cancelled" if talk.cancelled else "talk"
        label = "cancelled talk" if talk.cancelled else "talk"
        self.notes.at(heading.line, kind, f'{label} {when}"{talk.title}"{who}')
        if found.link_note:
            self.notes.at(heading.line, "link", f"talk link: {found.link_note}")
        if found.affiliations:
            self.notes.at(
                heading.line,
                "talk",
                f"affiliation kept as a comment: {'; '.join(found.affiliations)}",
            )
        for doubt in found.doubts:
            self.notes.at(heading.line, "talk", f'{doubt} (talk "{talk.title}")', unsure=True)

    def _cancelled_in(self, start: int, end: int) -> bool:
        for token in self.body.tokens:
            if token.type != "inline" or token.map is None:
                continue
            if start <= token.map[0] < end and _CANCELLED_BODY_RE.match(token.content.strip()):
                return True
        return False
