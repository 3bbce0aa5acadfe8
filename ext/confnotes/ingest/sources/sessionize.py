"""Sessionize "All data" JSON (``sessions``, ``speakers``, ``rooms``) -> model records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...model import Programme, Report, Talk, clean_text
from ..errors import SourceError

__all__ = ["parse"]


def _text(value: object) -> str:
    return clean_text(value)[0] if isinstance(value, str) else ""


def _iso(value: object, tz: dt.tzinfo | None) -> str:
    """Sessionize writes local wall-clock times without an offset; add the zone's."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise SourceError(f"malformed time {value!r}: expected ISO 8601 startsAt/endsAt") from None
    if when.tzinfo is None and tz is not None:
        when = when.replace(tzinfo=tz)
    return when.isoformat() if when.tzinfo else ""


def parse(data: Any, tz: dt.tzinfo | None = None) -> Programme:
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
        raise SourceError("expected Sessionize 'All data' JSON: an object with 'sessions'")
    speakers = {
        s.get("id"): _text(s.get("fullName"))
        for s in data.get("speakers") or ()
        if isinstance(s, dict)
    }
    rooms = {
        r.get("id"): _text(r.get("name")) for r in data.get("rooms") or () if isinstance(r, dict)
    }
    talks: list[Talk] = []
    skipped: list[str] = []
    for item in data["sessions"]:
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            raise SourceError("expected each Sessionize session to be an object with a 'title'")
        title = _text(item["title"])
        if item.get("isServiceSession"):  # breaks, lunch
            skipped.append(title)
            continue
        talks.append(
            Talk(
                id=str(item.get("id", "")),
                docname="",
                lineno=0,
                title=title,
                start=_iso(item.get("startsAt"), tz),
                end=_iso(item.get("endsAt"), tz),
                speakers=tuple(speakers[s] for s in item.get("speakers") or () if speakers.get(s)),
                room=rooms.get(item.get("roomId"), ""),
                video=_text(item.get("recordingUrl")),
                abstract=_text(item.get("description")),
                programme_id=str(item.get("id", "")),
            )
        )
    talks.sort(key=lambda t: (t.start, t.room, t.title))
    return Programme(Report("", 0, ""), tuple(talks), tuple(skipped))
