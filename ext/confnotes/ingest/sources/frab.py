"""The c3voc/frab schedule model (pretalx, frab and most community tools export it) ->
model records. :mod:`.frab_json` and :mod:`.frab_xml` read the two encodings into the
same plain structure: a conference dict with ``days[].rooms{room: [event]}``.

Quirks of real exports handled here:

* no ``time_zone_name`` (pretalx before 2.x, frab-era files): the offsets of the event
  dates are used (one fixed offset becomes ``UTC``/``Etc/GMT-2``), or ``--timezone``;
  no offsets either (FOSDEM's XML): the wall clock as written, and a note;
* a ``time_zone_name`` contradicting the offsets of the event dates: times are shown in
  the named zone, and a note;
* ``duration`` as "00:30", "1:30:00" or minutes; events after midnight listed under the
  previous day (their own ``date`` is right);
* persons as ``public_name``, ``name`` or frab's ``full_public_name``;
* no ``code`` (older pretalx): the code from the talk URL (``/talk/ABC123/``), else
  the guid; the same code twice at one time is one talk in two rooms;
* ``links``/``attachments`` with relative URLs (joined to ``base_url``), labelled
  freely: slides and code where the label or address says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from ...model import InputError, Talk, check_url, parse_date, zone
from ..errors import SourceError
from ..records import (
    Loaded,
    clock_label,
    finish,
    kind_of,
    language_tag,
    minutes,
    report_for,
    text,
    zone_for_offsets,
)

__all__ = ["load_conference", "url"]

_BREAK_TYPES = re.compile(r"\b(break|pause|lunch|coffee|meal|other|organi[sz]ational)\b", re.I)
_BREAK_TITLES = re.compile(
    r"\b(break|lunch|coffee|pause|dinner|breakfast|registration|doors open)\b", re.I
)
_SLIDES = re.compile(r"slide|deck|presentation|folien|praesentation|präsentation", re.I)
_CODE = re.compile(r"\b(code|github|gitlab|codeberg|repo|repository|source|notebook)", re.I)
_CODE_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "sr.ht")


def url(value: object, base: str = "") -> str:
    """An absolute http(s) URL, relative ones joined to ``base``; '' for anything else."""
    raw = text(value)
    if not raw:
        return ""
    if base and not urlsplit(raw).scheme:
        raw = urljoin(base, raw)
    try:
        return check_url(raw)
    except InputError:
        return ""


@dataclass
class _Reader:
    tz: dt.tzinfo | None
    tzname: str
    base: str
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    offsets: list[dt.timedelta | None] = field(default_factory=list)
    seen: dict[str, Talk] = field(default_factory=dict)  # code -> talk
    unrecorded: list[str] = field(default_factory=list)  # do_not_record / recording optout
    zone_noted: bool = False

    def event(self, event: dict[str, Any], day: str, room: str) -> Talk | None:
        title = text(event.get("title"))
        kind_text = text(event.get("type"))
        persons = [p for p in event.get("persons") or () if isinstance(p, dict)]
        if (
            not title
            or _BREAK_TYPES.search(kind_text)
            or (_BREAK_TITLES.search(title) and not persons and kind_of(kind_text) != "keynote")
        ):
            self.skipped.append(title or "(untitled slot)")
            return None
        start = self._start(event, day, title)
        length = minutes(event.get("duration"))
        end = start + dt.timedelta(minutes=length) if length else None
        if end is not None and end.date() != start.date():
            self.notes.append(f"{title!r} ends after midnight: its card shows the start only")
        links = [*(event.get("links") or ()), *(event.get("attachments") or ())]
        slides, code = self._links(links)
        if event.get("do_not_record") is True:
            self.unrecorded.append(title)
        subtitle = text(event.get("subtitle"))
        abstract = str(event.get("abstract") or event.get("description") or "")
        return Talk(
            id="",
            docname="",
            lineno=0,
            title=title,
            time=clock_label(start, end),
            start=start.isoformat(),
            end=end.isoformat() if end else "",
            speakers=tuple(n for n in map(_person, persons) if n),
            link=url(event.get("url"), self.base),
            slides=slides,
            code=code,
            room=text(event.get("room")) or text(room),
            track=text(event.get("track")),
            kind=kind_of(kind_text),
            language=language_tag(text(event.get("language"))),
            programme_id=self._code(event, title),
            abstract=f"{subtitle}\n\n{abstract}"
            if subtitle and subtitle not in abstract
            else abstract,
        )

    def _start(self, event: dict[str, Any], day: str, title: str) -> dt.datetime:
        when = text(event.get("date"))
        try:
            if when:
                moment = dt.datetime.fromisoformat(when)
                self.offsets.append(moment.utcoffset())
                if moment.tzinfo is not None and self.tz is not None:
                    converted = moment.astimezone(self.tz)
                    if converted.utcoffset() != moment.utcoffset() and not self.zone_noted:
                        self.notes.append(
                            f"the schedule's time zone ({self.tzname}) does not match the "
                            f"offsets of its event dates ({moment.strftime('%z')}); times "
                            f"are shown in {self.tzname}"
                        )
                        self.zone_noted = True
                    moment = converted
                elif moment.tzinfo is None and self.tz is not None:
                    moment = moment.replace(tzinfo=self.tz)
                return moment
            clock = dt.time.fromisoformat(text(event.get("start")).zfill(5)[:5])
            self.offsets.append(None)
            return dt.datetime.combine(parse_date(day[:10]), clock, tzinfo=self.tz)
        except (ValueError, InputError):
            shown = when or text(event.get("start"))
            raise SourceError(
                f"event {title!r}: malformed date or start {shown!r}; expected ISO 8601 "
                "('2024-04-22T09:00:00+02:00') or HH:MM on a day with a date"
            ) from None

    def _links(self, items: list[Any]) -> tuple[str, str]:
        slides = code = ""
        for item in items:
            if not isinstance(item, dict):
                continue
            address = url(item.get("url") or item.get("href"), self.base)
            label = text(item.get("title"))
            if not address:
                continue
            host = urlsplit(address).netloc.lower().removeprefix("www.")
            # where they say so: the label, or a slide host in the address
            if not slides and (
                _SLIDES.search(label)
                or "slide" in urlsplit(address).path.lower()
                or host in ("speakerdeck.com", "slideshare.net")
            ):
                slides = address
            elif not code and (_CODE.search(label) or host in _CODE_HOSTS):
                code = address
        return slides, code

    def _code(self, event: dict[str, Any], title: str) -> str:
        code = text(event.get("code"))
        if not code:
            found = re.search(r"/talk/([A-Za-z0-9]{4,12})/?$", text(event.get("url")))
            code = found[1] if found else ""
        code = code or text(event.get("guid")) or str(event.get("id") or "")
        return code or re.sub(r"\W+", "-", title.lower()).strip("-")[:40]

    def add(self, talk: Talk, talks: list[Talk]) -> None:
        """One talk per code: the same code at the same time in another room is one talk
        shown in two rooms; at another time, a second talk with a suffixed code."""
        other = self.seen.get(talk.programme_id)
        if other is None:
            self.seen[talk.programme_id] = talk
            talks.append(talk)
            return
        if other.start == talk.start:
            joined = dataclasses.replace(other, room=f"{other.room}, {talk.room}")
            talks[talks.index(other)] = joined
            self.seen[talk.programme_id] = joined
            self.notes.append(
                f"{talk.title!r} is listed in two rooms: one card, rooms {joined.room}"
            )
            return
        n = 2
        while f"{talk.programme_id}-{n}" in self.seen:
            n += 1
        renamed = dataclasses.replace(talk, programme_id=f"{talk.programme_id}-{n}")
        self.seen[renamed.programme_id] = renamed
        talks.append(renamed)
        self.notes.append(
            f"code {talk.programme_id} is used twice ({other.title!r}, {talk.title!r}); "
            f"the second is {renamed.programme_id}"
        )


def _person(person: dict[str, Any]) -> str:
    for key in ("public_name", "name", "full_public_name", "full_name"):
        name = text(person.get(key))
        if name:
            return name
    return ""


def load_conference(
    conference: dict[str, Any],
    kind: str,
    *,
    timezone: str = "",
    base_url: str = "",
    title: str = "",
    edition: str = "",
) -> Loaded:
    """A frab conference dict (see the module docstring) -> programme and notes."""
    tzname = timezone or text(conference.get("time_zone_name"))
    try:
        tz = zone(tzname) if tzname else None
    except InputError as err:
        raise SourceError(str(err)) from None
    days = conference.get("days")
    if not isinstance(days, list):
        raise SourceError("expected 'days' (a list) in the schedule's conference")
    base = base_url or text(conference.get("base_url")) or text(conference.get("url"))
    reader = _Reader(tz, tzname, base)
    talks: list[Talk] = []
    for day in days:
        rooms = day.get("rooms") if isinstance(day, dict) else None
        if not isinstance(rooms, dict):
            raise SourceError("expected 'rooms' (room name -> list of events) in every day")
        for room, events in rooms.items():
            if not isinstance(events, list):
                raise SourceError(f"room {room!r}: expected a list of events")
            for event in events:
                if not isinstance(event, dict):
                    raise SourceError(f"room {room!r}: expected each event to be an object")
                talk = reader.event(event, str(day.get("date") or ""), str(room))
                if talk is not None:
                    reader.add(talk, talks)
    notes = reader.notes
    if not tzname:
        tzname = zone_for_offsets(reader.offsets)
        if tzname:
            notes.insert(0, f"no time zone in the schedule: {tzname} from the event dates' offsets")
        else:
            notes.insert(0, "no time zone in the schedule: times as written; give --timezone")
    if reader.unrecorded:
        shown = "; ".join(reader.unrecorded[:5]) + (" ..." if len(reader.unrecorded) > 5 else "")
        notes.append(f"{len(reader.unrecorded)} talk(s) will not be recorded: {shown}")
    website = _website(conference, base)
    report = report_for(
        title or text(conference.get("title")) or text(conference.get("acronym")),
        conference=title,
        edition=edition,
        timezone=tzname,
        website=website,
    )
    return Loaded(finish(report, talks, reader.skipped), kind, tuple(notes))


def _website(conference: dict[str, Any], base: str) -> str:
    """The conference's site: its url, or the schedule's base without '/schedule/'."""
    site = url(conference.get("url")) or url(base)
    return re.sub(r"(?:schedule|Fahrplan)/?$", "", site) if site else ""
