"""``confnotes recordings SOURCE --report PAGE``: add video and slide links to the
talks of a report page, from pyvideo data or any other source that has them."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from .errors import SourceError
from .pagefile import read_text, write_atomic
from .recordings import Outcome, plan
from .sources import load
from .summary import Progress, table

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    rec = commands.add_parser(
        "recordings",
        help="add :video: and :slides: from pyvideo data (or another source) to a report",
        description=(
            "Match recordings (a pyvideo event directory, a video JSON file, Sessionize or "
            "schedule data with video or slide links; a path or an http(s) URL) with the "
            "talks of a report page and add their video and slide links. Unsure matches "
            "are listed, not written, unless accepted."
        ),
    )
    rec.add_argument("source", metavar="SOURCE")
    rec.add_argument("--report", required=True, metavar="PAGE", help="the report page (.md)")
    rec.add_argument("--dry-run", action="store_true", help="print a unified diff, write nothing")
    rec.add_argument(
        "--accept",
        nargs="+",
        default=[],
        metavar="NAME",
        help="also write these unsure matches (talk title or programme code)",
    )
    rec.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    page = Path(args.report)
    try:
        before = read_text(page)
        if before is None:
            raise SourceError(f"{page}: no such report page")
        if "{talk}" not in before:
            raise SourceError(f"{page}: no talk cards in it; expected a report page")
        progress = Progress("reading the recordings")
        loaded = load(args.source, progress=progress)
        progress.done()
        recordings = [t for t in loaded.programme.talks if t.video or t.slides]
        if not recordings:
            raise SourceError(f"{args.source}: no video or slide links in it")
        outcome = plan(before, recordings, tuple(args.accept))
    except SourceError as err:  # one line, exit 2, nothing written
        print(f"confnotes: error: {err}", file=sys.stderr)
        return 2
    if args.dry_run:
        sys.stdout.writelines(
            difflib.unified_diff(
                before.splitlines(True), outcome.text.splitlines(True), str(page), str(page)
            )
        )
    elif outcome.text != before:
        write_atomic(page, outcome.text)
    where = "stdout (dry run)" if args.dry_run else str(page)
    title = f"confnotes recordings: {args.source} ({loaded.kind}) -> {where}"
    sys.stderr.write(table(title, _rows(outcome), _details(outcome)))
    return 0


def _rows(outcome: Outcome) -> list[tuple[str, list[str]]]:
    return [
        ("matched", outcome.matched),
        ("added", outcome.added),
        ("updated", []),  # a link already on a card is never replaced: see conflicts
        ("conflicts", outcome.conflicts),
        ("unsure", [f"{t} ~ {r}" for t, r, _ in outcome.unsure]),
        ("skipped", outcome.skipped),  # recordings matching no talk of the page
    ]


def _details(outcome: Outcome) -> list[str]:
    lines = [f"added: {a}" for a in outcome.added]
    lines += [f"conflict: {c}" for c in outcome.conflicts]
    lines += [
        f"unsure {score:.2f}: {talk!r} ~ {recording!r} (write it with --accept {talk!r})"
        for talk, recording, score in outcome.unsure
    ]
    lines += [f"left alone: {p}" for p in outcome.problems]
    return lines
