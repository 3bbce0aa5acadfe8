"""Read a report page's talk cards and add ``:video:``/``:slides:`` to them.

Small and self-contained for now (the lead will route it through the shared
writer): it only inserts or updates those two option lines inside a talk's
option block, leaving every other byte of the page as it was.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model import Report, Talk, split_list
from .errors import SourceError
from .match import Match, match, resolve

__all__ = ["Card", "Outcome", "apply", "plan", "read_cards", "write_atomic"]

_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>talk|report)\}\s*(?P<arg>.*?)\s*$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s?(?P<value>.*)$")
OWNED = ("video", "slides")


@dataclass(frozen=True)
class Card:
    talk: Talk
    option_lines: dict[str, int]  # option name -> line index
    insert_at: int  # line index after the option block


@dataclass(frozen=True)
class Outcome:
    text: str
    matched: int
    added: int
    updated: int
    unsure: list[tuple[str, str, float]]  # talk title, recording title, score
    skipped: int


def read_cards(text: str) -> tuple[Report, list[Card]]:
    lines = text.splitlines(keepends=True)
    report = Report("", 0, "")
    cards: list[Card] = []
    i = 0
    while i < len(lines):
        head = _FENCE.match(lines[i].rstrip("\r\n"))
        if not head:
            i += 1
            continue
        options: dict[str, str] = {}
        where: dict[str, int] = {}
        j = i + 1
        while j < len(lines) and (opt := _OPTION.match(lines[j].rstrip("\r\n"))):
            options[opt["key"]] = opt["value"].strip()
            where[opt["key"]] = j
            j += 1
        if head["name"] == "report":
            start, _, end = options.get("date", "").partition("/")
            report = Report("", 0, "", website=options.get("website", ""),
                            start=start, end=end or start)  # fmt: skip
        else:
            talk = Talk(
                id=options.get("id", ""), docname="", lineno=i + 1, title=head["arg"],
                speakers=split_list(options.get("speaker", options.get("speakers", ""))),
                link=options.get("link", ""), video=options.get("video", ""),
                slides=options.get("slides", ""), status=options.get("status", "").lower(),
                start=report.start,
            )  # fmt: skip
            cards.append(Card(talk, where, j))
        i = j
    return report, cards


def _safe_url(url: str) -> str:
    # an option value is one line; a URL with a space or newline is not written
    return url if url.startswith(("http://", "https://")) and not re.search(r"\s", url) else ""


def plan(text: str, recordings: list[Talk], accept: tuple[str, ...] = ()) -> Outcome:
    report, cards = read_cards(text)
    sure, unsure = match(recordings, [c.talk for c in cards], start=report.start, end=report.end)
    wanted = {a.casefold() for a in accept}
    chosen: list[Match] = list(sure)
    shown: list[tuple[str, str, float]] = []
    for m in unsure:
        talk = cards[m.talk].talk
        if talk.title.casefold() in wanted or (talk.id and talk.id.casefold() in wanted):
            chosen.append(m)
        else:
            shown.append((talk.title, recordings[m.recording].title, m.score))
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    inserts: dict[int, list[str]] = {}
    added = updated = 0
    for m in chosen:
        card, rec = cards[m.talk], recordings[m.recording]
        values = {"video": _safe_url(resolve(rec.video, report.website)),
                  "slides": _safe_url(resolve(rec.slides, report.website))}  # fmt: skip
        for key in OWNED:
            value = values[key]
            if not value:
                continue
            if key in card.option_lines:
                index = card.option_lines[key]
                new = f":{key}: {value}{newline}"
                if lines[index].rstrip("\r\n") != new.rstrip("\r\n"):
                    lines[index] = new
                    updated += 1
            else:
                inserts.setdefault(card.insert_at, []).append(f":{key}: {value}{newline}")
                added += 1
    for index in sorted(inserts, reverse=True):
        lines[index:index] = inserts[index]
    skipped = len(recordings) - len(chosen) - len(shown)
    return Outcome("".join(lines), len(chosen), added, updated, shown, skipped)


def write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def apply(page: Path, recordings: list[Talk], accept: tuple[str, ...] = ()) -> tuple[str, Outcome]:
    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SourceError(f"{page}: cannot read the report page ({err})") from None
    return text, plan(text, recordings, accept)
