"""``confnotes schedule SOURCE -o PAGE``: start a report from the programme, and run it
again to merge the programme's changes into the page."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import difflib
import re
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Programme, Talk
from . import writer
from .errors import SourceError
from .merge import Merge, merge
from .pagefile import read_text, write_atomic
from .records import Loaded, finish
from .sources import load
from .summary import Progress, table

__all__ = ["add_parser", "run"]

SELECTION = "% confnotes schedule:"  # the comment line that remembers the selection


def add_parser(commands: Any) -> None:
    sch = commands.add_parser(
        "schedule",
        help="write or update a report page from a conference programme",
        description=(
            "Write a report page from a conference programme (pretalx/frab schedule JSON "
            "or XML, a pretalx API URL, Sessionize 'All data' JSON; a file or an http(s) "
            "URL); run it again on the same page to merge the programme's changes. The "
            "format is found from the content. A summary goes to stderr."
        ),
    )
    sch.add_argument("source", metavar="SOURCE", help="schedule file or http(s) URL")
    sch.add_argument(
        "-o", "--output", required=True, metavar="PAGE",
        help="the report page; '{day}' in it writes one page per day",
    )  # fmt: skip
    pick = sch.add_argument_group("the talks on the page (remembered in the page)")
    pick.add_argument("--day", action="append", default=[], metavar="DATE", help="this day only")
    pick.add_argument("--room", action="append", default=[], metavar="ROOM", help="this room only")
    pick.add_argument(
        "--talk", action="append", default=[], metavar="CODE_OR_TITLE", help="this talk only"
    )
    sch.add_argument("--dry-run", action="store_true", help="print a unified diff, write nothing")
    sch.add_argument(
        "--timezone", default="", help="IANA time zone of the talks, when the schedule has none"
    )
    sch.add_argument("--conference", default="", help="conference name, if the source has none")
    sch.add_argument("--edition", default="", help="edition, e.g. '2024'")
    sch.set_defaults(handler=run)


@dataclass(frozen=True)
class Selection:
    days: tuple[str, ...] = ()
    rooms: tuple[str, ...] = ()
    talks: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.days or self.rooms or self.talks)

    def wants(self, talk: Talk) -> bool:
        rooms = {r.casefold() for r in self.rooms}
        names = {t.casefold() for t in self.talks}
        return (
            (not self.days or talk.start[:10] in self.days)
            and (not rooms or bool(rooms & {r.strip().casefold() for r in talk.room.split(",")}))
            and (not names or bool(names & {talk.programme_id.casefold(), talk.title.casefold()}))
        )

    def comment(self) -> str:
        words = [f"--{flag} {shlex.quote(v)}" for flag, values in
                 (("day", self.days), ("room", self.rooms), ("talk", self.talks)) for v in values]  # fmt: skip
        return f"{SELECTION} {' '.join(words)}"

    @classmethod
    def parse(cls, line: str) -> Selection:
        parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
        for flag in ("day", "room", "talk"):
            parser.add_argument(f"--{flag}", action="append", default=[])
        try:
            found, _ = parser.parse_known_args(shlex.split(line.removeprefix(SELECTION)))
        except (ValueError, argparse.ArgumentError):
            return cls()
        return cls(tuple(found.day), tuple(found.room), tuple(found.talk))


def run(args: argparse.Namespace) -> int:
    try:
        pages = _plan(args)
    except SourceError as err:  # one line, exit 2, nothing written
        print(f"confnotes: error: {err}", file=sys.stderr)
        return 2
    for page, old, new, summary in pages:
        if args.dry_run:
            sys.stdout.writelines(
                difflib.unified_diff(
                    (old or "").splitlines(True), new.splitlines(True), str(page), str(page)
                )
            )
        elif new != old:
            write_atomic(page, new)
        sys.stderr.write(summary)
    return 0


def _plan(args: argparse.Namespace) -> list[tuple[Path, str | None, str, str]]:
    """Every page's (path, old text, new text, summary); nothing is written yet."""
    progress = Progress("reading the programme")
    loaded = load(
        args.source,
        timezone=args.timezone,
        title=args.conference,
        edition=args.edition,
        progress=progress,
    )
    progress.done()
    if loaded.kind.startswith("pyvideo"):
        raise SourceError(
            f"{args.source} is pyvideo data (recordings, no programme); use confnotes recordings"
        )
    given = Selection(tuple(args.day), tuple(args.room), tuple(args.talk))
    _check(given, loaded.programme)
    outputs: list[tuple[Path, Selection]]
    if "{day}" in args.output:
        days = given.days or _days(loaded.programme.talks)
        outputs = [
            (Path(args.output.replace("{day}", day)), dataclasses.replace(given, days=(day,)))
            for day in days
        ]
    else:
        outputs = [(Path(args.output), given)]
    return [_page(path, selection, loaded, args) for path, selection in outputs]


