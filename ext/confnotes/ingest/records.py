"""What a source gives the commands: the programme (model records) and notes about
what was odd in it, plus the steps every programme source shares."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import KINDS, Programme, Report, Talk, clean_text

__all__ = [
    "Loaded",
    "clock_label",
    "finish",
    "kind_of",
    "language_tag",
    "minutes",
    "report_for",
    "text",
    "zone_for_offsets",
]


@dataclass(frozen=True)
class Loaded:
    """A source read: its programme, what kind it was, and notes for the summary."""

    programme: Programme
    kind: str
    notes: tuple[str, ...] = ()


def text(value: object) -> str:
    """A string field of a source as one clean line ('' for anything else)."""
    return clean_text(value)[0] if isinstance(value, str) else ""


_KIND_WORDS = (("keynote", "keynote"), ("tutorial", "tutorial"), ("workshop", "workshop"),
               ("lightning", "lightning"), ("panel", "panel"), ("podium", "panel"),
               ("talk", "talk"), ("lecture", "talk"), ("vortrag", "talk"))  # fmt: skip


def kind_of(value: str) -> str:
    """A programme's session type ('Talk 30 min + 10min Q&A', 'lecture') as one of KINDS."""
    low = value.casefold()
    kind = next((k for word, k in _KIND_WORDS if word in low), "")
    return kind if kind in KINDS else ""


def language_tag(value: str) -> str:
    value = value.strip()
    return value if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value) else ""


def minutes(value: object) -> int | None:
    """A duration: '00:30', '1:30:00', '90' or 90 -> minutes; None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value >= 0 else None
    parts = str(value or "").strip().split(":")
    if not parts[0] or len(parts) > 3 or not all(p.isdigit() for p in parts):
        return None
    if len(parts) == 1:
        return int(parts[0])
    return int(parts[0]) * 60 + int(parts[1])


def clock_label(start: dt.datetime, end: dt.datetime | None) -> str:
    """'HH:MM-HH:MM' on the card; the start alone when the talk ends after midnight
    (a card's time is one day's wall clock)."""
    label = start.strftime("%H:%M")
    if end is not None and end.date() == start.date() and end > start:
        label += "-" + end.strftime("%H:%M")
    return label


def zone_for_offsets(offsets: Iterable[dt.timedelta | None]) -> str:
    """An IANA name for one fixed UTC offset ('UTC', 'Etc/GMT-2' for +02:00), or ''."""
    found = set(offsets)
    if len(found) != 1:
        return ""
    offset = found.pop()
    if offset is None or offset % dt.timedelta(hours=1):
        return ""
    hours = int(offset / dt.timedelta(hours=1))
    if not hours:
        return "UTC"
    return f"Etc/GMT{-hours:+d}" if -14 <= hours <= 12 else ""  # POSIX signs are inverted


def report_for(
    title: str,
    *,
    conference: str = "",
    edition: str = "",
    timezone: str = "",
    website: str = "",
) -> Report:
    """A report for a programme titled e.g. 'PyCon DE & PyData Berlin 2024' (the year is
    the edition, unless conference and edition are given)."""
    title = text(title)
    if not conference:
        match = re.search(r"\b(?:19|20)\d\d\b", title)
        conference = title
        if match:
            edition = edition or match[0]
            conference = " ".join((title[: match.start()] + title[match.end() :]).split())
            conference = conference.strip(" -–—:,") or title
    name = " ".join(p for p in (conference, edition) if p)
    return Report(
        docname="", lineno=0, title=title or name or "Programme",
        conference=conference, edition=edition, timezone=timezone, website=website,
    )  # fmt: skip


def finish(report: Report, talks: list[Talk], skipped: Iterable[str] = ()) -> Programme:
    """Talks in time order; the report's dates span the talks and its language is the
    talks' usual one, so only a talk in another language carries its own."""
    talks = sorted(talks, key=lambda t: (_instant(t.start), t.room, t.title))
    days = sorted({t.start[:10] for t in talks if t.start[:4].isdigit()})
    languages = Counter(t.language for t in talks if t.language)
    usual = report.language or (languages.most_common(1)[0][0] if languages else "")
    talks = [
        dataclasses.replace(
            t,
            language="" if t.language == usual else t.language,
            programme_id=re.sub(r"\s+", "-", t.programme_id.strip()),  # one token on a card
        )
        for t in talks
    ]
    report = dataclasses.replace(
        report,
        start=days[0] if days else report.start,
        end=days[-1] if days else report.end,
        language=usual,
    )
    return Programme(report, tuple(talks), tuple(skipped))


def _instant(start: str) -> str:
    """Sort key: the UTC instant when the start has an offset, else the text."""
    try:
        moment = dt.datetime.fromisoformat(start)
    except ValueError:
        return start
    if moment.tzinfo is None:
        return start
    return moment.astimezone(dt.UTC).isoformat()
