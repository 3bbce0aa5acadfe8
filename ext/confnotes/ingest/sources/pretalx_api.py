"""pretalx REST API (``/api/events/<event>/talks/`` or ``submissions/``) -> model records.

Real answers differ by pretalx version: strings may be localised (``{"en": ...}``);
a talk has one ``slot`` (``room`` a string or a localised dict) or, in the newer API,
``slots`` (objects when expanded, ids otherwise); speakers are objects with ``name``
or bare codes; times are UTC (``...Z``), durations minutes. Pages carry ``results``
and ``next``; :func:`results` follows ``next`` through a fetch function, so paging
is testable offline. The event itself (``/api/events/<event>/``) gives the name,
dates and time zone when the source is a URL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ...model import InputError, Talk, zone
from ..errors import SourceError
from ..records import Loaded, clock_label, finish, kind_of, language_tag, report_for, text

__all__ = ["MAX_PAGES", "event_url", "load", "results", "talk_url"]

MAX_PAGES = 200
_CANCELLED = {"withdrawn", "canceled", "cancelled"}
_SCHEDULED = {"accepted", "confirmed", ""}


def local(value: object, language: str = "en") -> str:
    """pretalx strings may be localised: {"en": "...", "de": "..."}."""
    if isinstance(value, dict):
        value = value.get(language) or next((v for v in value.values() if isinstance(v, str)), "")
    return text(value)


def results(
    first: Any,
    fetch_page: Callable[[str], Any] | None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Any], bool]:
    """Every result of a paginated answer; (results, complete). Without ``fetch_page``
    (a file) only the first page is read."""
    found: list[Any] = []
    page, pages = first, 0
    while True:
        if not isinstance(page, dict) or not isinstance(page.get("results"), list):
            raise SourceError("expected a pretalx API page: an object with 'results'")
        found.extend(page["results"])
        pages += 1
        following = page.get("next")
        count = page.get("count")
        if progress is not None and isinstance(count, int):
            progress(len(found), count)
        if not following:
            return found, True
        if fetch_page is None:
            return found, False
        if pages >= MAX_PAGES:
            raise SourceError(f"more than {MAX_PAGES} pretalx API pages; expected fewer")
        page = fetch_page(str(following))


def event_url(api_url: str) -> str:
    """'https://x.org/api/events/pycon/talks/?page=2' -> 'https://x.org/api/events/pycon/'."""
    split = urlsplit(api_url)
    match = re.match(r"^(.*/api/events/[^/]+/)", split.path)
    return urlunsplit((split.scheme, split.netloc, match[1], "", "")) if match else ""


def talk_url(api_url: str, code: str) -> str:
    """The public page of a talk: 'https://x.org/pycon/talk/ABC123/'."""
    split = urlsplit(api_url)
    match = re.match(r"^(.*)/api/events/([^/]+)/", split.path)
    if not match or not code:
        return ""
    return urlunsplit((split.scheme, split.netloc, f"{match[1]}/{match[2]}/talk/{code}/", "", ""))


def load(
    items: Iterable[Any],
    *,
    event: dict[str, Any] | None = None,
    timezone: str = "",
    api_url: str = "",
    title: str = "",
    edition: str = "",
    language: str = "en",
) -> Loaded:
    event = event or {}
    tzname = timezone or text(event.get("timezone"))
    try:
        tz = zone(tzname) if tzname else None
    except InputError as err:
        raise SourceError(str(err)) from None
    talks: list[Talk] = []
    notes: list[str] = []
    skipped: list[str] = []
    offsets: set[dt.timedelta | None] = set()
    for item in items:
        if not isinstance(item, dict) or "code" not in item or "title" not in item:
            raise SourceError("expected pretalx submissions with 'code' and 'title'")
        state = text(item.get("state"))
        title_text = local(item["title"], language)
        if state not in _SCHEDULED and state not in _CANCELLED:
            skipped.append(f"{title_text} ({state})")
            continue
        slot = _slot(item)
        start, end = _moment(slot.get("start"), tz), _moment(slot.get("end"), tz)
        if start is None:
            skipped.append(f"{title_text} (not scheduled)")
            continue
        offsets.add(start.utcoffset())
        if end is None and isinstance(item.get("duration"), int):
            end = start + dt.timedelta(minutes=item["duration"])
        speakers = [_speaker(s) for s in item.get("speakers") or ()]
        if any(s is None for s in speakers):
            notes.append(f"{title_text!r}: speakers given as codes only; expand speakers")
        code = text(item["code"])
        talks.append(
            Talk(
                id="",
                docname="",
                lineno=0,
                title=title_text,
                time=clock_label(start, end),
                start=start.isoformat(),
                end=end.isoformat() if end else "",
                speakers=tuple(s for s in speakers if s),
                link=talk_url(api_url, code),
                room=_named(slot.get("room"), language),
                track=_named(item.get("track"), language),
                kind=kind_of(_named(item.get("submission_type"), language)),
                language=language_tag(text(item.get("content_locale"))),
                status="cancelled" if state in _CANCELLED else "",
                programme_id=code,
                abstract=_raw(item.get("abstract"), language),
            )
        )
    if not tzname:
        tzname = "UTC" if offsets == {dt.timedelta(0)} else ""
        notes.insert(
            0, f"no time zone given: times in {tzname or 'the offsets given'}; use --timezone"
        )
    report = report_for(
        title or local(event.get("name"), language) or text(event.get("slug")),
        conference=title,
        edition=edition,
        timezone=tzname,
        website=_site(api_url, event),
    )
    return Loaded(finish(report, talks, skipped), "pretalx-api", tuple(notes))


def _raw(value: object, language: str) -> str:
    """A multi-line text field, localised, line breaks kept."""
    if isinstance(value, dict):
        value = value.get(language) or next((v for v in value.values() if isinstance(v, str)), "")
    return value if isinstance(value, str) else ""


def _slot(item: dict[str, Any]) -> dict[str, Any]:
    slots = item.get("slots")
    if isinstance(slots, list):
        found = [s for s in slots if isinstance(s, dict) and s.get("start")]
        return found[0] if found else {}
    slot = item.get("slot")
    return slot if isinstance(slot, dict) else {}


def _moment(value: object, tz: dt.tzinfo | None) -> dt.datetime | None:
    raw = text(value)
    if not raw:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise SourceError(f"malformed slot time {raw!r}; expected ISO 8601") from None
    if moment.tzinfo is not None and tz is not None:
        return moment.astimezone(tz)
    return moment


def _speaker(value: object) -> str | None:
    if isinstance(value, dict):
        return text(value.get("name")) or text(value.get("public_name"))
    return None  # a bare code (newer API without expand=speakers)


def _named(value: object, language: str) -> str:
    """A track or type: a string, a localised dict, or an object with a 'name'."""
    if isinstance(value, dict) and "name" in value:
        return local(value["name"], language)
    return local(value, language)


def _site(api_url: str, event: dict[str, Any]) -> str:
    urls = event.get("urls")
    if isinstance(urls, dict) and text(urls.get("base")):
        return text(urls.get("base"))
    split = urlsplit(api_url)
    match = re.match(r"^(.*)/api/events/([^/]+)/", split.path)
    return (
        urlunsplit((split.scheme, split.netloc, f"{match[1]}/{match[2]}/", "", "")) if match else ""
    )
