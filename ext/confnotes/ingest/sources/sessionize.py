"""Sessionize "All data" JSON (``sessions``, ``speakers``, ``categories``, ``rooms``)
-> model records. Also the "Sessions" view (a list of groups of sessions).

Sessionize writes local wall-clock times without an offset (``startsAt``): the zone
comes from ``--timezone``. Tracks, formats and languages are "categories" whose
items the sessions list by id; ``isServiceSession`` marks breaks and lunch.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ...model import InputError, Talk, zone
from ..errors import SourceError
from ..records import Loaded, clock_label, finish, kind_of, language_tag, report_for, text
from .frab import url

__all__ = ["load"]

_TRACK = re.compile(r"\btrack|topic|thema\b", re.I)
_FORMAT = re.compile(r"format|type|kind|length", re.I)
_LANGUAGE = re.compile(r"language|sprache|langue", re.I)
_LANGUAGES = {"english": "en", "german": "de", "deutsch": "de", "french": "fr",
              "français": "fr", "dutch": "nl", "spanish": "es", "italian": "it",
              "polish": "pl", "portuguese": "pt"}  # fmt: skip


def load(data: Any, *, timezone: str = "", title: str = "", edition: str = "") -> Loaded:
    if isinstance(data, list):  # the "Sessions" view: [{groupName, sessions: [...]}]
        data = {"sessions": [s for group in data for s in group.get("sessions") or ()]}
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
        raise SourceError("expected Sessionize 'All data' JSON: an object with 'sessions'")
    try:
        tz = zone(timezone) if timezone else None
    except InputError as err:
        raise SourceError(str(err)) from None
    speakers = {
        str(s.get("id")): text(s.get("fullName")) or _full_name(s)
        for s in data.get("speakers") or ()
        if isinstance(s, dict)
    }
    rooms = {
        str(r.get("id")): text(r.get("name"))
        for r in data.get("rooms") or ()
        if isinstance(r, dict)
    }
    items = _category_items(data.get("categories"))
    talks: list[Talk] = []
    skipped: list[str] = []
    for session in data["sessions"]:
        if not isinstance(session, dict) or not isinstance(session.get("title"), str):
            raise SourceError("expected each Sessionize session to be an object with a 'title'")
        title_text = text(session["title"])
        if session.get("isServiceSession"):  # breaks, lunch
            skipped.append(title_text)
            continue
        start, end = _moment(session.get("startsAt"), tz), _moment(session.get("endsAt"), tz)
        if start is None:
            skipped.append(f"{title_text} (not scheduled)")
            continue
        found: dict[str, str] = {}  # track / format / language -> the item's name
        for item in map(str, session.get("categoryItems") or ()):
            if item in items:
                found.setdefault(*items[item])
        names = session.get("speakers") or ()
        talks.append(
            Talk(
                id="",
                docname="",
                lineno=0,
                title=title_text,
                time=clock_label(start, end),
                start=start.isoformat(),
                end=end.isoformat() if end else "",
                speakers=tuple(n for n in (_speaker(s, speakers) for s in names) if n),
                room=rooms.get(str(session.get("roomId")), "") or text(session.get("room")),
                track=found.get("track", ""),
                kind=kind_of(found.get("format", "")),
                language=_language(found.get("language", "")),
                video=url(session.get("recordingUrl")),
                status="cancelled"
                if text(session.get("status")).lower() in {"declined", "cancelled"}
                else "",
                programme_id=str(session.get("id") or ""),
                abstract=_multiline(session.get("description")),
            )
        )
    notes = []
    if not timezone:
        notes.append("Sessionize gives local times without a zone: use --timezone")
    report = report_for(title or "Programme", conference=title, edition=edition, timezone=timezone)
    return Loaded(finish(report, talks, skipped), "sessionize", tuple(notes))


def _category_items(categories: object) -> dict[str, tuple[str, str]]:
    """item id -> (track|format|language, item name)."""
    found: dict[str, tuple[str, str]] = {}
    for category in categories if isinstance(categories, list) else ():
        if not isinstance(category, dict):
            continue
        heading = text(category.get("title")) or text(category.get("name"))
        kind = (
            "track" if _TRACK.search(heading)
            else "language" if _LANGUAGE.search(heading)
            else "format" if _FORMAT.search(heading) else ""
        )  # fmt: skip
        for item in category.get("items") or category.get("categoryItems") or ():
            if kind and isinstance(item, dict):
                found[str(item.get("id"))] = (kind, text(item.get("name")))
    return found


def _moment(value: object, tz: dt.tzinfo | None) -> dt.datetime | None:
    raw = text(value)
    if not raw:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise SourceError(f"malformed time {raw!r}: expected ISO 8601 startsAt/endsAt") from None
    if moment.tzinfo is None and tz is not None:
        return moment.replace(tzinfo=tz)
    if moment.tzinfo is not None and tz is not None:
        return moment.astimezone(tz)
    return moment


def _speaker(value: object, speakers: dict[str, str]) -> str:
    if isinstance(value, dict):  # some views embed {id, name}
        return text(value.get("name"))
    return speakers.get(str(value), "")


def _full_name(speaker: dict[str, Any]) -> str:
    return " ".join(p for p in (text(speaker.get("firstName")), text(speaker.get("lastName"))) if p)


def _language(name: str) -> str:
    return _LANGUAGES.get(name.casefold(), language_tag(name).lower())


def _multiline(value: object) -> str:
    return value if isinstance(value, str) else ""
