"""pretalx/frab schedule JSON (``/<event>/schedule/export/schedule.json``, the c3voc
schema) -> model records, through the shared frab model in :mod:`.frab`."""

from __future__ import annotations

from typing import Any

from ..errors import SourceError
from ..records import Loaded, text
from .frab import load_conference

__all__ = ["load"]


def load(doc: dict[str, Any], *, timezone: str = "", title: str = "", edition: str = "") -> Loaded:
    schedule = doc.get("schedule")
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    if not isinstance(schedule, dict) or not isinstance(conference, dict):
        raise SourceError("expected 'schedule.conference' (an object) in the schedule JSON")
    # pretalx puts the site's base URL (for relative attachment URLs) beside the conference.
    base = text(schedule.get("base_url")) or text(schedule.get("url"))
    return load_conference(
        conference, "frab-json", timezone=timezone, base_url=base, title=title, edition=edition
    )
