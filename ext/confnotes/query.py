"""The joins every consumer needs, computed once per state of the store.

Listings, the catalogue, the finder, the feeds, the inventory and reference
resolution all ask the same questions of the domain (which tools a talk
mentions, which talks a speaker gave, at which conferences a tool came up).
They ask them here: a :class:`Query` is made from the domain's data and the
tool registry, computes each join on first use and keeps it until the data
changes (the domain then hands out a new Query), so every join is computed
once per build however many pages ask.

Nothing here is stored in the environment; it is derived from what is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import NamedTuple

from .model import Report, Talk, ToolMention, slug_or_digest
from .registry import Registry, Tool

OTHER = "Other pages"
# Pages without a conference sort after every conference.
NO_CONFERENCE = ("~", OTHER)


class ToolUse(NamedTuple):
    """A tool and every mention of it, in stable order (page name, then line)."""

    tool: Tool
    mentions: list[ToolMention]


class Query:
    """Read-only views over one state of the store (callers must not change them)."""

    def __init__(
        self,
        reports: Mapping[str, Report],
        talks: Mapping[str, list[Talk]],
        mentions: Mapping[str, list[ToolMention]],
        listings: Mapping[str, list[tuple[str, int]]],
        registry: Registry,
        page_title: Callable[[str], str] = str,
    ) -> None:
        self.reports = reports
        self.page_title = page_title  # a page's title as text (its name when it has none)
        self._talks = talks
        self._mentions = mentions
        self._listings = listings
        self.registry = registry
        self._tools: dict[str, Tool] = {}

    # -- records ---------------------------------------------------------------------

    def talks(self) -> Iterator[Talk]:
        """Every talk, in a stable order (page name, then written order)."""
        for docname in sorted(self._talks):
            yield from self._talks[docname]

    def talks_on(self, docname: str) -> list[Talk]:
        return self._talks.get(docname, [])

    def mentions(self) -> Iterator[ToolMention]:
        """Every tool mention, in a stable order (page name, then written order)."""
        for docname in sorted(self._mentions):
            yield from self._mentions[docname]

    def mention_pages(self) -> list[str]:
        return sorted(self._mentions)

    @cached_property
    def talk_index(self) -> dict[str, Talk]:
        """Talks by id; on a duplicate id, the first in stable order wins."""
        index: dict[str, Talk] = {}
        for talk in self.talks():
            index.setdefault(talk.id, talk)
        return index

    # -- pages of generated listings -------------------------------------------------

    @cached_property
    def _listing_pages(self) -> dict[str, list[str]]:
        pages: dict[str, list[str]] = defaultdict(list)
        for docname in sorted(self._listings):
            for kind, _ in self._listings[docname]:
                if docname not in pages[kind]:
                    pages[kind].append(docname)
        return pages

    def listing_page(self, kind: str) -> str | None:
        """The page holding the first listing of this kind (stable order)."""
        pages = self._listing_pages.get(kind)
        return pages[0] if pages else None

    def listing_pages(self, kind: str) -> list[str]:
        """Every page with a listing of this kind."""
        return self._listing_pages.get(kind, [])

    # -- tools -----------------------------------------------------------------------

    def tool_for(self, target: str) -> Tool:
        """The registry entry, or a flagged stand-in so unknown tools are not lost."""
        # Asked once per mention by every listing, the catalogue and each link,
        # for a few hundred distinct targets.
        tool = self._tools.get(target)
        if tool is None:
            tool = self._tools[target] = self.registry.find(target) or unknown_tool(target)
        return tool

    @cached_property
    def tool_uses(self) -> dict[str, ToolUse]:
        """Tool id -> its uses, every registry tool included (with no mentions)."""
        found = {t.id: ToolUse(t, []) for t in self.registry.tools.values()}
        for mention in self.mentions():
            tool = self.tool_for(mention.target)
            found.setdefault(tool.id, ToolUse(tool, [])).mentions.append(mention)
        return found

    @cached_property
    def talk_tools(self) -> dict[tuple[str, str], list[Tool]]:
        """(page, talk id) -> the tools its notes mention, in first-mention order."""
        out: dict[tuple[str, str], list[Tool]] = {}
        for mention in self.mentions():
            if mention.talk:
                tools = out.setdefault((mention.docname, mention.talk), [])
                tool = self.tool_for(mention.target)
                if tool not in tools:
                    tools.append(tool)
        return out

    def tools_of(self, talk: Talk) -> list[Tool]:
        return self.talk_tools.get((talk.docname, talk.id), [])

    @cached_property
    def tool_conferences(self) -> dict[str, dict[str, int]]:
        """Tool id -> conference name (or OTHER) -> number of mentions there."""
        out: dict[str, dict[str, int]] = {}
        for tool_id, use in self.tool_uses.items():
            counts: dict[str, int] = defaultdict(int)
            for mention in use.mentions:
                counts[self.conference_of(mention.docname)[1]] += 1
            out[tool_id] = dict(counts)
        return out

    @cached_property
    def tool_years(self) -> dict[str, dict[str, int]]:
        """Tool id -> year ('2023') -> number of mentions on reports dated that year
        (a report's year is its first day's); mentions elsewhere are left out."""
        out: dict[str, dict[str, int]] = {}
        year = {d: r.start[:4] for d, r in self.reports.items() if r.start}
        for tool_id, use in self.tool_uses.items():
            counts: dict[str, int] = defaultdict(int)
            for mention in use.mentions:
                when = year.get(mention.docname)
                if when:
                    counts[when] += 1
            out[tool_id] = dict(counts)
        return out

    @cached_property
    def years(self) -> list[str]:
        """The years some report is dated in, in order."""
        return sorted({r.start[:4] for r in self.reports.values() if r.start})

    # -- conferences -----------------------------------------------------------------

    @cached_property
    def conferences(self) -> dict[str, tuple[str, str]]:
        """Report page -> (sort key, name) of its conference, for pages that name one.

        All pages of one conference (day 1, day 2, ...) give the same key: the
        conference's earliest reported date.
        """
        first: dict[str, str] = {}
        for r in self.reports.values():
            day = r.start or "~"
            first[r.conference_key] = min(first.get(r.conference_key, day), day)
        return {d: (first[r.conference_key], r.name) for d, r in self.reports.items() if r.name}

    def conference_of(self, docname: str) -> tuple[str, str]:
        """(sort key, name) of the conference a page reports on; OTHER when none."""
        return self.conferences.get(docname, NO_CONFERENCE)

    # -- speakers --------------------------------------------------------------------

    @cached_property
    def speakers(self) -> dict[str, str]:
        """Speaker key (slug of the name) -> name as first written (stable order)."""
        names: dict[str, str] = {}
        for talk in self.talks():
            for name in talk.speakers:
                names.setdefault(speaker_key(name), name)
        return names

    @cached_property
    def speaker_talks(self) -> dict[str, list[Talk]]:
        """Speaker key -> their talks in stable order."""
        out: dict[str, list[Talk]] = defaultdict(list)
        for talk in self.talks():
            for name in talk.speakers:
                out[speaker_key(name)].append(talk)
        return dict(out)

    # -- change detection ------------------------------------------------------------

    def part(self, name: str) -> str:
        """``repr`` of one kind of data as listings show it, computed once.

        Listing fingerprints are made of these parts (see ``listings``): no line
        numbers, so editing a talk's notes (which moves the talks and mentions
        below it) changes no listing.
        """
        parts = self.__dict__.setdefault("_parts", {})
        if name not in parts:
            parts[name] = repr(PARTS[name](self))
        value: str = parts[name]
        return value


def _talk_part(q: Query) -> object:
    return [
        (t.id, t.docname, t.title, t.conference, t.conference_key, t.time, t.start,
         t.end, t.speakers, t.tags, t.status, t.room, t.track, t.kind, t.language,
         bool(t.video), bool(t.slides))
        for t in q.talks()
    ]  # fmt: skip


def _report_part(q: Query) -> object:
    return [(d, *_report_fields(q.reports[d])) for d in sorted(q.reports)]


def _report_fields(r: Report) -> tuple[object, ...]:
    return (r.title, r.conference, r.edition, r.series, r.start, r.end, r.timezone,
            r.location, r.website, r.language, r.authors, r.tags)  # fmt: skip


def _mention_part(q: Query) -> object:
    return [(m.target, m.docname, m.anchor, m.talk, m.section) for m in q.mentions()]


def _mention_page_part(q: Query) -> object:
    # Mentions outside any section are listed under their page's title.
    return [(d, q.page_title(d)) for d in q.mention_pages()]


PARTS: dict[str, Callable[[Query], object]] = {
    "talks": _talk_part,
    "reports": _report_part,
    "mentions": _mention_part,
    "mention-pages": _mention_page_part,
    "registry": lambda q: q.registry.fingerprint,
    "tool-page": lambda q: q.listing_page("tool-index"),
    "speaker-page": lambda q: q.listing_page("speaker-index"),
}


def unknown_tool(target: str) -> Tool:
    name = " ".join(target.split())
    return Tool(id=slug_or_digest(name), name=name, known=False)


def speaker_key(name: str) -> str:
    return slug_or_digest(name)


def speaker_anchor(name: str) -> str:
    return f"speaker-{speaker_key(name)}"


def tool_anchor(tool: Tool) -> str:
    return f"tool-{tool.id}"
