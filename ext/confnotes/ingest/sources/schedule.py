"""pretalx/frab schedule exports (the c3voc schedule schema), JSON and XML, -> model.Programme.

XML is read with defusedxml: a DTD with entities (billion laughs, external entities)
is refused before anything is expanded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from ...model import KINDS, InputError, Programme, Report, Talk, check_url, parse_date, zone


class ScheduleError(ValueError):
    """The schedule cannot be used; the message is one line."""


_BREAK = re.compile(
    r"\b(break|lunch|coffee|pause|dinner|breakfast|registration|doors open)\b", re.I
)
_KIND_WORDS = {
    "keynote": "keynote", "tutorial": "tutorial", "workshop": "workshop",
    "lightning": "lightning", "panel": "panel", "talk": "talk", "lecture": "talk",
}  # fmt: skip


def kind_of(value: str) -> str:
    low = value.lower()
    return next((kind for word, kind in _KIND_WORDS.items() if word in low), "")


def minutes(value: Any) -> int:
    """'00:30', '1:30:00', '90' or 90 -> minutes."""
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value or "").strip()
    parts = text.split(":")
    if not text or not all(p.isdigit() for p in parts) or len(parts) > 3:
        raise ScheduleError(f"malformed duration {text!r}: expected HH:MM, H:MM:SS or minutes")
    if len(parts) == 1:
        return int(parts[0])
    return int(parts[0]) * 60 + int(parts[1])


def parse_json(data: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ScheduleError("not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise ScheduleError(
            f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}"
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("schedule"), dict):
        raise ScheduleError(
            "expected a schedule JSON object with a 'schedule' key (pretalx/frab export)"
        )
    conference = doc["schedule"].get("conference")
    if not isinstance(conference, dict) or not isinstance(conference.get("days"), list):
        raise ScheduleError("expected 'schedule.conference.days' (a list) in the schedule JSON")
    return conference


def parse_xml(data: bytes) -> dict[str, Any]:
    try:
        root = defusedxml.ElementTree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException as err:
        raise ScheduleError(
            f"XML refused: it declares entities ({type(err).__name__}); not expanded"
        ) from None
    except ParseError as err:
        line, col = err.position
        raise ScheduleError(f"malformed XML at line {line}, column {col + 1}") from None
    if root.tag != "schedule":
        raise ScheduleError(f"expected a frab <schedule> document, found <{root.tag}>")
    conf = root.find("conference")
    conference: dict[str, Any] = {
        k: (conf.findtext(k) or "") if conf is not None else "" for k in
        ("title", "acronym", "start", "end", "time_zone_name", "url", "base_url")
    }  # fmt: skip
    days = []
    for day in root.iter("day"):
        rooms: dict[str, list[dict[str, Any]]] = {}
        for room in day.iter("room"):
            rooms[room.get("name", "")] = [_xml_event(e) for e in room.iter("event")]
        days.append({"date": day.get("date", ""), "rooms": rooms})
    conference["days"] = days
    return conference


def _xml_event(event: Element) -> dict[str, Any]:
    out: dict[str, Any] = {"guid": event.get("guid", ""), "id": event.get("id", "")}
    for key in ("date", "start", "duration", "room", "slug", "title", "subtitle", "track",
                "type", "language", "abstract", "url"):  # fmt: skip
        out[key] = event.findtext(key) or ""
    persons = event.find("persons")
    out["persons"] = [
        {"public_name": p.text or ""} for p in (persons if persons is not None else [])
    ]
    links = event.find("links")
    out["links"] = [
        {"url": a.get("href", ""), "title": a.text or ""}
        for a in (links if links is not None else [])
    ]
    return out


def programme(conference: dict[str, Any], timezone: str = "") -> Programme:
    tzname = timezone or str(conference.get("time_zone_name") or "")
    try:
        tz = zone(tzname) if tzname else None
    except InputError as err:
        raise ScheduleError(str(err)) from None
    talks: list[tuple[str, Talk]] = []
    skipped: list[str] = []
    seen: dict[str, int] = {}
    dates: set[str] = set()
    for day in conference["days"]:
        rooms = day.get("rooms") if isinstance(day, dict) else None
        if not isinstance(rooms, dict):
            raise ScheduleError("expected 'rooms' (an object of room name -> events) in every day")
        for room, events in rooms.items():
            for event in events if isinstance(events, list) else []:
                if not isinstance(event, dict):
                    continue
                title = str(event.get("title") or "").strip()
                kind = kind_of(str(event.get("type") or ""))
                if not title or (
                    _BREAK.search(title) and kind not in ("keynote", "talk", "tutorial")
                ):
                    skipped.append(title or "(untitled slot)")
                    continue
                start = _start(event, str(day.get("date") or ""), tz)
                dates.add(start.date().isoformat())
                length = minutes(event.get("duration"))
                end = start + dt.timedelta(minutes=length)
                clock = start.strftime("%H:%M")
                time = clock + (
                    f"-{end.strftime('%H:%M')}"
                    if end.date() == start.date() and end > start
                    else ""
                )
                code = str(
                    event.get("code") or event.get("guid") or event.get("id") or slugish(title)
                )
                if code in seen:  # duplicate codes: keep both, apart
                    seen[code] += 1
                    code = f"{code}-{seen[code]}"
                else:
                    seen[code] = 1
                persons = event.get("persons") or []
                speakers = tuple(
                    str(p.get("public_name") or p.get("name") or "").strip()
                    for p in persons if isinstance(p, dict)
                )  # fmt: skip
                language = str(event.get("language") or "").strip()
                talk = Talk(
                    id="", docname="", lineno=0, title=title, time=time,
                    start=start.isoformat(), speakers=tuple(s for s in speakers if s),
                    link=_url(event.get("url")), room=str(event.get("room") or room),
                    track=str(event.get("track") or ""), kind=kind if kind in KINDS else "",
                    language=language if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language) else "",
                    programme_id=code, abstract=str(event.get("abstract") or ""),
                )  # fmt: skip
                talks.append(
                    (
                        start.astimezone(dt.UTC).isoformat() if start.tzinfo else start.isoformat(),
                        talk,
                    )
                )
    talks.sort(key=lambda item: (item[0], item[1].room))
    first = min(dates) if dates else str(conference.get("start") or "")[:10]
    last = max(dates) if dates else str(conference.get("end") or "")[:10]
    title = str(conference.get("title") or "Programme").strip()
    edition = ""
    match = re.search(r"\b(19|20)\d\d\b", title)
    name = title
    if match:
        edition, name = match[0], " ".join((title[: match.start()] + title[match.end() :]).split())
    report = Report(
        docname="", lineno=0, title=title, conference=name or title, edition=edition,
        start=first, end=last, timezone=tzname if tz else "", website=_url(conference.get("url")),
    )  # fmt: skip
    return Programme(report, tuple(dataclasses.replace(t) for _, t in talks), tuple(skipped))


def _start(event: dict[str, Any], day: str, tz: dt.tzinfo | None) -> dt.datetime:
    when = str(event.get("date") or "")
    try:
        if when:
            moment = dt.datetime.fromisoformat(when)
            if moment.tzinfo is not None and tz is not None:
                moment = moment.astimezone(tz)
            return moment
        clock = dt.time.fromisoformat(str(event.get("start") or "").zfill(5))
        return dt.datetime.combine(parse_date(day[:10]), clock, tzinfo=tz)
    except (ValueError, InputError):
        raise ScheduleError(
            f"event {event.get('title')!r}: malformed date/start {when or event.get('start')!r}"
        ) from None


def _url(value: Any) -> str:
    try:
        return check_url(str(value)) if value else ""
    except InputError:
        return ""


def slugish(text: str) -> str:
    return re.sub(r"\W+", "-", text.lower()).strip("-")[:40]


def load(data: bytes, kind: str, timezone: str = "") -> Programme:
    conference = parse_json(data) if kind == "schedule-json" else parse_xml(data)
    return programme(conference, timezone)
