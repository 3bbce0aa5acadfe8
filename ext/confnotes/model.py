"""The data model: plain, picklable records and the pure parsing rules behind them.

Nothing here imports docutils or Sphinx, so the rules (times, dates, URLs, ids)
are testable on their own and the records pickle cheaply with the environment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from docutils.nodes import make_id

__all__ = [
    "KINDS",
    "Programme",
    "Report",
    "Talk",
    "TalkTime",
    "ToolMention",
    "check_url",
    "clean_text",
    "parse_date_range",
    "parse_talk_time",
    "slug",
    "split_list",
    "zone",
]


class InputError(ValueError):
    """A value an author wrote that cannot be used; the message is shown as a warning."""


@dataclass(frozen=True)
class Report:
    """What a report page declares about itself (one per page)."""

    docname: str
    lineno: int
    title: str
    conference: str = ""
    edition: str = ""
    series: str = ""
    start: str = ""  # ISO date of the (first) day reported
    end: str = ""  # ISO date of the last day; equal to start for one day
    timezone: str = ""
    location: str = ""
    website: str = ""
    language: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    # cached: listings ask for these once per mention
    @cached_property
    def name(self) -> str:
        """Conference and edition as readers say it: 'EuroPython 2020'."""
        return " ".join(p for p in (self.conference, self.edition) if p)

    @cached_property
    def conference_key(self) -> str:
        """Slug identifying the conference edition across reports."""
        return slug(self.name)


@dataclass(frozen=True)
class TalkTime:
    """A talk's wall-clock time as written, in the report's timezone."""

    start: dt.time
    end: dt.time | None = None

    @property
    def label(self) -> str:
        text = self.start.strftime("%H:%M")
        if self.end is not None:
            text += "\u2013" + self.end.strftime("%H:%M")
        return text


@dataclass(frozen=True)
class Talk:
    """One talk card: everything other pages need to list and link to it."""

    id: str  # anchor on its page and name in objects.inv
    docname: str
    lineno: int
    title: str
    conference: str = ""  # Report.name, if the page has a report
    conference_key: str = ""
    time: str = ""  # 'HH:MM' or 'HH:MM-HH:MM' label as shown; '' when unknown
    start: str = ""  # ISO 8601 with offset, or '' when date/zone are unknown
    end: str = ""
    speakers: tuple[str, ...] = ()
    link: str = ""
    video: str = ""
    slides: str = ""
    code: str = ""
    tags: tuple[str, ...] = ()
    status: str = ""  # '' for a talk that took place; 'cancelled', 'postponed'
    # From the conference's programme (any source; all optional):
    room: str = ""
    track: str = ""
    kind: str = ""  # one of KINDS, '' when unknown
    language: str = ""  # the talk's own language (BCP 47), where it differs from the report's
    programme_id: str = ""  # the programme's code, guid or id, for matching and merging
    abstract: str = ""  # the programme's abstract, plain text

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


# Programme slot types a talk card shows (from a schedule's ``type``).
KINDS = ("talk", "keynote", "tutorial", "workshop", "lightning", "panel")


@dataclass(frozen=True)
class Programme:
    """What a programme source (schedule file, API, video index) yields: one
    conference (as a report) and its talks, in time order. ``skipped`` names the
    slots that are not talks (breaks, lunch), as shown in the import summary."""

    report: Report
    talks: tuple[Talk, ...] = ()
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class ToolMention:
    """A `{tool}` role occurrence; `talk` is the enclosing talk id, if any."""

    target: str  # as written, normalised for lookup
    docname: str
    lineno: int
    anchor: str  # id of the enclosing talk card or section
    talk: str = ""
    section: str = ""  # title of the enclosing section when outside talks


@dataclass
class Issues:
    """Warnings collected while parsing one directive's options."""

    messages: list[tuple[str, str]] = field(default_factory=list)

    def add(self, subtype: str, message: str) -> None:
        self.messages.append((subtype, message))


# -- text -------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control(value: str) -> str:
    """Only drop control characters (keep whitespace and line breaks as written)."""
    return _CONTROL.sub("", value)


def clean_text(value: str) -> tuple[str, bool]:
    """Collapse whitespace and drop control characters; report whether any were dropped.

    Bidirectional marks and combining characters are kept (they are text), but the
    value is NFC-normalised so the same title written two ways gets one id.
    """
    stripped = _CONTROL.sub("", value)
    text = " ".join(unicodedata.normalize("NFC", stripped).split())
    return close_bidi(text), stripped != value


_BIDI_EMBED, _BIDI_POP = "\u202a\u202b\u202d\u202e", "\u202c"
_BIDI_ISOLATE, _BIDI_POP_ISOLATE = "\u2066\u2067\u2068", "\u2069"


def close_bidi(text: str) -> str:
    """Close bidirectional overrides and isolates left open (U+202E...), so a
    right-to-left title cannot reverse the text shown after it in a listing."""
    embeds = isolates = 0
    for char in text:
        if char in _BIDI_EMBED:
            embeds += 1
        elif char == _BIDI_POP and embeds:
            embeds -= 1
        elif char in _BIDI_ISOLATE:
            isolates += 1
        elif char == _BIDI_POP_ISOLATE and isolates:
            isolates -= 1
    return text + _BIDI_POP * embeds + _BIDI_POP_ISOLATE * isolates


