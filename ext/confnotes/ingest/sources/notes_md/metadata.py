"""The report's metadata: page title, conference, date, zone, place, site, language,
authors and tags, from the options first, then the front matter, then the text."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ....model import InputError, parse_date_range, zone
from .front_matter import FrontMatter, as_list, flatten_value, is_plain
from .headings import SEPARATORS
from .language import guess_language
from .links import fix_url, scan_links
from .markdown import Body, parts_text
from .outline import leading_h1
from .records import ConversionError, ImportOptions, Notes
from .text import TOOL, comment_lines, fold, one_line
from .words import words

__all__ = ["Front", "description", "front_matter_comment", "page_title", "report_metadata"]

_TITLE_PREFIX_RE = re.compile(
    r"^(?:my\s+)?(?:notes|summary|recap|report|thoughts|takeaways|highlights)\s+"
    r"(?:from|of|on|about)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_TITLE_CONFERENCE_RE = re.compile(
    r"^(?P<name>.+?)\s+(?:conference\s+|conf\s+)?(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE
)
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
# What each front matter key becomes on the page.
_FRONT_USES = {
    "title": "the page title",
    "description": "the first paragraph",
    "categories": "the report's tags",
    "tags": "the report's tags",
    "author": "the report's authors",
    "authors": "the report's authors",
    "date": "the report's date",
}


@dataclass(frozen=True)
class Front:
    """The front matter as this page uses it: options given on the command line win."""

    matter: FrontMatter | None
    options: ImportOptions

    def get(self, key: str) -> Any:
        """A front matter value this page uses, or None (absent, nested, or overridden)."""
        if not self.matter or not is_plain(self.matter.data.get(key)):
            return None
        overridden = {
            "title": self.options.title,
            "date": self.options.date,
            "author": self.options.authors,
            "authors": self.options.authors,
        }
        return None if overridden.get(key) else self.matter.data[key]


def page_title(
    front: Front, body: Body, replace: dict[int, list[str]], notes: Notes
) -> tuple[str, list[str]]:
    """Page title (option, front matter, leading H1, file name) and comment lines."""
    options = front.options
    if options.title:
        return one_line(options.title), []
    if isinstance(front.get("title"), (str, int, float)):
        return one_line(str(front.get("title"))), []
    first = leading_h1(body, replace)
    if first is not None:
        first.role = "title"
        title = one_line(parts_text(first.parts) or first.content)
        if words(first.content) - words(title):
            return title, comment_lines(f"{TOOL}: title heading in the notes: {first.content}")
        return title, []
    name = (options.source_name or "notes").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    name = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", name)
    title = " ".join(w.capitalize() if w.islower() else w for w in re.split(r"[-_\s]+", name))
    notes.at(None, "metadata", f"no title found; using {title!r} (use --title)", unsure=True)
    return title or "Notes", []


def report_metadata(title: str, front: Front, body: Body, notes: Notes) -> dict[str, str]:
    """The report block's options, in the order they are written."""
    options = front.options
    conference, edition = _conference(title, options, notes)
    meta: dict[str, str] = {}
    meta["conference"] = conference
    meta["edition"] = edition
    meta["date"] = _date(front, notes)
    meta["timezone"] = _timezone(options, notes)
    meta["location"] = _location(options, body, notes)
    meta["website"] = _website(conference, options, body, notes)
    meta["language"] = _language(options, body, notes)
    meta["author"] = "; ".join(
        options.authors or as_list(front.get("author") or front.get("authors"))
    )
    tags = [
        *as_list(front.get("categories"), split_words=True),
        *as_list(front.get("tags"), split_words=True),
    ]
    meta["tags"] = "; ".join(dict.fromkeys(t.replace(";", ",") for t in [*tags, *options.tags]))
    return {k: one_line(v) for k, v in meta.items() if v}


def _conference(title: str, options: ImportOptions, notes: Notes) -> tuple[str, str]:
    conference = options.conference or ""
    edition = options.edition or ""
    if conference and edition:
        return conference, edition
    match = _TITLE_CONFERENCE_RE.match(_TITLE_PREFIX_RE.sub("", title))
    if match:
        guessed = _conference_name(match["name"])
        conference = conference or guessed
        edition = edition or match["year"]
        notes.at(
            None,
            "metadata",
            f"conference {conference!r}, edition {edition!r} taken from the title "
            "(check, or use --conference/--edition)",
            unsure=not (options.conference and options.edition),
        )
    if not conference:
        notes.at(None, "metadata", "no conference name found; use --conference", unsure=True)
    return conference, edition


def _conference_name(text: str) -> str:
    """'EuroPython Conference' -> 'EuroPython'; 'PyData Berlin Meetup, March' -> '... Meetup'."""
    name = re.split(r"\s*[,:;|–—]\s*|\s+-\s+", text.strip(SEPARATORS))[0]
    found = name.split()
    while len(found) > 1 and found[-1].lower().strip(".") in (*_MONTHS, "conference", "conf"):
        found.pop()
    return " ".join(found)


