"""frab schedule XML (``schedule.xml``) -> the frab model's plain structure.

Parsed with defusedxml (see :func:`confnotes.ingest.detect.parse_xml`): a file declaring
entities (billion laughs, external entities) is refused before anything is expanded.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from ..records import Loaded
from .frab import load_conference

__all__ = ["load"]

_EVENT_FIELDS = ("date", "start", "duration", "room", "slug", "url", "title", "subtitle",
                 "track", "type", "language", "abstract", "description")  # fmt: skip


def load(root: Element, *, timezone: str = "", title: str = "", edition: str = "") -> Loaded:
    conf = root.find("conference")
    conference: dict[str, Any] = {
        key: (conf.findtext(key) or "") if conf is not None else ""
        for key in ("title", "acronym", "start", "end", "time_zone_name", "url", "base_url")
    }
    days = []
    for day in root.iter("day"):
        rooms: dict[str, list[dict[str, Any]]] = {}
        for room in day.iter("room"):
            events = rooms.setdefault(room.get("name", ""), [])
            events += [_event(e) for e in room.iter("event")]
        days.append({"date": day.get("date", ""), "rooms": rooms})
    conference["days"] = days
    return load_conference(
        conference,
        "frab-xml",
        timezone=timezone,
        base_url=str(conference["base_url"]),
        title=title,
        edition=edition,
    )


def _event(event: Element) -> dict[str, Any]:
    out: dict[str, Any] = {"guid": event.get("guid", ""), "id": event.get("id", "")}
    for key in _EVENT_FIELDS:
        out[key] = event.findtext(key) or ""
    persons = event.find("persons")
    out["persons"] = [{"name": p.text or ""} for p in (persons if persons is not None else ())]
    for name, child in (("links", "link"), ("attachments", "attachment")):
        found = event.find(name)
        out[name] = [
            {"url": item.get("href", ""), "title": item.text or ""}
            for item in (found.iter(child) if found is not None else ())
        ]
    out["do_not_record"] = (event.findtext("recording/optout") or "").strip() == "true"
    return out