def split_list(value: str, separators: str = ";") -> tuple[str, ...]:
    """Split an option like 'A; B' (or 'a, b' when ',' is a separator), dropping blanks."""
    parts = re.split("[" + re.escape(separators) + "]", value)
    return tuple(p for p in (" ".join(x.split()) for x in parts) if p)


# Letters that NFKD does not decompose into ASCII, spelled as readers would.
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae",
     "Œ": "OE", "œ": "oe", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i"}
)  # fmt: skip


@lru_cache(maxsize=1 << 16)  # speaker and conference names recur across listings
def slug(text: str) -> str:
    """A readable, stable id fragment: 'EuroPython 2020' -> 'europython-2020'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return make_id(decomposed.encode("ascii", "ignore").decode("ascii"))


def slug_or_digest(text: str) -> str:
    """``slug(text)``, or a short stable digest for text with no Latin letters or
    digits (Hebrew, CJK, ...), so such names stay apart: '张伟' -> 'u-5c7b1e2a'."""
    return (
        slug(text)
        or "u-" + hashlib.sha1(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()[:8]
    )


# -- times and dates ----------------------------------------------------------

_CLOCK = r"(?P<{0}h>\d{{1,2}})[:.h](?P<{0}m>\d{{2}})"
_TIME_RE = re.compile(
    r"^\s*"
    + _CLOCK.format("s")
    + r"\s*(?:(?:[-\u2013\u2014]|to)\s*"
    + _CLOCK.format("e")
    + r"|\+\s*(?P<dur>[\dhminsute ]+))?\s*$",  # '+1h', '+30m', '+30 minutes'
    re.IGNORECASE,
)
_DURATION_RE = re.compile(
    r"^\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*(?:m|min|mins|minutes)?)?\s*$",
    re.IGNORECASE,
)


def _clock(hours: str, minutes: str, written: str) -> dt.time:
    h, m = int(hours), int(minutes)
    if h > 23 or m > 59:
        raise InputError(f"malformed time {written!r}: {h:02d}:{m:02d} is not a time of day")
    return dt.time(h, m)


def parse_talk_time(value: str) -> TalkTime:
    """Parse '7:00', '07:00', '07:00-07:30' or '07:00+30m' (also '+1h', '+1h30m')."""
    match = _TIME_RE.match(value)
    if not match:
        raise InputError(f"malformed time {value!r}: expected HH:MM, HH:MM-HH:MM or HH:MM+30m")
    start = _clock(match["sh"], match["sm"], value)
    end: dt.time | None = None
    if match["eh"]:
        end = _clock(match["eh"], match["em"], value)
    elif match["dur"]:
        dur = _DURATION_RE.match(match["dur"])
        if not dur or not (dur["h"] or dur["m"]):
            raise InputError(f"malformed duration in {value!r}: expected e.g. +30m, +1h or +1h30m")
        minutes = int(dur["h"] or 0) * 60 + int(dur["m"] or 0)
        if minutes <= 0 or minutes >= 24 * 60:
            raise InputError(f"duration in {value!r} must be between 1 minute and 24 hours")
        anchor = dt.datetime.combine(dt.date(2000, 1, 1), start)
        end = (anchor + dt.timedelta(minutes=minutes)).time()
    if end is not None and end <= start:
        raise InputError(f"time {value!r} ends before it starts")
    return TalkTime(start, end)


_DATE_SEP = re.compile(r"\s*(?:/|\.\.|\u2013|\u2014|\bto\b)\s*")


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"malformed date {value!r}: expected YYYY-MM-DD") from None


def parse_date_range(value: str) -> tuple[dt.date, dt.date]:
    """Parse 'YYYY-MM-DD' or a range 'YYYY-MM-DD/YYYY-MM-DD' ('..', en dash, 'to')."""
    parts = _DATE_SEP.split(value.strip(), maxsplit=1)
    start = parse_date(parts[0])
    end = parse_date(parts[1]) if len(parts) > 1 else start
    if end < start:
        raise InputError(f"date range {value!r} ends before it starts")
    return start, end


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown timezone {name!r}: use an IANA name such as 'Europe/London'"
        ) from None


def isoformat(day: dt.date, clock: dt.time, tz: ZoneInfo) -> str:
    return dt.datetime.combine(day, clock, tzinfo=tz).isoformat()


# -- links --------------------------------------------------------------------

SAFE_SCHEMES = frozenset({"http", "https"})


def check_url(value: str) -> str:
    """Return the URL if it is an absolute http(s) URL, else raise InputError.

    Schemes such as ``javascript:`` and ``data:`` never reach the output.
    """
    url, _ = clean_text(value)
    # Browsers ignore tabs/newlines inside schemes ('java\tscript:'): judge the
    # URL the way they read it.
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InputError(f"malformed URL {value!r}") from None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc or " " in url:
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise InputError(f"link {shown!r} is not an absolute http(s) URL; it is left out")
    return url