def _date(front: Front, notes: Notes) -> str:
    options = front.options
    if options.date:
        value = options.date.strip()
        try:
            parse_date_range(value)
        except InputError as err:
            raise ConversionError(f"--date: {err}") from None
        return value
    written = front.get("date")
    found = ""
    if isinstance(written, (dt.date, dt.datetime)):
        day = written.date() if isinstance(written, dt.datetime) else written
        found = day.isoformat()
    elif isinstance(written, str) and re.match(r"\d{4}-\d{2}-\d{2}", written):
        found = written[:10]
    source = "front matter"
    if not found and options.source_name:
        match = re.match(r"(\d{4}-\d{2}-\d{2})-", options.source_name.rsplit("/", 1)[-1])
        found, source = (match[1], "file name") if match else ("", source)
    if found:
        try:
            parse_date_range(found)
        except InputError:
            return ""
        notes.at(
            None,
            "metadata",
            f"date {found} taken from the {source} (the post's date?); check, or use --date",
            unsure=True,
        )
    else:
        notes.at(None, "metadata", "no date found; use --date", unsure=True)
    return found


def _timezone(options: ImportOptions, notes: Notes) -> str:
    value = (options.timezone or "").strip()
    if not value:
        notes.at(None, "metadata", "no timezone given; use --timezone for talk times", unsure=True)
        return ""
    try:
        zone(value)
    except InputError as err:
        raise ConversionError(f"--timezone: {err}") from None
    return value


def _location(options: ImportOptions, body: Body, notes: Notes) -> str:
    if options.location:
        return options.location
    prose = "\n".join(body.lines)
    if re.search(
        r"\b(?:online|virtual)\s+(?:conference|event|edition)\b|\battend\w*\s+(?:it\s+)?online\b",
        prose,
        re.I,
    ):
        notes.at(None, "metadata", "location 'online' guessed from the text", unsure=True)
        return "online"
    return ""


def _website(conference: str, options: ImportOptions, body: Body, notes: Notes) -> str:
    if options.website:
        url, _ = fix_url(options.website)
        if not url:
            raise ConversionError(f"--website: {options.website!r} is not a web address")
        return url
    if conference:
        for line in body.lines:
            for link in scan_links(line):
                url, _ = fix_url(link.dest)
                if url and not link.image and fold(conference) in fold(link.text):
                    notes.at(None, "metadata", f"website {url} guessed from a link", unsure=True)
                    return url
    hosts = Counter(
        urlsplit(h.talk.link).netloc
        for h in body.headings
        if h.talk and h.talk.link and h.role == "talk"
    )
    if hosts:
        host, n = hosts.most_common(1)[0]
        if n >= 2 and host:
            url = f"https://{host}/"
            notes.at(None, "metadata", f"website {url} guessed from the talk links", unsure=True)
            return url
    return ""


def _language(options: ImportOptions, body: Body, notes: Notes) -> str:
    if options.language:
        value = options.language.strip()
        if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", value):
            raise ConversionError(f"--language: {value!r} is not a language code such as 'en'")
        return value
    guessed = guess_language("\n".join(body.lines))
    if guessed:
        notes.at(
            None,
            "metadata",
            f"language {guessed!r} guessed from the text (--language)",
            unsure=True,
        )
    else:
        notes.at(None, "metadata", "language not recognised; use --language", unsure=True)
    return guessed


def front_matter_comment(front: Front, notes: Notes) -> list[str]:
    matter = front.matter
    if not matter:
        return []
    data, raw = matter.data, matter.raw
    taken = [
        f"{raw.get(k) if k == 'date' else k} -> {_FRONT_USES[k]}"
        for k in data
        if k in _FRONT_USES and front.get(k) is not None
    ]
    dropped = [
        raw.get(k) or f"{k}: {flatten_value(v)}"
        for k, v in data.items()
        if k not in _FRONT_USES or front.get(k) is None
    ]
    for key in data:
        if key not in _FRONT_USES:
            notes.at_input(
                matter.line(key), "metadata", f"front matter '{key}' dropped (no meaning here)"
            )
        elif front.get(key) is None:
            notes.at_input(
                matter.line(key),
                "metadata",
                f"front matter '{key}' not used (kept in a comment)",
                unsure=True,
            )
    if matter.lenient:
        notes.at_input(
            1,
            "metadata",
            "front matter is not valid YAML; read as simple key: value lines",
            unsure=True,
        )
    text = [f"{TOOL}: front matter used: {', '.join(taken) or 'nothing'}"]
    if dropped:
        text.append(f"not used (no meaning on this site, or overridden): {'; '.join(dropped)}")
    return [*comment_lines(*text), ""]


def description(front: Front, escape: Callable[[str, int | None], str]) -> list[str]:
    value = front.get("description")
    text = flatten_value(value).strip() if value is not None else ""
    if not text:
        return []
    return [escape(" ".join(text.split()), None), ""]
