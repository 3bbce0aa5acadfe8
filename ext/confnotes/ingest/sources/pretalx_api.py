"""pretalx REST API (``/api/events/<event>/talks/`` or ``submissions/``) -> model records.

Pages carry ``results`` and ``next``; ``load_pages`` follows ``next`` through a
fetch function (a file reader in tests), so paging is testable offline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ...model import KINDS, Programme, Report, Talk, clean_text
from ..errors import SourceError

__all__ = ["MAX_PAGES", "load_pages", "parse"]

MAX_PAGES = 200


def _local(value: object, language: str = "en") -> str:
    """pretalx strings may be localised: {"en": "...", "de": "..."}."""
    if isinstance(value, dict):
        value = value.get(language) or next((v for v in value.values() if isinstance(v, str)), "")
    return clean_text(value)[0] if isinstance(value, str) else ""


def _kind(value: object) -> str:
    name = _local(value).casefold()
    return next((k for k in KINDS if k in name), "talk" if name else "")


def load_pages(first: Any, fetch: Callable[[str], Any]) -> list[Any]:
    results: list[Any] = []
    page, seen = first, 0
    while True:
        if not isinstance(page, dict) or not isinstance(page.get("results"), list):
            raise SourceError("expected a pretalx API page: an object with 'results'")
        results.extend(page["results"])
        seen += 1
        following = page.get("next")
        if not following:
            return results
        if seen >= MAX_PAGES:
            raise SourceError(f"more than {MAX_PAGES} pretalx API pages; expected fewer")
        page = fetch(str(following))


def parse(results: Iterable[Any], language: str = "en") -> Programme:
    talks: list[Talk] = []
    for item in results:
        if not isinstance(item, dict) or "code" not in item or "title" not in item:
            raise SourceError("expected pretalx submissions with 'code' and 'title'")
        slots = [
            s
            for s in item.get("slots") or ([item["slot"]] if item.get("slot") else [])
            if isinstance(s, dict)
        ]
        slot = slots[0] if slots else {}
        room = slot.get("room")
        talks.append(
            Talk(
                id=str(item["code"]),
                docname="",
                lineno=0,
                title=_local(item["title"], language),
                start=_local(slot.get("start")),
                end=_local(slot.get("end")),
                speakers=tuple(
                    n
                    for n in (
                        _local(s.get("name"))
                        for s in item.get("speakers") or ()
                        if isinstance(s, dict)
                    )
                    if n
                ),
                room=_local(
                    room["name"] if isinstance(room, dict) and "name" in room else room, language
                ),
                track=_local(item.get("track"), language),
                kind=_kind(item.get("submission_type")),
                language=_local(item.get("content_locale")),
                abstract=_local(item.get("abstract"), language),
                status="cancelled"
                if item.get("state") in {"withdrawn", "canceled", "cancelled"}
                else "",
                programme_id=str(item["code"]),
            )
        )
    talks.sort(key=lambda t: (t.start, t.room, t.title))
    return Programme(Report("", 0, ""), tuple(talks))