def _page(
    path: Path, given: Selection, loaded: Loaded, args: argparse.Namespace
) -> tuple[Path, str | None, str, str]:
    old = read_text(path)
    programme = loaded.programme
    if old is None:
        picked = [t for t in programme.talks if given.wants(t)]
        if not picked:
            raise SourceError(f"no talks in {args.source} for {path}; check --day/--room/--talk")
        chosen = finish(programme.report, picked, programme.skipped)
        repeated = writer.repeated_titles(programme.talks)  # the whole programme's
        new = writer.render_page(chosen, [given.comment()] if given else [], repeated)
        result = Merge(new, added=[t.title for t in picked])
    else:
        if "{report}" not in old:
            raise SourceError(
                f"{path} exists and has no report block: not a report page; choose another -o"
            )
        stored = _stored(old)
        selection = given or stored[1]
        result = merge(old, programme, selection.wants)
        new = _remember(result.text, stored[0], selection, given)
    rows = [
        ("matched", result.matched),
        ("added", result.added),
        ("updated", result.updated),
        ("cancelled", result.cancelled),
        ("conflicts", result.conflicts),
        ("unsure", result.unsure),
        ("skipped", list(programme.skipped)),
    ]
    details = [f"updated: {u}" for u in result.updated]
    details += [f"cancelled: {c}" for c in result.cancelled]
    details += [f"conflict: {c}" for c in result.conflicts]
    details += [f"unsure: {u}" for u in result.unsure]
    details += [f"note: {n}" for n in loaded.notes]
    where = "stdout (dry run)" if args.dry_run else str(path)
    title = f"confnotes schedule: {args.source} ({loaded.kind}) -> {where}"
    return path, old, new, table(title, rows, details)


def _stored(text: str) -> tuple[int | None, Selection]:
    """The page's remembered selection: (its line index, the selection)."""
    for index, line in enumerate(text.split("\n")):
        if line.rstrip("\r").startswith(SELECTION):
            return index, Selection.parse(line.rstrip("\r"))
    return None, Selection()


def _remember(text: str, line: int | None, selection: Selection, given: Selection) -> str:
    """Keep the selection comment in step with the filters given on the command line."""
    if not given:
        return text
    lines = text.split("\n")
    comment = selection.comment() + ("\r" if lines and lines[0].endswith("\r") else "")
    if line is not None:
        lines[line] = comment
    else:
        end = next((i for i, x in enumerate(lines) if re.match(r"^:{3,}\s*\r?$", x)), None)
        if end is None:
            return text
        lines[end + 1 : end + 1] = ["\r" if comment.endswith("\r") else "", comment]
    return "\n".join(lines)


def _days(talks: Sequence[Talk]) -> tuple[str, ...]:
    return tuple(sorted({t.start[:10] for t in talks if t.start[:4].isdigit()}))


def _check(selection: Selection, programme: Programme) -> None:
    """Each filter must name something the programme has (a typo is an error, not an
    empty page)."""
    days = _days(programme.talks)
    for day in selection.days:
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise SourceError(f"--day {day!r}: expected a date, YYYY-MM-DD") from None
        if day not in days:
            raise SourceError(f"--day {day}: the programme has no talks that day ({_list(days)})")
    rooms = sorted({r.strip() for t in programme.talks for r in t.room.split(",") if r.strip()})
    _check_names("--room", selection.rooms, rooms)
    names = [n for t in programme.talks for n in (t.programme_id, t.title)]
    _check_names("--talk", selection.talks, names)


def _check_names(flag: str, given: Sequence[str], known: Sequence[str]) -> None:
    folded = {k.casefold() for k in known}
    for value in given:
        if value.casefold() not in folded:
            close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
            hint = f"; did you mean {_list(close)}?" if close else f" (known: {_list(known)})"
            raise SourceError(f"{flag} {value!r}: not in the programme{hint}")


def _list(values: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(repr(v) for v in list(values)[:limit])
    return shown + (", ..." if len(values) > limit else "")
